"""A plan's status in the P&C cycle, and the exports frozen when the council adopts it (docs/plans.md, "Status").

A plan starts as *concept*. An editor submits it to the council (*ingediend*) and can take it back to *concept*
while it is not adopted; an administrator of the organisation records the council's decision (*vastgesteld*),
with an explicit confirmation and optionally the decision's date and reference. Adoption is final: a vastgesteld
plan is read-only (changes.refuse_if_read_only refuses every change, AdoptedPlan) and one continues in a copy
(a scenario, plans/scenarios.py).

A status change is a change of the plan like any other: through changes.save_change, with the version the form
was loaded at, a new version and a PlanChange (kind STATUS) whose facts say the old and the new status.

Frozen exports: in the same transaction as the adoption every format of exports.writers.FORMATS is written once,
in Dutch as a download is, and stored as a FrozenExport. From then on the download of that format serves these
bytes under the file name of the adopted version, whatever changes around the plan later (a salary table, the
organisation's name, a report section of another app). A format added to the app after the adoption has no
frozen copy: it is generated from the plan as it is (the plan itself cannot change any more).
"""

from datetime import date

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from modelgemeente.core.enums import PlanStatus, Role
from modelgemeente.exports import writers

from .access import plan_for
from .budget import plan_export_report
from .changes import AdoptedPlan, plan_object, save_change
from .models import ChangeKind, FrozenExport, Plan, PlanChange

# (from, to): the role that may make this step. Nothing leaves vastgesteld.
TRANSITIONS = {
    (PlanStatus.CONCEPT, PlanStatus.SUBMITTED): Role.EDITOR,
    (PlanStatus.SUBMITTED, PlanStatus.CONCEPT): Role.EDITOR,
    (PlanStatus.SUBMITTED, PlanStatus.ADOPTED): Role.ADMIN,
}
DECISION_REFERENCE_LIMIT = 100  # Plan.decision_reference


class StatusRefused(Exception):
    """This status change is not possible (from this status, or with this input); `message` says why, in Dutch,
    and `field` names the input it is about (or "")."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def required_role(current: str, new: str) -> str:
    """The role that may move a plan from `current` to `new`; StatusRefused (or AdoptedPlan) when no one may."""
    if current == PlanStatus.ADOPTED:
        raise AdoptedPlan()
    if new not in PlanStatus.values:
        raise StatusRefused(
            _("Onbekende status '%(status)s'; kies concept, ingediend of vastgesteld.") % {"status": str(new)[:40]},
            "status",
        )
    if new == current:
        raise StatusRefused(
            _("Het plan is al %(status)s; er is niets gewijzigd.") % {"status": PlanStatus(new).label}, "status"
        )
    role = TRANSITIONS.get((current, new))
    if role is None:  # concept -> vastgesteld
        raise StatusRefused(
            _(
                "Een plan wordt vastgesteld nadat het is ingediend bij de raad: dien het eerst in. Er is niets gewijzigd."
            ),
            "status",
        )
    return role


def next_steps(plan: Plan, member) -> list[tuple[str, bool]]:
    """The statuses the plan can go to from here, each with whether `member` may make that step."""
    return [(new, member.allows(role)) for (old, new), role in TRANSITIONS.items() if old == plan.status]


def change_status(
    plan: Plan,
    user,
    expected_version: int,
    new: str,
    *,
    confirmed: bool = False,
    decision_date: date | None = None,
    decision_reference: str = "",
) -> PlanChange:
    """Move the plan to status `new` (the caller has checked the user's role with required_role). Adoption needs
    `confirmed` and writes the frozen exports in the same transaction. StaleVersion when the plan was saved since
    `expected_version`; StatusRefused for a step that is not possible or input that is not valid; AdoptedPlan or
    SupersededPlan for a read-only plan."""
    required_role(plan.status, new)
    decision_reference = (decision_reference or "").strip()
    if new == PlanStatus.ADOPTED:
        if not confirmed:
            raise StatusRefused(
                _(
                    "Bevestig dat de raad dit plan heeft vastgesteld: daarna kan het niet meer worden gewijzigd. "
                    "Er is niets gewijzigd."
                ),
                "confirm",
            )
        if decision_date is not None and decision_date > timezone.localdate():
            raise StatusRefused(_("De datum van het raadsbesluit ligt in de toekomst."), "decision_date")
        if len(decision_reference) > DECISION_REFERENCE_LIMIT:
            raise StatusRefused(
                _("Het kenmerk van het raadsbesluit is te lang (ten hoogste %(n)s tekens).")
                % {"n": DECISION_REFERENCE_LIMIT},
                "decision_reference",
            )
    elif decision_date is not None or decision_reference:
        raise StatusRefused(_("Een raadsbesluit hoort alleen bij het vaststellen."), "decision_date")
    old = plan.status
    details = [{"object": plan_object(), "field": "status", "old": old, "new": new}]
    values = {"status": new, "status_changed_at": timezone.now()}
    if new == PlanStatus.ADOPTED:
        values |= {"decision_date": decision_date, "decision_reference": decision_reference}
        if decision_date is not None:
            details.append({"object": plan_object(), "field": "decision_date", "new": decision_date.isoformat()})
        if decision_reference:
            details.append({"object": plan_object(), "field": "decision_reference", "new": decision_reference})

    def apply():
        # Under the plan's row lock, with the version checked: the status is still the one the form was loaded at.
        current = Plan.objects.values_list("status", flat=True).get(pk=plan.pk)
        required_role(current, new)
        Plan.objects.filter(pk=plan.pk).update(**values)
        for name, value in values.items():
            setattr(plan, name, value)

    with transaction.atomic():
        change = save_change(plan, expected_version, user, ChangeKind.STATUS, details, apply)
        if new == PlanStatus.ADOPTED:
            freeze_exports(plan)
    return change


# Frozen exports -----------------------------------------------------------------------------------------------


def export_basename(plan: Plan, version: int | None = None) -> str:
    """The file name (without extension) of a plan's download; the same as plan_views.download gives."""
    return f"ict-plan-{plan.organisation.slug}-{plan.pk}-v{plan.version if version is None else version}"


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def freeze_exports(plan: Plan) -> list[FrozenExport]:
    """Write every export format of the plan as it is now and keep the bytes (once per format)."""
    plan = Plan.objects.select_related("edition", "organisation").get(pk=plan.pk)
    frozen = []
    for fmt in writers.FORMATS:
        response = writers.download(lambda: plan_export_report(plan), fmt, export_basename(plan))
        frozen.append(FrozenExport.objects.create(plan=plan, fmt=fmt, version=plan.version, content=_content(response)))
    return frozen


def frozen_download(request, org: str, pk: int, fmt: str) -> HttpResponse | None:
    """The frozen export of this plan and format, for a member of its organisation; None when there is none (the
    plan is not vastgesteld, or the format came after its adoption): the download is then generated as usual."""
    if not FrozenExport.objects.filter(plan_id=pk, fmt=fmt).exists():
        return None
    plan, _member = plan_for(request, org, pk)
    frozen = FrozenExport.objects.get(plan=plan, fmt=fmt)
    content_type = writers.FORMATS[fmt][1] if fmt in writers.FORMATS else "application/octet-stream"
    response = HttpResponse(bytes(frozen.content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_basename(plan, frozen.version)}.{fmt}"'
    return response
