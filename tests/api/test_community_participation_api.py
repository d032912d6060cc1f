"""GET /api/v1/community/participants and /calendar/{year}: public and read-only, like the pages
(community/participation_views.py); names of people only with their consent."""

from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from modelgemeente.community import services
from modelgemeente.community.models import Session
from modelgemeente.core.enums import CommunityRole, Role
from modelgemeente.plans.models import Membership

pytestmark = pytest.mark.django_db

PARTICIPANTS = "/api/v1/community/participants"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def person(org, email, name, last_name=""):
    user = get_user_model().objects.create(username=email, email=email, first_name=name, last_name=last_name)
    Membership.objects.create(organisation=org, user=user, role=Role.MEMBER)
    return user


def test_participants_show_organisations_and_only_consenting_people(client, org, other_org):
    ours = services.join_community(org, 2027, 24, None)
    services.join_community(other_org, 2027, 20, None)
    services.join_community(other_org, 2028, 20, None)
    shown = person(org, "anna@voorbeeld.nl", "Anna", "Jansen")
    hidden = person(org, "bert@voorbeeld.nl", "Bert", "Geheim")
    services.set_public(services.add_participant(ours, shown, CommunityRole.PARTICIPANT, None), True, shown)
    services.add_participant(ours, hidden, CommunityRole.SESSION_LEAD, None)

    response = client.get(PARTICIPANTS, {"year": 2027})
    assert response.status_code == 200
    body = response.json()
    assert body["totalCount"] == 2
    items = body["_embedded"]["participants"]
    assert [i["organisation"]["name"] for i in items] == ["Andere gemeente", "Gemeente Voorbeeld"]
    assert items[1] == {
        "year": 2027,
        "organisation": {"name": "Gemeente Voorbeeld", "slug": "gemeente-voorbeeld"},
        "committedHours": 24,
        "people": ["Anna Jansen"],
    }
    assert "Geheim" not in response.content.decode() and "@" not in response.content.decode()


@pytest.mark.parametrize("year", ["twintig", "1999", "2101"])
def test_a_bad_year_is_a_problem(client, year):
    response = client.get(PARTICIPANTS, {"year": year})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["invalidParams"][0]["name"] == "year"


def test_calendar_without_dates(client):
    response = client.get("/api/v1/community/calendar/2031")
    assert response.status_code == 200
    body = response.json()
    assert body["datesSet"] is False and body["votesPerOrganisation"] is None
    assert set(body["dates"].values()) == {None}
    assert body["sessions"] == [] and body["releases"] == []


def test_calendar_with_dates_sessions_and_releases(client, test_edition):
    values = {
        "content_release_due": date(2090, 3, 15),
        "voorjaarsnota_on": date(2090, 5, 10),
        "budget_release_due": date(2090, 6, 30),
        "najaarsnota_on": date(2090, 11, 5),
        "proposal_deadline": date(2090, 10, 1),
        "theme_vote_deadline": date(2090, 1, 31),
        "votes_per_organisation": 4,
    }
    services.save_community_year(2090, values, "new", None)
    session = Session.objects.create(
        year=2090,
        title="Sessie",
        starts_at=timezone.make_aware(datetime(2090, 4, 2, 14)),
        duration_minutes=90,
        agenda="A",
        capacity=10,
    )
    body = client.get("/api/v1/community/calendar/2090").json()
    assert body["datesSet"] is True and body["votesPerOrganisation"] == 4
    assert body["dates"]["contentReleaseDue"] == "2090-03-15"
    assert body["dates"]["najaarsnotaOn"] == "2090-11-05"
    assert body["sessions"][0]["id"] == session.pk and body["sessions"][0]["durationMinutes"] == 90
    assert body["sessions"][0]["cancelled"] is False
    assert body["releases"] == [{"release": "2090.1", "status": test_edition.status, "publishedOn": "2089-12-01"}]


def test_calendar_year_is_four_digits(client):
    assert client.get("/api/v1/community/calendar/123456").status_code == 404
