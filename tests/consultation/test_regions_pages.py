"""The consultation's start page and the region pages (issue 16, part 1): public facts with their source, the example
label, representatives' names only after login, a user's own regions and roles, the menu item."""

import re

import pytest
from django.utils.html import escape

from modelgemeente.consultation.region_views import existing_parts
from modelgemeente.consultation.services import signals as service
from modelgemeente.core.enums import Urgency
from tests.consultation.world import INHABITANTS, build_world


@pytest.fixture
def world(db):
    return build_world()


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_region_list_is_public_with_its_sources(client, world):
    response = client.get("/regio/")
    assert response.status_code == 200
    page = text(response)
    utrecht = INHABITANTS["GM0344"] + INHABITANTS["GM0307"] + INHABITANTS["GM0355"]
    assert utrecht == 602_731
    # Regio Utrecht: 3 municipalities, 2 organisations in the app (Utrecht, Amersfoort), its inhabitants.
    assert "Regio Utrecht voorbeeld 3 gemeenten Amersfoort Utrecht Zeist 2 602.731" in page
    assert "Regio Groningen 1 gemeente Groningen 0 243.768" in page
    assert "CBS StatLine" in page and "1 januari 2024" in page
    assert "Herkomst van de indeling van Regio Utrecht: Testindeling, geen officiële lijst." in page
    assert "er is geen officiële lijst" in page
    # Representatives' names only after login.
    assert "Vera Utrecht" not in page and "namen na inloggen" in page
    client.force_login(world.editor_rotterdam)
    page = text(client.get("/regio/"))
    assert "Vera Utrecht" in page and "Noor Vleugel" in page and "nog niemand" in page  # Groningen has none


def test_a_region_page(client, world):
    response = client.get("/regio/regio-noordvleugel/")
    assert response.status_code == 200
    page = text(response)
    assert "Aalsmeer GM0358 33.279" in page and "Amsterdam GM0363 931.298" in page and "Utrecht GM0344 374.238" in page
    total = INHABITANTS["GM0363"] + INHABITANTS["GM0358"] + INHABITANTS["GM0344"]
    assert f"Totaal {total:,}".replace(",", ".") in page
    assert "Gemeente Amsterdam, Gemeente Utrecht" in page  # members in the app
    assert "Vertegenwoordigers Log in om de namen te zien" in page
    assert "Regionale signalen" not in page
    assert client.get("/regio/bestaat-niet/").status_code == 404


def test_a_region_page_shows_its_regional_signals_to_those_who_see_the_region(client, world):
    signal = service.raise_signal(
        world.utrecht,
        world.editor_utrecht,
        title="Knelpunt",
        description="Beschrijving.",
        impact="Gevolgen.",
        urgency=Urgency.LOW,
    )
    service.bundle_signals(
        world.noordvleugel, world.rep_noordvleugel, title="Noordbundel", summary="S", signals=[signal]
    )
    for user, sees in [
        (world.admin_amsterdam, True),
        (world.reader_utrecht, True),
        (world.rep_noordvleugel, True),
        (world.coordinator, True),
        (world.editor_amersfoort, False),  # Regio Utrecht only
        (world.editor_rotterdam, False),
    ]:
        client.force_login(user)
        page = client.get("/regio/regio-noordvleugel/").content.decode()
        assert ("Noordbundel" in page) is sees, user
    client.force_login(world.rep_noordvleugel)
    assert "Nieuwe signalen bundelen" in client.get("/regio/regio-noordvleugel/").content.decode()


def test_the_start_page(client, world):
    response = client.get("/overleg/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Landelijk ICT Beraad" in page and "met één stem" in page
    assert 'href="/regio/"' in page and 'href="/signalen/"' in page
    # The menu item, marked as the current page.
    assert re.search(r'href="/overleg/" aria-current="page">Overleg<', page)
    # Parts made by other helpers appear once their pages exist; never a broken link.
    parts = existing_parts()
    assert [href for href, _label, _description in parts][:2] == ["/regio/", "/signalen/"]
    for href, label, _description in parts:
        assert f'href="{href}">{escape(label)}</a>' in page
    assert "Uw regio's en rollen" not in page


@pytest.mark.parametrize(
    "who, expected",
    [
        ("editor_utrecht", ["Gemeente Utrecht: Regio Noordvleugel , Regio Utrecht"]),
        ("rep_utrecht", ["U bent vertegenwoordiger van: Regio Utrecht"]),
        ("coordinator", ["U bent coördinator van het landelijk beraad.", "Landelijk overzicht van de signalen"]),
    ],
)
def test_the_start_page_shows_my_regions_and_roles(client, world, who, expected):
    client.force_login(getattr(world, who))
    page = text(client.get("/overleg/"))
    assert "Uw regio's en rollen" in page
    for sentence in expected:
        assert sentence in page


def test_an_organisation_outside_every_region_is_told_so(client, world, org, editor):
    client.force_login(editor)
    assert "Gemeente Voorbeeld: in geen enkele regio" in text(client.get("/overleg/"))


def test_no_regions_yet(client, db):
    assert "Er zijn nog geen regio's ingevoerd" in client.get("/regio/").content.decode()
    assert "Er zijn nog geen regio's ingevoerd" in client.get("/overleg/").content.decode()
