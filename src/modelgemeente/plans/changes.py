"""Saving a plan safely, and the history of a plan as facts rendered in the reader's language.

Every form that changes a plan carries the version it was loaded at. Saving
raises the version only if it is still that version; otherwise the save is
refused and the editor is shown what others changed in the meantime. The
change itself and its PlanChange record are written in the same transaction.

A PlanChange stores facts, not sentences (docs/plans.md, "History"): a `kind`
and in `details` one record per changed thing,

    {"object": {"kind": "development", "key": "<slug>", "label": "<title>"},
     "field": "start_year", "old": 2027, "new": 2029}

with JSON-safe canonical values (a Decimal as "16.5", a year as 2027, a
choice as its value). Adding or deleting an own line is one record with an
`action` and the line's `values`; creating a plan one record with action
"created". Records of before this format that could not be read back are kept
as {"text": "<the old Dutch line>"} and shown as they are. `describe` renders
a record in the active language: the field's verbose name through gettext,
values with the Dutch number helpers and choice labels.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from modelgemeente.budget.money import fmt_eur, fmt_num
from modelgemeente.catalog.models import Development
from modelgemeente.core.enums import PlanStatus

from .models import ChangeKind, ExtraLine, LineAdjustment, Plan, PlanChange, PlanDevelopment


class StaleVersion(Exception):
    def __init__(self, changes):
        super().__init__("plan changed by someone else")
        self.changes = list(changes)


class ReadOnlyPlan(PermissionDenied):
    """A plan that cannot be changed any more (refuse_if_read_only). A PermissionDenied, so a page that does not
    catch it still shows its message (403), never a 500."""


class SupersededPlan(ReadOnlyPlan):
    """The plan was moved to another release (plans/migration.py): it is kept as it was, read-only."""

    def __init__(self, successor: Plan):
        self.successor = successor
        super().__init__(
            _(
                "Deze versie van het plan is vervangen door een versie op release %(id)s en kan niet meer "
                "worden gewijzigd. Werk verder in de nieuwe versie; er is niets opgeslagen."
            )
            % {"id": successor.edition.release_id}
        )


class AdoptedPlan(ReadOnlyPlan):
    """The plan is vastgesteld by the council (plans/status.py): read-only, its exports frozen. One continues in a
    copy (a scenario, plans/scenarios.py)."""

    def __init__(self):
        super().__init__(
            _(
                "Dit plan is vastgesteld en kan niet meer worden gewijzigd. Maak een kopie (scenario) om verder te "
                "werken; er is niets opgeslagen."
            )
        )


def refuse_if_read_only(plan: Plan, *, just_read: bool = False) -> None:
    """SupersededPlan when the plan has been moved to another release, AdoptedPlan when it is vastgesteld. Read from
    the database, not from `plan`, which may have been loaded before a colleague's change; `just_read` for a page
    that only shows the plan, read with its successor in this request (plans/access.plan_for): no second read."""
    if just_read:
        if plan.is_superseded:
            raise SupersededPlan(plan.superseded_by)
        if plan.is_adopted:
            raise AdoptedPlan()
        return
    # One query for both: the plan's successor (if any) and the plan's own status as saved now.
    rows = list(Plan.objects.select_related("edition", "organisation").filter(Q(supersedes_id=plan.pk) | Q(pk=plan.pk)))
    successor = next((row for row in rows if row.supersedes_id == plan.pk), None)
    Plan.superseded_by.related.set_cached_value(plan, successor)  # plan.is_superseded without another query
    if successor is not None:
        raise SupersededPlan(successor)
    if any(row.pk == plan.pk and row.status == PlanStatus.ADOPTED for row in rows):
        raise AdoptedPlan()


def save_change(
    plan: Plan, expected_version: int | None, user, kind: str, details: list[dict], apply
) -> PlanChange | None:
    """Run `apply()` and record the change, if nobody saved the plan since `expected_version`.

    Without `details` nothing differs from what is saved: nothing is written, the version stays, and
    None is returned (saving an unchanged form is no change in the history).

    `expected_version=None` is for changes that only add or remove something of their own (an own
    line): they cannot overwrite a colleague's value, so they go on top of whatever version is current.

    The record keeps the plan's totals per year after the change (PlanChange.totals, from the budget engine
    through plans.budget.plan_totals), so an export's summary can show the change against the previous version.

    A plan that was moved to another release or is vastgesteld is read-only: every save is refused with
    SupersededPlan or AdoptedPlan (checked again under the plan's row lock, which migrate_plan and the status change
    hold)."""
    refuse_if_read_only(plan)
    if not details:
        return None
    with transaction.atomic():
        plans = Plan.objects.select_for_update().filter(pk=plan.pk)
        current = plans.values_list("version", flat=True).get()
        refuse_if_read_only(plan)
        if expected_version is not None and current != expected_version:
            raise StaleVersion(
                plan.changes.filter(version__gt=expected_version).select_related("user").order_by("version")
            )
        plans.update(version=F("version") + 1, updated_at=timezone.now())
        plan.version = current + 1
        apply()
        from .budget import plan_totals  # late: plans.budget imports this module (through plans.council)

        return PlanChange.objects.create(
            plan=plan, version=plan.version, user=user, kind=kind, details=details, totals=plan_totals(plan)
        )


# Facts ----------------------------------------------------------------------------------------


def fact_value(value):
    """A value as JSON-safe canonical data: Decimal as plain digits ('16.5', '2400'), a date as ISO."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): fact_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [fact_value(v) for v in value]
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def snapshot(instance, fields) -> dict:
    """The canonical values of `fields` of a model instance."""
    return {name: fact_value(getattr(instance, name)) for name in fields}


