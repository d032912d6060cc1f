"""Pages of the participation part of the community (/gemeenschap/): the community's home for a year,
an organisation's participation and its people, a person's consent to be shown, the hours report with
its exports, and the yearly calendar beside the P&C cycle (docs/community.md)."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modelgemeente.catalog import releases
from modelgemeente.catalog.models import Edition
from modelgemeente.core.enums import Role
from modelgemeente.plans.access import LoginRequired
from modelgemeente.plans.models import Membership, Organisation

from . import participation_report as report
from . import services
from .access import is_community_editor, member_organisations, this_year
from .forms_participation import CommitmentForm, CommunityYearForm, ParticipantForm
from .models import CommunityYear, Participant, Participation, Session

MIN_YEAR, MAX_YEAR = 2000, 2100


def year_from(request) -> int:
    """The year of ?jaar=, this year without it; a bad value is a 400 with a Dutch message."""
    raw = request.GET.get("jaar", "").strip()
    if not raw:
        return this_year()
    if not raw.isdigit() or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        raise BadRequest(
            _("Het jaar moet een getal tussen %(min)s en %(max)s zijn.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    return int(raw)


def _with_year(url: str, year: int) -> str:
    return f"{url}?jaar={year}"


def public_people(participations) -> dict[int, list[str]]:
    """Per participation the names of people who consented to be shown (AVG), each name once."""
    names: dict[int, list[str]] = {}
    rows = Participant.objects.filter(participation__in=participations, public=True).select_related("user")
    for p in rows.order_by("user__first_name", "user__last_name"):
        name = p.user.get_full_name() or p.user.first_name
        if name and name not in names.setdefault(p.participation_id, []):
            names[p.participation_id].append(name)
    return names


def other_parts(year: int) -> list[tuple[str, str]]:
    """The other parts of the community, by their paths (their URLs live in the other parts' modules)."""
    return [
        (f"/gemeenschap/themas/?jaar={year}", _("Thema's en stemmen")),
        (f"/gemeenschap/sessies/?jaar={year}", _("Themasessies")),
        (f"/gemeenschap/behoeften/?jaar={year}", _("Behoeften van gemeenten")),
        ("/gemeenschap/voorstellen/", _("Voorstellen en feedback op de inhoud")),
    ]


def index(request):
    year = year_from(request)
    participations = list(
        Participation.objects.filter(year=year).select_related("organisation").order_by("organisation__name")
    )
    names = public_people(participations)
    rows = [(p, names.get(p.pk, [])) for p in participations]
    own = []
    if request.user.is_authenticated:
        joined = {p.organisation_id: p for p in participations}
        for org in member_organisations(request.user).order_by("name"):
            own.append((org, joined.get(org.pk)))
    return render(
        request,
        "community/index.html",
        {
            "year": year,
            "parts": other_parts(year),
            "rows": rows,
            "total_hours": sum(p.committed_hours for p in participations),
            "own": own,
            "is_editor": is_community_editor(request.user, year),
            "my_roles": request.user.is_authenticated
            and Participant.objects.filter(user=request.user, participation__year=year).exists(),
        },
    )


# An organisation's participation ------------------------------------------------------------------


@dataclass
class OrgAccess:
    organisation: Organisation
    can_manage: bool  # the organisation's admins and the model's editors
    model_editor: bool


def org_access(request, slug: str) -> OrgAccess:
    if not request.user.is_authenticated:
        raise LoginRequired(_("Log in om deze pagina te bekijken."))
    org = Organisation.objects.filter(slug=slug).first()
    member = Membership.objects.filter(organisation=org, user=request.user).first() if org else None
    model_editor = releases.is_editor(request.user)
    if org is None or (member is None and not model_editor):
        raise Http404(_("Deze organisatie bestaat niet of u bent er geen lid van."))
    return OrgAccess(org, model_editor or member.allows(Role.ADMIN), model_editor)


def _manage(request, slug) -> OrgAccess:
    access = org_access(request, slug)
    if not access.can_manage:
        raise PermissionDenied(_("Alleen een beheerder van de organisatie kan de deelname wijzigen."))
    return access


def _participation_context(request, access: OrgAccess, year: int, join_form=None, commit_form=None, person_form=None):
    org = access.organisation
    participation = Participation.objects.filter(organisation=org, year=year).first()
    people = []
    if participation:
        people = participation.participants.select_related("user").order_by("user__first_name", "role")
    return {
        "org": org,
        "year": year,
        "access": access,
        "participation": participation,
        "people": people,
        "join_form": join_form or CommitmentForm(),
        "commit_form": commit_form
        or (
            CommitmentForm(
                initial={
                    "committed_hours": participation.committed_hours,
                    "expected_hours": participation.committed_hours,
                }
            )
            if participation
            else None
        ),
        "person_form": person_form or ParticipantForm(organisation=org, allow_editor=access.model_editor),
    }


def participation_page(request, org):
    access = org_access(request, org)
    year = year_from(request)
    return render(request, "community/participation_org.html", _participation_context(request, access, year))


def _back(access, year):
    return redirect(_with_year(reverse("community:participation", args=[access.organisation.slug]), year))


@require_POST
def participation_join(request, org):
    access = _manage(request, org)
    year = year_from(request)
    form = CommitmentForm(request.POST)
    if form.is_valid():
        try:
            services.join_community(access.organisation, year, form.cleaned_data["committed_hours"], request.user)
        except services.ParticipationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(org)s doet mee in %(year)s.") % {"org": access.organisation.name, "year": year},
            )
            return _back(access, year)
    context = _participation_context(request, access, year, join_form=form)
    return render(request, "community/participation_org.html", context, status=400)


