"""The position tests' world, made with the helpers of world.py: three regions (the brief's round: one of them
objects), an organisation in each, a representative per region, a coordinator, a member of an organisation in a
region and an outsider whose organisation is in no region (world.py has no such organisation, and four regions)."""

from dataclasses import dataclass

import pytest

from modelgemeente.consultation.models import Region
from modelgemeente.plans.models import Organisation, Role
from tests.conftest import member_of
from tests.consultation.world import coordinator, organisation, region, representative


@dataclass
class World:
    noord: Region
    oost: Region
    zuid: Region
    rep_noord: object
    rep_oost: object
    rep_zuid: object
    coordinator: object
    member: object  # a member of an organisation in Regio Noord, no role
    outsider: object  # an admin of an organisation in no region


@pytest.fixture
def world(db):
    regions, reps = {}, {}
    for n, slug in enumerate(("noord", "oost", "zuid"), start=1):
        regions[slug] = region(slug, f"Regio {slug.capitalize()}", [f"GM900{n}"])
        organisation(f"gemeente-{slug}", f"Gemeente {slug.capitalize()}", f"GM900{n}")
        reps[slug] = representative(f"rep-{slug}@regio.nl", f"Vertegenwoordiger {slug}", regions[slug])
    member = member_of(Organisation.objects.get(slug="gemeente-noord"), Role.MEMBER, "lid@noord.nl")
    outsider = member_of(
        organisation("gemeente-nergens", "Gemeente Nergens", "GM9999"), Role.ADMIN, "beheer@nergens.nl"
    )
    return World(
        noord=regions["noord"],
        oost=regions["oost"],
        zuid=regions["zuid"],
        rep_noord=reps["noord"],
        rep_oost=reps["oost"],
        rep_zuid=reps["zuid"],
        coordinator=coordinator(),
        member=member,
        outsider=outsider,
    )
