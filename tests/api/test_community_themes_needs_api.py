"""/api/v1/community/themes and /api/v1/community/needs/overview: public, read-only, as the pages."""

from modelgemeente.community.access import this_year
from modelgemeente.community.models import Need, Theme, ThemeVote
from modelgemeente.core.enums import NeedPriority, ThemeStatus

API = "/api/v1/community"


def test_themes_with_vote_counts_most_votes_first(client, org, other_org):
    wanted = Theme.objects.get(year=2027, title="Wendbaarheid versus basiscapaciteit")
    ThemeVote.objects.create(theme=wanted, organisation=org)
    ThemeVote.objects.create(theme=wanted, organisation=other_org)
    Theme.objects.filter(pk=wanted.pk).update(status=ThemeStatus.CHOSEN)
    response = client.get(f"{API}/themes", {"year": 2027})
    assert response.status_code == 200
    body = response.json()
    first = body["_embedded"]["themes"][0]
    assert first["title"] == "Wendbaarheid versus basiscapaciteit"
    assert (first["voteCount"], first["status"], first["starter"]) == (2, "chosen", True)
    assert body["totalCount"] == Theme.objects.filter(year=2027).count()
    assert "organisation" not in first and "user" not in first


def test_themes_default_to_the_coming_year(client, db):
    Theme.objects.create(year=this_year() + 1, title="Volgend jaar", description="x")
    titles = [t["title"] for t in client.get(f"{API}/themes").json()["_embedded"]["themes"]]
    assert "Volgend jaar" in titles


def test_a_bad_year_is_a_problem(client, db):
    response = client.get(f"{API}/themes", {"year": "twintig"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["invalidParams"][0]["name"] == "year"
    assert client.get(f"{API}/needs/overview", {"year": 1900}).status_code == 400


def test_the_needs_overview_aggregates_without_names(client, org, other_org, test_edition):
    year = this_year()
    for organisation, priority in [(org, NeedPriority.HIGH), (other_org, NeedPriority.LOW), (org, NeedPriority.LOW)]:
        Need.objects.create(
            organisation=organisation,
            year=year,
            title="Geheim plan",
            why="x",
            priority=priority,
            domain_slug="basis",
            development_slug="informatiebeveiliging",
            needed_by=year + 2,
        )
    response = client.get(f"{API}/needs/overview", {"year": year})
    assert response.status_code == 200
    body = response.json()
    assert (body["needs"], body["municipalities"]) == (3, 2)
    row = body["byDevelopment"][0]
    assert row["slug"] == "informatiebeveiliging" and row["municipalities"] == 2
    assert row["priorities"] == {"high": 1, "medium": 0, "low": 2} and row["earliestNeededBy"] == year + 2
    assert body["byTheme"][0]["themeId"] is None
    assert "Gemeente Voorbeeld" not in response.content.decode() and "Geheim plan" not in response.content.decode()
