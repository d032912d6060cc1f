"""The positions service: one voice of the regions, with the dissent kept and every version recorded."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from modelgemeente.consultation.models import Position, PositionVersion, Question, Region, RegionalSignal
from modelgemeente.consultation.services import positions as service
from modelgemeente.consultation.services.common import StaleVersion
from modelgemeente.core.enums import PositionStatus, Stance
from tests.conftest import make_user
from tests.consultation.position_world import world  # noqa: F401

TEXT = "Gemeenten vragen het Rijk om één koppelvlak voor gegevensuitwisseling."


@pytest.fixture
def sources(world):  # noqa: F811
    question = Question.objects.create(
        title="Reactie op conceptbeleid gegevensuitwisseling",
        body="Wat vindt uw regio?",
        deadline=datetime.date(2030, 1, 1),
    )
    question.regions.set([world.noord, world.oost, world.zuid])
    signal = RegionalSignal.objects.create(
        region=world.oost, title="Koppelvlakken kosten te veel", summary="Drie gemeenten."
    )
    return question, signal


@pytest.fixture
def draft(world, sources):  # noqa: F811
    question, signal = sources
    return service.create_position(
        world.coordinator, title="Eén koppelvlak", text=TEXT, questions=[question], signals=[signal]
    )


def stances_with_one_objection(world, position):  # noqa: F811
    service.record_stance(position, world.noord, world.rep_noord, Stance.SUPPORT, "Past bij onze aanpak.")
    service.record_stance(
        position, world.oost, world.rep_oost, Stance.OBJECT, "De invoering in 2027 is te vroeg voor kleine gemeenten."
    )


def test_a_coordinator_creates_a_draft_with_version_1_and_its_sources(world, sources, draft):  # noqa: F811
    question, signal = sources
    assert draft.status == PositionStatus.DRAFT and draft.version == 1 and draft.created_by == world.coordinator
    version = draft.versions.get()
    assert version.number == 1 and version.status == PositionStatus.DRAFT and version.user == world.coordinator
    snap = version.snapshot
    assert snap["title"] == "Eén koppelvlak" and snap["text"] == TEXT and snap["stances"] == []
    assert snap["questions"] == [{"id": question.pk, "title": question.title}]
    assert snap["signals"] == [{"id": signal.pk, "title": signal.title, "region": "Regio Oost"}]
    assert snap["aggregate"]["missing"] == ["Regio Noord", "Regio Oost", "Regio Zuid"]
    assert service.aggregate(draft).summary == "0 steun, 0 steun met voorbehoud, 0 bezwaar, 0 onthouding; 3 nog open"


def test_aggregate_counts_each_stance_and_keeps_the_dissent_with_its_reason(world, draft):  # noqa: F811
    stances_with_one_objection(world, draft)
    found = service.aggregate(draft)
    assert found.counts == {"steun": 1, "voorbehoud": 0, "bezwaar": 1, "onthouding": 0}
    assert found.missing == ["Regio Zuid"]
    assert [(r.region, r.label, r.reason) for r in found.dissent] == [
        ("Regio Oost", "bezwaar", "De invoering in 2027 is te vroeg voor kleine gemeenten.")
    ]
    assert found.summary == "1 steun, 0 steun met voorbehoud, 1 bezwaar, 0 onthouding; 1 nog open"
    service.record_stance(draft, world.zuid, world.rep_zuid, Stance.RESERVATIONS, "Alleen met geld voor de invoering.")
    found = service.aggregate(draft)
    assert found.missing == [] and found.summary.endswith("; 0 nog open")
    assert [(r.region, r.stance) for r in found.dissent] == [("Regio Oost", "bezwaar"), ("Regio Zuid", "voorbehoud")]
    reading = service.current_reading(draft)
    assert [(r.region, r.label) for r in reading.stances] == [
        ("Regio Noord", "steun"),
        ("Regio Oost", "bezwaar"),
        ("Regio Zuid", "steun met voorbehoud"),
    ]


def test_a_second_stance_of_a_region_replaces_the_first(world, draft):  # noqa: F811
    service.record_stance(draft, world.noord, world.rep_noord, Stance.OBJECT, "Eerst nee.")
    service.record_stance(draft, world.noord, world.rep_noord, Stance.SUPPORT, "Na overleg ja.")
    assert draft.stances.get().reason == "Na overleg ja."
    assert service.aggregate(draft).counts["bezwaar"] == 0


def test_finalise_records_minority_notes_and_every_version_keeps_its_snapshot(world, draft):  # noqa: F811
    stances_with_one_objection(world, draft)  # versions 2 and 3
    service.update_position(
        draft,
        world.coordinator,
        3,
        title="Eén koppelvlak voor alle gemeenten",
        text=TEXT + " Vanaf 2028.",
        minority_notes="",
    )
    with pytest.raises(service.InvalidInput) as refused:
        service.finalise_position(draft, world.coordinator, 4, "")
    assert refused.value.field == "minority_notes" and "Regio Oost" in str(refused.value)
    draft.refresh_from_db()
    assert draft.status == PositionStatus.DRAFT and draft.version == 4
    service.finalise_position(draft, world.coordinator, 4, "Regio Oost acht 2027 te vroeg voor kleine gemeenten.")
    assert draft.status == PositionStatus.FINAL and draft.published_at is not None and draft.version == 5
    versions = list(draft.versions.order_by("number"))
    assert [(v.number, v.status) for v in versions] == [
        (1, "concept"),
        (2, "concept"),
        (3, "concept"),
        (4, "concept"),
        (5, "vastgesteld"),
    ]
    assert [v.user for v in versions] == [
        world.coordinator,
        world.rep_noord,
        world.rep_oost,
        world.coordinator,
        world.coordinator,
    ]
    assert [len(v.snapshot["stances"]) for v in versions] == [0, 1, 2, 2, 2]
    assert versions[2].snapshot["saved_by"] == {"role": "vertegenwoordiger", "region": "Regio Oost"}
    assert versions[2].snapshot["title"] == "Eén koppelvlak"
    assert versions[3].snapshot["title"] == "Eén koppelvlak voor alle gemeenten"
    final = versions[4].snapshot
    assert final["minority_notes"] == "Regio Oost acht 2027 te vroeg voor kleine gemeenten."
    assert final["aggregate"]["dissent"] == [
        {
            "region": "Regio Oost",
            "stance": "bezwaar",
            "reason": "De invoering in 2027 is te vroeg voor kleine gemeenten.",
        }
    ]
    assert final["published_at"] == draft.published_at.isoformat()


@pytest.fixture
def final(world, draft):  # noqa: F811
    stances_with_one_objection(world, draft)
    return service.finalise_position(draft, world.coordinator, 3, "Oost is tegen.")


def test_a_final_position_never_changes(world, final):  # noqa: F811
    before = (final.version, final.versions.count(), final.stances.count())
    with pytest.raises(service.PositionFinal):
        service.record_stance(final, world.zuid, world.rep_zuid, Stance.SUPPORT, "Alsnog steun.")
    with pytest.raises(service.PositionFinal):
        service.update_position(
            final, world.coordinator, final.version, title="Anders", text="Anders", minority_notes=""
        )
    with pytest.raises(service.PositionFinal) as refused:
        service.finalise_position(final, world.coordinator, final.version, "Opnieuw.")
    assert "vastgesteld op" in str(refused.value)
    final.refresh_from_db()
    assert (final.version, final.versions.count(), final.stances.count()) == before
    assert final.title == "Eén koppelvlak" and final.minority_notes == "Oost is tegen."


def test_a_final_position_keeps_its_aggregate_when_regions_change_later(world, final):  # noqa: F811
    Region.objects.create(slug="west", name="Regio West", municipality_codes=["GM9004"])
    Region.objects.filter(pk=world.oost.pk).update(name="Regio Oost (nieuw)")
    found = service.aggregate(final)
    assert found.missing == ["Regio Zuid"]
    assert [r.region for r in found.dissent] == ["Regio Oost"]
    assert service.current_reading(final).stances[1].region == "Regio Oost"


def test_a_stale_version_saves_nothing(world, draft):  # noqa: F811
    service.record_stance(draft, world.noord, world.rep_noord, Stance.SUPPORT, "Ja.")  # version 2
    for expected in (1, 7, "2", None):
        with pytest.raises(StaleVersion):
            service.update_position(draft, world.coordinator, expected, title="Nieuw", text="Nieuw", minority_notes="")
        with pytest.raises(StaleVersion):
            service.finalise_position(draft, world.coordinator, expected, "")
    draft.refresh_from_db()
    assert draft.title == "Eén koppelvlak" and draft.version == 2 and draft.versions.count() == 2


def test_only_coordinators_draft_edit_and_finalise(world, draft):  # noqa: F811
    superuser = make_user("super@beheer.nl")
    superuser.is_superuser = True
    superuser.save()
    assert service.create_position(superuser, title="Door beheer", text="Tekst").versions.count() == 1
    for user in (world.rep_noord, world.member, world.outsider, AnonymousUser()):
        with pytest.raises(service.NotAllowed):
            service.create_position(user, title="T", text="T")
        with pytest.raises(service.NotAllowed):
            service.update_position(draft, user, 1, title="T", text="T", minority_notes="")
        with pytest.raises(service.NotAllowed):
            service.finalise_position(draft, user, 1, "")
    assert Position.objects.count() == 2 and draft.versions.count() == 1


def test_only_the_regions_representative_records_its_stance(world, draft):  # noqa: F811
    for user in (world.rep_oost, world.coordinator, world.member, world.outsider, AnonymousUser()):
        with pytest.raises(service.NotAllowed):
            service.record_stance(draft, world.noord, user, Stance.SUPPORT, "Ja.")
    assert draft.stances.count() == 0 and draft.versions.count() == 1


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda w, p: service.create_position(w.coordinator, title="  ", text="T"), "title"),
        (lambda w, p: service.create_position(w.coordinator, title="x" * 201, text="T"), "title"),
        (lambda w, p: service.create_position(w.coordinator, title="T", text=""), "text"),
        (lambda w, p: service.create_position(w.coordinator, title="T", text="a\x00b"), "text"),
        (lambda w, p: service.create_position(w.coordinator, title=["T"], text="T"), "title"),
        (lambda w, p: service.create_position(w.coordinator, title="T", text="T", questions=[999999]), "questions"),
        (lambda w, p: service.create_position(w.coordinator, title="T", text="T", signals=["x"]), "signals"),
        (lambda w, p: service.record_stance(p, w.noord, w.rep_noord, "misschien", "Reden"), "stance"),
        (lambda w, p: service.record_stance(p, w.noord, w.rep_noord, Stance.SUPPORT, " "), "reason"),
        (lambda w, p: service.record_stance(p, w.noord, w.rep_noord, Stance.SUPPORT, "x" * 4001), "reason"),
        (
            lambda w, p: service.update_position(p, w.coordinator, 1, title="T", text="T", minority_notes="x" * 20001),
            "minority_notes",
        ),
    ],
)
def test_junk_is_refused_at_its_field_and_nothing_changes(world, draft, call, field):  # noqa: F811
    with pytest.raises(service.InvalidInput) as refused:
        call(world, draft)
    assert refused.value.field == field and str(refused.value)
    draft.refresh_from_db()
    assert Position.objects.count() == 1 and PositionVersion.objects.count() == 1 and draft.version == 1
    assert draft.stances.count() == 0 and draft.title == "Eén koppelvlak"


def test_drafts_are_visible_to_participants_final_positions_to_everybody(world, draft, final):  # noqa: F811
    other = service.create_position(world.coordinator, title="Nog een concept", text="Tekst")
    for user in (world.coordinator, world.rep_zuid, world.member):
        assert service.may_see_drafts(user)
        assert set(service.visible_positions(user)) == {final, other}
    for user in (world.outsider, AnonymousUser()):
        assert not service.may_see_drafts(user)
        assert list(service.visible_positions(user)) == [final]
