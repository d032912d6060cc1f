"""The status page of a plan: where it is in the P&C cycle, the next step, the frozen exports (plans/status.py).

Reading needs membership; a step needs the editor role (indienen, terug naar concept) or the administrator role
(vaststellen), and the plan's version as the page showed it.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modelgemeente.core.enums import PlanStatus
from modelgemeente.exports import writers

from . import merge, status
from .access import membership, plan_for
from .changes import ReadOnlyPlan, StaleVersion
from .forms import StatusForm
from .models import ChangeKind, Role
from .plan_views import plan_context

SHOWN = ("confirm", "decision_date", "decision_reference")  # the fields of the adoption form
DONE = {
    PlanStatus.CONCEPT: gettext_lazy("Het plan is weer een concept."),
    PlanStatus.SUBMITTED: gettext_lazy("Het plan is ingediend bij de raad."),
    PlanStatus.ADOPTED: gettext_lazy("Het plan is vastgesteld. De downloads zijn vastgelegd zoals ze nu zijn."),
}


def plan_status(request, org, pk):
    plan, member = plan_for(request, org, pk)
    form, code = StatusForm(initial={"decision_date": None}), 200
    if request.method == "POST":
        membership(request, org, Role.EDITOR)
        version = merge.posted_version(request.POST)
        form = StatusForm(request.POST)
        code = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                membership(request, org, status.required_role(plan.status, data["status"]))
                status.change_status(
                    plan,
                    request.user,
                    version,
                    data["status"],
                    confirmed=data["confirm"],
                    decision_date=data["decision_date"],
                    decision_reference=data["decision_reference"],
                )
            except StaleVersion:
                messages.error(
                    request,
                    _(
                        "Niet gewijzigd: iemand anders heeft dit plan intussen gewijzigd. Hieronder staat het plan "
                        "zoals het nu is; kies opnieuw."
                    ),
                )
                plan.refresh_from_db()
                code = 409
            except status.StatusRefused as error:
                form.add_error(error.field if error.field in SHOWN else None, error.message)
            except ReadOnlyPlan as error:
                messages.error(request, str(error))
                plan.refresh_from_db()
                code = 403
            else:
                messages.success(request, str(DONE[PlanStatus(data["status"])]))
                return redirect("plans:status", org, pk)
        # The status is a hidden field of a button: its error belongs above the forms, not at a field.
        if hidden := form.errors.pop("status", None):
            form.add_error(None, hidden)
    return _render(request, plan, member, form, code)


def _render(request, plan, member, form, code):
    steps = [] if plan.is_superseded else status.next_steps(plan, member)
    labels = {fmt: spec[0] for fmt, spec in writers.FORMATS.items()}
    order = list(labels)  # as the plan page lists the downloads; a format no longer offered last
    frozen = list(plan.frozen_exports.defer("content")) if plan.is_adopted else []
    frozen.sort(key=lambda item: (order.index(item.fmt) if item.fmt in order else len(order), item.fmt))
    context = plan_context(
        plan,
        member,
        form=form,
        steps=[(PlanStatus(new), allowed) for new, allowed in steps],
        adopt_allowed=any(new == PlanStatus.ADOPTED and allowed for new, allowed in steps),
        frozen=[(item, labels.get(item.fmt, item.fmt.upper())) for item in frozen],
        changes=plan.changes.filter(kind=ChangeKind.STATUS).select_related("user"),
        statuses=PlanStatus,
    )
    return render(request, "plans/status.html", context, status=code)
