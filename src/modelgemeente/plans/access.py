"""Who may see and change what.

A plan is visible only to members of its organisation. Anyone else gets 404
(the plan's existence is not revealed); an anonymous visitor gets 403 with a
link to log in. Roles: member reads, editor changes plans, admin also manages
members and invitations.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .models import Membership, Plan, Role


class LoginRequired(PermissionDenied):
    """Rendered as 403 with a login link (see the 403.html template)."""


def membership(request, org_slug: str, role: str = Role.MEMBER) -> Membership:
    _require_login(request)
    found = (
        Membership.objects.select_related("organisation").filter(organisation__slug=org_slug, user=request.user).first()
    )
    if found is None:
        raise Http404(_("Deze organisatie bestaat niet of u bent er geen lid van."))
    _require_role(found, role)
    return found


_MEMBER = "reader_membership_"  # the prefix of the membership's fields on the plan plan_for reads


def plan_for(request, org_slug: str, pk: int, role: str = Role.MEMBER) -> tuple[Plan, Membership]:
    """A plan of an organisation and the reader's membership of it, read in one query (asked on every plan page and
    download): with its release, organisation and successor, if it was moved to another release (every plan page
    asks: Plan.is_read_only). Not found: `membership` says why (not signed in, not a member, a role too low), or
    the plan does not exist in that organisation (404)."""
    _require_login(request)
    fields = [field.attname for field in Membership._meta.concrete_fields]
    plan = (
        Plan.objects.select_related("edition", "organisation", "superseded_by")
        .filter(pk=pk, organisation__slug=org_slug, organisation__memberships__user=request.user)
        .annotate(**{f"{_MEMBER}{name}": F(f"organisation__memberships__{name}") for name in fields})
        .order_by()[:1]  # one row by its key: no ordering to compile
    )
    plan = next(iter(plan), None)
    if plan is None:
        membership(request, org_slug, role)
        raise Http404(_("Dit plan bestaat niet of hoort niet bij uw organisatie."))
    member = Membership.from_db(plan._state.db, fields, [getattr(plan, f"{_MEMBER}{name}") for name in fields])
    member.organisation, member.user = plan.organisation, request.user
    _require_role(member, role)
    return plan, member


def _require_login(request):
    if not request.user.is_authenticated:
        raise LoginRequired(_("Log in om deze pagina te bekijken."))


def _require_role(member: Membership, role: str):
    if not member.allows(role):
        raise PermissionDenied(
            _("Uw rol in %(org)s is %(role)s; hiervoor is de rol %(needed)s nodig.")
            % {"org": member.organisation.name, "role": member.get_role_display(), "needed": Role(role).label}
        )


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
    member.organisation = plan.organisation
    _require_role(member, role)
    return plan, member
