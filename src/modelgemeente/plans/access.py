"""Who may see and change what.

A plan is visible only to members of its organisation. Anyone else gets 404
(the plan's existence is not revealed); an anonymous visitor gets 403 with a
link to log in. Roles: member reads, editor changes plans, admin also manages
members and invitations.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .models import Membership, Plan, Role


class LoginRequired(PermissionDenied):
    """Rendered as 403 with a login link (see the 403.html template)."""


def membership(request, org_slug: str, role: str = Role.MEMBER) -> Membership:
    if not request.user.is_authenticated:
        raise LoginRequired(_("Log in om deze pagina te bekijken."))
    found = (
        Membership.objects.select_related("organisation").filter(organisation__slug=org_slug, user=request.user).first()
    )
    if found is None:
        raise Http404(_("Deze organisatie bestaat niet of u bent er geen lid van."))
    if not found.allows(role):
        raise PermissionDenied(
            _("Uw rol in %(org)s is %(role)s; hiervoor is de rol %(needed)s nodig.")
            % {"org": found.organisation.name, "role": found.get_role_display(), "needed": Role(role).label}
        )
    return found


def plan_for(request, org_slug: str, pk: int, role: str = Role.MEMBER) -> tuple[Plan, Membership]:
    member = membership(request, org_slug, role)
    # With its successor, if it was moved to another release (every plan page asks: Plan.is_read_only), and the plan
    # it is a scenario of (the header names it).
    plan = get_object_or_404(
        Plan.objects.select_related("edition", "organisation", "superseded_by", "scenario_of"),
        pk=pk,
        organisation=member.organisation,
    )
    return plan, member


# The API (a token's user, no organisation in the path) -------------------------------------------


def visible_plans(user):
    """The plans `user` may see: those of the organisations they are a member of (any role)."""
    if not user.is_authenticated:
        return Plan.objects.none()
    return (
        Plan.objects.select_related("edition", "organisation")
        .filter(organisation__memberships__user=user)
        .order_by("-updated_at", "pk")
    )


def plan_of_user(user, pk: int, role: str = Role.MEMBER) -> tuple[Plan, Membership]:
    """A plan by id for `user`, as plan_for does for a page: not a member of its organisation (or no such
    plan): Http404; a member whose role is below `role`: PermissionDenied."""
    plan = get_object_or_404(visible_plans(user), pk=pk)
    member = Membership.objects.get(organisation=plan.organisation, user=user)
    if not member.allows(role):
        raise PermissionDenied(
            _("Uw rol in %(org)s is %(role)s; hiervoor is de rol %(needed)s nodig.")
            % {"org": plan.organisation.name, "role": member.get_role_display(), "needed": Role(role).label}
        )
    return plan, member
