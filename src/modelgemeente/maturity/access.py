"""Who may see and change what: the permissions of plans (plans/access.py). Members of an organisation read its
assessments, measurements and ambitions; editors and admins change them; anyone else gets 404."""

from django.shortcuts import get_object_or_404

from modelgemeente.core.enums import Role
from modelgemeente.plans.access import membership
from modelgemeente.plans.models import Membership

from .models import Ambition, Assessment, ProductMeasurement

__all__ = ["membership", "assessment_for", "measurement_for", "ambition_for", "can_edit"]


def can_edit(member: Membership) -> bool:
    return member.allows(Role.EDITOR)


def assessment_for(request, org_slug: str, year: int, role: str = Role.MEMBER) -> tuple[Assessment, Membership]:
    member = membership(request, org_slug, role)
    found = get_object_or_404(
        Assessment.objects.select_related("organisation", "edition"), organisation=member.organisation, year=year
    )
    return found, member


def measurement_for(request, org_slug: str, year: int, role: str = Role.MEMBER):
    member = membership(request, org_slug, role)
    found = get_object_or_404(
        ProductMeasurement.objects.select_related("organisation"), organisation=member.organisation, year=year
    )
    return found, member


def ambition_for(request, org_slug: str, pk: int, role: str = Role.MEMBER) -> tuple[Ambition, Membership]:
    member = membership(request, org_slug, role)
    found = get_object_or_404(
        Ambition.objects.select_related("organisation", "plan__edition"), organisation=member.organisation, pk=pk
    )
    return found, member
