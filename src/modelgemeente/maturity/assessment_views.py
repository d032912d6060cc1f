"""The pages of the maturity self-assessment (docs/maturity-method.md): the organisation's assessments per year
with a chart and the peers' averages, the questionnaire with its results, the gap to the targets with the
developments that close it (costed for a plan by the budget engine) and the history.

Members read; editors and admins start, answer and add developments to a plan (maturity/access.py). Views parse
the request with a form, call services/assessments.py and render.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modelgemeente.budget.money import fmt_eur
from modelgemeente.catalog.maturity_views import scoring_rule
from modelgemeente.core.enums import AnswerValue, PlanStatus, Role
from modelgemeente.plans.changes import ReadOnlyPlan, display
from modelgemeente.plans.changes import StaleVersion as PlanStaleVersion
from modelgemeente.plans.merge import posted_version
from modelgemeente.plans.models import Plan

from . import readings
from .access import assessment_for, can_edit, membership
from .charts import level_bars
from .forms_assessments import AddToPlanForm, AssessmentForm, StartForm
from .models import Answer, Assessment, DimensionResult
from .services.assessments import AssessmentError, add_to_plan, gap, previous_assessment, save_assessment
from .services.assessments import start_assessment as start
from .services.history import StaleVersion, changes_of

# Overview -----------------------------------------------------------------------------------------------------


def assessments(request, org):
    member = membership(request, org)
    form = StartForm(request.POST or None)
    status = 200
    if request.method == "POST":
        membership(request, org, Role.EDITOR)
        if form.is_valid():
            try:
                found = start(
                    member.organisation, form.cleaned_data["year"], form.cleaned_data["edition"], request.user
                )
            except AssessmentError as error:
                form.add_error("year", error.message)
            else:
                messages.success(request, _("Zelfevaluatie %(year)s gestart.") % {"year": found.year})
                return redirect("maturity:assessment", member.organisation.slug, found.year)
        status = 400
    context = {"org": member.organisation, "member": member, "can_edit": can_edit(member), "form": form}
    return render(request, "maturity/assessment_list.html", context | _overview(member.organisation), status=status)


def _overview(organisation) -> dict:
    found = list(organisation.maturity_assessments.select_related("edition").prefetch_related("results__dimension"))
    if not found:
        return {"assessments": []}
    columns = _columns(found)
    rows = [(a, [_results(a).get(slug) for slug, _name in columns], _complete(a)) for a in found]
    latest = found[0]
    peers = readings.peers(latest.year)
    return {
        "assessments": rows,
        "columns": columns,
        "latest": latest,
        "chart": _chart(latest, previous_assessment(organisation, latest.year), peers),
        "peers": peers,
    }


def _results(assessment) -> dict[str, DimensionResult]:
    return {r.dimension.slug: r for r in assessment.results.all()}


def _complete(assessment) -> bool:
    return all(r.level is not None for r in assessment.results.all())


def _columns(found) -> list[tuple[str, str]]:
    """The dimensions of all years, in the order of the latest model (a dimension only in older years last)."""
    columns = {}
    for assessment in found:
        for result in sorted(assessment.results.all(), key=lambda r: r.dimension.order):
            columns.setdefault(result.dimension.slug, result.dimension.name)
    return list(columns.items())


def _chart(latest, previous, peers):
    results = _results(latest)
    dimensions = [(slug, r.dimension.name) for slug, r in results.items()]
    series = [
        (_("Niveau %(year)s") % {"year": latest.year}, {s: r.level for s, r in results.items()}),
        (_("Doelniveau"), {s: r.target for s, r in results.items()}),
    ]
    if previous is not None:
        before = _results(previous)
        series.append((_("Niveau %(year)s") % {"year": previous.year}, {s: r.level for s, r in before.items()}))
    if peers.shown:
        series.append((_("Gemiddelde van %(n)s organisaties") % {"n": peers.organisations}, peers.averages))
    return level_bars(
        dimensions,
        series,
        title=_("Digitale volwassenheid %(year)s per dimensie") % {"year": latest.year},
        description=_(
            "Staafdiagram per dimensie op de schaal 1 tot en met 5: het huidige niveau, het doelniveau en het "
            "niveau van de vorige zelfevaluatie. De tabel eronder bevat dezelfde cijfers."
        ),
        chart_id="maturity-chart",
    )


# Questionnaire ------------------------------------------------------------------------------------------------


def _editor(request, org, year) -> None:
    """PermissionDenied (403) for a member who may only read; the page itself was already checked."""
    assessment_for(request, org, year, Role.EDITOR)


def _questionnaire_form(assessment, data=None) -> AssessmentForm:
    dimensions = list(readings.dimensions_of(assessment))
    results = {r.dimension_id: r for r in assessment.results.all()}
    answers = dict(assessment.answers.values_list("statement_id", "value"))
    return AssessmentForm(data, assessment=assessment, dimensions=dimensions, results=results, answers=answers)


def assessment(request, org, year):
    found, member = assessment_for(request, org, year)
    version, conflict, status = found.version, None, 200
    form = _questionnaire_form(found)
    if request.method == "POST":
        _editor(request, org, year)
        version = posted_version(request.POST)
        form = _questionnaire_form(found, request.POST)
        status = 400
        if form.is_valid():
            try:
                save_assessment(found, request.user, version, **form.values())
            except StaleVersion as error:
                return _stale(request, member, year, error)
            except AssessmentError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Zelfevaluatie opgeslagen. Hieronder staat de uitkomst per dimensie."))
                return redirect(reverse("maturity:assessment", args=[org, year]) + "#uitkomst")
    return _render_questionnaire(request, found, member, form, version, conflict, status)


def _stale(request, member, year, error):
    """Someone else saved: the form again with what this user typed, the changes of the other, and the current
    version, so saving again is a deliberate choice."""
    current = Assessment.objects.select_related("organisation", "edition").get(
        organisation=member.organisation, year=year
    )
    data = request.POST.copy()
    data["version"] = current.version
    form = _questionnaire_form(current, data)
    form.is_valid()
    messages.error(
        request,
        _(
            "Niet opgeslagen: iemand anders heeft deze zelfevaluatie intussen gewijzigd. Hieronder staat wat er is "
            "gewijzigd; uw invoer staat nog in het formulier. Controleer die en sla opnieuw op."
        ),
    )
    return _render_questionnaire(request, current, member, form, current.version, error.changes, 409)


def _render_questionnaire(request, found, member, form, version, conflict, status):
    results = list(found.results.select_related("dimension"))
    context = {
        "org": found.organisation,
        "member": member,
        "assessment": found,
        "can_edit": can_edit(member),
        "form": form,
        "groups": form.groups(),
        "answer_labels": dict(AnswerValue.choices),
        "results": results,
        "complete": all(r.level is not None for r in results),
        "version": version,
        "conflict": None if conflict is None else [(c, change_lines(c)) for c in conflict],
        "scoring_rule": scoring_rule(),
        "model_url": _model_url(found.edition),
    }
    return render(request, "maturity/assessment_form.html", context, status=status)


def _model_url(edition) -> str:
    return reverse("catalog:maturity_model", args=[edition.year]) + f"?release={edition.number}"


# Gap to plan --------------------------------------------------------------------------------------------------


def _plans(organisation) -> list[Plan]:
    """The organisation's plans that can still change, newest first."""
    return list(
        Plan.objects.filter(organisation=organisation, superseded_by__isnull=True)
        .exclude(status=PlanStatus.ADOPTED)
        .select_related("edition", "organisation")
        .order_by("-created_at", "-pk")
    )


