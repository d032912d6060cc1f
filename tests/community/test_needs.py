"""Needs (issue 14, item 4): who states, sees, changes and deletes them; validation; version-checked
edits; the overview's aggregates by theme and development."""

import pytest

from modelgemeente.catalog.releases import editors_group
from modelgemeente.community.access import this_year
from modelgemeente.community.models import Need, Participation, Theme
from modelgemeente.core.enums import NeedPriority, Role
from modelgemeente.plans.models import Organisation
from tests.conftest import member_of
from tests.factories import OrganisationFactory

YEAR = this_year()
NEEDS = "/gemeenschap/behoeften/"


@pytest.fixture
def participating(org, other_org, test_edition):
    Participation.objects.create(organisation=org, year=YEAR)
    Participation.objects.create(organisation=other_org, year=YEAR)


def form(**values):
    data = {
        "title": "Begroting voor de Cyberbeveiligingswet",
        "why": "Wij moeten in 2027 voldoen aan de zorgplicht.",
        "priority": NeedPriority.HIGH,
        "domain_slug": "",
        "development_slug": "informatiebeveiliging",
        "theme": "",
        "needed_by": YEAR + 1,
    }
    return {**data, **values}


def need(organisation, **values):
    data = {
        "year": YEAR,
        "title": "Behoefte",
        "why": "Waarom.",
        "priority": NeedPriority.MEDIUM,
        "domain_slug": "basis",
        "development_slug": "informatiebeveiliging",
        "needed_by": YEAR + 2,
    }
    return Need.objects.create(organisation=organisation, **{**data, **values})


def test_an_editor_of_a_participating_municipality_states_a_need(client, editor, org, participating):
    theme = Theme.objects.create(year=YEAR + 1, title="Cyber", description="x")
    client.force_login(editor)
    response = client.post(f"{NEEDS}nieuw/", form(theme=theme.pk))
    assert response.status_code == 302
    saved = Need.objects.get()
    assert saved.organisation == org and saved.year == YEAR and saved.created_by == editor
    assert (saved.domain_slug, saved.development_slug) == ("basis", "informatiebeveiliging")  # domain follows
    assert saved.theme == theme and saved.needed_by == YEAR + 1


@pytest.mark.parametrize(
    "values, message",
    [
        ({"needed_by": YEAR - 1}, f"Kies een jaar van {YEAR} tot en met {YEAR + 10}."),
        ({"needed_by": YEAR + 11}, f"Kies een jaar van {YEAR} tot en met {YEAR + 10}."),
        ({"needed_by": ""}, "Vul het jaar in waarin u dit nodig hebt."),
        ({"priority": "dringend"}, "Kies een prioriteit: hoog, middel of laag."),
        ({"title": " "}, "Beschrijf kort wat u nodig hebt."),
        ({"development_slug": "bestaat-niet"}, "Kies een ontwikkeling uit de lijst."),
        ({"development_slug": ""}, "Kies een domein of een ontwikkeling waar de behoefte bij hoort."),
    ],
)
def test_bad_input_gets_a_dutch_message_and_saves_nothing(client, editor, participating, values, message):
    client.force_login(editor)
    response = client.post(f"{NEEDS}nieuw/", form(**values))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Need.objects.exists()


def test_a_domain_alone_is_enough(client, editor, participating):
    client.force_login(editor)
    assert client.post(f"{NEEDS}nieuw/", form(development_slug="", domain_slug="kanalen")).status_code == 302
    assert Need.objects.get().domain_slug == "kanalen"


@pytest.mark.parametrize("who", ["reader", "outsider"])
def test_readers_and_non_participants_cannot_state_needs(client, request, org, test_edition, who):
    Participation.objects.create(organisation=org, year=YEAR)
    client.force_login(request.getfixturevalue(who))
    assert client.post(f"{NEEDS}nieuw/", form()).status_code == 403
    assert not Need.objects.exists()


def test_anonymous_is_sent_to_log_in(client, participating):
    assert client.post(f"{NEEDS}nieuw/", form()).status_code == 302
    assert not Need.objects.exists()


def test_an_editor_changes_the_own_organisations_need(client, editor, org, participating):
    mine = need(org)
    client.force_login(editor)
    page = client.get(f"{NEEDS}{mine.pk}/wijzigen/").content.decode()
    assert 'name="version"' in page
    response = client.post(f"{NEEDS}{mine.pk}/wijzigen/", form(title="Nieuw", version=mine.updated_at.isoformat()))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Nieuw" and mine.priority == NeedPriority.HIGH


def test_a_concurrent_edit_is_refused_not_overwritten(client, editor, org, participating):
    mine = need(org, title="Origineel")
    loaded = mine.updated_at.isoformat()
    mine.title = "Door een collega"
    mine.save()  # a colleague saved in between: a new updated_at
    client.force_login(editor)
    response = client.post(f"{NEEDS}{mine.pk}/wijzigen/", form(title="Van mij", version=loaded))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Iemand anders heeft deze behoefte gewijzigd" in page
    assert 'value="Van mij"' in page and "Door een collega" in page  # own input kept, current version shown
    mine.refresh_from_db()
    assert mine.title == "Door een collega"
    # Without a version (a stale or forged form) nothing is saved either.
    assert client.post(f"{NEEDS}{mine.pk}/wijzigen/", form(title="Van mij")).status_code == 409
    # Saving again after seeing the current version is a conscious choice, and works.
    again = client.post(f"{NEEDS}{mine.pk}/wijzigen/", form(title="Van mij", version=mine.updated_at.isoformat()))
    assert again.status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Van mij"


