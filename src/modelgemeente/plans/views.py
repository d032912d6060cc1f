"""My organisations: create one, manage members, invite colleagues by e-mail link.

The views parse the request, call plans/services.py and render; the rules for
invitations are described there and in docs/plans.md.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modelgemeente.accounts.services import is_confirmed

from . import services
from .access import membership
from .forms import InvitationForm, MemberRoleForm, OrganisationForm
from .models import Invitation, Membership, Role


def closed_message(state):
    return {
        services.USED: _("Deze uitnodiging is al gebruikt."),
        services.REVOKED: _("Deze uitnodiging is ingetrokken."),
        services.EXPIRED: _("Deze uitnodiging is verlopen."),
    }[state]


@login_required
def dashboard(request):
    """My organisations and plans; invitations to my address once I have confirmed it."""
    if request.method == "POST":
        return _accept_from_dashboard(request)
    confirmed = is_confirmed(request.user)
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .prefetch_related("organisation__plans__edition")
    )
    invitations = (
        Invitation.objects.open().filter(email__iexact=request.user.email).select_related("organisation")
        if confirmed and request.user.email
        else Invitation.objects.none()
    )
    return render(
        request,
        "plans/dashboard.html",
        {"memberships": memberships, "invitations": invitations, "email_confirmed": confirmed},
    )


def _accept_from_dashboard(request):
    try:
        pk = int(request.POST.get("accept", ""))
    except ValueError:
        return redirect("plans:dashboard")
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation"), pk=pk, email__iexact=request.user.email
    )
    try:
        services.accept_invitation(invitation, request.user, with_token=False)
    except services.AddressNotConfirmed:
        raise PermissionDenied(
            _("Bevestig eerst uw e-mailadres, of gebruik de link uit de e-mail met de uitnodiging.")
        ) from None
    except services.InvitationClosed as closed:
        messages.error(request, closed_message(closed.state))
        return redirect("plans:dashboard")
    messages.success(request, _("U bent nu lid van %(org)s.") % {"org": invitation.organisation.name})
    return redirect(invitation.organisation)


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = services.create_organisation(form, request.user)
        messages.success(request, _("Organisatie %(name)s is aangemaakt; u bent beheerder.") % {"name": org.name})
        return redirect(org)
    return render(request, "plans/organisation_form.html", {"form": form})


def _organisation_context(member, invite_form=None):
    org = member.organisation
    is_admin = member.allows(Role.ADMIN)
    return {
        "org": org,
        "member": member,
        "plans": org.plans.select_related("edition"),
        "memberships": org.memberships.select_related("user"),
        # Not accepted and not revoked: open ones can be revoked, expired ones are shown as expired.
        "invitations": (org.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True) if is_admin else []),
        "invite_form": (invite_form or InvitationForm(organisation=org)) if is_admin else None,
        "roles": Role.choices,
    }


def organisation(request, org):
    member = membership(request, org)
    return render(request, "plans/organisation.html", _organisation_context(member))


@require_POST
def invite(request, org):
    """Send an invitation, or (with `revoke`) revoke one of this organisation's open invitations."""
    member = membership(request, org, Role.ADMIN)
    org = member.organisation
    if "revoke" in request.POST:
        return _revoke(request, org)
    form = InvitationForm(request.POST, organisation=org)
    if not form.is_valid():
        return render(request, "plans/organisation.html", _organisation_context(member, form), status=400)
    invitation = services.create_invitation(form, org, request.user)
    link = request.build_absolute_uri(invitation.get_absolute_url())
    if services.send_invitation(invitation, link, request.user):
        messages.success(
            request,
            _("Uitnodiging verstuurd naar %(email)s. De link is ook hier te kopiëren: %(link)s")
            % {"email": invitation.email, "link": link},
        )
    else:
        messages.warning(
            request,
            _(
                "De uitnodiging voor %(email)s is aangemaakt, maar de e-mail kon niet worden "
                "verstuurd. Kopieer deze link en stuur hem zelf: %(link)s"
            )
            % {"email": invitation.email, "link": link},
        )
    return redirect(org)


def _revoke(request, org):
    try:
        pk = int(request.POST["revoke"])
    except ValueError:
        pk = 0
    invitation = get_object_or_404(Invitation, pk=pk, organisation=org)
    try:
        services.revoke_invitation(invitation, request.user)
    except services.InvitationClosed as closed:
        messages.error(request, closed_message(closed.state))
    else:
        messages.success(request, _("De uitnodiging voor %(email)s is ingetrokken.") % {"email": invitation.email})
    return redirect(org)


@require_POST
def member_update(request, org, member_id):
    admin = membership(request, org, Role.ADMIN)
    org = admin.organisation
    target = get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=member_id, organisation=org
    )
    name = target.user.first_name or target.user.email
    if "remove" in request.POST:
        try:
            services.remove_member(target, request.user)
        except services.LastAdmin:
            messages.error(
                request, _("De laatste beheerder kan niet worden verwijderd. Maak eerst iemand anders beheerder.")
            )
        else:
            messages.success(request, _("%(name)s is geen lid meer.") % {"name": name})
        return redirect(org)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige rol."))
        return redirect(org)
    try:
        services.change_role(target, form.cleaned_data["role"])
    except services.LastAdmin:
        messages.error(
            request, _("De laatste beheerder kan geen andere rol krijgen. Maak eerst iemand anders beheerder.")
        )
    else:
        messages.success(
            request, _("Rol van %(name)s is nu: %(role)s.") % {"name": name, "role": target.get_role_display()}
        )
    return redirect(org)


def accept_invitation(request, token):
    """The personal link from the e-mail: shows the invitation, and accepts it on POST."""
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    state = services.invitation_state(invitation)
    if state == services.USED and request.user.is_authenticated:
        messages.info(request, closed_message(state))
        return redirect("plans:dashboard")
    if state != services.OPEN:
        return render(request, "plans/invitation.html", {"invitation": invitation, "state": state}, status=410)
    if not request.user.is_authenticated:
        return render(
            request,
            "plans/invitation.html",
            {
                "invitation": invitation,
                "state": "login",
                "signup_url": reverse("accounts:signup") + "?" + urlencode({"uitnodiging": invitation.token}),
                "login_url": reverse("accounts:login") + "?" + urlencode({"next": invitation.get_absolute_url()}),
            },
            status=403,
        )
    if request.method == "POST":
        try:
            services.accept_invitation(invitation, request.user, with_token=True)
        except services.OtherAddress:
            pass  # shown below
        except services.InvitationClosed as closed:
            return render(
                request, "plans/invitation.html", {"invitation": invitation, "state": closed.state}, status=410
            )
        else:
            messages.success(request, _("U bent nu lid van %(org)s.") % {"org": invitation.organisation.name})
            return redirect(invitation.organisation)
    if (request.user.email or "").lower() != invitation.email.lower():
        return render(request, "plans/invitation_mismatch.html", {"invitation": invitation}, status=403)
    return render(request, "plans/invitation.html", {"invitation": invitation, "state": state})
