"""Scenario pages of a plan: its copies, making one, and two plans side by side (plans/scenarios.py).

Reading needs membership; copying needs the editor role (also of a vastgesteld plan: that is how one continues).
The plan to compare with is chosen by id (`?met=`) among the other plans of the organisation on the same release:
another organisation's plan is a 404, a plan on another release a 400 with the reason.
"""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import merge, scenarios
from .access import membership, plan_for
from .changes import StaleVersion
from .forms import ScenarioForm
from .models import Plan, Role
from .plan_views import plan_context


def plan_scenarios(request, org, pk):
    plan, member = plan_for(request, org, pk)
    form, code = ScenarioForm(), 200
    if request.method == "POST":
        membership(request, org, Role.EDITOR)
        version = merge.posted_version(request.POST)
        form = ScenarioForm(request.POST)
        code = 400
        if form.is_valid():
            try:
                copy = scenarios.copy_as_scenario(plan, request.user, form.cleaned_data["name"], version)
            except scenarios.ScenarioRefused as error:
                form.add_error("name", error.message)
            except StaleVersion:
                messages.error(
                    request,
                    _(
                        "Niet gekopieerd: iemand anders heeft dit plan intussen gewijzigd. Bekijk het plan zoals het "
                        "nu is en maak het scenario opnieuw."
                    ),
                )
                plan.refresh_from_db()
                code = 409
            else:
                messages.success(
                    request,
                    _("Scenario '%(name)s' gemaakt: een kopie van %(title)s (versie %(version)s), als concept.")
                    % {"name": copy.scenario_name, "title": plan.title, "version": plan.version},
                )
                return redirect(copy)
    return render(
        request,
        "plans/scenarios.html",
        plan_context(
            plan,
            member,
            form=form,
            scenarios=scenarios.scenarios_of(plan),
            partners=scenarios.partners(plan),
            can_copy=member.allows(Role.EDITOR),
        ),
        status=code,
    )


def _partner_id(request) -> int | None:
    raw = request.GET.get("met", "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 0 < value < 2**63:
        raise BadRequest(_("Kies een plan uit de lijst om mee te vergelijken."))
    return value


def scenario_compare(request, org, pk):
    plan, member = plan_for(request, org, pk)
    partners = scenarios.partners(plan)
    wanted = _partner_id(request)
    comparison, error, code = None, "", 200
    if wanted is not None:
        other = Plan.objects.select_related("edition", "organisation").filter(pk=wanted, organisation=plan.organisation)
        other = other.first()
        if other is None:
            raise Http404(_("Dit plan bestaat niet of hoort niet bij uw organisatie."))
        try:
            comparison = scenarios.compare(plan, other)
        except scenarios.ScenarioRefused as refused:
            error, code = refused.message, 400
    return render(
        request,
        "plans/scenario_compare.html",
        plan_context(plan, member, comparison=comparison, partners=partners, wanted=wanted, error=error),
        status=code,
    )
