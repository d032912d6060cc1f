"""The catalogue's state changes, by name:

- `check_edition(folder)`: read and validate an edition folder without writing anything;
- `load_edition(folder)`: validate and write the folder into its year's concept, in one transaction
  (the work is done in loader.py); a published release is never written;
- `publish_release(year, status, ...)`: move a year's edition to a status, which publishes its concept
  as the next release (or a copy of the latest release, when no concept was loaded).

Pages never change content rows: content comes from files (docs/content-format.md). The pages of the
editors, the management commands and the API call these functions, not the loader's internals.
"""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from . import releases
from .content_files import ContentErrors, EditionContent, read_edition
from .loader import LoadResult, load_edition
from .models import Edition, EditionStatus

NOTES_LIMIT = 20_000


class ReleaseError(Exception):
    """A status change that cannot be made; the message says why, in Dutch."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def check_edition(folder) -> EditionContent:
    """The validated content of an edition folder; raises ContentErrors with every problem found."""
    return read_edition(folder)


def next_statuses(year: int) -> list[str]:
    """The statuses an editor can move this year's edition to: a later one, or (a correction) the same,
    except from archived."""
    latest = Edition.objects.published().filter(year=year).order_by("-number").first()
    current = latest.status if latest else EditionStatus.CONCEPT
    if current == EditionStatus.ARCHIVED:
        return []
    rank = EditionStatus.rank(current)
    return [s for s in EditionStatus.values if EditionStatus.rank(s) >= max(rank, 1)]


def publish_release(
    year: int, status: str, *, notes: str, user=None, reason: str = "", on: date | None = None
) -> Edition:
    """Publish the next release of a year's edition with `status` (ReleaseError when that cannot be done).

    A later status is the next step of the edition; the same status again is a correction, which needs
    its reason and a concept that differs from the latest release. The release gets the next number,
    today's date (or `on`), who published it and the notes, and never changes after this.
    """
    notes, reason = (notes or "").strip(), (reason or "").strip()
    if status not in EditionStatus.values or status == EditionStatus.CONCEPT:
        raise ReleaseError(_("Kies de status waarmee de release verschijnt."), "status")
    if not notes:
        raise ReleaseError(_("Schrijf de releasenotes: wat is er veranderd, en waarom."), "notes")
    if len(notes) > NOTES_LIMIT or len(reason) > NOTES_LIMIT:
        raise ReleaseError(
            _("De tekst is te lang (ten hoogste %(n)s tekens).") % {"n": f"{NOTES_LIMIT:,}".replace(",", ".")}
        )
    with transaction.atomic():
        concept = Edition.objects.concepts().select_for_update().filter(year=year).first()
        published = Edition.objects.published().filter(year=year)
        latest = published.order_by("-number").first()
        if concept is None and latest is None:
            raise ReleaseError(
                _("Er is geen editie %(year)s: laad eerst de inhoudsbestanden (manage.py load_edition).")
                % {"year": year}
            )
        current = latest.status if latest else EditionStatus.CONCEPT
        if current == EditionStatus.ARCHIVED:
            raise ReleaseError(
                _("Editie %(year)s is gearchiveerd en krijgt geen nieuwe release meer.") % {"year": year}
            )
        if EditionStatus.rank(status) < EditionStatus.rank(current):
            raise ReleaseError(
                _("Editie %(year)s is al '%(current)s'; een status terugzetten kan niet.")
                % {"year": year, "current": EditionStatus(current).label},
                "status",
            )
        correction = status == current
        if correction:
            if not reason:
                raise ReleaseError(_("Een correctie van een gepubliceerde release heeft een reden nodig."), "reason")
            if concept is None or concept.content_hash == latest.content_hash:
                raise ReleaseError(
                    _(
                        "Er is geen gewijzigd concept om als correctie te publiceren: laad eerst de "
                        "gecorrigeerde bestanden (manage.py load_edition)."
                    )
                )
        release = concept or releases.copy_release(latest)
        number = (published.aggregate(n=Max("number"))["n"] or 0) + 1
        now = timezone.now()
        release.number = number
        release.status = status
        release.published_on = on or timezone.localdate()
        release.published_at = now
        release.published_by = user if getattr(user, "is_authenticated", False) else None
        release.release_notes = notes
        release.correction_reason = reason if correction else ""
        release.save()
        return release


__all__ = [
    "ContentErrors",
    "EditionContent",
    "LoadResult",
    "ReleaseError",
    "check_edition",
    "load_edition",
    "next_statuses",
    "publish_release",
]
