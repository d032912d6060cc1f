"""The confirmation state of a user's e-mail address.

A user logs in with their e-mail address, but signing up does not prove that
the address is theirs. `EmailAddress` records which address was confirmed
through a signed link (see services.py) and when. The confirmation belongs to
that address: when the user's address changes, it is unconfirmed again.

A user without a row has an unconfirmed address. Migration 0002 confirms the
addresses of existing superusers only; everyone else confirms through the link.

`ApiToken` is a personal API token (docs/security.md, "Personal API tokens"): only
the SHA-256 hash of its secret is stored; the secret is shown once, when it is made
(services.create_token). Tokens are revoked, never deleted by the application.

`Session` is Django's database session with the account it signs in as in a column of its own, so that a signed-in
request reads its session and its account in one query (accounts/sessions/, docs/performance.md).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelgemeente.core.enums import TokenScope


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


# A new token is valid this long unless its owner picks another date, and never longer than MAX.
TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


def default_token_expiry():
    return timezone.now() + timedelta(days=TOKEN_DEFAULT_DAYS)


class ApiToken(models.Model):
    """A personal API token: the user it acts for, what it may do, and until when.

    The secret is `omg_<prefix>_<random>`; `prefix` (8 hex characters) is public and
    shown in lists so the owner can recognise a token, `secret_hash` is the SHA-256 of
    the whole secret (hex). The secret itself is stored nowhere.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("naam"), max_length=100, help_text=_("Waarvoor u de sleutel gebruikt."))
    prefix = models.CharField(_("begin van de sleutel"), max_length=8, unique=True, editable=False)
    secret_hash = models.CharField(_("hash van de sleutel"), max_length=64, unique=True, editable=False)
    scope = models.CharField(_("rechten"), max_length=16, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("geldig tot"), default=default_token_expiry)
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired

    @property
    def last_day(self):
        """The last day (local time) on which the token works."""
        return timezone.localtime(self.expires_at - timedelta(microseconds=1)).date()

    @property
    def allows_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE

    @property
    def status(self) -> str:
        """'actief', 'verlopen' or 'ingetrokken', in the reader's language."""
        if self.is_revoked:
            return _("ingetrokken")
        if self.is_expired:
            return _("verlopen")
        return _("actief")


class Session(AbstractBaseSession):
    """A session (settings.SESSION_ENGINE is accounts/sessions/db or cached_db), as Django keeps it, and the account
    its data signs in as, copied from that data on every save. The data decides: where this column is empty or names
    another account, the account is read on its own (accounts/backends.py). Deleting an account deletes its
    sessions. No database constraint: a session saved just as its account is deleted must not fail the request."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")

    @classmethod
    def get_session_store_class(cls):
        from .sessions.db import SessionStore

        return SessionStore
