"""Themes and votes (issue 14, item 2): who may propose, vote and choose; one vote per organisation per
theme; the yearly vote limit; the deadline; the editors' choice with the counts; the starter themes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from modelgemeente.catalog.releases import editors_group
from modelgemeente.community import services
from modelgemeente.community.access import this_year
from modelgemeente.community.models import CommunityYear, Participation, Theme, ThemeVote
from modelgemeente.core.enums import Role, ThemeStatus
from tests.conftest import member_of
from tests.factories import OrganisationFactory

YEAR = this_year() + 1  # themes are for the coming year
THEMES = "/gemeenschap/themas/"


@pytest.fixture
def participating(org):
    return Participation.objects.create(organisation=org, year=YEAR - 1)


@pytest.fixture
def themes(db):
    return [Theme.objects.create(year=YEAR, title=f"Thema {n}", description="Waarom dit thema.") for n in range(1, 6)]


@pytest.fixture
def redactie(db):
    user = member_of(OrganisationFactory(), Role.MEMBER, "redactie@model.nl")
    user.groups.add(editors_group())
    return user


def vote(client, theme, org, action="vote"):
    return client.post(f"{THEMES}{theme.pk}/stem/", {"organisation": org.pk, "action": action}, follow=True)


def test_the_starter_themes_are_seeded_for_2027(db):
    starters = Theme.objects.filter(year=2027, starter=True, status=ThemeStatus.PROPOSED)
    assert "Wendbaarheid versus basiscapaciteit" in {t.title for t in starters}
    assert starters.count() >= 5
    assert all(len(t.description) > 100 for t in starters)


def test_the_public_sees_themes_counts_and_the_chosen_ones(client, themes, org, other_org):
    ThemeVote.objects.create(theme=themes[1], organisation=org)
    ThemeVote.objects.create(theme=themes[1], organisation=other_org)
    themes[1].status = ThemeStatus.CHOSEN
    themes[1].save()
    page = client.get(THEMES, {"jaar": YEAR}).content.decode()
    assert "Thema 2" in page and "Gekozen thema" in page
    assert page.index("Thema 2") < page.index("Thema 1")  # most votes first
    assert "Stemmen namens" not in page


def test_a_participant_proposes_a_theme_and_a_duplicate_title_is_refused(client, reader, participating):
    client.force_login(reader)
    response = client.post(
        f"{THEMES}voorstellen/?jaar={YEAR}", {"title": "Archief  in de cloud", "description": "Omdat."}
    )
    assert response.status_code == 302
    theme = Theme.objects.get(year=YEAR, title="Archief in de cloud")
    assert theme.organisation == participating.organisation and theme.proposed_by == reader
    response = client.post(
        f"{THEMES}voorstellen/?jaar={YEAR}", {"title": "archief in de cloud", "description": "Nog eens."}
    )
    assert response.status_code == 400
    assert f"Er is al een thema met deze titel voor {YEAR}." in response.content.decode()
    assert Theme.objects.filter(year=YEAR, starter=False).count() == 1


def test_a_non_participant_cannot_propose_and_anonymous_must_log_in(client, outsider, participating):
    client.force_login(outsider)
    assert client.get(f"{THEMES}voorstellen/?jaar={YEAR}").status_code == 403
    client.logout()
    assert client.post(f"{THEMES}voorstellen/?jaar={YEAR}", {"title": "x", "description": "y"}).status_code == 302
    assert not Theme.objects.filter(year=YEAR, starter=False).exists()


def test_one_vote_per_organisation_per_theme_and_withdraw(client, editor, org, participating, themes):
    client.force_login(editor)
    page = vote(client, themes[0], org).content.decode()
    assert "Gemeente Voorbeeld stemt op" in page
    page = vote(client, themes[0], org).content.decode()
    assert "Gemeente Voorbeeld heeft al op dit thema gestemd." in page
    assert ThemeVote.objects.filter(theme=themes[0]).count() == 1
    page = vote(client, themes[0], org, "withdraw").content.decode()
    assert "is ingetrokken" in page
    assert not ThemeVote.objects.exists()


def test_the_race_on_the_same_vote_ends_in_a_message_not_a_500(editor, org, themes, monkeypatch):
    ThemeVote.objects.create(theme=themes[0], organisation=org)
    # The other request's vote arrived between the check and the insert: the constraint decides.
    monkeypatch.setattr("django.db.models.query.QuerySet.exists", lambda self: False)
    with pytest.raises(services.ThemeRefused, match="heeft al op dit thema gestemd"):
        services.cast_vote(themes[0], organisation=org, user=editor)
    assert ThemeVote.objects.count() == 1


def test_a_reader_may_not_vote_for_the_organisation(client, reader, org, participating, themes):
    client.force_login(reader)
    assert vote(client, themes[0], org).status_code == 403
    assert "de rol redacteur of beheerder heeft" in client.get(THEMES, {"jaar": YEAR}).content.decode()
    assert not ThemeVote.objects.exists()


def test_a_member_of_another_organisation_cannot_vote_for_it(client, outsider, org, participating, themes):
    Participation.objects.create(organisation=outsider.memberships.get().organisation, year=YEAR)
    client.force_login(outsider)
    page = vote(client, themes[0], org).content.decode()
    assert "Kies een van uw organisaties" in page
    assert not ThemeVote.objects.exists()


def test_the_default_limit_is_three_votes_per_organisation(client, editor, org, participating, themes):
    client.force_login(editor)
    for theme in themes[:3]:
        vote(client, theme, org)
    page = vote(client, themes[3], org).content.decode()
    assert f"Gemeente Voorbeeld heeft al alle 3 stemmen voor {YEAR} gebruikt" in page
    assert ThemeVote.objects.count() == 3


def test_the_limit_of_the_community_year(client, editor, org, participating, themes):
    CommunityYear.objects.create(year=YEAR, votes_per_organisation=1)
    client.force_login(editor)
    vote(client, themes[0], org)
    assert "alle 1 stemmen" in vote(client, themes[1], org).content.decode()
    vote(client, themes[0], org, "withdraw")
    vote(client, themes[1], org)
    assert list(ThemeVote.objects.values_list("theme", flat=True)) == [themes[1].pk]


def test_votes_close_after_the_deadline(client, editor, org, participating, themes):
    ThemeVote.objects.create(theme=themes[1], organisation=org)
    CommunityYear.objects.create(year=YEAR, theme_vote_deadline=timezone.localdate() - timedelta(days=1))
    client.force_login(editor)
    page = vote(client, themes[0], org).content.decode()
    assert f"Het stemmen op thema&#x27;s voor {YEAR} is gesloten." in page
    vote(client, themes[1], org, "withdraw")
    assert ThemeVote.objects.count() == 1


def test_votes_are_open_on_the_deadline_itself(editor, org, themes):
    CommunityYear.objects.create(year=YEAR, theme_vote_deadline=timezone.localdate())
    services.cast_vote(themes[0], organisation=org, user=editor)
    assert ThemeVote.objects.count() == 1


def test_editors_choose_with_the_counts_sorted_by_votes(client, redactie, org, other_org, themes):
    ThemeVote.objects.create(theme=themes[2], organisation=org)
    ThemeVote.objects.create(theme=themes[2], organisation=other_org)
    ThemeVote.objects.create(theme=themes[4], organisation=org)
    client.force_login(redactie)
    page = client.get(f"{THEMES}kiezen/", {"jaar": YEAR}).content.decode()
    assert page.index("Thema 3") < page.index("Thema 5") < page.index("Thema 1")
    assert "2 stemmen" in page and "1 stem" in page
    response = client.post(
        f"{THEMES}{themes[2].pk}/besluit/",
        {f"t{themes[2].pk}-status": "chosen", f"t{themes[2].pk}-note": "Veel stemmen."},
    )
    assert response.status_code == 302
    themes[2].refresh_from_db()
    assert themes[2].status == ThemeStatus.CHOSEN and themes[2].decided_by == redactie
    assert themes[2].decided_at is not None and themes[2].decision_note == "Veel stemmen."
    # Decided: no more votes on it.
    with pytest.raises(services.ThemeRefused):
        services.cast_vote(themes[2], organisation=other_org, user=redactie)


def test_a_bad_decision_gets_a_dutch_message(client, redactie, themes):
    client.force_login(redactie)
    response = client.post(f"{THEMES}{themes[0].pk}/besluit/", {f"t{themes[0].pk}-status": "misschien"})
    assert response.status_code == 400
    assert "Kies gekozen, niet gekozen of voorgesteld." in response.content.decode()
    themes[0].refresh_from_db()
    assert themes[0].status == ThemeStatus.PROPOSED


@pytest.mark.parametrize("who", ["reader", "editor", "outsider"])
def test_only_community_editors_choose(client, request, who, participating, themes):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"{THEMES}kiezen/", {"jaar": YEAR}).status_code == 403
    assert client.post(f"{THEMES}{themes[0].pk}/besluit/", {f"t{themes[0].pk}-status": "chosen"}).status_code == 403
    themes[0].refresh_from_db()
    assert themes[0].status == ThemeStatus.PROPOSED


def test_anonymous_is_sent_to_log_in_for_votes_and_choices(client, org, themes):
    assert client.post(f"{THEMES}{themes[0].pk}/stem/", {"organisation": org.pk, "action": "vote"}).status_code == 302
    assert client.get(f"{THEMES}kiezen/").status_code == 302
    assert not ThemeVote.objects.exists()
