"""The signal pages (issue 16, part 2): the full round through the forms, what each role sees, refusals with Dutch
messages (403 for a missing role, 400 at the form, 409 for a stale form), 404 for what a user may not see, the login
page for anonymous visitors, and junk input that never gives a 500."""

import re

import pytest

from modelgemeente.consultation.models import RegionalSignal, Signal, SignalEvent, SignalSupport
from modelgemeente.consultation.services import signals as service
from modelgemeente.core.enums import SignalStatus, Urgency
from tests.consultation.world import build_world

SIGNALS = "/signalen/"
TABLES = [Signal, SignalSupport, RegionalSignal, SignalEvent]


@pytest.fixture
def world(db):
    return build_world()


def fingerprint() -> dict:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in TABLES}


def text(response) -> str:
    """The page's text without tags and with single spaces, to read sentences that span markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def signal_form(**values):
    data = {
        "title": "Koppeling met de BRP te duur",
        "description": "De leverancier rekent per aansluiting.",
        "impact": "Tienduizenden euro's per jaar.",
        "urgency": Urgency.HIGH,
        "law": "",
        "development": "",
    }
    return {**data, **values}


def raise_(world, organisation=None, user=None, title="Koppeling met de BRP te duur"):
    return service.raise_signal(
        organisation or world.utrecht,
        user or world.editor_utrecht,
        title=title,
        description="De leverancier rekent per aansluiting.",
        impact="Tienduizenden euro's per jaar.",
        urgency=Urgency.HIGH,
    )


def bundled(world, signal):
    return service.bundle_signals(world.utrecht_region, world.rep_utrecht, title="BRP", summary="S", signals=[signal])


def test_the_full_round_through_the_pages(client, world, test_edition):
    # Utrecht raises, with links chosen from the release the site shows.
    client.force_login(world.editor_utrecht)
    page = client.get(f"{SIGNALS}nieuw/")
    assert page.status_code == 200
    assert "Wet testgegevens (Wtg)" in page.content.decode() and "Scanners voor de afdelingen" in page.content.decode()
    response = client.post(
        f"{SIGNALS}nieuw/",
        signal_form(
            law="wet-testgegevens", development="informatiebeveiliging", budget_lines=["informatiebeveiliging/scanners"]
        ),
    )
    signal = Signal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{SIGNALS}{signal.pk}/"
    assert (signal.organisation, signal.edition, signal.law) == (world.utrecht, test_edition, "wet-testgegevens")
    assert signal.budget_lines == ["informatiebeveiliging/scanners"]
    assert "no-store" in client.get(SIGNALS)["Cache-Control"]

    # Amersfoort (Regio Utrecht) and Amsterdam (Noordvleugel, like Utrecht) support it with their own impact.
    for user, impact in [(world.editor_amersfoort, "Twee fte extra."), (world.admin_amsterdam, "Vertraging.")]:
        client.force_login(user)
        assert "Signaal steunen" in client.get(f"{SIGNALS}{signal.pk}/").content.decode()
        response = client.post(f"{SIGNALS}{signal.pk}/steunen/", {"impact": impact})
        assert response.status_code == 302, response.content.decode()[:3000]
    assert list(signal.supports.values_list("organisation__name", "impact")) == [
        ("Gemeente Amersfoort", "Twee fte extra."),
        ("Gemeente Amsterdam", "Vertraging."),
    ]

    # The representative of Regio Utrecht sees it among the region's new signals, bundles and raises it.
    client.force_login(world.rep_utrecht)
    page = client.get(SIGNALS).content.decode()
    assert f'name="regio-utrecht-signals" value="{signal.pk}"' in page
    response = client.post(
        f"{SIGNALS}bundelen/regio-utrecht/",
        {
            "regio-utrecht-signals": [signal.pk],
            "regio-utrecht-title": "BRP-kosten",
            "regio-utrecht-summary": "Eén tarief.",
        },
    )
    bundle = RegionalSignal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{SIGNALS}bundel/{bundle.pk}/"
    assert "Inbrengen" in client.get(response["Location"]).content.decode()
    assert client.post(f"{SIGNALS}bundel/{bundle.pk}/inbrengen/", {"version": 1}).status_code == 302
    bundle.refresh_from_db()
    assert bundle.status == SignalStatus.RAISED

    # The coordinator sees the national overview and answers.
    client.force_login(world.coordinator)
    overview = client.get(f"{SIGNALS}landelijk/")
    assert overview.status_code == 200
    row = text(overview).split("Koppeling met de BRP te duur", 1)[1].strip()
    assert row.startswith("urgentie hoog Gemeente Utrecht 3 2 1.467.388 ingebracht bij het landelijk beraad BRP-kosten")
    assert "CBS" in text(overview)
    response = client.post(
        f"{SIGNALS}bundel/{bundle.pk}/beantwoorden/", {"version": 2, "answer": "Er komt één tarief."}
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    bundle.refresh_from_db()
    assert signal.status == bundle.status == SignalStatus.ANSWERED

    # Every member of the regions reads the answer and every step, with who and when.
    client.force_login(world.reader_utrecht)
    page = text(client.get(f"{SIGNALS}{signal.pk}/"))
    assert "Er komt één tarief." in page
    assert "3 gemeenten in 2 regio's (Regio Noordvleugel, Regio Utrecht), samen 1.467.388 inwoners" in page
    for step in [
        "signaal gemeld — ",
        "gesteund — ",
        "gebundeld in de regio — ",
        "ingebracht bij het landelijk beraad — ",
        "beantwoord door het landelijk beraad — ",
    ]:
        assert step in page
    assert "Redacteur (Gemeente Utrecht)" in page and "Beheer (Gemeente Amsterdam)" in page and "Coördinator" in page
    assert "Wet testgegevens (Wtg)" in page and "Informatiebeveiliging: Scanners voor de afdelingen" in page
    assert "Signaal steunen" not in page and "Sluiten" not in page  # a reader acts for nobody


@pytest.mark.parametrize(
    "values, message",
    [
        ({"title": ""}, "Geef een korte titel."),
        ({"title": "x" * 300}, "Gebruik ten hoogste 200 tekens"),
        ({"description": " "}, "Beschrijf het knelpunt."),
        ({"urgency": "morgen"}, "Kies een urgentie: hoog, gemiddeld of laag."),
        ({"law": "wet-op-niets"}, "Kies een wet uit de lijst."),
        ({"development": "<script>"}, "Kies een ontwikkeling uit de lijst."),
        ({"budget_lines": ["geen/regel"]}, "Kies begrotingsregels uit de lijst."),
    ],
)
def test_bad_input_on_the_signal_form(client, world, test_edition, values, message):
    client.force_login(world.editor_utrecht)
    response = client.post(f"{SIGNALS}nieuw/", signal_form(**values))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Signal.objects.exists()


def test_who_may_open_the_signal_form(client, world, org, editor):
    client.force_login(world.reader_utrecht)
    response = client.get(f"{SIGNALS}nieuw/")
    assert response.status_code == 403 and "rol redacteur of beheerder" in response.content.decode()
    client.force_login(editor)  # Aa en Hunze is in none of the regions
    assert client.get(f"{SIGNALS}nieuw/").status_code == 403
    client.logout()
    response = client.get(f"{SIGNALS}nieuw/")
    assert (
        response.status_code == 403 and "Log in om het overleg van uw regio te bekijken." in response.content.decode()
    )


def test_visibility_per_role(client, world):
    signal = raise_(world)
    bundle = bundled(world, signal)
    pages = [SIGNALS, f"{SIGNALS}{signal.pk}/", f"{SIGNALS}bundel/{bundle.pk}/"]

    for user in [world.reader_utrecht, world.editor_amersfoort, world.rep_utrecht, world.coordinator]:
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 200, (user, url)
        assert "Koppeling met de BRP te duur" in client.get(SIGNALS).content.decode()

    # Amsterdam shares Noordvleugel with Utrecht: it sees the signal, not the bundle of Regio Utrecht.
    client.force_login(world.admin_amsterdam)
    assert client.get(pages[1]).status_code == 200
    assert client.get(pages[2]).status_code == 404

    # A municipality outside the regions and the representative of another region: 404, nothing listed.
    for user in [world.editor_rotterdam, world.rep_zuid_holland]:
        client.force_login(user)
        assert client.get(pages[1]).status_code == 404
        assert client.get(pages[2]).status_code == 404
        assert client.post(f"{pages[1]}steunen/", {"impact": "x"}).status_code == 404
        assert "Koppeling met de BRP te duur" not in client.get(SIGNALS).content.decode()
    assert client.get(f"{SIGNALS}999999/").status_code == 404

    # Anonymous: the login page (403 with a link), never the content.
    client.logout()
    for url in [*pages, f"{SIGNALS}landelijk/", f"{SIGNALS}nieuw/"]:
        response = client.get(url)
        assert response.status_code == 403 and "Inloggen" in response.content.decode()
        assert "Koppeling met de BRP te duur" not in response.content.decode()


def test_the_national_overview_is_for_coordinators(client, world):
    client.force_login(world.rep_utrecht)
    response = client.get(f"{SIGNALS}landelijk/")
    assert response.status_code == 403 and "coördinatoren" in response.content.decode()
    client.force_login(world.coordinator)
    assert "Er zijn nog geen signalen gemeld." in client.get(f"{SIGNALS}landelijk/").content.decode()


def test_refusals_on_the_pages(client, world):
    signal = raise_(world)
    other = raise_(world, organisation=world.rotterdam, user=world.editor_rotterdam, title="Rotterdams signaal")
    before = fingerprint()

    # Supporting the own signal.
    client.force_login(world.editor_utrecht)
    response = client.post(f"{SIGNALS}{signal.pk}/steunen/", {"impact": "Wij ook."})
    assert response.status_code == 400 and "eigen organisatie" in response.content.decode()
    # Bundling without being a representative.
    response = client.post(
        f"{SIGNALS}bundelen/regio-utrecht/",
        {"regio-utrecht-signals": [signal.pk], "regio-utrecht-title": "T", "regio-utrecht-summary": "S"},
    )
    assert response.status_code == 403 and "Alleen een vertegenwoordiger van Regio Utrecht" in response.content.decode()
    # Bundling a signal of another region.
    client.force_login(world.rep_utrecht)
    response = client.post(
        f"{SIGNALS}bundelen/regio-utrecht/",
        {"regio-utrecht-signals": [signal.pk, other.pk], "regio-utrecht-title": "T", "regio-utrecht-summary": "S"},
    )
    assert response.status_code == 400 and "Kies signalen uit de lijst" in response.content.decode()
    response = client.post(f"{SIGNALS}bundelen/regio-utrecht/", {"regio-utrecht-title": "T"})
    assert response.status_code == 400
    assert "Kies minstens één nieuw signaal om te bundelen." in response.content.decode()
    assert "Vat samen wat de regio inbrengt." in response.content.decode()
    assert fingerprint() == before

    bundle = bundled(world, signal)
    before = fingerprint()
    # Raising by a member of the region who is no representative.
    client.force_login(world.editor_amersfoort)
    response = client.post(f"{SIGNALS}bundel/{bundle.pk}/inbrengen/", {"version": 1})
    assert response.status_code == 403 and "Alleen een vertegenwoordiger" in response.content.decode()
    # Answering by a non-coordinator.
    client.force_login(world.rep_utrecht)
    response = client.post(f"{SIGNALS}bundel/{bundle.pk}/beantwoorden/", {"version": 1, "answer": "Ja."})
    assert response.status_code == 403 and "Alleen een coördinator" in response.content.decode()
    # A stale or junk version.
    response = client.post(f"{SIGNALS}bundel/{bundle.pk}/inbrengen/", {"version": 5})
    assert response.status_code == 409 and "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    response = client.post(f"{SIGNALS}bundel/{bundle.pk}/inbrengen/", {"version": "abc"})
    assert response.status_code == 400 and "Deze pagina is verouderd; laad haar opnieuw." in response.content.decode()
    # Answering what was not raised.
    client.force_login(world.coordinator)
    response = client.post(f"{SIGNALS}bundel/{bundle.pk}/beantwoorden/", {"version": 1, "answer": "Ja."})
    assert response.status_code == 400 and "Alleen een ingebracht regionaal signaal" in response.content.decode()
    response = client.post(f"{SIGNALS}bundel/{bundle.pk}/beantwoorden/", {"version": 1, "answer": ""})
    assert response.status_code == 400 and "Schrijf het antwoord van het landelijk beraad." in response.content.decode()
    assert fingerprint() == before


def test_withdraw_and_close_through_the_pages(client, world):
    signal = raise_(world)
    service.support_signal(signal, world.amersfoort, world.editor_amersfoort, "Wij ook.")
    client.force_login(world.editor_amersfoort)
    page = client.get(f"{SIGNALS}{signal.pk}/").content.decode()
    assert "Steun intrekken" in page and "Signaal sluiten" not in page
    assert client.post(f"{SIGNALS}{signal.pk}/steun-intrekken/").status_code == 302
    assert not signal.supports.exists()
    response = client.post(f"{SIGNALS}{signal.pk}/sluiten/", {"note": ""})
    assert response.status_code == 403 and "kunnen dit signaal sluiten" in response.content.decode()

    client.force_login(world.editor_utrecht)
    assert "Signaal sluiten" in client.get(f"{SIGNALS}{signal.pk}/").content.decode()
    assert client.post(f"{SIGNALS}{signal.pk}/sluiten/", {"note": "Opgelost."}).status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED
    response = client.post(f"{SIGNALS}{signal.pk}/sluiten/", {"note": ""})
    assert response.status_code == 400 and "al gesloten" in response.content.decode()


def test_the_coordinator_closes_a_bundle(client, world):
    signal = raise_(world)
    bundle = bundled(world, signal)
    client.force_login(world.coordinator)
    assert "Regionaal signaal sluiten" in client.get(f"{SIGNALS}bundel/{bundle.pk}/").content.decode()
    assert client.post(f"{SIGNALS}bundel/{bundle.pk}/sluiten/", {"version": 1, "note": "Dubbel."}).status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED
    assert "Dubbel." in client.get(f"{SIGNALS}{signal.pk}/").content.decode()


JUNK = [
    {},
    {"version": "", "answer": "\x00", "impact": "\x00", "note": "\x00"},
    {"version": "-1", "note": "x" * 20_000, "organisation": "abc", "impact": ""},
    {"version": "99999999999999999999", "impact": "", "organisation": "999999", "answer": ""},
    {"regio-utrecht-signals": ["abc", "", "-1"], "regio-utrecht-title": "x" * 500, "regio-utrecht-summary": "\x00"},
    {"title": ["a", "b"], "urgency": ["hoog", "laag"], "budget_lines": "x", "law": "../../etc", "note": "x" * 20_000},
]


def test_junk_never_gives_a_500_and_changes_nothing(client, world, test_edition):
    signal = raise_(world)
    bundle = bundled(world, signal)
    before = fingerprint()
    posts = [
        f"{SIGNALS}nieuw/",
        f"{SIGNALS}{signal.pk}/steunen/",
        f"{SIGNALS}{signal.pk}/steun-intrekken/",
        f"{SIGNALS}{signal.pk}/sluiten/",
        f"{SIGNALS}bundelen/regio-utrecht/",
        f"{SIGNALS}bundel/{bundle.pk}/inbrengen/",
        f"{SIGNALS}bundel/{bundle.pk}/beantwoorden/",
        f"{SIGNALS}bundel/{bundle.pk}/sluiten/",
    ]
    users = [None, world.editor_utrecht, world.editor_amersfoort, world.rep_utrecht, world.coordinator]
    for user in [*users, world.editor_rotterdam]:
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in posts:
            if user is world.coordinator and url == f"{SIGNALS}{signal.pk}/sluiten/":
                continue  # closing needs no input: a coordinator's empty form closes the signal
            for data in JUNK:
                response = client.post(url, data)
                assert response.status_code in (400, 403, 404, 409), (user, url, data, response.status_code)
        for url in [*posts[1:], f"{SIGNALS}abc/", f"{SIGNALS}bundel/0/", "/regio/%00/", "/regio/-/"]:
            assert client.get(url).status_code in (200, 403, 404, 405)
    assert fingerprint() == before