def plan_object() -> dict:
    return {"kind": "plan"}


# What a new plan starts with, as its first history record says (a new plan and a scenario copy alike).
CREATION_FIELDS = ["title", "inhabitants", "employees", "departments", "start_year", "horizon"]


def creation_record(plan: Plan) -> dict:
    """The history fact of a plan's creation: its release and the figures it started with."""
    values = snapshot(plan, CREATION_FIELDS)
    return {
        "object": plan_object(),
        "action": "created",
        "values": {"edition": f"{plan.edition.title} ({plan.edition.release_id})"} | values,
    }


def development_object(development: Development) -> dict:
    return {"kind": "development", "key": development.slug, "label": development.title}


def line_object(line) -> dict:
    development = line.development
    return {
        "kind": "budget_line",
        "key": f"{development.slug}/{line.slug}",
        "label": line.description,
        "within": development.title,
    }


def extra_object(extra: ExtraLine, label: str | None = None) -> dict:
    return {
        "kind": "extra_line",
        "key": extra.pk,
        "label": extra.description if label is None else label,
        "within": extra.development.title,
    }


def field_changes(obj: dict, before: dict, after: dict, fields) -> list[dict]:
    """One record for each of `fields` whose canonical value differs between two snapshots."""
    return [
        {"object": obj, "field": name, "old": before.get(name), "new": after.get(name)}
        for name in fields
        if before.get(name) != after.get(name)
    ]


def model_diff(before: dict, after, fields, obj: dict) -> list[dict]:
    """Records for the fields that differ between a snapshot and an instance."""
    return field_changes(obj, before, snapshot(after, fields), fields)


# Display --------------------------------------------------------------------------------------

MODELS = {
    "plan": Plan,
    "development": PlanDevelopment,
    "budget_line": LineAdjustment,
    "extra_line": ExtraLine,
}


def _is_year(field) -> bool:
    return getattr(field, "name", "").endswith("year")


def display(value, field=None) -> str:
    """A value as a reader sees it: the choice label, ja/nee, (leeg), a number as 30.000 or 16,5 (a year
    as 2027). `field` is a model field (history) or a form field (merge, whose values are already the
    text the field shows: '1' or '' for a checkbox)."""
    if isinstance(field, (forms.BooleanField, models.BooleanField)) or isinstance(value, bool):
        return _("ja") if value else _("nee")
    if value is None or value == "" or value == {}:
        return _("(leeg)")
    choices = getattr(field, "choices", None)
    if choices:
        label = {str(k): v for k, v in choices}.get(str(value))
        if label is not None:
            return str(label)
    if isinstance(value, dict):
        return "; ".join(
            _("schaal %(scale)s: %(amount)s") % {"scale": k, "amount": _number(v, money=True)} for k, v in value.items()
        )
    if isinstance(value, (Decimal, int)) and not _is_year(field):
        return fmt_num(value)  # 30.000; a year stays 2027
    if isinstance(value, str) and isinstance(field, (models.DecimalField, models.IntegerField)):
        return value if _is_year(field) else _number(value)  # canonical digits of a stored fact
    if isinstance(value, date) or (isinstance(value, str) and isinstance(field, models.DateField)):
        return _date(value)  # a stored fact holds a date as ISO
    return str(value)


def _date(value) -> str:
    """A date, or the ISO text a stored fact holds, as a reader writes it (3 juli 2026); other text as stored."""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(value)
    except ValueError:
        return value
    return date_format(day, "j F Y")


def _number(value, money=False) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return fmt_eur(number) if money else fmt_num(number)


def _field(kind: str, name: str):
    model = MODELS.get(kind)
    try:
        return model._meta.get_field(name) if model else None
    except Exception:  # a field that no longer exists: show its name
        return None


def _where(obj: dict) -> str:
    parts = [obj.get("within"), obj.get("label")]
    return ", ".join(str(p) for p in parts if p)


