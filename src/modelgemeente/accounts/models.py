"""Failed login attempts, kept in the database so throttling holds across worker processes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FailedLogin(models.Model):
    username = models.CharField(_("gebruikersnaam"), max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("mislukte inlogpoging")
        verbose_name_plural = _("mislukte inlogpogingen")
