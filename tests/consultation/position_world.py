"""A small consultation world for the position tests: three regions, an organisation in each, a representative per
region, a coordinator, a member of an organisation in a region and an outsider whose organisation is in none."""

from dataclasses import dataclass

import pytest

from modelgemeente.consultation.models import Region, RoleAssignment
from modelgemeente.core.enums import ConsultationRole
from modelgemeente.plans.models import Organisation, Role
from tests.conftest import make_user, member_of


@dataclass
class World:
    noord: Region
    oost: Region
    zuid: Region
    rep_noord: object
    rep_oost: object
    rep_zuid: object
    coordinator: object
    member: object  # a member of an organisation in Noord, no role
    outsider: object  # an admin of an organisation in no region


@pytest.fixture
def world(db):
    regions = {}
    for slug, name, code in (
        ("noord", "Regio Noord", "GM9001"),
        ("oost", "Regio Oost", "GM9002"),
        ("zuid", "Regio Zuid", "GM9003"),
    ):
        regions[slug] = Region.objects.create(slug=slug, name=name, municipality_codes=[code])
        Organisation.objects.create(name=f"Gemeente {slug}", slug=f"gemeente-{slug}", municipality_codes=[code])
    reps = {}
    for slug, region in regions.items():
        reps[slug] = make_user(f"rep-{slug}@regio.nl", f"Vertegenwoordiger {slug}")
        RoleAssignment.objects.create(user=reps[slug], region=region, role=ConsultationRole.REPRESENTATIVE)
    coordinator = make_user("coordinator@beraad.nl", "Coördinator")
    RoleAssignment.objects.create(user=coordinator, role=ConsultationRole.COORDINATOR)
    member = member_of(Organisation.objects.get(slug="gemeente-noord"), Role.MEMBER, "lid@noord.nl")
    lonely = Organisation.objects.create(
        name="Gemeente Nergens", slug="gemeente-nergens", municipality_codes=["GM9999"]
    )
    outsider = member_of(lonely, Role.ADMIN, "beheer@nergens.nl")
    return World(
        noord=regions["noord"],
        oost=regions["oost"],
        zuid=regions["zuid"],
        rep_noord=reps["noord"],
        rep_oost=reps["oost"],
        rep_zuid=reps["zuid"],
        coordinator=coordinator,
        member=member,
        outsider=outsider,
    )
