"""Shared by the consultation services: a version check against concurrent edits."""

from django.db.models import F
from django.utils.translation import gettext as _


class ConsultationError(Exception):
    """A refused change, with a Dutch message for the page or the API; nothing was changed."""


class StaleVersion(ConsultationError):
    def __init__(self):
        super().__init__(
            _("Iemand anders heeft dit intussen gewijzigd; er is niets opgeslagen. Laad de pagina opnieuw.")
        )


def bump_version(obj, expected_version: int) -> None:
    """Raise the version of `obj` if it is still `expected_version` (call inside a transaction), else StaleVersion."""
    model = type(obj)
    if not model.objects.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1):
        raise StaleVersion()
    obj.version = expected_version + 1