def _chosen_plan(request, plans) -> Plan | None:
    wanted = request.GET.get("plan", "").strip()
    if not wanted:
        return plans[0] if plans else None
    found = next((p for p in plans if str(p.pk) == wanted), None)
    if found is None:
        raise Http404(_("Dit plan bestaat niet of hoort niet bij uw organisatie."))
    return found


def assessment_gap(request, org, year):
    found, member = assessment_for(request, org, year)
    plans = _plans(found.organisation)
    plan = _chosen_plan(request, plans)
    gaps = gap(found, plan)
    offered = _offered(gaps, plan)
    form = AddToPlanForm(choices=offered, initial=[slug for slug, _label in offered])
    status = 200
    if request.method == "POST":
        _editor(request, org, year)
        if plan is None:
            raise Http404(_("Er is geen plan om ontwikkelingen in op te nemen."))
        form = AddToPlanForm(request.POST, choices=offered)
        done = form.is_valid() and _add(request, found, plan, form)
        if done:
            return done
        plan = Plan.objects.select_related("edition", "organisation").get(pk=plan.pk)
        gaps = gap(found, plan)
        status = 409 if form.is_valid() else 400
    context = {
        "org": found.organisation,
        "member": member,
        "assessment": found,
        "can_edit": can_edit(member),
        "plans": plans,
        "plan": plan,
        "gaps": gaps,
        "years": plan.years if plan else (),
        "form": form,
        "offered": offered,
    }
    return render(request, "maturity/assessment_gap.html", context, status=status)


