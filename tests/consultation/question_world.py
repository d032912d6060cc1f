"""A small consultation world for the question tests.

Regions Noord (Groningen, Leeuwarden), Zuid (Eindhoven) and West (Rotterdam; never asked in these tests). Each
region has a representative; there is a coordinator. Groningen has an editor and a reader, Leeuwarden an
administrator, Eindhoven an editor, Rotterdam an editor (an outsider to questions put to Noord and Zuid).
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from modelgemeente.consultation.models import Region, RoleAssignment
from modelgemeente.consultation.services import questions as service
from modelgemeente.core.enums import ConsultationRole, QuestionKind
from modelgemeente.plans.models import Organisation, Role
from tests.conftest import make_user, member_of


@dataclass
class QuestionWorld:
    noord: Region
    zuid: Region
    west: Region
    groningen: Organisation
    leeuwarden: Organisation
    eindhoven: Organisation
    rotterdam: Organisation
    rep_noord: object
    rep_zuid: object
    rep_west: object
    coordinator: object
    editor_groningen: object
    reader_groningen: object
    admin_leeuwarden: object
    editor_eindhoven: object
    editor_rotterdam: object


def _region(slug, name, codes):
    return Region.objects.create(slug=slug, name=name, municipality_codes=codes)


def _org(slug, name, code):
    return Organisation.objects.create(slug=slug, name=name, municipality_codes=[code])


def _representative(email, name, region):
    user = make_user(email, name)
    RoleAssignment.objects.create(user=user, region=region, role=ConsultationRole.REPRESENTATIVE)
    return user


@pytest.fixture
def qworld(db) -> QuestionWorld:
    noord = _region("noord", "Regio Noord", ["GM0014", "GM0080"])
    zuid = _region("zuid", "Regio Zuid", ["GM0772"])
    west = _region("west", "Regio West", ["GM0599"])
    groningen = _org("groningen", "Gemeente Groningen", "GM0014")
    leeuwarden = _org("leeuwarden", "Gemeente Leeuwarden", "GM0080")
    eindhoven = _org("eindhoven", "Gemeente Eindhoven", "GM0772")
    rotterdam = _org("rotterdam", "Gemeente Rotterdam", "GM0599")
    coordinator = make_user("coordinator@beraad.nl", "Coördinator")
    RoleAssignment.objects.create(user=coordinator, role=ConsultationRole.COORDINATOR)
    return QuestionWorld(
        noord=noord,
        zuid=zuid,
        west=west,
        groningen=groningen,
        leeuwarden=leeuwarden,
        eindhoven=eindhoven,
        rotterdam=rotterdam,
        rep_noord=_representative("rep-noord@regio.nl", "Nora", noord),
        rep_zuid=_representative("rep-zuid@regio.nl", "Zeger", zuid),
        rep_west=_representative("rep-west@regio.nl", "Wim", west),
        coordinator=coordinator,
        editor_groningen=member_of(groningen, Role.EDITOR, "redacteur@groningen.nl"),
        reader_groningen=member_of(groningen, Role.MEMBER, "lezer@groningen.nl"),
        admin_leeuwarden=member_of(leeuwarden, Role.ADMIN, "beheer@leeuwarden.nl"),
        editor_eindhoven=member_of(eindhoven, Role.EDITOR, "redacteur@eindhoven.nl"),
        editor_rotterdam=member_of(rotterdam, Role.EDITOR, "redacteur@rotterdam.nl"),
    )


def ask(world: QuestionWorld, *, days: int = 10, regions=None, title="Reactie op de API-strategie", **extra):
    """A question from the coordinator to Noord and Zuid (or `regions`), due in `days` days."""
    return service.ask_question(
        world.coordinator,
        kind=extra.pop("kind", QuestionKind.QUESTION),
        title=title,
        body=extra.pop("body", "Hoe kijkt uw regio aan tegen één landelijke API-strategie?"),
        deadline=timezone.localdate() + timedelta(days=days),
        regions=regions if regions is not None else [world.noord, world.zuid],
    )
