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
    plan = get_object_or_404(
        Plan.objects.select_related("edition", "organisation"), pk=pk, organisation=member.organisation
    )
    return plan, member
