"""Pages of positions, /standpunten/ (services/positions.py has the rules).

A final position is public (page, PDF, history); a draft is visible to coordinators, representatives and members
of organisations in any region, and 404 for anybody else. Coordinators create, edit and finalise; a region's
representative records the region's stance. A refused role is 403 with its message; bad input a Dutch message at
its field; a change to a final position or from a stale page is refused with a message and saves nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modelgemeente.core.enums import PositionStatus
from modelgemeente.plans.access import LoginRequired

from .forms_positions import FinaliseForm, PositionEditForm, PositionForm, StanceForm
from .models import Position
from .position_pdf import write_position_pdf
from .regions import is_coordinator, represented_regions
from .services import positions as service
from .services.common import ConsultationError

CONFLICT = 409


def _login_required(request) -> None:
    """An anonymous visitor gets the login page (403 with a link to log in), as everywhere in the consultation."""
    if not request.user.is_authenticated:
        raise LoginRequired(_("Log in om concepten van standpunten te bekijken en standpunten op te stellen."))


def _position(request, pk: int) -> Position:
    """The position if the user may see it. A draft is not public: an anonymous visitor is asked to log in (a
    member who follows a link to a draft sees it after logging in), anyone else who may not see it gets 404."""
    found = service.visible_positions(request.user).filter(pk=pk).first()
    if found is None:
        _login_required(request)
        raise Http404(_("Dit standpunt bestaat niet of is niet zichtbaar voor u."))
    return found


def _require_coordinator(request) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied(_("Alleen een coördinator van het landelijk beraad stelt standpunten op en vast."))


def _apply(form, call, *args, **kwargs):
    """Call the service; its refusal goes to the form (at the field it names). The result, or None when refused."""
    try:
        return call(*args, **kwargs)
    except service.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except service.InvalidInput as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    except ConsultationError as exc:  # final or stale
        form.add_error(None, str(exc))
        form.conflict = True
    return None


def _status(form) -> int:
    return CONFLICT if getattr(form, "conflict", False) else 400


def _rows(positions):
    return [(p, service.aggregate(p)) for p in positions]


def positions(request):
    visible = service.visible_positions(request.user)
    context = {
        "finals": _rows(visible.filter(status=PositionStatus.FINAL).order_by("-published_at", "-pk")),
        "drafts": _rows(visible.filter(status=PositionStatus.DRAFT).order_by("-updated_at", "-pk"))
        if service.may_see_drafts(request.user)
        else None,
        "can_create": is_coordinator(request.user),
    }
    return render(request, "consultation/position_list.html", context)


def position_create(request):
    _login_required(request)
    _require_coordinator(request)
    form = PositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = _apply(form, service.create_position, request.user, **form.cleaned_data)
        if created:
            messages.success(request, _("Het concept is opgeslagen. De regio's kunnen nu hun opstelling geven."))
            return redirect("consultation:position", created.pk)
    context = {"form": form, "heading": _("Nieuw standpunt opstellen"), "back_url": reverse("consultation:positions")}
    return render(request, "consultation/position_form.html", context, status=400 if form.errors else 200)


def _detail(request, position, stance_form=None, status=200):
    user = request.user
    regions = represented_regions(user)
    draft = position.status == PositionStatus.DRAFT
    if stance_form is None and draft and regions:
        own = {s.region_id: s for s in position.stances.filter(region__in=regions)}
        first = own.get(regions[0].pk)
        initial = {"stance": first.stance, "reason": first.reason} if first else {}
        stance_form = StanceForm(regions=regions, initial=initial)
    context = {
        "position": position,
        "reading": service.current_reading(position),
        "links": service.may_see_drafts(user),
        "coordinator": is_coordinator(user),
        "stance_form": stance_form if draft else None,
        "stance_regions": regions,
    }
    return render(request, "consultation/position_detail.html", context, status=status)


def position_detail(request, pk: int):
    return _detail(request, _position(request, pk))


@require_POST
def position_stance(request, pk: int):
    position = _position(request, pk)
    regions = represented_regions(request.user)
    if not regions:
        raise PermissionDenied(_("Alleen de vertegenwoordiger van een regio legt de opstelling van de regio vast."))
    form = StanceForm(request.POST, regions=regions)
    if position.status == PositionStatus.FINAL:
        messages.error(request, str(service.PositionFinal(position)))
        return _detail(request, position, status=CONFLICT)
    if form.is_valid():
        data = form.cleaned_data
        if _apply(form, service.record_stance, position, data["region"], request.user, data["stance"], data["reason"]):
            messages.success(
                request, _("De opstelling van %(region)s is opgeslagen.") % {"region": data["region"].name}
            )
            return redirect("consultation:position", position.pk)
    return _detail(request, position, stance_form=form, status=_status(form))


def _coordinator_draft(request, pk: int):
    """The position for a coordinator's change; a final one sends the coordinator back to its page with a message."""
    _login_required(request)
    position = _position(request, pk)
    _require_coordinator(request)
    if position.status == PositionStatus.FINAL:
        messages.error(request, str(service.PositionFinal(position)))
        return position, _detail(request, position, status=CONFLICT)
    return position, None


