"""The position pages: a round with one region objecting, the PDF, the history, permissions per role and junk."""

import datetime

import pytest
from django.urls import reverse

from modelgemeente.consultation.models import Position, PositionVersion, Question, RegionalSignal
from modelgemeente.consultation.services import positions as service
from modelgemeente.core.enums import PositionStatus, Stance
from tests.consultation.position_world import world  # noqa: F401
from tests.exports.readers import pdf_text

OBJECTION = "De invoering in 2027 is te vroeg voor kleine gemeenten."
MINORITY = "Regio Oost vraagt uitstel tot 2029 voor gemeenten onder 20.000 inwoners."


def url(name, *args):
    return reverse(f"consultation:{name}", args=args)


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def sources(world):  # noqa: F811
    question = Question.objects.create(
        title="Conceptbeleid gegevensuitwisseling", body="Wat vindt uw regio?", deadline=datetime.date(2030, 1, 1)
    )
    question.regions.set([world.noord, world.oost, world.zuid])
    signal = RegionalSignal.objects.create(region=world.oost, title="Koppelvlakken kosten te veel", summary="Samen.")
    return question, signal


@pytest.fixture
def draft(world, sources):  # noqa: F811
    question, signal = sources
    return service.create_position(
        world.coordinator,
        title="Eén koppelvlak",
        text="Eén koppelvlak voor alle gemeenten.",
        questions=[question],
        signals=[signal],
    )


@pytest.fixture
def final(world, draft):  # noqa: F811
    service.record_stance(draft, world.oost, world.rep_oost, Stance.OBJECT, OBJECTION)
    return service.finalise_position(draft, world.coordinator, 2, MINORITY)


def test_a_full_round_with_one_region_objecting(client, world, sources):  # noqa: F811
    question, signal = sources
    client.force_login(world.coordinator)
    response = client.post(
        url("position_create"),
        {
            "title": "Eén koppelvlak",
            "text": "Eén koppelvlak voor alle gemeenten.",
            "questions": [question.pk],
            "signals": [signal.pk],
        },
    )
    position = Position.objects.get()
    assert response.status_code == 302 and response["Location"] == url("position", position.pk)
    page = text_of(client.get(url("position", position.pk)))
    assert "0 steun, 0 steun met voorbehoud, 0 bezwaar, 0 onthouding; 3 nog open" in page
    assert page.count("nog geen opstelling") == 4  # the count's row and three regions

    for user, region, stance, reason in (
        (world.rep_noord, world.noord, Stance.SUPPORT, "Past bij onze aanpak."),
        (world.rep_oost, world.oost, Stance.OBJECT, OBJECTION),
        (world.rep_zuid, world.zuid, Stance.ABSTAIN, "Geen gemeenschappelijke lijn in de regio."),
    ):
        client.force_login(user)
        response = client.post(
            url("position_stance", position.pk), {"region": region.pk, "stance": stance, "reason": reason}
        )
        assert response.status_code == 302, response.content.decode()

    client.force_login(world.coordinator)
    page = text_of(client.get(url("position", position.pk)))
    assert "1 steun, 0 steun met voorbehoud, 1 bezwaar, 1 onthouding; 0 nog open" in page
    dissent = page.split("Bezwaar en voorbehoud</h2>")[1].split("</section>")[0]
    assert "Regio Oost: bezwaar." in dissent and OBJECTION in dissent and "Regio Noord" not in dissent
    assert question.title in page and signal.title in page

    # The confirmation page; as a region objects, finalising needs the minority notes.
    confirm = text_of(client.get(url("position_finalise", position.pk)))
    assert "verandert het niet meer" in confirm and OBJECTION in confirm
    response = client.post(url("position_finalise", position.pk), {"minority_notes": "", "version": "4"})
    assert response.status_code == 400 and "(bezwaar of voorbehoud van: Regio Oost)" in text_of(response)
    position.refresh_from_db()
    assert position.status == PositionStatus.DRAFT
    response = client.post(url("position_finalise", position.pk), {"minority_notes": MINORITY, "version": "4"})
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.status == PositionStatus.FINAL and position.version == 5

    client.logout()  # a final position is public
    page = text_of(client.get(url("position", position.pk)))
    assert "Vastgesteld op" in page and OBJECTION in page and MINORITY in page
    assert "Opstelling opslaan" not in page and "Standpunt vaststellen" not in page
    assert [v.number for v in position.versions.all()] == [5, 4, 3, 2, 1]


