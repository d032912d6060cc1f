"""/api/v1/community/proposals: public reading without hidden ones, making one with a write token, 429."""

import pytest

from modelgemeente.accounts import services as accounts
from modelgemeente.community import services
from modelgemeente.core.enums import TokenScope

pytestmark = pytest.mark.django_db
URL = "/api/v1/community/proposals"
BODY = {
    "edition": 2090,
    "kind": "change",
    "developmentSlug": "digitaal-loket",
    "lineSlug": "loket-beheer",
    "field": "hours_per_week",
    "proposedValue": "20",
    "reasoning": "Meer beheer nodig.",
    "source": "Eigen meting",
}


def token(user, scope):
    from datetime import timedelta

    from django.utils import timezone

    return accounts.create_token(user, "t", scope, timezone.localdate() + timedelta(days=30))[1]


def test_post_needs_write_token_and_validates(client, test_edition, reader, settings):
    assert client.post(URL, BODY, content_type="application/json").status_code in (401, 403)
    read = token(reader, TokenScope.READ)
    assert (
        client.post(URL, BODY, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {read}").status_code == 403
    )
    write = token(reader, TokenScope.READ_WRITE)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {write}"}
    bad = client.post(URL, BODY | {"source": ""}, content_type="application/json", **auth)
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")
    assert "bron" in bad.json()["invalidParams"][0]["reason"]
    made = client.post(URL, BODY, content_type="application/json", **auth)
    assert made.status_code == 201 and made.json()["proposedValue"] == "20"
    settings.COMMUNITY_PROPOSAL_LIMITS = ((3600, 1),)
    assert client.post(URL, BODY, content_type="application/json", **auth).status_code == 429


def test_public_list_and_detail_leave_out_hidden(client, test_edition, reader):
    from modelgemeente.catalog import releases
    from tests.conftest import make_user

    redactie = make_user("redactie@model.nl", "Redactie")
    releases.editors_group().user_set.add(redactie)
    values = dict(edition=test_edition, kind="comment", development_slug="digitaal-loket", reasoning="Goed.")
    shown = services.create_proposal(reader, **values)
    hidden = services.create_proposal(reader, **values)
    services.hide_proposal(hidden, redactie, reason="Spam.")
    body = client.get(URL + "?development=digitaal-loket").json()
    assert [p["id"] for p in body["_embedded"]["proposals"]] == [shown.pk]
    assert client.get(f"{URL}/{shown.pk}").status_code == 200
    assert client.get(f"{URL}/{hidden.pk}").status_code == 404
    assert client.get(URL + "?status=nonsense").status_code == 400
