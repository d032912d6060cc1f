"""A plan's pages: create, overview, choices, lines, P&C views, history and downloads.

Reading needs membership of the plan's organisation; changing needs the
editor role. Views parse the request with forms, call a function of
plans/services.py (which checks the version and writes the history) and
render; the edit views share merge.EditSession for the version, snapshot and
conflicts a form carries. Edit pages answer an htmx request marked `preview`
with the totals for the unsaved input, so totals follow the user while
editing; without JavaScript the same numbers appear after saving.
"""

from copy import copy
from dataclasses import dataclass, replace
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modelgemeente.catalog.budget_input import line_key
from modelgemeente.catalog.page_cache import catalogue_stamp, nav_domains
from modelgemeente.core.cache import fragment, plan_stamp
from modelgemeente.exports import writers

from . import merge, pc_views, services
from .access import membership, plan_for
from .budget import PlanInput, comparison_report, counting, plan_report
from .changes import ReadOnlyPlan, StaleVersion, changed_objects, refuse_if_read_only, snapshot
from .forms import ChoiceFormSet, ExtraLineForm, LineAdjustmentForm, PlanCreateForm, PlanSettingsForm
from .migration import newer_releases
from .models import ExtraLine, Plan, Role
from .page_cache import benchmark_html, overview_parts, peers_stamp, plan_download, plan_page
from .status import frozen_download

CHOICE_FIELDS = services.CHOICE_FIELDS
EXTRA_FIELDS = services.EXTRA_FIELDS
# The explanations on the choices page that the priority and capacity-type selects point to (aria-describedby).
CHOICE_HELP = {"priority": "uitleg-prioriteit", "capacity_type": "uitleg-soort"}


def plan_context(plan, member, **extra):
    return {
        "plan": plan,
        "org": plan.organisation,
        "member": member,
        # A plan moved to another release or vastgesteld is read-only: no edit links (changes.refuse_if_read_only).
        "can_edit": member.allows(Role.EDITOR) and not plan.is_read_only,
        "formats": writers.FORMATS,
        "edition": plan.edition,
        "nav_domains": nav_domains(plan.edition),
    } | extra


