"""Who is in which region, and how many inhabitants a set of municipalities covers.

An organisation belongs to a region when one of its municipalities (CBS codes) is in the region; a municipality
may be in several regions, so an organisation may be too. Inhabitants come from the reference data in
data/municipalities (CBS, with its date); an organisation without municipality codes counts no inhabitants.
"""

from modelgemeente import refdata
from modelgemeente.core.enums import ConsultationRole, Role
from modelgemeente.plans.models import Membership, Organisation

from .models import Region, RoleAssignment


def regions_of(organisation: Organisation) -> list[Region]:
    codes = set(organisation.municipality_codes or [])
    return [r for r in Region.objects.all() if codes & set(r.municipality_codes or [])]


def member_organisations(region: Region) -> list[Organisation]:
    codes = set(region.municipality_codes or [])
    return [o for o in Organisation.objects.all() if codes & set(o.municipality_codes or [])]


def inhabitants(codes) -> int:
    """Inhabitants of these municipalities (each counted once; unknown codes count 0)."""
    total = 0
    for code in set(codes):
        found = refdata.municipality(code)
        total += found["inhabitants"] if found else 0
    return total


def organisations_inhabitants(organisations) -> int:
    return inhabitants(code for o in organisations for code in (o.municipality_codes or []))


def inhabitants_source() -> str:
    return refdata.municipality_source()


# Roles --------------------------------------------------------------------------------------------------------


def is_coordinator(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or RoleAssignment.objects.filter(user=user, role=ConsultationRole.COORDINATOR).exists()
    )


def represented_regions(user) -> list[Region]:
    """The regions `user` represents."""
    if not user.is_authenticated:
        return []
    return list(
        Region.objects.filter(roles__user=user, roles__role=ConsultationRole.REPRESENTATIVE).distinct().order_by("name")
    )


def is_representative(user, region: Region) -> bool:
    return (
        user.is_authenticated
        and RoleAssignment.objects.filter(user=user, region=region, role=ConsultationRole.REPRESENTATIVE).exists()
    )


def user_organisations(user) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    return list(Organisation.objects.filter(memberships__user=user).order_by("name"))


def user_regions(user) -> list[Region]:
    """The regions `user` takes part in: those of their organisations and those they represent."""
    found = {r.pk: r for org in user_organisations(user) for r in regions_of(org)}
    found.update({r.pk: r for r in represented_regions(user)})
    return sorted(found.values(), key=lambda r: r.name)


def editor_memberships(user):
    """The user's memberships with at least the editor role (they may act for that organisation)."""
    if not user.is_authenticated:
        return []
    return [m for m in Membership.objects.select_related("organisation").filter(user=user) if m.allows(Role.EDITOR)]
