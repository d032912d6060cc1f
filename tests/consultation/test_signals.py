"""Signals up (issue 16, part 2), the service: raise, support, bundle, raise to the national level, answer and close;
who may; what is recorded; the reach in the national overview; who sees which signal."""

import pytest

from modelgemeente.consultation import access
from modelgemeente.consultation.models import RegionalSignal, Signal, SignalEvent, SignalSupport
from modelgemeente.consultation.services import signals as service
from modelgemeente.consultation.services.common import ConsultationError, StaleVersion
from modelgemeente.consultation.signal_readings import bundle_reach, national_overview, signal_reach
from modelgemeente.core.enums import SignalStatus, Urgency
from tests.consultation.world import INHABITANTS, build_world

TABLES = [Signal, SignalSupport, RegionalSignal, SignalEvent]


@pytest.fixture
def world(db):
    return build_world()


def fingerprint() -> dict:
    """Every row of the signal tables: a refusal must leave all of them as they were."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in TABLES}


def raise_(world, organisation=None, user=None, **values):
    data = {
        "title": "Koppeling met de BRP te duur",
        "description": "De leverancier rekent per aansluiting.",
        "impact": "Tienduizenden euro's per jaar.",
        "urgency": Urgency.HIGH,
    }
    return service.raise_signal(organisation or world.utrecht, user or world.editor_utrecht, **{**data, **values})


def steps(queryset) -> list[tuple]:
    return [
        (e.kind, e.user.username if e.user else None, e.organisation.name if e.organisation else None) for e in queryset
    ]


def test_the_full_round_three_municipalities_in_two_regions(world):
    signal = raise_(world)
    service.support_signal(signal, world.amersfoort, world.editor_amersfoort, "Ook bij ons: twee fte extra.")
    service.support_signal(signal, world.amsterdam, world.admin_amsterdam, "Vertraging bij de burgerzaken.")

    bundle = service.bundle_signals(
        world.utrecht_region,
        world.rep_utrecht,
        title="BRP-kosten",
        summary="De regio vraagt om één tarief.",
        signals=[signal],
    )
    signal.refresh_from_db()
    assert (signal.status, signal.bundle, bundle.status) == (SignalStatus.BUNDLED, bundle, SignalStatus.BUNDLED)

    service.raise_bundle(bundle, world.rep_utrecht, expected_version=1)
    bundle.refresh_from_db()
    signal.refresh_from_db()
    assert bundle.status == signal.status == SignalStatus.RAISED
    assert bundle.raised_at is not None and bundle.version == 2

    service.answer_bundle(bundle, world.coordinator, 2, "Het ministerie onderzoekt een landelijk tarief.")
    bundle.refresh_from_db()
    signal.refresh_from_db()
    assert bundle.status == signal.status == SignalStatus.ANSWERED
    assert bundle.answer == "Het ministerie onderzoekt een landelijk tarief." and bundle.answered_at

    reach = signal_reach(signal)
    assert [o.name for o in reach.organisations] == ["Gemeente Utrecht", "Gemeente Amersfoort", "Gemeente Amsterdam"]
    assert [r.name for r in reach.regions] == ["Regio Noordvleugel", "Regio Utrecht"]
    assert reach.inhabitants == INHABITANTS["GM0344"] + INHABITANTS["GM0307"] + INHABITANTS["GM0363"] == 1_467_388
    assert "CBS" in reach.source and "2024" in reach.source
    [row] = national_overview()
    assert (len(row.reach.organisations), len(row.reach.regions), row.reach.inhabitants) == (3, 2, 1_467_388)
    assert (row.signal.status, row.answer, row.bundle) == (SignalStatus.ANSWERED, bundle.answer, bundle)
    assert bundle_reach(bundle).inhabitants == 1_467_388

    # Every step, with who and for which organisation.
    assert steps(signal.events.all()) == [
        ("aangemaakt", "redacteur@utrecht.nl", "Gemeente Utrecht"),
        ("gesteund", "redacteur@amersfoort.nl", "Gemeente Amersfoort"),
        ("gesteund", "beheer@amsterdam.nl", "Gemeente Amsterdam"),
        ("gebundeld", "vertegenwoordiger@regio-utrecht.nl", None),
        ("ingebracht", "vertegenwoordiger@regio-utrecht.nl", None),
        ("beantwoord", "coordinator@beraad.nl", None),
    ]
    assert steps(bundle.events.all()) == [
        ("gebundeld", "vertegenwoordiger@regio-utrecht.nl", None),
        ("ingebracht", "vertegenwoordiger@regio-utrecht.nl", None),
        ("beantwoord", "coordinator@beraad.nl", None),
    ]

    service.close_bundle(bundle, world.coordinator, 3, "Afgehandeld.")
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED
    assert signal.events.last().kind == "gesloten" and signal.events.last().note == "Afgehandeld."


def test_links_are_checked_against_the_release(world, test_edition):
    signal = raise_(
        world,
        edition=test_edition,
        law="wet-testgegevens",
        development="informatiebeveiliging",
        budget_lines=["informatiebeveiliging/scanners", "informatiebeveiliging/scanners", " "],
    )
    assert (signal.edition, signal.law, signal.development) == (
        test_edition,
        "wet-testgegevens",
        "informatiebeveiliging",
    )
    assert signal.budget_lines == ["informatiebeveiliging/scanners"]
    # No links: no release is recorded.
    assert raise_(world, edition=test_edition).edition is None


@pytest.mark.parametrize(
    "values, message",
    [
        ({"law": "wet-bestaat-niet"}, "Kies een wet uit de lijst."),
        ({"development": "bestaat-niet"}, "Kies een ontwikkeling uit de lijst."),
        ({"budget_lines": ["informatiebeveiliging/geen-regel"]}, "onbekend: informatiebeveiliging/geen-regel"),
        ({"urgency": "morgen"}, "Kies een urgentie: hoog, gemiddeld of laag."),
        ({"title": "   "}, "Geef een korte titel."),
        ({"title": "x" * 201}, "Gebruik ten hoogste 200 tekens."),
        ({"description": ""}, "Beschrijf het knelpunt."),
        ({"impact": None}, "Beschrijf de gevolgen voor uw gemeente."),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_changes(world, test_edition, values, message):
    before = fingerprint()
    with pytest.raises(ConsultationError, match=message):
        raise_(world, edition=test_edition, **values)
    assert fingerprint() == before


def test_links_need_a_release(world):
    with pytest.raises(ConsultationError, match="Kies de release"):
        raise_(world, law="wet-testgegevens")


def test_who_may_raise(world, org, editor):
    with pytest.raises(service.NotAllowed, match="Alleen redacteuren en beheerders van Gemeente Utrecht"):
        raise_(world, user=world.reader_utrecht)
    with pytest.raises(service.NotAllowed):
        raise_(world, user=world.editor_amersfoort)  # not a member of Utrecht
    with pytest.raises(service.NotAllowed):
        raise_(world, user=world.rep_utrecht)  # a representative is no member
    # Aa en Hunze (conftest's org) is in none of the world's regions: nobody to bundle it.
    with pytest.raises(ConsultationError, match="hoort bij geen enkele regio"):
        raise_(world, organisation=org, user=editor)
    assert not Signal.objects.exists()


def test_support_refusals_and_an_update_of_the_own_impact(world):
    signal = raise_(world)
    before = fingerprint()
    with pytest.raises(ConsultationError, match="eigen organisatie"):
        service.support_signal(signal, world.utrecht, world.editor_utrecht, "Wij ook.")
    with pytest.raises(ConsultationError, match="Gemeente Rotterdam zit niet in een regio van Gemeente Utrecht"):
        service.support_signal(signal, world.rotterdam, world.editor_rotterdam, "Wij ook.")
    with pytest.raises(service.NotAllowed):
        service.support_signal(signal, world.amersfoort, world.editor_utrecht, "Namens een ander.")
    with pytest.raises(ConsultationError, match="Beschrijf de gevolgen"):
        service.support_signal(signal, world.amersfoort, world.editor_amersfoort, "  ")
    assert fingerprint() == before

    service.support_signal(signal, world.amersfoort, world.editor_amersfoort, "Eerste tekst.")
    service.support_signal(signal, world.amersfoort, world.editor_amersfoort, "Betere tekst.")
    assert list(signal.supports.values_list("impact", flat=True)) == ["Betere tekst."]
    assert [e.kind for e in signal.events.all()] == ["aangemaakt", "gesteund", "steun_aangepast"]

    service.withdraw_support(signal, world.amersfoort, world.editor_amersfoort)
    assert not signal.supports.exists()
    assert signal.events.last().kind == "steun_ingetrokken"
    with pytest.raises(ConsultationError, match="Gemeente Amersfoort steunt dit signaal niet"):
        service.withdraw_support(signal, world.amersfoort, world.editor_amersfoort)


def test_no_support_once_answered_or_closed(world):
    signal = raise_(world)
    service.close_signal(signal, world.editor_utrecht, "Opgelost.")
    with pytest.raises(ConsultationError, match="al beantwoord of gesloten"):
        service.support_signal(signal, world.amersfoort, world.editor_amersfoort, "Wij ook.")


def test_bundle_refusals(world):
    utrecht = raise_(world)
    rotterdam = raise_(world, organisation=world.rotterdam, user=world.editor_rotterdam)
    before = fingerprint()
    bundle = {"title": "Bundel", "summary": "Samen."}
    with pytest.raises(service.NotAllowed, match="Alleen een vertegenwoordiger van Regio Utrecht"):
        service.bundle_signals(world.utrecht_region, world.editor_utrecht, signals=[utrecht], **bundle)
    with pytest.raises(service.NotAllowed):
        service.bundle_signals(world.utrecht_region, world.rep_noordvleugel, signals=[utrecht], **bundle)
    with pytest.raises(ConsultationError, match="komt van Gemeente Rotterdam, die niet in Regio Utrecht zit"):
        service.bundle_signals(world.utrecht_region, world.rep_utrecht, signals=[utrecht, rotterdam], **bundle)
    with pytest.raises(ConsultationError, match="Kies minstens één nieuw signaal"):
        service.bundle_signals(world.utrecht_region, world.rep_utrecht, signals=[], **bundle)
    with pytest.raises(ConsultationError, match="Vat samen"):
        service.bundle_signals(world.utrecht_region, world.rep_utrecht, signals=[utrecht], title="T", summary="")
    assert fingerprint() == before

    # Utrecht is in Noordvleugel too: its representative may bundle it; afterwards it is no longer new.
    service.bundle_signals(world.noordvleugel, world.rep_noordvleugel, signals=[utrecht], **bundle)
    with pytest.raises(ConsultationError, match="niet meer nieuw"):
        service.bundle_signals(world.utrecht_region, world.rep_utrecht, signals=[utrecht], **bundle)


def test_raise_answer_and_close_refusals(world):
    signal = raise_(world)
    bundle = service.bundle_signals(world.utrecht_region, world.rep_utrecht, title="B", summary="S", signals=[signal])
    before = fingerprint()
    with pytest.raises(service.NotAllowed, match="Alleen een vertegenwoordiger van Regio Utrecht"):
        service.raise_bundle(bundle, world.rep_noordvleugel, 1)
    with pytest.raises(service.NotAllowed, match="Alleen een coördinator"):
        service.answer_bundle(bundle, world.rep_utrecht, 1, "Antwoord.")
    with pytest.raises(ConsultationError, match="Alleen een ingebracht regionaal signaal"):
        service.answer_bundle(bundle, world.coordinator, 1, "Te vroeg.")
    with pytest.raises(service.NotAllowed):
        service.close_bundle(bundle, world.editor_utrecht, 1)
    with pytest.raises(StaleVersion, match="Iemand anders heeft dit intussen gewijzigd"):
        service.raise_bundle(bundle, world.rep_utrecht, 7)
    assert fingerprint() == before

    service.raise_bundle(bundle, world.rep_utrecht, 1)
    with pytest.raises(StaleVersion):
        service.raise_bundle(bundle, world.rep_utrecht, 1)
    with pytest.raises(ConsultationError, match="al ingebracht"):
        service.raise_bundle(bundle, world.rep_utrecht, 2)
    with pytest.raises(ConsultationError, match="Schrijf het antwoord"):
        service.answer_bundle(bundle, world.coordinator, 2, " ")
    service.answer_bundle(bundle, world.coordinator, 2, "Eerste antwoord.")
    service.answer_bundle(bundle, world.coordinator, 3, "Aangevuld antwoord.")  # an answer may be replaced
    bundle.refresh_from_db()
    assert bundle.answer == "Aangevuld antwoord." and bundle.version == 4


def test_close_a_signal(world):
    new = raise_(world)
    with pytest.raises(service.NotAllowed, match="kunnen dit signaal sluiten"):
        service.close_signal(new, world.reader_utrecht, "")
    with pytest.raises(service.NotAllowed):
        service.close_signal(new, world.editor_amersfoort, "")
    bundled = raise_(world, title="Tweede")
    service.bundle_signals(world.utrecht_region, world.rep_utrecht, title="B", summary="S", signals=[bundled])
    with pytest.raises(ConsultationError, match="alleen een coördinator kan het nu nog sluiten"):
        service.close_signal(bundled, world.editor_utrecht, "")

    service.close_signal(new, world.editor_utrecht, "Opgelost door de leverancier.")
    service.close_signal(bundled, world.coordinator, "")
    assert set(Signal.objects.values_list("status", flat=True)) == {SignalStatus.CLOSED}
    with pytest.raises(ConsultationError, match="al gesloten"):
        service.close_signal(new, world.coordinator, "")


def test_who_sees_which_signal(world):
    utrecht = raise_(world)  # Utrecht: Regio Utrecht and Noordvleugel
    amersfoort = raise_(world, organisation=world.amersfoort, user=world.editor_amersfoort)  # Regio Utrecht only

    def seen(user):
        return set(access.visible_signals(user))

    assert seen(world.reader_utrecht) == {utrecht, amersfoort}
    assert seen(world.editor_amersfoort) == {utrecht, amersfoort}
    assert seen(world.admin_amsterdam) == {utrecht}  # shares Noordvleugel with Utrecht, not a region with Amersfoort
    assert seen(world.rep_noordvleugel) == {utrecht}
    assert seen(world.rep_utrecht) == {utrecht, amersfoort}
    assert seen(world.editor_rotterdam) == set()
    assert seen(world.rep_zuid_holland) == set()
    assert seen(world.coordinator) == {utrecht, amersfoort}

    assert access.organisation_sees_signal(world.amsterdam, utrecht)
    assert not access.organisation_sees_signal(world.amsterdam, amersfoort)
    assert access.can_see_region(world.reader_utrecht, world.noordvleugel)
    assert not access.can_see_region(world.editor_rotterdam, world.utrecht_region)
    assert access.can_see_region(world.coordinator, world.groningen_region)

    bundle = service.bundle_signals(
        world.utrecht_region, world.rep_utrecht, title="B", summary="S", signals=[amersfoort]
    )
    assert list(access.visible_bundles(world.editor_amersfoort)) == [bundle]
    assert list(access.visible_bundles(world.admin_amsterdam)) == []
    assert list(access.visible_bundles(world.coordinator)) == [bundle]
