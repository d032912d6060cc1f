"""A plan's pages: create, overview, choices, lines, P&C views, history and downloads.

Reading needs membership of the plan's organisation; changing needs the
editor role. Every change goes through changes.save_change (version check +
history). Edit pages answer an htmx request marked `preview` with the totals
for the unsaved input, so totals follow the user while editing; without
JavaScript the same numbers appear after saving.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from modelgemeente import refdata
from modelgemeente.budget.money import fmt_num
from modelgemeente.catalog.budget_input import line_key
from modelgemeente.catalog.charts import budget_charts
from modelgemeente.exports import writers

from . import pc_views
from .access import membership, plan_for
from .budget import PlanInput, comparison_report, estimated_profile, plan_report
from .changes import StaleVersion, model_diff, save_change, snapshot
from .forms import ChoiceFormSet, ExtraLineForm, LineAdjustmentForm, PlanCreateForm, PlanSettingsForm
from .models import ExtraLine, LineAdjustment, Plan, PlanChange, PlanDevelopment, Role

CHOICE_FIELDS = ["included", "priority", "capacity_type", "start_year", "motivation"]
SETTINGS_FIELDS = PlanSettingsForm.Meta.fields


def plan_context(plan, member, **extra):
    return {"plan": plan, "org": plan.organisation, "member": member, "can_edit": member.allows(Role.EDITOR),
            "formats": writers.FORMATS, "edition": plan.edition, "nav_domains": list(plan.edition.domains.all())} | extra


def plan_create(request, org):
    member = membership(request, org, Role.EDITOR)
    org = member.organisation
    default_code = org.municipality_codes[0] if org.municipality_codes else ""
    form = PlanCreateForm(request.POST or None, initial={
        "municipality": default_code, "horizon": 4, "start_year": _next_budget_year()})
    if request.method == "POST" and form.is_valid():
        plan = _create_plan(form.cleaned_data, org, request.user)
        messages.success(request, _("Plan aangemaakt met alle ontwikkelingen van de editie. Kies nu wat u wel en niet opneemt."))
        return redirect("plans:plan_developments", org.slug, plan.pk)
    return render(request, "plans/plan_create.html", {"form": form, "org": org, "member": member})


def _next_budget_year():
    return timezone.localdate().year + 1


def _create_plan(data, org, user) -> Plan:
    edition, found = data["edition"], data["found"]
    inhabitants = data.get("inhabitants") or found["inhabitants"]
    est_employees, est_departments = estimated_profile(edition, inhabitants)
    sources = []
    if found and not data.get("inhabitants"):
        sources.append(f"Inwoners: {found['name']}, {refdata.municipality_source()}.")
    else:
        sources.append("Inwoners: opgegeven door de gemeente.")
    estimated = [name for name, key in (("medewerkers", "employees"), ("afdelingen", "departments")) if not data.get(key)]
    if estimated:
        sources.append(f"{' en '.join(estimated).capitalize()}: schatting naar rato van de referentiegemeente "
                       f"({fmt_num(edition.reference_employees)} medewerkers en {fmt_num(edition.reference_departments)} "
                       f"afdelingen bij {fmt_num(edition.reference_inhabitants)} inwoners); vervang door eigen aantallen.")
    with transaction.atomic():
        plan = Plan.objects.create(
            organisation=org, edition=edition, title=data["title"], municipality_code=found["code"] if found else "",
            inhabitants=inhabitants, employees=data.get("employees") or est_employees,
            departments=data.get("departments") or est_departments, profile_provenance=" ".join(sources),
            start_year=data["start_year"], horizon=data["horizon"], created_by=user,
        )
        PlanDevelopment.objects.bulk_create(PlanDevelopment(
            plan=plan, development=d, capacity_type=d.capacity_type, start_year=plan.start_year)
            for d in edition.developments.all())
        PlanChange.objects.create(plan=plan, version=1, user=user, summary=_("Plan aangemaakt"), details=[
            f"Editie {edition.title}, {fmt_num(plan.inhabitants)} inwoners, {plan.years[0]}-{plan.years[-1]}"])
    return plan


def plan(request, org, pk):
    plan, member = plan_for(request, org, pk)
    report = plan_report(plan)
    return render(request, "plans/plan.html", plan_context(plan, member, report=report, **budget_charts(report)))


def _conflict(request, error: StaleVersion):
    messages.error(request, _("Niet opgeslagen: iemand anders heeft dit plan intussen gewijzigd. Hieronder ziet u "
                              "wat er veranderde; uw invoer staat er nog. Sla opnieuw op om uw versie toch te bewaren."))
    return error.changes


def plan_settings(request, org, pk):
    plan, member = plan_for(request, org, pk, Role.EDITOR)
    form = PlanSettingsForm(request.POST or None, instance=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        before = snapshot(Plan.objects.get(pk=plan.pk), SETTINGS_FIELDS + ["salary_overrides"])
        updated = form.save(commit=False)
        details = model_diff(before, updated, SETTINGS_FIELDS + ["salary_overrides"])
        try:
            save_change(plan, form.cleaned_data["version"], request.user, _("Uitgangspunten gewijzigd"), details,
                        lambda: _save_settings(updated))
        except StaleVersion as error:
            conflict = _conflict(request, error)
            form.data = form.data.copy()
            form.data["version"] = Plan.objects.get(pk=plan.pk).version
        else:
            messages.success(request, _("Uitgangspunten opgeslagen."))
            return redirect("plans:plan", org, pk)
    status = 409 if conflict else (400 if form.errors else 200)
    return render(request, "plans/plan_settings.html", plan_context(plan, member, form=form, conflict=conflict), status=status)


def _save_settings(plan):
    # Starting later than a development's start year would drop it from view: move those along.
    plan.save()
    plan.choices.filter(start_year__lt=plan.start_year).update(start_year=plan.start_year)
    plan.choices.filter(start_year__gt=plan.years[-1]).update(start_year=plan.years[-1])


def plan_developments(request, org, pk):
    plan, member = plan_for(request, org, pk, Role.EDITOR)
    queryset = plan.choices.select_related("development__domain", "plan__edition")
    formset = ChoiceFormSet(request.POST or None, queryset=queryset, prefix="c")
    conflict = None
    if request.method == "POST":
        # Saved values, read before validation changes the formset's instances in place.
        before = {row["pk"]: row for row in plan.choices.values("pk", *CHOICE_FIELDS)}
        if formset.is_valid():
            choices = [f.save(commit=False) for f in formset.forms]
            _apply_bulk(request.POST.get("bulk", ""), choices)
            if request.POST.get("preview"):
                return _totals(request, plan, PlanInput.load(plan, choices=choices))
            details = [line for c in choices for line in model_diff(before[c.pk], c, CHOICE_FIELDS, c.development.title)]
            try:
                save_change(plan, int(request.POST.get("version", 0)), request.user,
                            _("Keuzes voor ontwikkelingen gewijzigd"), details,
                            lambda: PlanDevelopment.objects.bulk_update(choices, CHOICE_FIELDS))
            except StaleVersion as error:
                conflict = _conflict(request, error)
            else:
                messages.success(request, _("Keuzes opgeslagen (%(n)s wijzigingen).") % {"n": len(details)})
                return redirect("plans:plan_developments", org, pk)
        elif request.POST.get("preview"):
            return _totals(request, plan, PlanInput.load(plan), invalid=True)
    data = PlanInput.load(plan, choices=[f.instance for f in formset.forms]) if formset.is_bound and formset.is_valid() else None
    groups = {}
    for form in formset.forms:
        groups.setdefault(form.instance.development.domain, []).append(form)
    status = 409 if conflict else (400 if formset.is_bound and not formset.is_valid() else 200)
    report = plan_report(plan, data)
    return render(request, "plans/plan_developments.html", plan_context(
        plan, member, formset=formset, groups=groups, conflict=conflict, report=report,
        version=Plan.objects.get(pk=plan.pk).version if conflict else plan.version), status=status)


def _apply_bulk(action: str, choices):
    """'all-on', 'all-off', 'on:<domain>', 'off:<domain>': include or leave out in one go."""
    if not action:
        return
    switch, _sep, domain = action.partition(":")
    switch = switch.removeprefix("all-") if switch.startswith("all-") else switch
    for choice in choices:
        if not domain or choice.development.domain.slug == domain:
            choice.included = switch == "on"


def _totals(request, plan, data, invalid=False):
    report = plan_report(plan, data)
    return render(request, "plans/_totals.html", {"report": report, "preview": True, "invalid": invalid, "plan": plan})


def plan_development(request, org, pk, slug):
    plan, member = plan_for(request, org, pk)
    choice = get_object_or_404(plan.choices.select_related("development__domain"), development__slug=slug)
    development = choice.development
    lines = list(development.budget_lines.all())
    adjustments = {a.budget_line_id: a for a in plan.adjustments.filter(budget_line__in=lines)}
    editing = request.method == "POST"
    if editing:
        membership(request, org, Role.EDITOR)
    action = request.POST.get("action", "lines")
    line_forms = [(line, LineAdjustmentForm(request.POST if editing and action == "lines" else None, line=line,
                                            prefix=f"l{line.pk}", initial=_adjustment_initial(adjustments.get(line.pk))))
                  for line in lines]
    extra_form = ExtraLineForm(request.POST if editing and action == "add_extra" else None, plan=plan,
                               prefix="extra", initial={"kind": "structural", "category": "licences"})
    conflict = None
    if editing:
        try:
            done = _save_development(request, plan, choice, action, line_forms, adjustments, extra_form)
        except StaleVersion as error:
            conflict = _conflict(request, error)
        else:
            if done:
                return done
    data = PlanInput.load(plan)
    report = plan_report(plan, data)
    line_rows = {row.key: row for row in report.lines}
    status = 409 if conflict else (400 if editing else 200)
    return render(request, "plans/plan_development.html", plan_context(
        plan, member, choice=choice, development=development, line_forms=line_forms, extra_form=extra_form,
        line_rows=line_rows, report=report, conflict=conflict,
        extra_lines=[e for e in data.extra_lines if e.development_id == development.pk],
        version=Plan.objects.get(pk=plan.pk).version if conflict else plan.version), status=status)


def _adjustment_initial(adjustment):
    if adjustment is None:
        return {}
    own = adjustment.hours_per_week if adjustment.hours_per_week is not None else adjustment.amount
    return {"excluded": adjustment.excluded, "own": own, "reason": adjustment.reason}


def _save_development(request, plan, choice, action, line_forms, adjustments, extra_form):
    """Save the posted form of the development page; a response when done, None to show errors."""
    version = int(request.POST.get("version", 0))
    development = choice.development
    back = redirect("plans:plan_development", plan.organisation.slug, plan.pk, development.slug)
    if action == "lines":
        if request.POST.get("preview"):
            if not all(form.is_valid() for _line, form in line_forms):
                return _totals(request, plan, PlanInput.load(plan), invalid=True)
            data = PlanInput.load(plan)
            for line, form in line_forms:
                data.adjustments[line_key(line)] = _adjustment(plan, line, form.cleaned_data)
            return _totals(request, plan, data)
        if not all(form.is_valid() for _line, form in line_forms):
            return None
        details, changed = [], []
        for line, form in line_forms:
            new = _adjustment(plan, line, form.cleaned_data)
            old = adjustments.get(line.pk)
            text_old, text_new = _describe(line, old), _describe(line, new)
            if text_old != text_new or (old and old.reason != new.reason):
                details.append(f"{development.title}, {line.description}: {text_old} → {text_new}"
                               + (f" (reden: {new.reason})" if new.reason else ""))
                changed.append((line, old, new))
        save_change(plan, version, request.user, _("Regels van %(title)s aangepast") % {"title": development.title},
                    details, lambda: _store_adjustments(changed))
        messages.success(request, _("Regels opgeslagen (%(n)s wijzigingen).") % {"n": len(details)})
        return back
    if action == "add_extra":
        if not extra_form.is_valid():
            return None
        extra = extra_form.save(commit=False)
        extra.plan, extra.development = plan, development
        save_change(plan, version, request.user, _("Eigen regel toegevoegd"),
                    [f"{development.title}: {extra.description} ({extra.get_kind_display()}) – {extra.reason}"], extra.save)
        messages.success(request, _("Eigen regel toegevoegd."))
        return back
    if action == "delete_extra":
        extra = get_object_or_404(ExtraLine, pk=request.POST.get("extra_id"), plan=plan)
        save_change(plan, version, request.user, _("Eigen regel verwijderd"),
                    [f"{development.title}: {extra.description}"], extra.delete)
        messages.success(request, _("Eigen regel verwijderd."))
        return back
    messages.error(request, _("Onbekende actie; er is niets gewijzigd."))
    return back


def _adjustment(plan, line, data) -> LineAdjustment:
    own = data.get("own")
    return LineAdjustment(plan=plan, budget_line=line, excluded=bool(data.get("excluded")),
                          amount=None if line.is_capacity else own, hours_per_week=own if line.is_capacity else None,
                          reason=(data.get("reason") or "").strip())


def _describe(line, adjustment) -> str:
    if adjustment is None or not (adjustment.excluded or adjustment.overrides):
        return "model"
    if adjustment.excluded:
        return "niet opgenomen"
    if line.is_capacity:
        return f"eigen {fmt_num(adjustment.hours_per_week)} uur per week"
    return f"eigen bedrag € {fmt_num(adjustment.amount)}"


def _store_adjustments(changed):
    for _line, old, new in changed:
        if not (new.excluded or new.overrides):
            if old is not None:
                old.delete()
            continue
        if old is not None:
            new.pk = old.pk
        new.save()


def history(request, org, pk):
    plan, member = plan_for(request, org, pk)
    return render(request, "plans/history.html", plan_context(plan, member, changes=plan.changes.select_related("user")))


def comparison(request, org, pk):
    plan, member = plan_for(request, org, pk)
    return render(request, "plans/comparison.html", plan_context(
        plan, member, **pc_views.comparison(plan_report(plan), comparison_report(plan))))


def voorjaarsnota(request, org, pk):
    plan, member = plan_for(request, org, pk)
    data = PlanInput.load(plan)
    return render(request, "plans/voorjaarsnota.html", plan_context(
        plan, member, **pc_views.voorjaarsnota(plan_report(plan, data), data)))


def begroting(request, org, pk):
    plan, member = plan_for(request, org, pk)
    return render(request, "plans/begroting.html", plan_context(plan, member, **pc_views.begroting(plan_report(plan))))


def download(request, org, pk, fmt):
    plan, member = plan_for(request, org, pk)
    return writers.download(plan_report(plan), fmt, f"ict-plan-{plan.organisation.slug}-{plan.pk}-v{plan.version}")
