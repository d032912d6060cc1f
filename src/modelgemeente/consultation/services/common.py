"""Shared by the consultation services: a version check against concurrent edits."""

from django.utils.translation import gettext as _

from modelgemeente.core.models import claim_version


class ConsultationError(Exception):
    """A refused change, with a Dutch message for the page or the API; nothing was changed."""


class StaleVersion(ConsultationError):
    def __init__(self):
        super().__init__(
            _("Iemand anders heeft dit intussen gewijzigd; er is niets opgeslagen. Laad de pagina opnieuw.")
        )


def bump_version(obj, expected_version: int) -> None:
    """Raise the version of `obj` if it is still `expected_version` (call inside a transaction), else StaleVersion."""
    if not claim_version(obj, expected_version):
        raise StaleVersion()
