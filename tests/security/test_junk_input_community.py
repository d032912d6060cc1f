"""No 500 on bad input in the community (/gemeenschap/): every field of every form, filled with junk.

As tests/security/test_junk_input.py (its JUNK values and form helpers): the forms are read from the pages
as a browser submits them, each field in turn gets each junk value while the others keep what the page
gave. Nothing may answer 5xx, and a refusal (4xx) must leave every community table exactly as it was.
Each post runs in a savepoint that is rolled back afterwards, so an accepted post (a cancelled session,
a removed role) never takes a form away from the posts after it.
"""

import json
from collections import Counter

import pytest
from django.db import transaction
from django.test import Client

from tests.community.world import build_world, fingerprint

from .test_junk_input import JUNK, fields_to_try, post_forms

pytestmark = pytest.mark.django_db


def pages(world, org, participant: bool) -> list[str]:
    year, w = world.year, world
    sessions = [w.past_session] + ([w.future_session] if w.future_session else [])
    new_proposal = f"/gemeenschap/voorstellen/nieuw/?editie=2090&ontwikkeling={w.development_slug}"
    found = [
        "/gemeenschap/",
        f"/gemeenschap/?jaar={year}",
        f"/gemeenschap/deelname/{org.slug}/",
        "/gemeenschap/mijn-deelname/",
        "/gemeenschap/uren/",
        "/gemeenschap/kalender/",
        "/gemeenschap/kalender/bewerken/",
        f"/gemeenschap/themas/?jaar={year + 1}",
        f"/gemeenschap/themas/?jaar={year}",
        f"/gemeenschap/themas/voorstellen/?jaar={year + 1}",
        f"/gemeenschap/themas/kiezen/?jaar={year + 1}",
        f"/gemeenschap/themas/kiezen/?jaar={year}",
        "/gemeenschap/behoeften/",
        "/gemeenschap/behoeften/nieuw/",
        f"/gemeenschap/behoeften/{w.need.pk}/wijzigen/",
        f"/gemeenschap/behoeften/{w.need.pk}/verwijderen/",
        "/gemeenschap/behoeften/overzicht/",
        "/gemeenschap/sessies/",
        f"/gemeenschap/sessies/nieuw/?jaar={year}",
        "/gemeenschap/voorstellen/",
        new_proposal,
        f"{new_proposal}&besluit={w.decision.pk}",
        f"/gemeenschap/voorstellen/{w.proposal.pk}/",
    ]
    for session in sessions:
        found += [f"/gemeenschap/sessies/{session.pk}/{tail}" for tail in ("", "wijzigen/", "annuleren/", "verslag/")]
    if participant:
        found.append(f"/gemeenschap/voorstellen/{w.proposal.pk}/aanvullen/")
    return found