def _change_context(position, form, heading: str) -> dict:
    back = reverse("consultation:position", args=[position.pk])
    return {"position": position, "form": form, "heading": heading % {"title": position.title}, "back_url": back}


def position_edit(request, pk: int):
    position, refused = _coordinator_draft(request, pk)
    if refused:
        return refused
    initial = {"title": position.title, "text": position.text, "minority_notes": position.minority_notes}
    form = PositionEditForm(request.POST or None, initial=initial | {"version": position.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _apply(
            form,
            service.update_position,
            position,
            request.user,
            data["version"],
            title=data["title"],
            text=data["text"],
            minority_notes=data["minority_notes"],
        )
        if saved:
            messages.success(request, _("Het concept is opgeslagen als versie %(n)s.") % {"n": position.version})
            return redirect("consultation:position", position.pk)
    context = _change_context(position, form, _("%(title)s bewerken"))
    return render(request, "consultation/position_edit.html", context, status=_status(form) if form.errors else 200)


def position_finalise(request, pk: int):
    position, refused = _coordinator_draft(request, pk)
    if refused:
        return refused
    reading = service.current_reading(position)
    initial = {"minority_notes": position.minority_notes, "version": position.version}
    dissent = [row.region for row in reading.aggregate.dissent]
    form = FinaliseForm(request.POST or None, initial=initial, dissent=dissent)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(form, service.finalise_position, position, request.user, data["version"], data["minority_notes"]):
            messages.success(request, _("Het standpunt is vastgesteld en gepubliceerd."))
            return redirect("consultation:position", position.pk)
    context = _change_context(position, form, _("%(title)s vaststellen")) | {"reading": reading}
    return render(request, "consultation/position_finalise.html", context, status=_status(form) if form.errors else 200)


def position_pdf(request, pk: int):
    position = _position(request, pk)
    with translation.override("nl"):
        content = write_position_pdf(position, service.current_reading(position))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="standpunt-{position.pk}.pdf"'
    return response


def _who(version, insider: bool) -> str:
    """Who saved a version: the role from its snapshot, and the person's name for those who may see drafts."""
    role = service.reading(version.snapshot).saved_by
    name = version.user.get_full_name() if insider and version.user else ""
    return f"{name} ({role})" if name and role else name or role or _("onbekend")


def position_history(request, pk: int):
    position = _position(request, pk)
    insider = service.may_see_drafts(request.user)
    versions = [
        (v, _who(v, insider), service.reading(v.snapshot))
        for v in position.versions.select_related("user").order_by("-number")
    ]
    return render(request, "consultation/position_history.html", {"position": position, "versions": versions})


def position_version(request, pk: int, number: int):
    position = _position(request, pk)
    version = position.versions.select_related("user").filter(number=number).first()
    if version is None:
        raise Http404(_("Deze versie bestaat niet."))
    context = {
        "position": position,
        "version": version,
        "who": _who(version, service.may_see_drafts(request.user)),
        "reading": service.reading(version.snapshot),
        "links": service.may_see_drafts(request.user),
    }
    return render(request, "consultation/position_version.html", context)
