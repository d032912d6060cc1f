"""What the apps' own models share. Abstract only: core has no tables of its own."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """Something users edit together: every save raises `version`, and a save from an older version is refused
    (`claim_version`) instead of overwriting what someone else saved in between."""

    version = models.PositiveIntegerField(_("versie"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True


def claim_version(obj: models.Model, expected_version: int) -> bool:
    """Raise the stored version of `obj` by one if it is still `expected_version`, in one UPDATE (so two saves
    from the same version cannot both succeed); False when someone else saved in between. Call inside the
    transaction that saves the change; on success `obj.version` is the new version."""
    if not type(obj).objects.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1):
        return False
    obj.version = expected_version + 1
    return True