@require_POST
def participation_change(request, org):
    access = _manage(request, org)
    year = year_from(request)
    participation = get_object_or_404(Participation, organisation=access.organisation, year=year)
    form = CommitmentForm(request.POST)
    if form.is_valid():
        try:
            services.change_commitment(
                participation, form.cleaned_data["committed_hours"], form.cleaned_data["expected_hours"], request.user
            )
        except services.ParticipationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De toegezegde uren zijn opgeslagen."))
            return _back(access, year)
    context = _participation_context(request, access, year, commit_form=form)
    return render(request, "community/participation_org.html", context, status=400)


@require_POST
def participation_leave(request, org):
    access = _manage(request, org)
    year = year_from(request)
    participation = get_object_or_404(Participation, organisation=access.organisation, year=year)
    try:
        services.leave_community(participation, request.user)
    except services.ParticipationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(org)s doet niet meer mee in %(year)s.") % {"org": access.organisation.name, "year": year}
        )
    return _back(access, year)


@require_POST
def participant_add(request, org):
    access = _manage(request, org)
    year = year_from(request)
    participation = get_object_or_404(Participation, organisation=access.organisation, year=year)
    form = ParticipantForm(request.POST, organisation=access.organisation, allow_editor=access.model_editor)
    if form.is_valid():
        try:
            services.add_participant(participation, form.cleaned_data["user"], form.cleaned_data["role"], request.user)
        except services.ParticipationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De rol is toegevoegd."))
            return _back(access, year)
    context = _participation_context(request, access, year, person_form=form)
    return render(request, "community/participation_org.html", context, status=400)


@require_POST
def participant_remove(request, org, pk):
    access = _manage(request, org)
    participant = get_object_or_404(Participant, pk=pk, participation__organisation=access.organisation)
    year = participant.participation.year
    try:
        services.remove_participant(participant, request.user)
    except services.ParticipationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("De rol is ingetrokken."))
    return _back(access, year)


# A person's own roles and consent ----------------------------------------------------------------


def my_participation(request):
    if not request.user.is_authenticated:
        raise LoginRequired(_("Log in om deze pagina te bekijken."))
    if request.method == "POST":
        try:
            pk = int(request.POST.get("participant", ""))
        except ValueError:
            raise BadRequest(_("Het formulier mist een geldige deelname.")) from None
        participant = get_object_or_404(Participant, pk=pk, user=request.user)
        public = request.POST.get("public") == "1"
        services.set_public(participant, public, request.user)
        if public:
            messages.success(request, _("Uw naam staat nu op de openbare pagina van de gemeenschap."))
        else:
            messages.success(request, _("Uw naam staat niet meer op de openbare pagina van de gemeenschap."))
        return redirect("community:my_participation")
    roles = Participant.objects.filter(user=request.user).select_related("participation__organisation")
    grouped: dict[int, dict] = {}
    for p in roles.order_by("-participation__year", "participation__organisation__name"):
        entry = grouped.setdefault(p.participation_id, {"first": p, "roles": []})
        entry["roles"].append(p.get_role_display())
    return render(request, "community/participation_mine.html", {"entries": list(grouped.values())})


# The hours report --------------------------------------------------------------------------------


def _report_rows(request, year: int) -> tuple[list[report.HoursRow], bool]:
    """The rows the user may see: every organisation for the community's editors; an organisation's
    members their own only; anyone else a 404 (the figures of others are not public)."""
    participations = (
        Participation.objects.filter(year=year).select_related("organisation").order_by("organisation__name")
    )
    editor = is_community_editor(request.user, year)
    if not editor:
        participations = participations.filter(organisation__in=member_organisations(request.user))
        if not participations.exists():
            raise Http404(_("Er is geen urenoverzicht dat u mag bekijken."))
    return report.hours_rows(year, participations), editor


