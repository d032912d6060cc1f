"""My organisations: create one, manage members, invite colleagues by e-mail link."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import LoginRequired, membership
from .forms import InvitationForm, MemberRoleForm, OrganisationForm
from .models import Invitation, Membership, Role


@login_required
def dashboard(request):
    memberships = (Membership.objects.filter(user=request.user)
                   .select_related("organisation").prefetch_related("organisation__plans__edition"))
    invitations = Invitation.objects.filter(email__iexact=request.user.email, accepted_at__isnull=True)
    return render(request, "plans/dashboard.html", {"memberships": memberships, "invitations": invitations})


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            org = form.save()
            Membership.objects.create(organisation=org, user=request.user, role=Role.ADMIN)
        messages.success(request, _("Organisatie %(name)s is aangemaakt; u bent beheerder.") % {"name": org.name})
        return redirect(org)
    return render(request, "plans/organisation_form.html", {"form": form})


def organisation(request, org):
    member = membership(request, org)
    org = member.organisation
    context = {
        "org": org, "member": member,
        "plans": org.plans.select_related("edition"),
        "memberships": org.memberships.select_related("user"),
        "invitations": org.invitations.filter(accepted_at__isnull=True) if member.allows(Role.ADMIN) else [],
        "invite_form": InvitationForm(organisation=org) if member.allows(Role.ADMIN) else None,
        "roles": Role.choices,
    }
    return render(request, "plans/organisation.html", context)


@require_POST
def invite(request, org):
    member = membership(request, org, Role.ADMIN)
    org = member.organisation
    form = InvitationForm(request.POST, organisation=org)
    if not form.is_valid():
        return render(request, "plans/organisation.html", {
            "org": org, "member": member, "plans": org.plans.all(), "memberships": org.memberships.select_related("user"),
            "invitations": org.invitations.filter(accepted_at__isnull=True), "invite_form": form, "roles": Role.choices,
        }, status=400)
    invitation = form.save(commit=False)
    invitation.organisation, invitation.invited_by = org, request.user
    invitation.save()
    link = request.build_absolute_uri(invitation.get_absolute_url())
    send_mail(
        subject=_("Uitnodiging voor %(org)s in Open Modelgemeente") % {"org": org.name},
        message=_("%(name)s nodigt u uit als %(role)s van %(org)s in Open Modelgemeente.\n\n"
                  "Open deze link om de uitnodiging te accepteren:\n%(link)s\n")
        % {"name": request.user.first_name or request.user.email, "role": invitation.get_role_display(),
           "org": org.name, "link": link},
        from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[invitation.email],
    )
    messages.success(request, _("Uitnodiging verstuurd naar %(email)s. De link is ook hier te kopiëren: %(link)s")
                     % {"email": invitation.email, "link": link})
    return redirect(org)


@require_POST
def member_update(request, org, member_id):
    admin = membership(request, org, Role.ADMIN)
    org = admin.organisation
    target = get_object_or_404(Membership, pk=member_id, organisation=org)
    admins = org.memberships.filter(role=Role.ADMIN)
    if "remove" in request.POST:
        if target.role == Role.ADMIN and admins.count() == 1:
            messages.error(request, _("De laatste beheerder kan niet worden verwijderd. Maak eerst iemand anders beheerder."))
        else:
            target.delete()
            messages.success(request, _("%(name)s is geen lid meer.") % {"name": target.user.first_name or target.user.email})
        return redirect(org)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige rol."))
    elif target.role == Role.ADMIN and form.cleaned_data["role"] != Role.ADMIN and admins.count() == 1:
        messages.error(request, _("De laatste beheerder kan geen andere rol krijgen. Maak eerst iemand anders beheerder."))
    else:
        target.role = form.cleaned_data["role"]
        target.save(update_fields=["role"])
        messages.success(request, _("Rol van %(name)s is nu: %(role)s.")
                         % {"name": target.user.first_name or target.user.email, "role": target.get_role_display()})
    return redirect(org)


def accept_invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if not request.user.is_authenticated:
        raise LoginRequired(_("Log in of maak een account aan met %(email)s om de uitnodiging voor %(org)s te accepteren.")
                            % {"email": invitation.email, "org": invitation.organisation.name})
    if invitation.accepted_at is not None:
        messages.info(request, _("Deze uitnodiging is al gebruikt."))
        return redirect("plans:dashboard")
    if request.user.email.lower() != invitation.email.lower():
        return render(request, "plans/invitation_mismatch.html", {"invitation": invitation}, status=403)
    if request.method == "POST":
        with transaction.atomic():
            Membership.objects.get_or_create(organisation=invitation.organisation, user=request.user,
                                             defaults={"role": invitation.role})
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_at"])
        messages.success(request, _("U bent nu lid van %(org)s.") % {"org": invitation.organisation.name})
        return redirect(invitation.organisation)
    return render(request, "plans/invitation.html", {"invitation": invitation})