def plan_create(request, org):
    member = membership(request, org, Role.EDITOR)
    org = member.organisation
    default_code = org.municipality_codes[0] if org.municipality_codes else ""
    form = PlanCreateForm(
        request.POST or None, initial={"municipality": default_code, "horizon": 4, "start_year": _next_budget_year()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = services.create_plan(
            org,
            request.user,
            edition=data["edition"],
            title=data["title"],
            start_year=data["start_year"],
            horizon=data["horizon"],
            municipality=data["found"],
            inhabitants=data.get("inhabitants"),
            employees=data.get("employees"),
            departments=data.get("departments"),
        )
        messages.success(
            request, _("Plan aangemaakt met alle ontwikkelingen van de editie. Kies nu wat u wel en niet opneemt.")
        )
        return redirect("plans:plan_developments", org.slug, plan.pk)
    return render(request, "plans/plan_create.html", {"form": form, "org": org, "member": member})


def _next_budget_year():
    return timezone.localdate().year + 1


def plan(request, org, pk):
    plan, member = plan_for(request, org, pk)
    peers = peers_stamp(plan)

    def build():
        # The tables, charts and assumptions are the plan version's (page_cache).
        overview = overview_parts(plan)
        newer = None if plan.is_superseded else newer_releases(plan).first()
        context = plan_context(plan, member, newer_release=newer, overview=overview)
        # The peer benchmark (issue 16, part 6): cost per inhabitant next to M&I/Partners and the app's own plans.
        context["benchmark_html"] = benchmark_html(plan, overview["totals"], peers)
        return render(request, "plans/plan.html", context)

    # The page names a newer release, if any: kept per state of all releases (one plain query).
    return plan_page(request, plan, member, build, catalogue_stamp(), peers)


def _read_only(request, plan):
    """A plan moved to another release or vastgesteld cannot be edited: back to its page with the reason. A GET
    only shows the form: the plan plan_for read in this request tells (changes.refuse_if_read_only)."""
    try:
        refuse_if_read_only(plan, just_read=request.method == "GET")
    except ReadOnlyPlan as error:
        messages.error(request, str(error))
        return redirect(plan)
    return None


def _conflict(request, error: StaleVersion, state: merge.MergeState):
    if state.conflicts:
        text = _(
            "Niet opgeslagen: iemand anders heeft dit plan intussen gewijzigd. Uw wijzigingen zijn samengevoegd "
            "met die van de ander; kies hieronder bij elk veld dat u allebei wijzigde welke waarde blijft, en sla "
            "opnieuw op."
        )
    else:
        text = _(
            "Niet opgeslagen: iemand anders heeft dit plan intussen gewijzigd. Uw wijzigingen zijn samengevoegd "
            "met die van de ander (u wijzigde niet dezelfde velden). Controleer het resultaat en sla opnieuw op."
        )
    messages.error(request, text)
    return error.changes


def _nothing_changed(request):
    messages.info(request, _("Er was niets gewijzigd; de versie van het plan blijft gelijk."))


def _unresolved_message(request):
    messages.error(
        request, _("Niet opgeslagen: kies bij elk veld dat u en een ander allebei wijzigden welke waarde blijft.")
    )


def plan_settings(request, org, pk):
    plan, member = plan_for(request, org, pk, Role.EDITOR)
    if refused := _read_only(request, plan):
        return refused
    fresh = PlanSettingsForm(instance=Plan.objects.get(pk=plan.pk))
    names = [n for n in fresh.fields if n != "version"]
    if request.method != "POST":
        return _render_settings(request, plan, member, fresh, merge.MergeState.start([fresh], names), plan.version)
    session = merge.EditSession(request.POST, names)
    version, state = session.version, session.state
    # The form works on its own copy: invalid input must never reach the plan shown around the form.
    form = PlanSettingsForm(session.data, instance=Plan.objects.select_related("edition").get(pk=plan.pk))
    if not form.is_valid():
        return _render_settings(request, plan, member, form, state, version, status=400)
    if session.unresolved:
        _unresolved_message(request)
        return _render_settings(request, plan, member, form, session.unresolved_state([form]), version, status=409)
    updated = form.save(commit=False)
    try:
        change = services.save_plan_settings(
            plan, request.user, version, {name: getattr(updated, name) for name in services.SETTINGS_FIELDS}
        )
    except StaleVersion as error:
        current = Plan.objects.get(pk=plan.pk)
        merged, state = session.merge([form], [PlanSettingsForm(instance=current)], names)
        conflict = _conflict(request, error, state)
        form = PlanSettingsForm(merged, instance=current)
        form.is_valid()
        return _render_settings(request, current, member, form, state, current.version, conflict, 409)
    if change:
        messages.success(request, _("Uitgangspunten opgeslagen."))
    else:
        _nothing_changed(request)
    return redirect("plans:plan", org, pk)


def _render_settings(request, plan, member, form, state, version, conflict=None, status=200):
    if form.is_bound:
        form.data = form.data.copy()
        form.data["version"] = version
    return render(
        request,
        "plans/plan_settings.html",
        plan_context(plan, member, form=form, conflict=conflict, merge=state, version=version),
        status=status,
    )


def _choice_formset(plan, data=None):
    queryset = plan.choices.select_related("development__domain", "plan__edition")
    formset = ChoiceFormSet(data, queryset=queryset, prefix="c")
    if data is not None:
        _check_formset(formset, len(queryset))
    return formset


def _check_formset(formset, count):
    """The management form and the ids must describe exactly this plan's choices: anything else was
    forged or is junk, and gets a 400 instead of an error deep inside the formset."""
    refused = BadRequest(
        _("Het formulier hoort niet bij dit plan of is beschadigd. Open de pagina opnieuw; er is niets opgeslagen.")
    )
    management = formset.management_form
    if not management.is_valid():
        raise refused
    if management.cleaned_data["TOTAL_FORMS"] != count or management.cleaned_data["INITIAL_FORMS"] != count:
        raise refused
    ids = [form.instance.pk for form in formset.forms]
    if None in ids or len(set(ids)) != count:
        raise refused


def _choice_label(form, name, field):
    return f"{form.instance.development.title}, {field.label or name}"


def plan_developments(request, org, pk):
    plan, member = plan_for(request, org, pk, Role.EDITOR)
    if refused := _read_only(request, plan):
        return refused
    if request.method != "POST":
        return plan_page(request, plan, member, lambda: _render_saved_choices(request, plan, member))
    fresh = _choice_formset(plan).forms
    state, conflict, version = merge.MergeState.start(fresh, CHOICE_FIELDS), None, plan.version
    formset = _choice_formset(plan)
    if request.method == "POST":
        preview = bool(request.POST.get("preview"))
        names = {f.add_prefix(n) for f in fresh for n in CHOICE_FIELDS}
        session = merge.EditSession(request.POST, names, _choice_label, preview=preview)
        formset = _choice_formset(plan, session.data)
        if formset.is_valid():
            choices = [f.save(commit=False) for f in formset.forms]
            services.apply_bulk(request.POST.get("bulk", ""), choices)
            if preview:
                return _totals(request, plan, PlanInput.load(plan, choices=choices), row_costs=True)
            version, state = session.version, session.state
            if session.unresolved:
                _unresolved_message(request)
                state = session.unresolved_state(formset.forms)
                return _render_developments(request, plan, member, formset, state, version, status=409)
            rows = {c.development.slug: {name: getattr(c, name) for name in CHOICE_FIELDS} for c in choices}
            try:
                change = services.save_choices(plan, request.user, version, rows)
            except StaleVersion as error:
                merged, state = session.merge(
                    formset.forms,
                    _choice_formset(plan).forms,
                    CHOICE_FIELDS,
                    source=lambda form, name: getattr(form.instance, name),
                )
                conflict = _conflict(request, error, state)
                merged.pop("bulk", None)
                formset = _choice_formset(plan, merged)
                formset.is_valid()
                version = Plan.objects.get(pk=plan.pk).version
            else:
                if change:
                    count = len(change.details)
                    messages.success(
                        request,
                        ngettext(
                            "Keuzes opgeslagen (%(n)s wijziging).",
                            "Keuzes opgeslagen (%(n)s wijzigingen).",
                            count,
                        )
                        % {"n": count},
                    )
                else:
                    _nothing_changed(request)
                return redirect("plans:plan_developments", org, pk)
        elif preview:
            return _totals(request, plan, PlanInput.load(plan), invalid=True)
        else:
            version, state = session.version, session.state
    status = 409 if conflict else (400 if formset.is_bound and not formset.is_valid() else 200)
    return _render_developments(request, plan, member, formset, state, version, conflict, status)


def _render_saved_choices(request, plan, member):
    """The choices page as saved: its form (every field, the version and the merge snapshot) and its totals are
    rendered once per plan version and language (page_cache); the page around them per request."""

    def build() -> dict:
        state = merge.MergeState.start(_choice_formset(plan).forms, CHOICE_FIELDS)
        context = _choices_context(plan, _choice_formset(plan), state, plan.version)
        return {
            "form": render_to_string("plans/_choices_form_body.html", context),
            "totals": render_to_string("plans/_totals.html", context),
        }

    cached = fragment("plan-choices", [plan_stamp(plan)], build)
    return render(request, "plans/plan_developments.html", plan_context(plan, member, cached_choices=cached))


def _choices_context(plan, formset, state, version, conflict=None) -> dict:
    """What the choices form and its totals show: per domain the forms with their cost in this plan."""
    valid = formset.is_bound and formset.is_valid()
    data = PlanInput.load(plan, choices=[f.instance for f in formset.forms] if valid else None)
    report = plan_report(plan, data)
    costs = development_costs(plan, data, report)
    groups = {}
    for form in formset.forms:
        development = form.instance.development
        for name, explanation in CHOICE_HELP.items():
            form.fields[name].widget.attrs["aria-describedby"] = explanation
        groups.setdefault(development.domain, []).append(
            (form, costs[development.slug], horizon_note(development, plan))
        )
    return {
        "plan": plan,
        "org": plan.organisation,
        "formset": formset,
        "groups": groups,
        "conflict": conflict,
        "report": report,
        "merge": state,
        "version": version,
    }


def _render_developments(request, plan, member, formset, state, version, conflict=None, status=200):
    """The choices page with posted input (errors, a conflict): rendered in full, never kept."""
    context = _choices_context(plan, formset, state, version, conflict)
    return render(request, "plans/plan_developments.html", plan_context(plan, member) | context, status=status)


@dataclass(frozen=True)
class RowCost:
    """What one development costs this plan, as the engine computed it."""

    counted: bool  # in the budget; otherwise the figures say what it would cost if it were
    included: bool  # False: left out; True but not counted: won't have
    start_year: int
    in_start_year: Decimal
    total: Decimal  # over the plan's years


def development_costs(plan, data: PlanInput, report) -> dict[str, RowCost]:
    """Per development: its amount in its start year and its total over the plan's years.

    A counted development takes its figures from the plan's report. One that does not count (left out,
    or won't have) takes them from a report of the same plan in which every development counts, with
    the plan's own figures, own lines and start years: what it would cost if it were included."""
    rows = {row.key: row for row in report.by_development}
    would = {}
    if any(not choice.counts for choice in data.choices):
        everything = plan_report(plan, replace(data, choices=[counting(choice) for choice in data.choices]))
        would = {row.key: row for row in everything.by_development}
    costs = {}
    for choice in data.choices:
        slug = choice.development.slug
        row = (rows if choice.counts else would).get(slug)  # no row: the development has no lines
        costs[slug] = RowCost(
            choice.counts,
            choice.included,
            choice.start_year,
            row.amount_in(choice.start_year) if row else Decimal(0),
            row.total if row else Decimal(0),
        )
    return costs


def horizon_note(development, plan) -> str:
    """A warning when the plan runs past the years the development's text looks ahead to."""
    last = plan.years[-1]
    if development.horizon_to >= last:
        return ""
    first = max(development.horizon_to + 1, plan.start_year)
    years = str(last) if first == last else f"{first}–{last}"
    return _(
        "De tekst van deze ontwikkeling kijkt vooruit tot %(year)s; de bedragen voor %(years)s zijn doorgetrokken."
    ) % {"year": development.horizon_to, "years": years}


def _totals(request, plan, data, invalid=False, row_costs=False):
    """The totals block for an htmx preview; on the choices page also each row's cost, swapped out of band."""
    report = plan_report(plan, data)
    context = {"report": report, "preview": True, "invalid": invalid, "plan": plan}
    if row_costs:
        context["row_costs"] = development_costs(plan, data, report).items()
    return render(request, "plans/_totals.html", context)


def _line_forms(plan, lines, data=None):
    adjustments = {a.budget_line_id: a for a in plan.adjustments.filter(budget_line__in=lines)}
    return [
        (
            line,
            LineAdjustmentForm(
                data, line=line, plan=plan, prefix=f"l{line.pk}", initial=_adjustment_initial(adjustments.get(line.pk))
            ),
        )
        for line in lines
    ], adjustments


def _line_label(form, name, field):
    return f"{form.line.description}, {field.label or name}"


def plan_development(request, org, pk, slug):
    plan, member = plan_for(request, org, pk)
    choice = get_object_or_404(plan.choices.select_related("development__domain"), development__slug=slug)
    development = choice.development
    lines = list(development.budget_lines.all())
    fresh, adjustments = _line_forms(plan, lines)
    state = merge.MergeState.start([form for _line, form in fresh])
    version = plan.version
    editing = request.method == "POST"
    action = request.POST.get("action", "lines") if editing else ""
    line_forms, extra_form = (
        fresh,
        ExtraLineForm(
            None,
            plan=plan,
            prefix="extra",
            initial={"kind": "structural", "category": "licences", "price_year": plan.start_year},
        ),
    )
    conflict, edited = None, None
    if editing:
        membership(request, org, Role.EDITOR)
        if refused := _read_only(request, plan):
            return refused
        if action == "lines":
            done, line_forms, state, conflict, version = _save_lines(request, plan, development, lines)
        elif action == "add_extra":
            extra_form = ExtraLineForm(request.POST, plan=plan, prefix="extra")
            done = _add_extra(request, plan, development, extra_form)
        elif action == "edit_extra":
            done, edited = _edit_extra(request, plan, development)
        elif action == "delete_extra":
            done = _delete_extra(request, plan, development)
        else:
            raise BadRequest(_("Onbekende actie; er is niets gewijzigd."))
        if done:
            return done
        if action != "lines":
            version = merge.posted_version(request.POST)
    data = PlanInput.load(plan)
    report = plan_report(plan, data)
    line_rows = {row.key: row for row in report.lines}
    extra_lines = [e for e in data.extra_lines if e.development_id == development.pk]
    status = 409 if conflict or (edited and edited.stale) else (400 if editing else 200)
    return render(
        request,
        "plans/plan_development.html",
        plan_context(
            plan,
            member,
            choice=choice,
            development=development,
            line_forms=line_forms,
            extra_form=extra_form,
            line_rows=line_rows,
            report=report,
            conflict=conflict,
            merge=state,
            extra_lines=extra_lines,
            extra_edits=[
                edited if edited and edited.extra.pk == extra.pk else _extra_edit(plan, extra) for extra in extra_lines
            ],
            edit_form=edited.form if edited else None,
            horizon_note=horizon_note(development, plan),
            version=version,
        ),
        status=status,
    )


@dataclass
class ExtraEdit:
    """The edit form of one own line, with a signed snapshot of the saved values it started from."""

    extra: ExtraLine
    form: ExtraLineForm
    base_token: str
    stale: bool = False  # someone else changed this line after the form was shown


def _extra_prefix(extra: ExtraLine) -> str:
    return f"extra-{extra.pk}"


def _extra_base(extra: ExtraLine) -> str:
    """The line's saved values, signed into its edit form (services.update_extra_line compares them)."""
    return merge.sign(snapshot(extra, EXTRA_FIELDS))


def _extra_edit(plan, extra) -> ExtraEdit:
    form = ExtraLineForm(None, plan=plan, instance=copy(extra), prefix=_extra_prefix(extra))
    return ExtraEdit(extra, form, _extra_base(extra))


def _extra_values(form) -> dict:
    """The own line's fields from a valid form (built as the model form builds its instance)."""
    line = form.save(commit=False)
    return {name: getattr(line, name) for name in EXTRA_FIELDS}


def _adjustment_initial(adjustment):
    if adjustment is None:
        return {}
    own = adjustment.hours_per_week if adjustment.hours_per_week is not None else adjustment.amount
    return {
        "excluded": adjustment.excluded,
        "own": own,
        "reason": adjustment.reason,
        "price_year": adjustment.price_year,
    }


def _back(plan, development):
    return redirect("plans:plan_development", plan.organisation.slug, plan.pk, development.slug)


def _save_lines(request, plan, development, lines):
    """The model lines of one development: exclude, own figure, reason. Returns
    (response or None, forms to show, merge state, conflict changes, version to show)."""
    fresh, _adjustments = _line_forms(plan, lines)
    names = {form.add_prefix(n) for _line, form in fresh for n in form.fields}
    preview = bool(request.POST.get("preview"))
    session = merge.EditSession(request.POST, names, _line_label, preview=preview)
    line_forms, _adjustments = _line_forms(plan, lines, session.data)
    forms_only = [form for _line, form in line_forms]
    valid = all(form.is_valid() for form in forms_only)
    if preview:
        if not valid:
            return _totals(request, plan, PlanInput.load(plan), invalid=True), line_forms, None, None, None
        preview_data = PlanInput.load(plan)
        for line, form in line_forms:
            preview_data.adjustments[line_key(line)] = services.adjustment_for(plan, line, form.cleaned_data)
        return _totals(request, plan, preview_data), line_forms, None, None, None
    version, state = session.version, session.state
    if not valid:
        return None, line_forms, state, None, version
    if session.unresolved:
        _unresolved_message(request)
        return None, line_forms, session.unresolved_state(forms_only), [], version
    figures = {line.slug: form.cleaned_data for line, form in line_forms}
    try:
        change = services.save_line_adjustments(plan, request.user, version, development, figures)
    except StaleVersion as error:
        current, _adjustments = _line_forms(plan, lines)
        merged, state = session.merge(forms_only, [form for _line, form in current])
        conflict = _conflict(request, error, state)
        line_forms, _adjustments = _line_forms(plan, lines, merged)
        for _line, form in line_forms:
            form.is_valid()
        return None, line_forms, state, conflict, Plan.objects.get(pk=plan.pk).version
    if change:
        count = changed_objects(change)  # one line with a new figure and its reason is one change
        messages.success(
            request,
            ngettext("Regels opgeslagen (%(n)s wijziging).", "Regels opgeslagen (%(n)s wijzigingen).", count)
            % {"n": count},
        )
    else:
        _nothing_changed(request)
    return _back(plan, development), line_forms, state, None, version


def _add_extra(request, plan, development, extra_form):
    """An own line only adds, so it goes on top of the current version (services.add_extra_line)."""
    merge.posted_version(request.POST)
    if not extra_form.is_valid():
        return None
    services.add_extra_line(plan, request.user, development, _extra_values(extra_form))
    messages.success(request, _("Eigen regel toegevoegd."))
    return _back(plan, development)


def _own_extra(request, plan, development, refused) -> ExtraLine:
    """The own line the form names, of this development of this plan (an id from elsewhere is a 404)."""
    try:
        extra_id = int(request.POST.get("extra_id", ""))
    except ValueError:
        raise BadRequest(refused) from None
    if not 0 < extra_id < 2**63:
        raise BadRequest(refused)
    return get_object_or_404(ExtraLine, pk=extra_id, plan=plan, development=development)


def _edit_extra(request, plan, development):
    """Change an own line. Like adding one it goes on top of the current plan version; the form carries
    the line's values as shown (signed), so a colleague's change to this same line is never overwritten
    unseen: the save is refused (409) with this user's input kept, and the next save is deliberate.
    Returns (response or None, the ExtraEdit to show)."""
    merge.posted_version(request.POST)
    extra = _own_extra(request, plan, development, _("Onbekende eigen regel; er is niets gewijzigd."))
    started_from = merge.unsign(request.POST.get("extra_base"))
    form = ExtraLineForm(request.POST, plan=plan, instance=copy(extra), prefix=_extra_prefix(extra))
    edit = ExtraEdit(extra, form, request.POST.get("extra_base", ""))
    if not form.is_valid():
        return None, edit
    try:
        change = services.update_extra_line(plan, request.user, extra, _extra_values(form), expected=started_from)
    except services.ExtraLineChanged as error:
        messages.error(
            request,
            _(
                "Niet opgeslagen: iemand anders heeft deze eigen regel intussen gewijzigd. Hierboven "
                "staat de regel zoals die nu is opgeslagen, in het formulier uw invoer. Sla opnieuw "
                "op om uw invoer te bewaren."
            ),
        )
        return None, ExtraEdit(error.current, form, _extra_base(error.current), stale=True)
    if change:
        messages.success(request, _("Eigen regel gewijzigd."))
    else:
        _nothing_changed(request)
    return _back(plan, development), edit


def _delete_extra(request, plan, development):
    """Delete one own line of this development of this plan (an id from elsewhere is a 404)."""
    merge.posted_version(request.POST)
    extra = _own_extra(request, plan, development, _("Onbekende eigen regel; er is niets verwijderd."))
    services.delete_extra_line(plan, request.user, extra)
    messages.success(request, _("Eigen regel verwijderd."))
    return _back(plan, development)


def history(request, org, pk):
    plan, member = plan_for(request, org, pk)
    return render(
        request, "plans/history.html", plan_context(plan, member, changes=plan.changes.select_related("user"))
    )


def comparison(request, org, pk):
    plan, member = plan_for(request, org, pk)
    return render(
        request,
        "plans/comparison.html",
        plan_context(plan, member, **pc_views.comparison(plan_report(plan), comparison_report(plan))),
    )


def voorjaarsnota(request, org, pk):
    plan, member = plan_for(request, org, pk)
    data = PlanInput.load(plan)
    return render(
        request,
        "plans/voorjaarsnota.html",
        plan_context(plan, member, **pc_views.voorjaarsnota(plan_report(plan, data), data)),
    )


def begroting(request, org, pk):
    plan, member = plan_for(request, org, pk)
    return render(request, "plans/begroting.html", plan_context(plan, member, **pc_views.begroting(plan_report(plan))))


def download(request, org, pk, fmt):
    if (frozen := frozen_download(request, org, pk, fmt)) is not None:  # a vastgesteld plan: as it was adopted
        return frozen
    plan, member = plan_for(request, org, pk)
    basename = f"ict-plan-{plan.organisation.slug}-{plan.pk}-v{plan.version}"
    return plan_download(plan, fmt, basename)  # kept per plan version (page_cache)