def test_the_pdf_has_title_status_stances_dissent_minority_notes_and_sources(client, world, sources, final):  # noqa: F811
    question, signal = sources
    response = client.get(url("position_pdf", final.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="standpunt-{final.pk}.pdf"' in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    for expected in (
        "Eén koppelvlak voor alle gemeenten.",
        "Vastgesteld op",
        "0 steun, 0 steun met voorbehoud, 1 bezwaar, 0 onthouding; 2 nog open",
        "Regio Oost: bezwaar.",
        OBJECTION,
        MINORITY,
        question.title,
        signal.title,
        "Regio Noord nog geen opstelling",
        "Pagina 1 van",
    ):
        assert expected in text, expected


def test_a_draft_pdf_only_for_those_who_may_see_drafts(client, world, draft):  # noqa: F811
    client.force_login(world.member)
    response = client.get(url("position_pdf", draft.pk))
    assert response.status_code == 200 and "Concept, versie 1" in pdf_text(response.content)
    client.force_login(world.outsider)
    assert client.get(url("position_pdf", draft.pk)).status_code == 404
    client.logout()  # anonymous: the login page (403 with a link), which says nothing about the draft
    response = client.get(url("position_pdf", draft.pk))
    assert response.status_code == 403 and "Eén koppelvlak" not in response.content.decode()


def test_drafts_are_404_for_outsiders_and_the_login_page_for_anonymous_visitors(client, world, draft):  # noqa: F811
    pages = [url(n, draft.pk) for n in ("position", "position_pdf", "position_history")] + [
        url("position_version", draft.pk, 1)
    ]
    for user, status in ((world.outsider, 404), (None, 403)):
        client.logout()
        if user:
            client.force_login(user)
        for page in pages:
            response = client.get(page)
            assert response.status_code == status, page
            assert "Eén koppelvlak" not in response.content.decode()
        stance = client.post(url("position_stance", draft.pk), {"stance": "steun", "reason": "x"})
        assert stance.status_code == status
        listing = text_of(client.get(url("positions")))
        assert "Eén koppelvlak" not in listing and "Concepten" not in listing
    for user in (world.member, world.rep_zuid, world.coordinator):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 200, page
        assert "Eén koppelvlak" in text_of(client.get(url("positions")))


def test_the_list_shows_final_positions_to_everybody(client, world, final):  # noqa: F811
    listing = text_of(client.get(url("positions")))
    assert "Eén koppelvlak" in listing and "vastgesteld op" in listing and "1 bezwaar" in listing
    assert "Nieuw standpunt opstellen" not in listing
    client.force_login(world.coordinator)
    assert "Nieuw standpunt opstellen" in text_of(client.get(url("positions")))


def test_roles_a_stance_by_a_non_representative_is_403_with_a_message(client, world, draft):  # noqa: F811
    for user in (world.member, world.coordinator):
        client.force_login(user)
        response = client.post(
            url("position_stance", draft.pk), {"region": world.noord.pk, "stance": "steun", "reason": "Ja."}
        )
        assert response.status_code == 403
        assert "Alleen de vertegenwoordiger van een regio legt de opstelling van de regio vast." in text_of(response)
    client.force_login(world.rep_oost)  # another region than the one posted
    response = client.post(
        url("position_stance", draft.pk), {"region": world.noord.pk, "stance": "steun", "reason": "Ja."}
    )
    assert response.status_code == 400 and "Kies een regio die u vertegenwoordigt." in text_of(response)
    assert draft.stances.count() == 0 and draft.versions.count() == 1


def test_roles_only_coordinators_create_edit_and_finalise(client, world, draft):  # noqa: F811
    response = client.get(url("position_create"))
    assert response.status_code == 403 and reverse("accounts:login") in response.content.decode()  # the login page
    for user in (world.rep_noord, world.member):
        client.force_login(user)
        page = text_of(client.get(url("position", draft.pk)))
        assert "Standpunt vaststellen" not in page
        for name in ("position_edit", "position_finalise"):
            assert client.get(url(name, draft.pk)).status_code == 403
        response = client.post(url("position_edit", draft.pk), {"title": "X", "text": "X", "version": "1"})
        assert response.status_code == 403 and "coördinator" in text_of(response)
        assert client.post(url("position_create"), {"title": "X", "text": "X"}).status_code == 403
    assert Position.objects.count() == 1 and draft.versions.count() == 1
    client.force_login(world.rep_noord)
    assert "Opstelling van Regio Noord vastleggen" in text_of(client.get(url("position", draft.pk)))


def test_a_final_position_refuses_every_change_with_a_message(client, world, final):  # noqa: F811
    before = (final.version, PositionVersion.objects.count(), final.stances.count())
    client.force_login(world.rep_zuid)
    response = client.post(
        url("position_stance", final.pk), {"region": world.zuid.pk, "stance": "steun", "reason": "Alsnog."}
    )
    assert response.status_code == 409 and "verandert niet meer" in text_of(response)
    client.force_login(world.coordinator)
    response = client.post(
        url("position_edit", final.pk), {"title": "Anders", "text": "Anders", "version": str(final.version)}
    )
    assert response.status_code == 409 and "verandert niet meer" in text_of(response)
    response = client.post(url("position_finalise", final.pk), {"minority_notes": "", "version": str(final.version)})
    assert response.status_code == 409
    final.refresh_from_db()
    assert (final.version, PositionVersion.objects.count(), final.stances.count()) == before
    assert final.title == "Eén koppelvlak" and final.minority_notes == MINORITY


def test_a_stale_edit_keeps_the_input_and_saves_nothing(client, world, draft):  # noqa: F811
    service.record_stance(draft, world.noord, world.rep_noord, Stance.SUPPORT, "Ja.")  # now version 2
    client.force_login(world.coordinator)
    for version in ("1", "abc", "", "99999999999999999999"):
        response = client.post(
            url("position_edit", draft.pk), {"title": "Mijn titel", "text": "Mijn tekst", "version": version}
        )
        assert response.status_code == 409
        body = text_of(response)
        assert "Iemand anders heeft dit intussen gewijzigd" in body and "Mijn tekst" in body
    draft.refresh_from_db()
    assert draft.title == "Eén koppelvlak" and draft.version == 2
    response = client.post(
        url("position_edit", draft.pk),
        {"title": "Mijn titel", "text": "Mijn tekst", "minority_notes": "", "version": "2"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Mijn titel" and draft.version == 3


def test_history_lists_every_version_and_shows_each_snapshot(client, world, draft):  # noqa: F811
    service.record_stance(draft, world.oost, world.rep_oost, Stance.OBJECT, OBJECTION)
    service.update_position(draft, world.coordinator, 2, title="Tweede titel", text="Nieuwe tekst.", minority_notes="")
    client.force_login(world.member)
    history = text_of(client.get(url("position_history", draft.pk)))
    for n in (1, 2, 3):
        assert f"Versie {n}</a>" in history
    assert "Vertegenwoordiger oost (vertegenwoordiger van Regio Oost)" in history
    assert "0 steun, 0 steun met voorbehoud, 1 bezwaar, 0 onthouding; 2 nog open" in history
    first = text_of(client.get(url("position_version", draft.pk, 1)))
    assert (
        "Versie 1 van Eén koppelvlak" in first
        and "Eén koppelvlak voor alle gemeenten." in first
        and OBJECTION not in first
    )
    second = text_of(client.get(url("position_version", draft.pk, 2)))
    assert OBJECTION in second and "Nieuwe tekst." not in second
    assert "Nieuwe tekst." in text_of(client.get(url("position_version", draft.pk, 3)))
    assert client.get(url("position_version", draft.pk, 4)).status_code == 404


def test_the_public_history_of_a_final_position_names_roles_not_people(client, world, final):  # noqa: F811
    history = text_of(client.get(url("position_history", final.pk)))
    assert "coördinator landelijk beraad" in history and "vertegenwoordiger van Regio Oost" in history
    assert "Vertegenwoordiger oost" not in history and "Coördinator (" not in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "text": "T"}, "Vul de titel in."),
        ({"title": "T", "text": "  "}, "Vul de tekst van het standpunt in."),
        ({"title": "x" * 201, "text": "T"}, "Ten hoogste 200 tekens."),
        ({"title": "T", "text": "T", "questions": ["abc"]}, "Kies vragen uit de lijst."),
        ({"title": "T", "text": "T", "questions": ["99999999999999999999"]}, "Kies vragen uit de lijst."),
        ({"title": "T", "text": "T", "signals": ["-1"]}, "Kies regionale signalen uit de lijst."),
        ({"title": "T\x00", "text": "T"}, "Null"),
    ],
)
def test_junk_on_create_gets_a_dutch_message(client, world, data, message):  # noqa: F811
    client.force_login(world.coordinator)
    response = client.post(url("position_create"), data)
    assert response.status_code == 400
    body = text_of(response)
    assert "Controleer de invoer" in body
    if message != "Null":
        assert message in body
    assert Position.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stance": "misschien", "reason": "R"}, "Kies steun, steun met voorbehoud, bezwaar of onthouding."),
        ({"stance": "", "reason": "R"}, "Kies steun, steun met voorbehoud, bezwaar of onthouding."),
        ({"stance": "steun", "reason": ""}, "Geef de reden van de regio."),
        ({"stance": "steun", "reason": "x" * 4001}, "Ten hoogste 4000 tekens."),
        ({"region": "abc", "stance": "steun", "reason": "R"}, "Kies een regio die u vertegenwoordigt."),
        (
            {"region": "99999999999999999999", "stance": "steun", "reason": "R"},
            "Kies een regio die u vertegenwoordigt.",
        ),
    ],
)
def test_junk_stance_gets_a_dutch_message_and_nothing_changes(client, world, draft, data, message):  # noqa: F811
    client.force_login(world.rep_noord)
    response = client.post(url("position_stance", draft.pk), {"region": world.noord.pk, **data})
    assert response.status_code == 400 and message in text_of(response)
    assert draft.stances.count() == 0 and draft.versions.count() == 1


def test_unknown_ids_are_404(client, world, draft):  # noqa: F811
    client.force_login(world.coordinator)
    for page in ("/standpunten/99999999999999999999/", "/standpunten/0/versies/", "/standpunten/12345/standpunt.pdf"):
        assert client.get(page).status_code == 404, page
    assert client.get(f"/standpunten/{draft.pk}/versies/99999999999999999999/").status_code == 404