def _offered(gaps, plan) -> list[tuple[str, str]]:
    """The developments a plan could still take in (in the plan's release, not yet counted), each once, labelled
    with the engine's total for the plan."""
    offered = {}
    for item in gaps:
        for d in item.developments:
            if plan is not None and d.in_release and not d.in_plan:
                offered.setdefault(
                    d.slug,
                    _("%(title)s: %(total)s over %(first)s–%(last)s")
                    % {"title": d.title, "total": fmt_eur(d.total), "first": plan.years[0], "last": plan.years[-1]},
                )
    return list(offered.items())


def _add(request, found, plan, form):
    """Add the chosen developments; a redirect to the plan's choices, or None (with a message) when refused."""
    slugs = form.cleaned_data["developments"]
    try:
        add_to_plan(found, plan, request.user, posted_version(request.POST), slugs)
    except PlanStaleVersion:
        messages.error(
            request,
            _(
                "Niet opgenomen: iemand anders heeft het plan intussen gewijzigd. Hieronder staat de kloof met het "
                "plan zoals het nu is; kies opnieuw en neem de ontwikkelingen op."
            ),
        )
        return None
    except (ReadOnlyPlan, AssessmentError) as error:
        messages.error(request, getattr(error, "message", None) or str(error))
        return None
    messages.success(
        request,
        ngettext(
            "%(n)s ontwikkeling opgenomen in het plan. Controleer hier de prioriteit, het startjaar en de motivering.",
            "%(n)s ontwikkelingen opgenomen in het plan. Controleer hier de prioriteit, het startjaar en de motivering.",
            len(slugs),
        )
        % {"n": len(slugs)},
    )
    return redirect("plans:plan_developments", plan.organisation.slug, plan.pk)


# History ------------------------------------------------------------------------------------------------------

FIELD_MODELS = {"statement": Answer, "dimension": DimensionResult, "assessment": Assessment}


def _fact(record: dict) -> str:
    obj = record.get("object") or {}
    action = record.get("action")
    values = record.get("values") or {}
    if action == "created":
        targets = ", ".join(f"{slug} {level}" for slug, level in (values.get("targets") or {}).items())
        return _("Gestart op release %(release)s; doelniveaus: %(targets)s") % {
            "release": values.get("release", ""),
            "targets": targets,
        }
    if action == "added_to_plan":
        return _("Opgenomen in plan „%(plan)s”: %(developments)s") % {
            "plan": values.get("plan_title", ""),
            "developments": ", ".join(values.get("developments") or []),
        }
    model = FIELD_MODELS.get(obj.get("kind"))
    name = record.get("field", "")
    try:
        field = model._meta.get_field(name) if model else None
    except Exception:  # a field that no longer exists: show its name
        field = None
    label = str(field.verbose_name) if field is not None else name
    where = ", ".join(str(p) for p in (obj.get("within"), obj.get("label")) if p)
    prefix = f"{where}, " if where else ""
    return f"{prefix}{label}: {display(record.get('old'), field)} → {display(record.get('new'), field)}"


def change_lines(change) -> list[str]:
    return [_fact(record) for record in change.details if isinstance(record, dict)]


def assessment_history(request, org, year):
    found, member = assessment_for(request, org, year)
    changes = [(c, change_lines(c)) for c in changes_of(found).select_related("user")]
    context = {"org": found.organisation, "member": member, "assessment": found, "changes": changes}
    return render(request, "maturity/assessment_history.html", context)
