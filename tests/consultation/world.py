"""A small consultation world shared by the consultation tests: four regions with real CBS codes, organisations in
them with editors, a representative per region and a coordinator.

- Regio Utrecht: Utrecht (GM0344), Amersfoort (GM0307), Zeist (GM0355).
- Regio Noordvleugel: Amsterdam (GM0363), Aalsmeer (GM0358) and Utrecht (GM0344): Utrecht is in two regions.
- Regio Zuid-Holland: Rotterdam (GM0599), 's-Gravenhage (GM0518).
- Regio Groningen: Groningen (GM0014); no organisation in the app, no representative.

Organisations: Utrecht, Amersfoort, Amsterdam, Rotterdam (one municipality each, an editor each; Utrecht also a
reader). Inhabitants come from data/municipalities (CBS, 1 January 2024): `INHABITANTS`.

Use it as `world = build_world()` (inside a test with the database), or through a fixture of your own:

    @pytest.fixture
    def world(db):
        return build_world()
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from modelgemeente.consultation.models import Region, RoleAssignment
from modelgemeente.core.enums import ConsultationRole
from modelgemeente.plans.models import Organisation, Role
from tests.conftest import make_user, member_of

# Inhabitants on 1 January 2024 (data/municipalities/gemeenten.yaml), to check sums by hand.
INHABITANTS = {
    "GM0344": 374_238,  # Utrecht
    "GM0307": 161_852,  # Amersfoort
    "GM0355": 66_641,  # Zeist
    "GM0363": 931_298,  # Amsterdam
    "GM0358": 33_279,  # Aalsmeer
    "GM0599": 670_610,  # Rotterdam
    "GM0518": 566_221,  # 's-Gravenhage
    "GM0014": 243_768,  # Groningen
}


@dataclass
class World:
    utrecht_region: Region
    noordvleugel: Region  # Amsterdam, Aalsmeer and Utrecht
    zuid_holland: Region
    groningen_region: Region  # no members, no representative
    utrecht: Organisation  # in Regio Utrecht and Regio Noordvleugel
    amersfoort: Organisation  # Regio Utrecht
    amsterdam: Organisation  # Regio Noordvleugel
    rotterdam: Organisation  # Regio Zuid-Holland: outside the regions of the others
    editor_utrecht: AbstractBaseUser
    reader_utrecht: AbstractBaseUser  # member (reads only)
    editor_amersfoort: AbstractBaseUser
    admin_amsterdam: AbstractBaseUser
    editor_rotterdam: AbstractBaseUser
    rep_utrecht: AbstractBaseUser  # representative of Regio Utrecht
    rep_noordvleugel: AbstractBaseUser
    rep_zuid_holland: AbstractBaseUser
    coordinator: AbstractBaseUser  # of the national level

    def regions(self) -> list[Region]:
        return [self.utrecht_region, self.noordvleugel, self.zuid_holland, self.groningen_region]


def region(slug: str, name: str, codes: list[str], **values) -> Region:
    return Region.objects.create(slug=slug, name=name, municipality_codes=codes, **values)


def organisation(slug: str, name: str, *codes: str) -> Organisation:
    return Organisation.objects.create(slug=slug, name=name, municipality_codes=list(codes))


def representative(email: str, name: str, of: Region):
    user = make_user(email, name)
    RoleAssignment.objects.create(user=user, region=of, role=ConsultationRole.REPRESENTATIVE)
    return user


def coordinator(email: str = "coordinator@beraad.nl", name: str = "Coördinator"):
    user = make_user(email, name)
    RoleAssignment.objects.create(user=user, region=None, role=ConsultationRole.COORDINATOR)
    return user


def build_world() -> World:
    utrecht_region = region(
        "regio-utrecht",
        "Regio Utrecht",
        ["GM0344", "GM0307", "GM0355"],
        is_example=True,
        source_note="Testindeling, geen officiële lijst.",
    )
    noordvleugel = region("regio-noordvleugel", "Regio Noordvleugel", ["GM0363", "GM0358", "GM0344"])
    zuid_holland = region("regio-zuid-holland", "Regio Zuid-Holland", ["GM0599", "GM0518"])
    groningen_region = region("regio-groningen", "Regio Groningen", ["GM0014"])
    utrecht = organisation("utrecht", "Gemeente Utrecht", "GM0344")
    amersfoort = organisation("amersfoort", "Gemeente Amersfoort", "GM0307")
    amsterdam = organisation("amsterdam", "Gemeente Amsterdam", "GM0363")
    rotterdam = organisation("rotterdam", "Gemeente Rotterdam", "GM0599")
    return World(
        utrecht_region=utrecht_region,
        noordvleugel=noordvleugel,
        zuid_holland=zuid_holland,
        groningen_region=groningen_region,
        utrecht=utrecht,
        amersfoort=amersfoort,
        amsterdam=amsterdam,
        rotterdam=rotterdam,
        editor_utrecht=member_of(utrecht, Role.EDITOR, "redacteur@utrecht.nl"),
        reader_utrecht=member_of(utrecht, Role.MEMBER, "lezer@utrecht.nl"),
        editor_amersfoort=member_of(amersfoort, Role.EDITOR, "redacteur@amersfoort.nl"),
        admin_amsterdam=member_of(amsterdam, Role.ADMIN, "beheer@amsterdam.nl"),
        editor_rotterdam=member_of(rotterdam, Role.EDITOR, "redacteur@rotterdam.nl"),
        rep_utrecht=representative("vertegenwoordiger@regio-utrecht.nl", "Vera Utrecht", utrecht_region),
        rep_noordvleugel=representative("vertegenwoordiger@noordvleugel.nl", "Noor Vleugel", noordvleugel),
        rep_zuid_holland=representative("vertegenwoordiger@zuid-holland.nl", "Zeger Holland", zuid_holland),
        coordinator=coordinator(),
    )
