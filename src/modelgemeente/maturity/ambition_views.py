"""The pages of an organisation's measurable ambitions: the overview with each ambition's progress, creating one,
one ambition (progress, the developments of its plan with their cost, the edit form for editors) and deleting it.

Members read; editors and admins change (a reader's POST is 403); another organisation's ambition is 404. The views
parse a form, call services/ambitions.py and render."""

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from modelgemeente.core.enums import Role

from .access import ambition_for, can_edit, membership
from .forms_ambitions import AmbitionForm, initial_from_post, initial_of, rows_for
from .models import Ambition
from .progress_chart import progress_chart, progress_rows
from .services import ambitions as services
from .services.history import changes_of

REFRESH = "plan"  # the submit button that shows another plan's developments without saving


def _overview(ambition: Ambition) -> dict:
    """An ambition with its progress as chart and table rows, and the state of its plan."""
    points = services.progress(ambition)
    metric = services.describe_metric(ambition)
    plan = ambition.plan
    return {
        "ambition": ambition,
        "metric": metric,
        "measured_how": services.measured_how(ambition.metric),
        "rows": progress_rows(ambition.metric, points),
        "chart": progress_chart(
            f"chart-ambition-{ambition.pk}",
            _("Voortgang van „%(title)s”: %(metric)s") % {"title": ambition.title, "metric": metric},
            ambition.metric,
            points,
        ),
        "newer_plan": services.newest_plan(plan) if plan is not None and plan.is_superseded else None,
    }


def ambitions(request, org):
    member = membership(request, org)
    organisation = member.organisation
    found = organisation.ambitions.select_related("plan__edition", "organisation").prefetch_related("targets")
    return render(
        request,
        "maturity/ambitions.html",
        {
            "org": organisation,
            "member": member,
            "can_edit": can_edit(member),
            "ambitions": [_overview(a) for a in found],
        },
    )


def ambition_create(request, org):
    member = membership(request, org, Role.EDITOR)
    organisation = member.organisation
    context = {"org": organisation, "member": member}
    if request.method == "POST" and request.POST.get("action") == REFRESH:
        form = AmbitionForm(initial=initial_from_post(request.POST), organisation=organisation)
        return render(request, "maturity/ambition_form.html", context | {"form": form})
    form = AmbitionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            ambition = services.create_ambition(organisation, request.user, **form.values())
        except services.AmbitionError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Ambitie „%(title)s” is opgeslagen.") % {"title": ambition.title})
            return redirect("maturity:ambition", organisation.slug, ambition.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "maturity/ambition_form.html", context | {"form": form}, status=status)


def _detail(request, ambition, member, form, status=200, current=None):
    overview = _overview(ambition)
    years = list(ambition.plan.years) if ambition.plan else []
    linked = services.linked_developments(ambition)
    context = overview | {
        "item": overview,
        "org": ambition.organisation,
        "member": member,
        "can_edit": can_edit(member),
        "developments": [(d, [d.costs.get(year, Decimal(0)) for year in years]) for d in linked],
        "years": years,
        "form": form,
        "current": current,
        "changes": changes_of(ambition).select_related("user")[:20],
    }
    return render(request, "maturity/ambition.html", context, status=status)


def ambition(request, org, pk):
    if request.method != "POST":
        ambition, member = ambition_for(request, org, pk)
        form = None
        if can_edit(member):
            form = AmbitionForm(
                initial=initial_of(ambition),
                organisation=member.organisation,
                ambition=ambition,
                rows=rows_for(ambition),
            )
        return _detail(request, ambition, member, form)
    ambition, member = ambition_for(request, org, pk, Role.EDITOR)
    options = {"organisation": member.organisation, "ambition": ambition, "rows": rows_for(ambition)}
    if request.POST.get("action") == REFRESH:
        return _detail(request, ambition, member, AmbitionForm(initial=initial_from_post(request.POST), **options))
    form = AmbitionForm(request.POST, **options)
    if not form.is_valid():
        return _detail(request, ambition, member, form, status=400)
    try:
        services.update_ambition(ambition, request.user, form.cleaned_data["version"] or 0, **form.values())
    except services.StaleVersion as stale:
        return _stale(request, ambition.pk, member, stale, options)
    except services.AmbitionError as error:
        form.add_service_error(error)
        return _detail(request, Ambition.objects.get(pk=ambition.pk), member, form, status=400)
    messages.success(request, _("Ambitie „%(title)s” is gewijzigd.") % {"title": ambition.title})
    return redirect("maturity:ambition", member.organisation.slug, ambition.pk)


def _stale(request, pk, member, stale, options):
    """Someone saved in between: keep what the user typed, show the current version beside it, and take the current
    version as the one read, so that saving again is a conscious choice."""
    current = Ambition.objects.select_related("plan__edition", "organisation").get(pk=pk)
    data = request.POST.copy()
    data["version"] = stale.current_version
    form = AmbitionForm(data, **(options | {"ambition": current}))
    form.is_valid()
    form.add_error(
        None,
        _(
            "Iemand anders heeft deze ambitie gewijzigd nadat u haar opende; er is niets opgeslagen. Vergelijk uw "
            "invoer met de huidige versie hierboven en sla opnieuw op als u uw versie wilt bewaren."
        ),
    )
    return _detail(request, current, member, form, status=409, current=current)


def ambition_delete(request, org, pk):
    ambition, member = ambition_for(request, org, pk, Role.EDITOR)
    back = reverse("maturity:ambition", args=[member.organisation.slug, ambition.pk])
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = 0
        try:
            services.delete_ambition(ambition, request.user, version)
        except services.StaleVersion:
            messages.error(
                request,
                _("Iemand anders heeft deze ambitie gewijzigd nadat u haar opende; bekijk haar voordat u verwijdert."),
            )
            return redirect(back)
        messages.success(request, _("Ambitie „%(title)s” is verwijderd.") % {"title": ambition.title})
        return redirect("maturity:ambitions", member.organisation.slug)
    context = {"ambition": ambition, "org": member.organisation, "member": member, "back": back}
    return render(request, "maturity/ambition_delete.html", context)
