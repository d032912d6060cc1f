"""One voice: a position of the national level with each region's stance (issue 16, part 4).

- A coordinator drafts a position (title, text, the questions and regional signals it comes from).
- While it is a draft, each region's representative records the region's stance (steun, steun met voorbehoud,
  bezwaar, onthouding) with its reason; a second stance of the same region replaces the first.
- The coordinator edits the text and the minority notes, and finalises the position (published_at). A final
  position never changes again: every change is refused with a message.
- Every save raises Position.version and writes a PositionVersion with that number and a snapshot: the title,
  text, status, minority notes, every stance with its reason, the aggregate, the linked questions and regional
  signals (ids and titles) and the role of who saved. The page, the PDF and the history of a final position are
  shown from its final snapshot, so renaming a region or adding one later does not change what was decided.

The regions asked are all regions: a region without a stance counts as "nog open".

Visibility: a final position is public; a draft is visible to coordinators, representatives and members of
organisations in any region (may_see_drafts).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modelgemeente.core.enums import ConsultationRole, PositionStatus, Stance
from modelgemeente.plans.models import TEXT_LIMIT

from ..models import Position, PositionVersion, Question, Region, RegionalSignal, RegionStance
from ..regions import is_coordinator, is_representative, user_regions
from .common import ConsultationError, StaleVersion

TITLE_LIMIT = 200
LONG_TEXT_LIMIT = 20_000  # the position's text and its minority notes
DISSENT = (Stance.OBJECT, Stance.RESERVATIONS)


class NotAllowed(ConsultationError):
    """The user lacks the role for this change (a page answers 403 with the message)."""


class InvalidInput(ConsultationError):
    """Bad input; `field` names the form field or API attribute it belongs to (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class PositionFinal(ConsultationError):
    """The position is final: it never changes again."""

    def __init__(self, position: Position):
        super().__init__(
            _("Dit standpunt is vastgesteld op %(date)s en verandert niet meer; er is niets opgeslagen.")
            % {"date": _date(position.published_at)}
        )


def _date(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y") if moment else ""


# Who may see and do what --------------------------------------------------------------------------------------


def may_see_drafts(user) -> bool:
    """Coordinators, representatives and members of organisations in any region see draft positions."""
    return is_coordinator(user) or bool(user_regions(user))


def visible_positions(user):
    """The positions `user` may see: final ones for everybody, drafts too for those who may see drafts."""
    positions = Position.objects.all()
    if not may_see_drafts(user):
        positions = positions.filter(status=PositionStatus.FINAL)
    return positions


def _require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise NotAllowed(_("Alleen een coördinator van het landelijk beraad stelt standpunten op en vast."))


# Readings: the aggregate and a snapshot as shown on the page, in the PDF and in the history -------------------


@dataclass(frozen=True)
class StanceRow:
    """One region's stance; `stance` is empty for a region that has none yet."""

    region: str
    stance: str
    reason: str

    @property
    def label(self) -> str:
        return str(Stance(self.stance).label) if self.stance else _("nog geen opstelling")

    @property
    def is_dissent(self) -> bool:
        return self.stance in DISSENT


@dataclass(frozen=True)
class Aggregate:
    counts: dict  # Stance value -> number of regions, every stance in the order of Stance
    dissent: list  # StanceRow of every region that objects or has reservations, objections first
    missing: list  # names of the regions without a stance

    @property
    def rows(self) -> list[tuple[str, int]]:
        return [(str(Stance(value).label), n) for value, n in self.counts.items()]

    @property
    def summary(self) -> str:
        """E.g. '8 steun, 2 steun met voorbehoud, 1 bezwaar, 1 onthouding; 0 nog open'."""
        counted = ", ".join(f"{n} {label}" for label, n in self.rows)
        return _("%(counted)s; %(open)s nog open") % {"counted": counted, "open": len(self.missing)}


def _aggregate(rows: list[StanceRow], missing: list[str]) -> Aggregate:
    counts = {value: 0 for value in Stance.values}
    for row in rows:
        counts[row.stance] += 1
    dissent = sorted((r for r in rows if r.is_dissent), key=lambda r: (DISSENT.index(r.stance), r.region))
    return Aggregate(counts=counts, dissent=dissent, missing=sorted(missing))


def _rows(snapshot_stances) -> list[StanceRow]:
    return [StanceRow(s["region"], s["stance"], s["reason"]) for s in snapshot_stances]


def _final_snapshot(position: Position) -> dict | None:
    if position.status != PositionStatus.FINAL:
        return None
    version = position.versions.filter(status=PositionStatus.FINAL).order_by("-number").first()
    return version.snapshot if version else None


def aggregate(position: Position) -> Aggregate:
    """Counts per stance, the dissent (bezwaar and voorbehoud with their reasons) and the regions still open.
    A final position's open regions are those of the moment it was finalised."""
    final = _final_snapshot(position)
    if final is not None:
        return _aggregate(_rows(final["stances"]), final["aggregate"]["missing"])
    stances = list(position.stances.select_related("region"))
    taken = [s.region_id for s in stances]
    missing = list(Region.objects.exclude(pk__in=taken).values_list("name", flat=True))
    return _aggregate([StanceRow(s.region.name, s.stance, s.reason) for s in stances], missing)


def snapshot(position: Position, role: str = "", region: str = "") -> dict:
    """The position as it is now (JSON); `role` and `region` say who saved it (a ConsultationRole value and, for a
    representative, the region's name)."""
    found = aggregate(position)
    stances = sorted(position.stances.select_related("region"), key=lambda s: s.region.name)
    return {
        "title": position.title,
        "text": position.text,
        "status": position.status,
        "minority_notes": position.minority_notes,
        "published_at": position.published_at.isoformat() if position.published_at else None,
        "stances": [{"region": s.region.name, "stance": s.stance, "reason": s.reason} for s in stances],
        "aggregate": {
            "counts": found.counts,
            "dissent": [{"region": r.region, "stance": r.stance, "reason": r.reason} for r in found.dissent],
            "missing": found.missing,
        },
        "questions": [{"id": q.pk, "title": q.title} for q in position.questions.order_by("title")],
        "signals": [
            {"id": s.pk, "title": s.title, "region": s.region.name}
            for s in position.signals.select_related("region").order_by("title")
        ],
        "saved_by": {"role": role, "region": region},
    }


@dataclass(frozen=True)
class Reading:
    """A snapshot ready to show: every region's stance (open ones too), the aggregate, labels and dates."""

    title: str
    text: str
    status: str
    minority_notes: str
    published_at: datetime | None
    stances: list  # StanceRow, every region, by name
    aggregate: Aggregate
    questions: list  # {"id", "title"}
    signals: list  # {"id", "title", "region"}
    saved_by: str

    @property
    def status_label(self) -> str:
        return str(PositionStatus(self.status).label)

    @property
    def is_final(self) -> bool:
        return self.status == PositionStatus.FINAL


def reading(snap: dict) -> Reading:
    rows = _rows(snap["stances"])
    missing = snap["aggregate"]["missing"]
    found = _aggregate(rows, missing)
    every = sorted([*rows, *(StanceRow(name, "", "") for name in missing)], key=lambda r: r.region)
    saved_by = snap.get("saved_by") or {}
    role = saved_by.get("role")
    if role == ConsultationRole.REPRESENTATIVE:
        who = _("vertegenwoordiger van %(region)s") % {"region": saved_by.get("region", "")}
    else:
        who = str(ConsultationRole(role).label) if role in ConsultationRole.values else ""
    published = snap.get("published_at")
    return Reading(
        title=snap["title"],
        text=snap["text"],
        status=snap["status"],
        minority_notes=snap["minority_notes"],
        published_at=datetime.fromisoformat(published) if published else None,
        stances=every,
        aggregate=found,
        questions=snap["questions"],
        signals=snap["signals"],
        saved_by=who,
    )


def current_reading(position: Position) -> Reading:
    """What the page and the PDF show: the final snapshot of a final position, else the draft as it is now."""
    return reading(_final_snapshot(position) or snapshot(position))


# Input checks -------------------------------------------------------------------------------------------------


def _text(value, field: str, label: str, limit: int, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("%(label)s moet tekst zijn.") % {"label": label}, field)
    value = value.strip()
    if "\x00" in value:
        raise InvalidInput(_("%(label)s bevat een teken dat niet kan worden opgeslagen.") % {"label": label}, field)
    if required and not value:
        raise InvalidInput(_("Vul %(label)s in.") % {"label": label.lower()}, field)
    if len(value) > limit:
        raise InvalidInput(
            _("%(label)s is te lang: ten hoogste %(limit)s tekens, nu %(length)s.")
            % {"label": label, "limit": limit, "length": len(value)},
            field,
        )
    return value


def _linked(model, items, field: str, message: str) -> list:
    """Model instances from instances or ids; an unknown one is refused."""
    found = []
    for item in items or ():
        if isinstance(item, model) and item.pk is not None:
            found.append(item)
            continue
        if isinstance(item, bool) or not isinstance(item, int):
            raise InvalidInput(message, field)
        obj = model.objects.filter(pk=item).first()
        if obj is None:
            raise InvalidInput(message, field)
        found.append(obj)
    return list({obj.pk: obj for obj in found}.values())


def _locked(position: Position) -> Position:
    """The position's row, locked for this transaction; a final one refuses every change."""
    current = Position.objects.select_for_update().get(pk=position.pk)
    if current.status == PositionStatus.FINAL:
        raise PositionFinal(current)
    return current


def _check_version(current: Position, expected_version) -> None:
    if not isinstance(expected_version, int) or isinstance(expected_version, bool):
        raise StaleVersion()
    if current.version != expected_version:
        raise StaleVersion()


def _save(current: Position, position: Position, user, fields: list[str], role: str, region: str = ""):
    """Raise the version, save `fields`, write the PositionVersion and bring the caller's object up to date."""
    current.version += 1
    current.save(update_fields=[*fields, "version", "updated_at"])
    PositionVersion.objects.create(
        position=current,
        number=current.version,
        status=current.status,
        snapshot=snapshot(current, role, region),
        user=user if user.is_authenticated else None,
    )
    position.refresh_from_db()


# State changes ------------------------------------------------------------------------------------------------


def create_position(user, *, title, text, questions=(), signals=()) -> Position:
    """A draft position by a coordinator, with version 1."""
    _require_coordinator(user)
    title = _text(title, "title", _("Titel"), TITLE_LIMIT)
    text = _text(text, "text", _("Standpunt"), LONG_TEXT_LIMIT)
    questions = _linked(Question, questions, "questions", _("Kies vragen uit de lijst."))
    signals = _linked(RegionalSignal, signals, "signals", _("Kies regionale signalen uit de lijst."))
    with transaction.atomic():
        position = Position.objects.create(title=title, text=text, created_by=user, version=1)
        position.questions.set(questions)
        position.signals.set(signals)
        PositionVersion.objects.create(
            position=position,
            number=1,
            status=position.status,
            snapshot=snapshot(position, ConsultationRole.COORDINATOR),
            user=user,
        )
    return position


def record_stance(position: Position, region: Region, user, stance, reason) -> RegionStance:
    """The region's stance on a draft position, by its representative; replaces an earlier stance of the region."""
    if not isinstance(region, Region) or not is_representative(user, region):
        raise NotAllowed(_("Alleen de vertegenwoordiger van de regio legt de opstelling van de regio vast."))
    if stance not in Stance.values:
        raise InvalidInput(_("Kies steun, steun met voorbehoud, bezwaar of onthouding."), "stance")
    reason = _text(reason, "reason", _("Reden"), TEXT_LIMIT)
    with transaction.atomic():
        current = _locked(position)
        found, _created = RegionStance.objects.update_or_create(
            position=current, region=region, defaults={"stance": stance, "reason": reason, "user": user}
        )
        _save(current, position, user, [], ConsultationRole.REPRESENTATIVE, region.name)
    return found


def update_position(position: Position, user, expected_version, *, title, text, minority_notes) -> Position:
    """A coordinator edits the draft's title, text and minority notes."""
    _require_coordinator(user)
    title = _text(title, "title", _("Titel"), TITLE_LIMIT)
    text = _text(text, "text", _("Standpunt"), LONG_TEXT_LIMIT)
    minority_notes = _text(
        minority_notes, "minority_notes", _("Minderheidsstandpunten"), LONG_TEXT_LIMIT, required=False
    )
    with transaction.atomic():
        current = _locked(position)
        _check_version(current, expected_version)
        current.title, current.text, current.minority_notes = title, text, minority_notes
        _save(current, position, user, ["title", "text", "minority_notes"], ConsultationRole.COORDINATOR)
    return position


def finalise_position(position: Position, user, expected_version, minority_notes) -> Position:
    """A coordinator finalises the draft with its minority notes; when a region objects or has reservations the
    notes are required, so that the dissent is recorded with the decision."""
    _require_coordinator(user)
    minority_notes = _text(
        minority_notes, "minority_notes", _("Minderheidsstandpunten"), LONG_TEXT_LIMIT, required=False
    )
    with transaction.atomic():
        current = _locked(position)
        _check_version(current, expected_version)
        dissent = aggregate(current).dissent
        if dissent and not minority_notes:
            raise InvalidInput(
                ngettext(
                    "De regio %(regions)s heeft bezwaar of voorbehoud; beschrijf de minderheidsstandpunten "
                    "voordat u vaststelt.",
                    "De regio's %(regions)s hebben bezwaar of voorbehoud; beschrijf de minderheidsstandpunten "
                    "voordat u vaststelt.",
                    len(dissent),
                )
                % {"regions": ", ".join(r.region for r in dissent)},
                "minority_notes",
            )
        current.minority_notes = minority_notes
        current.status = PositionStatus.FINAL
        current.published_at = timezone.now()
        _save(current, position, user, ["minority_notes", "status", "published_at"], ConsultationRole.COORDINATOR)
    return position