def hours(request):
    year = year_from(request)
    rows, editor = _report_rows(request, year)
    totals = {
        "declared": sum(r.declared for r in rows),
        "sessions": sum(r.sessions for r in rows),
        "reviews": sum(r.reviews for r in rows),
        "proposals": sum(r.proposals for r in rows),
        "recorded": sum(r.recorded for r in rows),
    }
    return render(
        request,
        "community/hours_report.html",
        {"year": year, "rows": rows, "editor": editor, "totals": totals},
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def hours_csv(request):
    year = year_from(request)
    rows, _editor = _report_rows(request, year)
    return _download(report.write_csv(year, rows), "text/csv; charset=utf-8", f"uren-gemeenschap-{year}.csv")


def hours_xlsx(request):
    year = year_from(request)
    rows, _editor = _report_rows(request, year)
    return _download(
        report.write_xlsx(year, rows),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"uren-gemeenschap-{year}.xlsx",
    )


# The yearly calendar -----------------------------------------------------------------------------


@dataclass
class CalendarItem:
    on: datetime.date
    kind: str
    label: str
    time: datetime.time | None = None
    url: str = ""
    note: str = ""


DATE_LABELS = {
    "content_release_due": (
        "release",
        _("Inhoudsversie (voorjaar) gepubliceerd, uiterlijk – vóór de voorjaarsnota"),
    ),
    "voorjaarsnota_on": ("pc", _("Voorjaarsnota in de raad (indicatie)")),
    "budget_release_due": (
        "release",
        _("Begrotingsversie (zomer) gepubliceerd, uiterlijk – vóór de najaarsnota en begroting"),
    ),
    "najaarsnota_on": ("pc", _("Najaarsnota en begroting in de raad (indicatie)")),
    "proposal_deadline": ("community", _("Uiterste datum voor voorstellen voor de volgende editie")),
    "theme_vote_deadline": ("community", _("Uiterste datum om op thema's te stemmen")),
}


def calendar_items(year: int, community_year: CommunityYear | None) -> list[CalendarItem]:
    """The year's dates, sessions and published releases, in date order (a date not set is left out)."""
    items = []
    if community_year:
        for name, (kind, label) in DATE_LABELS.items():
            on = getattr(community_year, name)
            if on:
                items.append(CalendarItem(on, kind, str(label)))
    for session in Session.objects.filter(year=year).order_by("starts_at"):
        start = timezone.localtime(session.starts_at)
        items.append(
            CalendarItem(
                start.date(),
                "session",
                session.title,
                time=start.time(),
                url=f"/gemeenschap/sessies/{session.pk}/",
                note=_("geannuleerd") if session.cancelled_at else "",
            )
        )
    for edition in published_releases(year):
        items.append(
            CalendarItem(
                edition.published_on,
                "published",
                _("Release %(id)s gepubliceerd") % {"id": edition.release_id},
                url=reverse("catalog:release", args=[edition.year, edition.number]),
            )
        )
    items.sort(key=lambda i: (i.on, i.time or datetime.time.min))
    return items


def published_releases(year: int):
    return Edition.objects.published().filter(year=year, published_on__isnull=False).order_by("published_on")


KIND_LABELS = {
    "release": _("Release (gepland)"),
    "published": _("Release (gepubliceerd)"),
    "pc": _("P&C-cyclus"),
    "community": _("Gemeenschap"),
    "session": _("Themasessie"),
}


def calendar(request):
    year = year_from(request)
    community_year = CommunityYear.objects.filter(year=year).first()
    items = calendar_items(year, community_year)
    for item in items:
        item.kind_label = KIND_LABELS[item.kind]
    dates_set = bool(community_year) and all(getattr(community_year, name) for name in DATE_LABELS)
    return render(
        request,
        "community/calendar.html",
        {
            "year": year,
            "community_year": community_year,
            "items": items,
            "dates_set": dates_set,
            "no_dates": not community_year or not any(getattr(community_year, name) for name in DATE_LABELS),
            "releases": published_releases(year),
            "can_edit": is_community_editor(request.user, year),
        },
    )


def calendar_edit(request):
    year = year_from(request)
    if not request.user.is_authenticated:
        raise LoginRequired(_("Log in om deze pagina te bekijken."))
    if not is_community_editor(request.user, year):
        raise PermissionDenied(_("Alleen de redactie kan de kalender van de gemeenschap wijzigen."))
    current = CommunityYear.objects.filter(year=year).first()
    instance = current or CommunityYear(year=year)
    if request.method == "POST":
        form = CommunityYearForm(request.POST, instance=CommunityYear(year=year), year=year)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.CALENDAR_FIELDS}
            try:
                services.save_community_year(year, values, form.cleaned_data["fingerprint"], request.user)
            except services.ParticipationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("De kalender van %(year)s is opgeslagen.") % {"year": year})
                return redirect(_with_year(reverse("community:calendar"), year))
        return render(request, "community/calendar_edit.html", {"form": form, "year": year}, status=400)
    form = CommunityYearForm(
        instance=instance, year=year, initial={"fingerprint": services.calendar_fingerprint(current)}
    )
    return render(request, "community/calendar_edit.html", {"form": form, "year": year})
