"""Every change to organisations, their members and invitations (plans are changed in changes.py).

Invitations (see docs/plans.md): an invitation is open until it is accepted,
revoked by an administrator, or expires (Invitation.expires_at, 14 days).
It can be accepted by a logged-in user with the invited address either

- through the personal link from the e-mail (the token), or
- from Mijn plannen, but only when that user has confirmed their address:
  otherwise anyone who signs up with a colleague's address would see and take
  their invitations.

Accepting through the link does not confirm the address: the administrator
who sent the invitation sees the same link. Removing a member revokes that
person's open invitations for the organisation, so no leftover invitation
lets them back in.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from modelgemeente.accounts.services import is_confirmed, one_line, send_safely

from .models import Invitation, Membership, Organisation, Role

# Organisations and members ------------------------------------------------------------------


@transaction.atomic
def create_organisation(form, user) -> Organisation:
    """Save a valid OrganisationForm; its creator becomes administrator."""
    org = form.save()
    Membership.objects.create(organisation=org, user=user, role=Role.ADMIN)
    return org


class LastAdmin(Exception):
    """The organisation would be left without an administrator."""


def _other_admins(org, membership) -> bool:
    admins = org.memberships.select_for_update().filter(role=Role.ADMIN).exclude(pk=membership.pk)
    return bool(list(admins.values_list("pk", flat=True)))


@transaction.atomic
def change_role(membership: Membership, role: str) -> Membership:
    if membership.role == Role.ADMIN and role != Role.ADMIN and not _other_admins(membership.organisation, membership):
        raise LastAdmin
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(membership: Membership, by) -> int:
    """Remove a member and revoke their open invitations to the organisation; returns how many were revoked."""
    org, user = membership.organisation, membership.user
    if membership.role == Role.ADMIN and not _other_admins(org, membership):
        raise LastAdmin
    membership.delete()
    addresses = {a.strip().lower() for a in (user.email, user.username) if a and "@" in a}
    if not addresses:
        return 0
    match = Q()
    for address in addresses:
        match |= Q(email__iexact=address)
    return Invitation.objects.open().filter(match, organisation=org).update(revoked_at=timezone.now(), revoked_by=by)


# Invitations ---------------------------------------------------------------------------------

OPEN, USED, REVOKED, EXPIRED = "open", "used", "revoked", "expired"


def invitation_state(invitation: Invitation) -> str:
    if invitation.accepted_at is not None:
        return USED
    if invitation.revoked_at is not None:
        return REVOKED
    if invitation.expires_at <= timezone.now():
        return EXPIRED
    return OPEN


def invited_address(token: str) -> str | None:
    """The address an open invitation was sent to, to prefill the sign-up form."""
    invitation = Invitation.objects.open().filter(token=token).only("email").first()
    return invitation.email if invitation else None


class InvitationClosed(Exception):
    """The invitation was used, revoked or has expired."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


class OtherAddress(Exception):
    """The invitation was sent to another address than the user's."""


class AddressNotConfirmed(Exception):
    """Accepting without the link from the e-mail needs a confirmed address."""


def accept_invitation(invitation: Invitation, user, *, with_token: bool) -> Membership:
    """Make `user` a member with the invitation's role.

    `with_token`: the user came through the personal link from the e-mail.
    Without it (from Mijn plannen) the user's address must be confirmed.
    """
    if (user.email or "").strip().lower() != invitation.email.strip().lower():
        raise OtherAddress
    if not with_token and not is_confirmed(user):
        raise AddressNotConfirmed
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
        state = invitation_state(locked)
        if state != OPEN:
            raise InvitationClosed(state)
        member, _created = Membership.objects.get_or_create(
            organisation=locked.organisation, user=user, defaults={"role": locked.role}
        )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
    return member


def revoke_invitation(invitation: Invitation, by) -> None:
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        state = invitation_state(locked)
        if state != OPEN:
            raise InvitationClosed(state)
        locked.revoked_at, locked.revoked_by = timezone.now(), by
        locked.save(update_fields=["revoked_at", "revoked_by"])


def create_invitation(form, organisation: Organisation, by) -> Invitation:
    """Save a valid InvitationForm for the organisation."""
    invitation = form.save(commit=False)
    invitation.organisation, invitation.invited_by = organisation, by
    invitation.save()
    return invitation


def send_invitation(invitation: Invitation, link: str, by) -> bool:
    """E-mail the personal link; False (and logged) if sending failed. The invitation stays either way."""
    org_name = one_line(invitation.organisation.name)
    body = _(
        "%(name)s nodigt u uit als %(role)s van %(org)s in Open Modelgemeente.\n\n"
        "Open deze link om de uitnodiging te accepteren:\n%(link)s\n"
    ) % {
        "name": one_line(by.first_name or by.email),
        "role": invitation.get_role_display(),
        "org": org_name,
        "link": link,
    }
    body += _("De link is geldig tot %(date)s.\n") % {
        "date": date_format(timezone.localtime(invitation.expires_at), "j F Y")
    }
    subject = _("Uitnodiging voor %(org)s in Open Modelgemeente") % {"org": org_name}
    return send_safely(subject, body, invitation.email)
