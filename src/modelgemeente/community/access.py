"""Who may do what in the community (docs/community.md). Read-only helpers; no state changes."""

from django.utils import timezone

from modelgemeente.catalog import releases
from modelgemeente.core.enums import CommunityRole, Role
from modelgemeente.plans.models import Membership, Organisation

from .models import Participant, Participation, Session


def this_year() -> int:
    return timezone.localdate().year


def is_community_editor(user, year: int | None = None) -> bool:
    """Editors of the model (the 'redactie' group, superusers) and people with the community role
    'redacteur' in the year review proposals, choose themes and set the calendar."""
    if not getattr(user, "is_authenticated", False):
        return False
    if releases.is_editor(user):
        return True
    return Participant.objects.filter(
        user=user, role=CommunityRole.EDITOR, participation__year=year or this_year()
    ).exists()


def is_session_lead(user, session: Session) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return session.lead_id == user.pk or is_community_editor(user, session.year)


def member_organisations(user, role: str = Role.MEMBER):
    """The organisations the user is a member of with at least `role`."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    pks = [m.organisation_id for m in Membership.objects.filter(user=user) if m.allows(role)]
    return Organisation.objects.filter(pk__in=pks)


def participating_organisations(user, year: int | None = None, role: str = Role.MEMBER):
    """The user's organisations that take part in the community in `year`."""
    year = year or this_year()
    return member_organisations(user, role).filter(participations__year=year)


def participation(organisation: Organisation, year: int | None = None) -> Participation | None:
    return Participation.objects.filter(organisation=organisation, year=year or this_year()).first()
