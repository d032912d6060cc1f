"""Saving a plan safely: a version check against concurrent editors, and a record of every change.

Every form that changes a plan carries the version it was loaded at. Saving
raises the version only if it is still that version; otherwise the save is
refused and the editor is shown what others changed in the meantime. The
change itself and its PlanChange record are written in the same transaction.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from modelgemeente.budget.money import fmt_num

from .models import Plan, PlanChange


class StaleVersion(Exception):
    def __init__(self, changes):
        super().__init__("plan changed by someone else")
        self.changes = list(changes)


def save_change(
    plan: Plan, expected_version: int | None, user, summary: str, details: list[str], apply
) -> PlanChange | None:
    """Run `apply()` and record the change, if nobody saved the plan since `expected_version`.

    Without `details` nothing differs from what is saved: nothing is written, the version stays, and
    None is returned (saving an unchanged form is no change in the history).

    `expected_version=None` is for changes that only add or remove something of their own (an own
    line): they cannot overwrite a colleague's value, so they go on top of whatever version is current."""
    if not details:
        return None
    with transaction.atomic():
        plans = Plan.objects.select_for_update().filter(pk=plan.pk)
        current = plans.values_list("version", flat=True).get()
        if expected_version is not None and current != expected_version:
            raise StaleVersion(
                plan.changes.filter(version__gt=expected_version).select_related("user").order_by("version")
            )
        plans.update(version=F("version") + 1, updated_at=timezone.now())
        plan.version = current + 1
        apply()
        return PlanChange.objects.create(plan=plan, version=plan.version, user=user, summary=summary, details=details)


def display(value, field=None) -> str:
    """A field value as a reader sees it: choice labels, ja/nee, (leeg)."""
    if field is not None and getattr(field, "choices", None):
        value = dict(field.choices).get(value, value)
    if value is None or value == "":
        return "(leeg)"
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    if isinstance(value, (Decimal, int)) and not (field is not None and field.name.endswith("year")):
        return fmt_num(value)  # 30.000; a year stays 2027
    return str(value)


def model_diff(before: dict, after, fields, label: str = "") -> list[str]:
    """'Label, veld: oud → nieuw' for each of `fields` that differs between a snapshot and an instance."""
    lines = []
    for name in fields:
        field = after._meta.get_field(name)
        old, new = display(before.get(name), field), display(getattr(after, name), field)
        if old != new:
            prefix = f"{label}, " if label else ""
            lines.append(f"{prefix}{field.verbose_name}: {old} → {new}")
    return lines


def snapshot(instance, fields) -> dict:
    return {name: getattr(instance, name) for name in fields}
