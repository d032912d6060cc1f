"""Saving safely: a version check against concurrent edits, and a MaturityChange for every save."""

from django.db import transaction
from django.utils.translation import gettext as _

from modelgemeente.core.models import claim_version

from ..models import MaturityChange


class StaleVersion(Exception):
    """Someone else saved since the form was loaded: nothing is saved; the page shows what changed."""

    def __init__(self, current_version: int, changes):
        super().__init__(_("Iemand anders heeft dit intussen gewijzigd; er is niets opgeslagen."))
        self.current_version = current_version
        self.changes = list(changes)


SUBJECTS = {
    "Assessment": MaturityChange.Subject.ASSESSMENT,
    "ProductMeasurement": MaturityChange.Subject.MEASUREMENT,
    "Ambition": MaturityChange.Subject.AMBITION,
}


def changes_of(obj):
    return MaturityChange.objects.filter(
        organisation=obj.organisation, subject=SUBJECTS[type(obj).__name__], subject_id=obj.pk
    )


def save_versioned(
    obj, expected_version: int | None, user, summary: str, details: list | None, apply
) -> MaturityChange:
    """Run `apply()` and record the change, if nobody saved `obj` since `expected_version` (None: no check, for a
    new object). Raises StaleVersion otherwise. One transaction: all or nothing."""
    model = type(obj)
    with transaction.atomic():
        if expected_version is not None and not claim_version(obj, expected_version):
            current = model.objects.filter(pk=obj.pk).values_list("version", flat=True).first() or 0
            raise StaleVersion(current, changes_of(obj).filter(version__gt=expected_version))
        apply()
        return MaturityChange.objects.create(
            organisation=obj.organisation,
            subject=SUBJECTS[model.__name__],
            subject_id=obj.pk,
            version=obj.version,
            summary=summary[:300],
            details=details or [],
            user=user if user is not None and user.is_authenticated else None,
        )