def test_another_organisations_need_is_404_for_edit_and_delete(client, editor, other_org, participating):
    theirs = need(other_org)
    client.force_login(editor)
    assert client.get(f"{NEEDS}{theirs.pk}/wijzigen/").status_code == 404
    assert client.post(f"{NEEDS}{theirs.pk}/wijzigen/", form(version=theirs.updated_at.isoformat())).status_code == 404
    assert (
        client.post(f"{NEEDS}{theirs.pk}/verwijderen/", {"version": theirs.updated_at.isoformat()}).status_code == 404
    )
    assert Need.objects.filter(pk=theirs.pk, title="Behoefte").exists()


def test_a_reader_of_the_organisation_may_not_change_its_need(client, reader, org, participating):
    mine = need(org)
    client.force_login(reader)
    assert client.get(f"{NEEDS}{mine.pk}/wijzigen/").status_code == 403
    assert client.post(f"{NEEDS}{mine.pk}/verwijderen/", {"version": mine.updated_at.isoformat()}).status_code == 403
    assert Need.objects.filter(pk=mine.pk).exists()


def test_delete_own_need_as_read(client, editor, org, participating):
    mine = need(org)
    client.force_login(editor)
    assert "Verwijderen" in client.get(f"{NEEDS}{mine.pk}/verwijderen/").content.decode()
    stale = client.post(f"{NEEDS}{mine.pk}/verwijderen/", {"version": "2000-01-01T00:00:00+00:00"}, follow=True)
    assert "Iemand anders heeft deze behoefte gewijzigd" in stale.content.decode()
    assert Need.objects.filter(pk=mine.pk).exists()
    assert client.post(f"{NEEDS}{mine.pk}/verwijderen/", {"version": mine.updated_at.isoformat()}).status_code == 302
    assert not Need.objects.exists()


def test_individual_needs_only_for_participants_and_editors(client, reader, outsider, org, other_org, participating):
    need(other_org, title="Een behoefte van een ander")
    assert "Een behoefte van een ander" not in client.get(NEEDS).content.decode()
    client.force_login(reader)  # a participant, any role, reads them with the organisation's name
    page = client.get(NEEDS).content.decode()
    assert "Een behoefte van een ander" in page and "Andere gemeente" in page
    assert f"{NEEDS}" + "1/wijzigen/" not in page  # not theirs to change
    stranger = member_of(
        Organisation.objects.create(name="Niet deelnemend", slug="niet-deelnemend"), Role.ADMIN, "vreemde@elders.nl"
    )
    client.force_login(stranger)
    assert "Een behoefte van een ander" not in client.get(NEEDS).content.decode()
    stranger.groups.add(editors_group())
    assert "Een behoefte van een ander" in client.get(NEEDS).content.decode()


def test_the_overview_aggregates_by_theme_and_development(client, org, other_org, participating):
    third = OrganisationFactory(name="Derde")
    theme = Theme.objects.create(year=YEAR + 1, title="Cyber", description="x")
    need(org, priority=NeedPriority.HIGH, needed_by=YEAR + 3, theme=theme)
    need(org, priority=NeedPriority.LOW, needed_by=YEAR + 1, theme=theme)  # same municipality twice
    need(other_org, priority=NeedPriority.LOW, needed_by=YEAR + 4)
    need(third, priority=NeedPriority.HIGH, development_slug="klantcontact", domain_slug="kanalen")
    need(other_org, priority=NeedPriority.HIGH, development_slug="klantcontact", domain_slug="kanalen")
    need(org, year=YEAR - 1, title="Vorig jaar")

    from modelgemeente.community.need_views import needs_overview

    overview = needs_overview(YEAR)
    assert (overview["needs"], overview["municipalities"]) == (5, 3)
    contact, security = overview["by_development"]  # both 2 municipalities; klantcontact has 2 high
    assert contact["slug"] == "klantcontact" and contact["priorities"] == {"high": 2, "medium": 0, "low": 0}
    assert security["municipalities"] == 2 and security["needs"] == 3
    assert security["priorities"] == {"high": 1, "medium": 0, "low": 2}
    assert security["earliest_needed_by"] == YEAR + 1
    assert security["url"] == "/editie/2090/ontwikkeling/informatiebeveiliging/"
    by_theme = {row["label"]: row for row in overview["by_theme"]}
    assert by_theme["Cyber"]["municipalities"] == 1 and by_theme["Zonder thema"]["municipalities"] == 2
    assert [row["slug"] for row in overview["by_domain"]] == ["kanalen", "basis"]


def test_the_overview_page_is_public_without_organisation_names(client, org, other_org, participating):
    need(other_org)
    page = client.get(f"{NEEDS}overzicht/", {"jaar": YEAR}).content.decode()
    assert client.get(f"{NEEDS}overzicht/").status_code == 200
    assert 'href="/editie/2090/ontwikkeling/informatiebeveiliging/"' in page
    assert "Andere gemeente" not in page