def test_junk_in_every_community_form_never_gives_a_5xx(test_edition, org, admin_user, editor):
    world = build_world(org, admin_user, editor, test_edition)
    before = fingerprint()
    client = Client(raise_request_exception=False)
    counts, statuses, failures = Counter(), Counter(), []
    # The model's editor (group redactie, admin of the organisation) sees the editors' forms; the
    # participant (plans role redacteur, session lead) the participants' and the proposer's.
    for user, participant in ((admin_user, False), (editor, True)):
        seen = set()
        for page in pages(world, org, participant):
            client.force_login(user)
            response = client.get(page)
            assert response.status_code < 500, (page, response.status_code)
            for action, fields, radios in post_forms(client, page):
                key = (action.split("?")[0], tuple(sorted(fields)))
                if key in seen:
                    continue
                seen.add(key)
                counts["forms"] += 1
                for name in fields_to_try(fields, radios):
                    counts["fields"] += 1
                    for label, value in JUNK.items():
                        with transaction.atomic():
                            client.force_login(user)
                            response = client.post(action, fields | {name: value})
                            status = response.status_code
                            counts["posts"] += 1
                            statuses[status // 100] += 1
                            if status >= 500:
                                failures.append((user.email, action, name, label, status))
                            elif 400 <= status < 500 and fingerprint() != before:
                                failures.append((user.email, action, name, label, status, "changed"))
                            transaction.set_rollback(True)
    print(
        f"\ncommunity junk input: {counts['forms']} forms, {counts['fields']} fields, {len(JUNK)} values, "
        f"{counts['posts']} posts; responses 2xx {statuses[2]}, 3xx {statuses[3]}, 4xx {statuses[4]}, "
        f"5xx {statuses[5]}"
    )
    assert not failures, failures
    assert counts["forms"] >= 20 and statuses[5] == 0


# Junk in the address: query parameters of the community pages --------------------------------------

QUERY_JUNK = ["abc", "-1", "0", "99999999999", "1" + "0" * 30, "x" * 5000, "Ωmega \x00", "2026.5", " "]


def test_junk_in_the_query_of_community_pages_never_gives_a_5xx(test_edition, org, admin_user, editor, client):
    world = build_world(org, admin_user, editor, test_edition)
    year_pages = [
        "/gemeenschap/",
        f"/gemeenschap/deelname/{org.slug}/",
        "/gemeenschap/uren/",
        "/gemeenschap/uren/urenoverzicht.csv",
        "/gemeenschap/uren/urenoverzicht.xlsx",
        "/gemeenschap/kalender/",
        "/gemeenschap/kalender/bewerken/",
        "/gemeenschap/themas/",
        "/gemeenschap/themas/voorstellen/",
        "/gemeenschap/themas/kiezen/",
        "/gemeenschap/behoeften/",
        "/gemeenschap/behoeften/nieuw/",
        "/gemeenschap/behoeften/overzicht/",
        "/gemeenschap/sessies/",
        "/gemeenschap/sessies/nieuw/",
    ]
    new = "/gemeenschap/voorstellen/nieuw/"
    good = {"editie": "2090", "ontwikkeling": world.development_slug}
    client.force_login(admin_user)
    failures, posts = [], 0
    for value in QUERY_JUNK:
        requests = [(page, {"jaar": value}) for page in year_pages]
        requests += [
            ("/gemeenschap/voorstellen/", {"status": value}),
            ("/gemeenschap/voorstellen/", {"ontwikkeling": value}),
            (new, good | {"editie": value}),
            (new, good | {"ontwikkeling": value}),
            (new, good | {"regel": value}),
            (new, good | {"besluit": value}),
        ]
        for path, query in requests:
            response = client.get(path, query)
            posts += 1
            if response.status_code >= 500:
                failures.append((path, query, response.status_code))
    print(f"\ncommunity query junk: {posts} requests")
    assert not failures, failures


# Junk to the API -------------------------------------------------------------------------------------

API = "/api/v1/community/"
API_QUERY_JUNK = {
    "year": ["abc", "99999999999", "-1", "0", "", "2026.5", "x" * 5000, "Ωmega \x00"],
    "status": ["abc", "", "x" * 5000, "open\x00"],
    "development": ["Ωmega", "../etc", "x" * 5000, ""],
    "page": ["0", "-1", "abc", "99999999999", "1" + "0" * 30],
    "pageSize": ["0", "1000", "abc"],
}


def problem_or_ok(response) -> bool:
    if response.status_code == 200:
        return True
    return 400 <= response.status_code < 500 and response["Content-Type"].startswith("application/problem+json")


def test_junk_query_parameters_on_every_community_api_endpoint(test_edition, org, admin_user, editor, client):
    world = build_world(org, admin_user, editor, test_edition)
    endpoints = [
        "participants",
        f"calendar/{world.year}",
        "themes",
        "needs/overview",
        "sessions",
        f"sessions/{world.past_session.pk}",
        "proposals",
        f"proposals/{world.proposal.pk}",
    ]
    failures, requests = [], 0
    for endpoint in endpoints:
        for name, values in API_QUERY_JUNK.items():
            for value in values:
                response = client.get(API + endpoint, {name: value})
                requests += 1
                if not problem_or_ok(response):
                    failures.append((endpoint, name, value[:20], response.status_code, response["Content-Type"]))
    for path in ["calendar/0000", "calendar/9999", "sessions/99999999999", "proposals/99999999999", "sessions/0"]:
        response = client.get(API + path)
        requests += 1
        if not (response.status_code == 200 or problem_or_ok(response)):
            failures.append((path, response.status_code))
    print(f"\ncommunity API query junk: {requests} requests")
    assert not failures, failures


# A valid change (posted last, to show that each refusal is the junk's doing).
PROPOSAL_BODY = {
    "edition": 2090,
    "kind": "change",
    "developmentSlug": "digitaal-loket",
    "lineSlug": "loket-beheer",
    "field": "hours_per_week",
    "proposedValue": "20",
    "reasoning": "Meer beheer nodig.",
    "source": "Eigen meting",
}
WRONG_TYPES = {
    "edition": ["abc", None, [], {}, 1e30, -1, True, "2090" * 1000],
    "kind": [5, None, [], {"a": 1}, "x" * 100_000],
    "developmentSlug": [None, 5, [], "../../etc/passwd", "x" * 100_000, "Ωmega"],
    "lineSlug": [5, [], "bestaat-niet", "x" * 100_000],
    "field": [5, "text", "abc", []],
    "proposedValue": [{"a": [1] * 1000}, "abc", -1, "1" + "0" * 30, [[[[[]]]]], "x" * 100_000],
    # (A number in a text field is taken as its text, as DRF's CharField does: not junk.)
    "reasoning": [None, "", [], {}, "x" * 100_000, "\x00"],
    "source": [None, [], "x" * 100_000],
    "estimatedHours": ["abc", -1, 1e30, "NaN", "Infinity", [], "12,5"],
    "currentText": [[], "x" * 100_000],
    "organisation": ["andere-gemeente", 5, "x" * 1000, "Ωmega"],
}


def test_junk_bodies_to_post_proposals_are_refused_as_problems(test_edition, org, outsider, editor, client):
    from django.core.cache import cache

    from modelgemeente.community.models import Proposal
    from modelgemeente.core.enums import TokenScope
    from tests.api.test_community_proposals_api import token

    cache.clear()  # the API's throttles count in the cache: start from zero
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token(editor, TokenScope.READ_WRITE)}"}
    bodies = [
        ("empty object", "{}", "application/json"),
        ("a list", "[]", "application/json"),
        ("null", "null", "application/json"),
        ("a number", "5", "application/json"),
        ("a string", '"voorstel"', "application/json"),
        ("not JSON", "{edition: 2090", "application/json"),
        ("NaN", '{"edition": NaN}', "application/json"),
        ("deep", "[" * 5000 + "]" * 5000, "application/json"),
        ("bad UTF-8", b'{"reasoning": "\xff\xfe"}', "application/json"),
        ("text", "edition=2090", "text/plain"),
        ("form", "edition=2090&kind=comment", "application/x-www-form-urlencoded"),
        ("XML", "<proposal/>", "application/xml"),
    ]
    for name, values in WRONG_TYPES.items():
        for value in values:
            bodies.append((f"{name}={str(value)[:20]}", json.dumps(PROPOSAL_BODY | {name: value}), "application/json"))
    for name in ("edition", "kind", "developmentSlug", "reasoning"):
        body = {k: v for k, v in PROPOSAL_BODY.items() if k != name}
        bodies.append((f"without {name}", json.dumps(body), "application/json"))
    before = Proposal.objects.count()
    failures, statuses = [], Counter()
    for label, body, content_type in bodies:
        for headers in (auth, {}):
            response = client.post(API + "proposals", body, content_type=content_type, **headers)
            statuses[response.status_code] += 1
            if response.status_code not in (400, 401, 403, 415, 429) or not response["Content-Type"].startswith(
                "application/problem+json"
            ):
                failures.append((label, bool(headers), response.status_code, response["Content-Type"]))
    print(f"\ncommunity API body junk: {len(bodies) * 2} posts; statuses {dict(sorted(statuses.items()))}")
    assert not failures, failures
    assert Proposal.objects.count() == before
    made = client.post(API + "proposals", json.dumps(PROPOSAL_BODY), content_type="application/json", **auth)
    assert made.status_code == 201, made.content
