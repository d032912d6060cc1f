"""Pages of the collective (+1) provisions: the public catalogue, one provision with its live figures, stating
interest or a conditional pledge, and a plan that joins or leaves (with its totals without and with the provision).

Views parse, call services/provisions.py and render; the figures come from provision_figures.py (the engine). Bad
input or a refused step shows the page again with the message at its form (400), a stale plan version with a
message (409); nothing changes. Changing needs the editor role in the organisation (403 otherwise); an anonymous
visitor who posts gets the login page. A join is visible to the members of the plan's organisation only (404).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modelgemeente.core.enums import ProvisionStatus
from modelgemeente.plans.access import LoginRequired
from modelgemeente.plans.models import ChangeKind, Membership, Role

from . import provision_figures as pf
from .forms_provisions import JoinForm, LeaveForm, PledgeForm, WithdrawForm
from .models import Provision, ProvisionJoin
from .regions import editor_memberships, inhabitants_source
from .services import provisions as services
from .services.common import ConsultationError, StaleVersion


def _login_required(request) -> None:
    if not request.user.is_authenticated:
        raise LoginRequired(_("Log in om namens uw organisatie mee te doen."))


def _editor_organisations(user) -> list:
    return [m.organisation for m in editor_memberships(user)]


def provisions(request):
    release = pf.current_release()
    rows = [(p, pf.summary(p), pf.replaces(p, release)) for p in Provision.objects.all()]
    return render(request, "consultation/provisions.html", {"rows": rows, "release": release})


def provision(request, slug):
    return _detail(request, get_object_or_404(Provision, slug=slug))


def _detail(request, provision, status=200, pledge_form=None, withdraw_form=None, join_error=""):
    user = request.user
    release = pf.current_release()
    organisations = _editor_organisations(user)
    open_for_pledges = provision.status != ProvisionStatus.ENDED
    pledged = list(provision.pledges.filter(organisation__in=organisations).select_related("organisation"))
    if pledge_form is None and organisations and open_for_pledges:
        initial = {}
        if len(organisations) == 1 and pledged:
            own = pledged[0]
            initial = {"kind": own.kind, "max_yearly_share": own.max_yearly_share, "note": own.note}
        pledge_form = PledgeForm(organisations=organisations, initial=initial)
    if withdraw_form is None and pledged:
        withdraw_form = WithdrawForm(organisations=[p.organisation for p in pledged])
    member_of = (
        set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        if user.is_authenticated
        else set()
    )
    context = {
        "provision": provision,
        "release": release,
        "replaces": pf.replaces(provision, release),
        "figures": pf.figures(provision, user),
        "inhabitants_source": inhabitants_source(),
        "pledge_form": pledge_form,
        "withdraw_form": withdraw_form,
        "own_pledges": pledged,
        "joinable": pf.joinable_plans(user, provision) if open_for_pledges else [],
        "joins": provision.joins.filter(plan__organisation__in=member_of).select_related("plan__organisation"),
        "join_error": join_error,
        "can_act": bool(organisations),
    }
    return render(request, "consultation/provision.html", context, status=status)


@require_POST
def provision_pledge(request, slug):
    _login_required(request)
    provision = get_object_or_404(Provision, slug=slug)
    organisations = _editor_organisations(request.user)
    if not organisations:
        raise PermissionDenied(_("Alleen een redacteur of beheerder van een organisatie kan namens haar meedoen."))
    form = PledgeForm(request.POST, organisations=organisations)
    if not form.is_valid():
        return _detail(request, provision, 400, pledge_form=form)
    data = form.cleaned_data
    try:
        services.pledge(
            provision,
            form.organisation(),
            request.user,
            kind=data["kind"],
            max_yearly_share=data["max_yearly_share"],
            note=data["note"],
        )
    except ConsultationError as error:
        form.add_error(None, str(error))
        return _detail(request, provision, 400, pledge_form=form)
    messages.success(request, _("Opgeslagen namens %(org)s.") % {"org": form.organisation().name})
    return redirect("consultation:provision", provision.slug)


@require_POST
def provision_withdraw(request, slug):
    _login_required(request)
    provision = get_object_or_404(Provision, slug=slug)
    organisations = _editor_organisations(request.user)
    pledges = {p.organisation_id: p for p in provision.pledges.filter(organisation__in=organisations)}
    if not pledges:
        raise PermissionDenied(_("Uw organisatie heeft bij deze voorziening niets om in te trekken."))
    form = WithdrawForm(request.POST, organisations=[o for o in organisations if o.pk in pledges])
    if not form.is_valid():
        return _detail(request, provision, 400, withdraw_form=form)
    organisation = form.organisation()
    services.withdraw_pledge(pledges[organisation.pk], request.user)
    messages.success(request, _("Ingetrokken namens %(org)s.") % {"org": organisation.name})
    return redirect("consultation:provision", provision.slug)


@require_POST
def provision_join(request, slug):
    _login_required(request)
    provision = get_object_or_404(Provision, slug=slug)
    if not _editor_organisations(request.user):
        raise PermissionDenied(
            _("Alleen een redacteur of beheerder van een organisatie kan een plan laten aansluiten.")
        )
    form = JoinForm(request.POST, plans=pf.joinable_plans(request.user, provision))
    if not form.is_valid():
        errors = [str(e) for field in ("plan", "version") for e in form.errors.get(field, [])]
        return _detail(request, provision, 400, join_error=" ".join(dict.fromkeys(errors)))
    plan = form.chosen()
    try:
        join = services.join_provision(plan, provision, request.user, form.cleaned_data["version"])
    except StaleVersion as error:
        return _detail(request, provision, 409, join_error=str(error))
    except ConsultationError as error:
        return _detail(request, provision, 400, join_error=str(error))
    messages.success(request, _("%(plan)s is aangesloten bij %(name)s.") % {"plan": plan.title, "name": provision.name})
    return redirect("consultation:provision_joined", provision.slug, join.pk)


def _join_for(request, slug, pk, role=Role.MEMBER) -> tuple[ProvisionJoin, Membership]:
    """A join of a plan of the user's organisation; 404 for anyone else (the plan's existence is not revealed)."""
    if not request.user.is_authenticated:
        raise LoginRequired(_("Log in om deze pagina te bekijken."))
    join = get_object_or_404(
        ProvisionJoin.objects.select_related("plan__organisation", "plan__edition", "provision"),
        pk=pk,
        provision__slug=slug,
    )
    member = Membership.objects.filter(user=request.user, organisation=join.plan.organisation).first()
    if member is None:
        raise Http404(_("Deze deelname bestaat niet of is niet zichtbaar voor u."))
    if not member.allows(role):
        raise PermissionDenied(
            _("Uw rol in %(org)s is %(role)s; hiervoor is de rol %(needed)s nodig.")
            % {"org": join.plan.organisation.name, "role": member.get_role_display(), "needed": Role(role).label}
        )
    return join, member


def provision_joined(request, slug, pk):
    join, member = _join_for(request, slug, pk)
    return _join_page(request, join, member)


def _join_page(request, join, member, status=200, error=""):
    plan = join.plan
    change = plan.changes.filter(kind=ChangeKind.SHARED_JOINED, at__lte=join.at).order_by("-at", "-pk").first()
    can_leave = member.allows(Role.EDITOR) and not plan.is_read_only
    context = {
        "join": join,
        "plan": plan,
        "provision": join.provision,
        "effect": pf.join_effect(join),
        "change": change,
        "leave_form": LeaveForm(initial={"version": plan.version}) if can_leave else None,
        "error": error,
    }
    return render(request, "consultation/provision_join.html", context, status=status)


@require_POST
def provision_leave(request, slug, pk):
    join, member = _join_for(request, slug, pk, Role.EDITOR)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        return _join_page(request, join, member, 400, " ".join(form.errors.get("version", [])))
    try:
        services.leave_provision(join, request.user, form.cleaned_data["version"])
    except StaleVersion as error:
        join.plan.refresh_from_db()
        return _join_page(request, join, member, 409, str(error))
    except ConsultationError as error:
        return _join_page(request, join, member, 400, str(error))
    messages.success(
        request,
        _("%(plan)s neemt niet meer deel aan %(name)s.") % {"plan": join.plan.title, "name": join.provision.name},
    )
    return redirect("consultation:provision", join.provision.slug)