def describe(record) -> str:
    """One record of PlanChange.details as a line in the active language."""
    if isinstance(record, str):  # a line stored before records were facts
        return record
    if "text" in record:
        return str(record["text"])
    obj = record.get("object") or {}
    kind, where = obj.get("kind", ""), _where(obj)
    action = record.get("action")
    if action == "created":
        values = record.get("values") or {}
        text = _("Editie %(edition)s, %(inhabitants)s inwoners, %(first)s-%(last)s") % {
            "edition": values.get("edition", ""),
            "inhabitants": _number(values.get("inhabitants")),
            "first": values.get("start_year"),
            "last": values.get("start_year", 0) + values.get("horizon", 1) - 1,
        }
        return text
    if action == "added":
        values = record.get("values") or {}
        text = _("%(description)s (%(kind)s) – %(reason)s") % {
            "description": values.get("description", obj.get("label", "")),
            "kind": display(values.get("kind"), _field(kind, "kind")),
            "reason": values.get("reason", ""),
        }
        return f"{obj['within']}: {text}" if obj.get("within") else text
    if action == "migrated":
        return _migrated(record, obj, where)
    if action == "deleted":
        return f"{obj['within']}: {obj.get('label', '')}" if obj.get("within") else str(obj.get("label", ""))
    name = record.get("field", "")
    field = _field(kind, name)
    label = str(field.verbose_name) if field is not None else name
    prefix = f"{where}, " if where else ""
    if "old" not in record:  # a fact read from an old line that did not say the old value
        return f"{prefix}{label}: {display(record.get('new'), field)}"
    return f"{prefix}{label}: {display(record.get('old'), field)} → {display(record.get('new'), field)}"


def _outcomes() -> dict:
    return {
        "kept": _("meegenomen"),
        "model": _("nieuw model overgenomen, eigen gegeven vervallen (op keuze van de gebruiker)"),
        "converted": _("regel bestaat niet meer; eigen gegeven bewaard als eigen regel onder %(under)s"),
        "moved": _("ontwikkeling bestaat niet meer; eigen regel verplaatst naar %(under)s"),
        "noted": _("ontwikkeling bestaat niet meer; motivering bewaard in de toelichting"),
        "dropped": _("weggelaten (op keuze van de gebruiker)"),
        "lapsed": _("vervallen: bestaat niet meer in de nieuwe release"),
        "included": _("nieuwe ontwikkeling, opgenomen"),
        "excluded": _("nieuwe ontwikkeling, niet opgenomen"),
    }


def _migrated(record: dict, obj: dict, where: str) -> str:
    """A record of a move to another release: the plan's (from, to) or what happened to one item."""
    if obj.get("kind") == "plan":
        values = record.get("values") or {}
        return _(
            "Overgezet van release %(old)s naar release %(new)s (vorige versie: plan %(plan)s); "
            "%(choices)s keuzes meegenomen."
        ) % {
            "old": values.get("from", ""),
            "new": values.get("to", ""),
            "plan": values.get("plan", ""),
            "choices": values.get("carried_choices", 0),
        }
    outcome = _outcomes().get(record.get("outcome", ""), record.get("outcome", ""))
    if "%(under)s" in outcome:
        outcome = outcome % {"under": record.get("under", "")}
    return f"{where}: {outcome}"


def headline(change: PlanChange) -> str:
    """The change's title in the active language, from its kind (and its first record)."""
    first = next((d for d in change.details if isinstance(d, dict) and "object" in d), None)
    obj = first["object"] if first else {}
    if change.kind == ChangeKind.LINES and obj.get("within"):
        return _("Regels van %(title)s aangepast") % {"title": obj["within"]}
    if change.kind == ChangeKind.MIGRATED and first is not None and (first.get("values") or {}).get("to"):
        return _("Overgezet naar release %(id)s") % {"id": first["values"]["to"]}
    if change.kind == ChangeKind.EXTRA_CHANGED and obj.get("label"):
        return _("Eigen regel gewijzigd: %(description)s") % {"description": obj["label"]}
    if change.kind in ChangeKind.values and change.kind not in (
        ChangeKind.LINES,
        ChangeKind.EXTRA_CHANGED,
        ChangeKind.MIGRATED,
    ):
        return str(ChangeKind(change.kind).label)
    if change.summary:  # the text of a change recorded before history stored facts
        return change.summary
    return str(ChangeKind(change.kind).label) if change.kind in ChangeKind.values else ""


def changed_objects(change: PlanChange) -> int:
    """How many things (developments, lines, own lines, the plan) the change's records are about."""
    return len({repr(sorted((d.get("object") or {}).items())) for d in change.details if isinstance(d, dict)})


def lines(change: PlanChange) -> list[str]:
    return [describe(record) for record in change.details]
