"""/api/v1/community/sessions: public, read-only, without the names of registered people."""

from datetime import timedelta

import pytest
from django.utils import timezone

from modelgemeente.community.models import Registration, Session

pytestmark = pytest.mark.django_db


def make_session(**values):
    starts_at = values.pop("starts_at", timezone.now() + timedelta(days=10))
    defaults = {
        "year": starts_at.year,
        "title": "Wendbaarheid",
        "starts_at": starts_at,
        "duration_minutes": 120,
        "place": "Utrecht",
        "agenda": "Agenda",
        "capacity": 5,
    }
    defaults.update(values)
    return Session.objects.create(**defaults)


def test_list_of_a_year_with_places_left_and_no_names(client, reader, org):
    session = make_session(development_slugs=["klantcontact"])
    make_session(title="Ander jaar", starts_at=session.starts_at.replace(year=2031), year=2031)
    Registration.objects.create(session=session, user=reader, organisation=org)
    response = client.get(f"/api/v1/community/sessions?year={session.year}")
    assert response.status_code == 200
    body = response.json()
    assert body["totalCount"] == 1
    item = body["_embedded"]["sessions"][0]
    assert item["title"] == "Wendbaarheid"
    assert item["placesLeft"] == 4
    assert item["capacity"] == 5
    assert item["developmentSlugs"] == ["klantcontact"]
    assert item["icalUrl"].endswith(f"/gemeenschap/sessies/{session.pk}/sessie.ics")
    text = response.content.decode()
    assert reader.email not in text and "Lezer" not in text
    assert "lead" not in item and "notes" not in item


def test_detail_and_problems(client):
    session = make_session(duration_minutes=200)
    response = client.get(f"/api/v1/community/sessions/{session.pk}")
    assert response.status_code == 200
    assert response.json()["tooLong"] is True
    assert response.json()["cancelled"] is False
    missing = client.get(f"/api/v1/community/sessions/{session.pk + 100}")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/problem+json")
    bad = client.get("/api/v1/community/sessions?year=abc")
    assert bad.status_code == 400
    assert bad.json()["invalidParams"][0]["name"] == "year"
