"""Theme sessions under /gemeenschap/sessies/ (docs/community.md, "Theme sessions").

Anyone reads the sessions; editors plan and change them; members of a participating organisation
register; the session lead records attendance, notes and decisions afterwards. The views parse the
request, call community/services.py and render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modelgemeente.catalog import releases

from . import access, services
from .forms_sessions import AttendanceForm, DecisionForm, RegistrationForm, SessionForm
from .ical import session_ics
from .models import MAX_SESSION_MINUTES, MIN_SESSIONS_PER_YEAR, Registration, Session, SessionDecision

MIN_YEAR, MAX_YEAR = 2000, 2100


def _year(request) -> int:
    try:
        year = int(request.GET.get("jaar", ""))
    except ValueError:
        return access.this_year()
    return year if MIN_YEAR <= year <= MAX_YEAR else access.this_year()


def _sessions(year: int):
    return (
        Session.objects.filter(year=year)
        .select_related("theme")
        .annotate(registered_count=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True)))
        .order_by("starts_at")
    )


def _session_or_404(pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("theme", "lead"), pk=pk)


def session_list(request):
    year = _year(request)
    sessions = list(_sessions(year))
    for session in sessions:
        session.places_left = services.places_left(session)
        session.too_long = services.session_too_long(session)
    return render(
        request,
        "community/sessions.html",
        {
            "year": year,
            "sessions": sessions,
            "warnings": services.session_warnings(year, sessions),
            "can_plan": access.is_community_editor(request.user, year),
            "min_sessions": MIN_SESSIONS_PER_YEAR,
            "max_minutes": MAX_SESSION_MINUTES,
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )


def _linked_developments(session: Session, user) -> list[dict]:
    release = releases.home_release(user)
    found = {}
    if release is not None and session.development_slugs:
        found = {d.slug: d for d in release.developments.filter(slug__in=session.development_slugs)}
    return [
        {"slug": slug, "development": found.get(slug), "release": release} for slug in session.development_slugs or []
    ]


def session_detail(request, pk: int):
    session = _session_or_404(pk)
    user = request.user
    registration = None
    organisations = access.participating_organisations(user, session.year)
    if user.is_authenticated:
        registration = Registration.objects.filter(session=session, user=user).select_related("organisation").first()
    is_lead = access.is_session_lead(user, session)
    can_register = (
        session.cancelled_at is None
        and session.starts_at > timezone.now()
        and organisations.exists()
        and not (registration and registration.cancelled_at is None)
    )
    return render(
        request,
        "community/session.html",
        {
            "session": session,
            "places_left": services.places_left(session),
            "too_long": services.session_too_long(session),
            "max_minutes": MAX_SESSION_MINUTES,
            "developments": _linked_developments(session, user),
            "registration": registration,
            "registration_form": RegistrationForm(organisations=organisations) if can_register else None,
            "can_register": can_register,
            "participates": organisations.exists(),
            "can_edit": access.is_community_editor(user, session.year),
            "is_lead": is_lead,
            "registrations": (
                services.active_registrations(session).select_related("user", "organisation") if is_lead else None
            ),
            "decisions": session.decisions.select_related("proposal"),
            "started": session.starts_at <= timezone.now(),
        },
    )


@login_required
def session_create(request):
    year = _year(request)
    if not access.is_community_editor(request.user, year):
        raise PermissionDenied(_("Alleen redacteuren van de gemeenschap plannen themasessies."))
    form = SessionForm(request.POST or None, year=year, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.save_session(request.user, year=year, values=form.values())
        except services.SessionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("De sessie is gepland."))
            return redirect(session)
    return render(request, "community/session_form.html", {"form": form, "year": year, "session": None})


@login_required
def session_edit(request, pk: int):
    session = _session_or_404(pk)
    if not access.is_community_editor(request.user, session.year):
        raise PermissionDenied(_("Alleen redacteuren van de gemeenschap wijzigen themasessies."))
    if session.cancelled_at is not None:
        messages.error(request, _("Deze sessie is geannuleerd en kan niet meer worden gewijzigd."))
        return redirect(session)
    form = SessionForm(request.POST or None, instance=session, year=session.year, user=request.user)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            session = services.save_session(
                request.user,
                year=session.year,
                values=form.values(),
                session=session,
                expected_version=form.cleaned_data.get("version"),
            )
        except services.StaleSession as error:
            stale = True
            messages.error(request, error.message)
            form = SessionForm(instance=error.current, year=error.current.year, user=request.user)
        except services.SessionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("De sessie is opgeslagen."))
            return redirect(session)
    return render(
        request, "community/session_form.html", {"form": form, "year": session.year, "session": session, "stale": stale}
    )


@login_required
def session_cancel(request, pk: int):
    session = _session_or_404(pk)
    if not access.is_community_editor(request.user, session.year):
        raise PermissionDenied(_("Alleen redacteuren van de gemeenschap annuleren themasessies."))
    if request.method == "POST":
        try:
            services.cancel_session(request.user, session, expected_version=request.POST.get("version") or None)
        except services.StaleSession as error:
            messages.error(request, error.message)
            return redirect("community:session_cancel", pk=session.pk)
        except ValueError:
            raise Http404 from None
        messages.success(request, _("De sessie is geannuleerd; wie zich had aangemeld krijgt bericht."))
        return redirect(session)
    return render(
        request,
        "community/session_cancel.html",
        {"session": session, "registered": services.active_registrations(session).count()},
    )


@require_POST
def session_register(request, pk: int):
    session = _session_or_404(pk)
    if not request.user.is_authenticated:
        messages.error(request, _("Log in om u aan te melden voor een sessie."))
        return redirect(session)
    organisations = access.participating_organisations(request.user, session.year)
    form = RegistrationForm(request.POST, organisations=organisations)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors))
        return redirect(session)
    try:
        services.register(request.user, session, form.cleaned_data["organisation"])
    except services.SessionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("U bent aangemeld. U krijgt een bevestiging per e-mail, met de sessie als agenda-item.")
        )
    return redirect(session)


@require_POST
@login_required
def session_unregister(request, pk: int):
    session = _session_or_404(pk)
    try:
        services.unregister(request.user, session)
    except services.SessionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("U bent afgemeld; uw plaats is vrijgegeven."))
    return redirect(session)


def session_ics_file(request, pk: int):
    session = _session_or_404(pk)
    body = session_ics(session, request.build_absolute_uri(session.get_absolute_url()))
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sessie-{session.pk}.ics"'
    return response


def _require_lead(request, session):
    if not access.is_session_lead(request.user, session):
        raise PermissionDenied(_("Alleen de sessieleider legt de aanwezigheid, het verslag en de besluiten vast."))


@login_required
def session_report(request, pk: int):
    """Attendance and notes, by the session lead, after the session has started."""
    session = _session_or_404(pk)
    _require_lead(request, session)
    registrations = services.active_registrations(session).select_related("user", "organisation")
    initial = {"notes": session.notes, "version": session.version}
    form = AttendanceForm(request.POST or None, registrations=registrations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(
                request.user,
                session,
                attended=form.attended(),
                notes=form.cleaned_data["notes"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleSession as error:
            messages.error(request, error.message)
            session = error.current
            form = AttendanceForm(
                registrations=registrations, initial={"notes": session.notes, "version": session.version}
            )
        except services.SessionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De aanwezigheid en het verslag zijn opgeslagen."))
            return redirect(session)
    return render(
        request,
        "community/session_report.html",
        {
            "session": session,
            "form": form,
            "decision_form": DecisionForm(prefix="new"),
            "decisions": [(d, DecisionForm(instance=d, prefix=f"d{d.pk}")) for d in session.decisions.all()],
            "started": session.starts_at <= timezone.now(),
        },
    )


@require_POST
@login_required
def session_decision_add(request, pk: int):
    session = _session_or_404(pk)
    _require_lead(request, session)
    form = DecisionForm(request.POST, prefix="new")
    text = form.data.get("new-text", "")
    try:
        services.add_decision(request.user, session, text)
    except services.SessionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Het besluit is toegevoegd."))
    return redirect("community:session_report", pk=session.pk)


@require_POST
@login_required
def session_decision(request, pk: int, decision_pk: int):
    """Change (`text`) or remove (`remove`) a decision."""
    session = _session_or_404(pk)
    _require_lead(request, session)
    decision = get_object_or_404(SessionDecision, pk=decision_pk, session=session)
    try:
        if "remove" in request.POST:
            services.remove_decision(request.user, decision)
            messages.success(request, _("Het besluit is verwijderd."))
        else:
            services.edit_decision(request.user, decision, request.POST.get(f"d{decision.pk}-text", ""))
            messages.success(request, _("Het besluit is opgeslagen."))
    except services.SessionError as error:
        messages.error(request, error.message)
    return redirect("community:session_report", pk=session.pk)
