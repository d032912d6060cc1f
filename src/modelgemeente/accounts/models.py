"""The confirmation state of a user's e-mail address.

A user logs in with their e-mail address, but signing up does not prove that
the address is theirs. `EmailAddress` records which address was confirmed
through a signed link (see services.py) and when. The confirmation belongs to
that address: when the user's address changes, it is unconfirmed again.

A user without a row has an unconfirmed address. Migration 0002 confirms the
addresses of existing superusers only; everyone else confirms through the link.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailAddress(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_address")
    email = models.EmailField(_("e-mailadres"), max_length=254)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    sent_at = models.DateTimeField(_("bevestigingsmail verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mailadres")
        verbose_name_plural = _("e-mailadressen")

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None and self.email == (self.user.email or "").strip().lower()
