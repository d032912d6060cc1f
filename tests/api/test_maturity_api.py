"""/api/v1/maturity/...: the public maturity model and peer averages; assessments and ambitions with the
permissions of plans per role (reader, editor, outsider, anonymous, read-only token), If-Match, the gap with the
engine's costs, and junk input as problem+json (never a 500). On the synthetic edition 2090: 3 dimensions,
statements niveau-<L>-a/b for L = 2..5 (tests/data/README.md)."""

from decimal import Decimal

import pytest

from modelgemeente.core.enums import Role, TokenScope
from modelgemeente.maturity.models import Ambition, Assessment, MaturityChange
from modelgemeente.maturity.services import ambitions, assessments
from modelgemeente.plans.budget import development_costs
from tests.conftest import member_of
from tests.factories import OrganisationFactory, PlanFactory
from tests.maturity.conftest import test_products  # noqa: F401

from .test_plans_api import assert_problem, call, token_for

pytestmark = pytest.mark.django_db

API = "/api/v1/maturity"
DIMENSIONS = ["dienstverlening", "informatieveiligheid", "data"]
# Junk for every body and query: wrong types, huge numbers, NUL bytes, unknown ids.
JUNK_VALUES = [None, "", "abc", "\x00", "a\x00b", -1, 10**30, 1.5, [], {}, True, "9" * 400, {"x": [1]}]


def etag_of(obj) -> str:
    obj.refresh_from_db()
    return f'"{obj.pk}-v{obj.version}"'


def start(org, editor, test_edition, year=2090) -> Assessment:
    return assessments.start_assessment(org, year, test_edition, editor)


def answers(dimension: str, values: dict[int, tuple[int, int]]) -> list[dict]:
    """[{dimension, statement, value}] for levels {L: (points of a, points of b)}."""
    return [
        {"dimension": dimension, "statement": f"niveau-{level}-{suffix}", "value": value}
        for level, pair in values.items()
        for suffix, value in zip("ab", pair, strict=True)
    ]


# The model ----------------------------------------------------------------------------------------------


def test_the_model_of_a_year_is_public_with_levels_statements_and_developments(client, test_edition):
    response = client.get(f"{API}/model?year=2090")
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2090 and body["release"] == test_edition.release_id and body["target"] == 4
    assert [level["name"] for level in body["scale"]] == [
        "initieel",
        "herhaalbaar",
        "gedefinieerd",
        "gemanaged",
        "optimaliserend",
    ]
    assert [a["value"] for a in body["answers"]] == [0, 1, 2]
    assert [d["id"] for d in body["dimensions"]] == DIMENSIONS
    service = body["dimensions"][0]
    assert service["developments"] == ["digitaal-loket"]
    assert service["levels"][3] == {
        "level": 4,
        "name": "gemanaged",
        "descriptor": "Dienstverlening op niveau 4: omschrijving voor de test.",
    }
    assert [(s["id"], s["level"]) for s in service["statements"][:2]] == [("niveau-2-a", 2), ("niveau-2-b", 2)]
    assert len(service["statements"]) == 8
    assert client.get(f"{API}/model").json()["release"] == test_edition.release_id  # newest year with a model


def test_no_model_is_a_dutch_404_and_a_bad_year_a_400(client, test_edition):
    missing = client.get(f"{API}/model?year=2089")
    assert_problem(missing, 404)
    assert "volwassenheidsmodel van 2089" in missing.json()["detail"]
    for year in ("abc", "99999", "%00", "1999", "-1", "2090.5"):
        response = client.get(f"{API}/model?year={year}")
        assert_problem(response, 400)
        assert response.json()["invalidParams"][0]["name"] == "year"


# Permissions ----------------------------------------------------------------------------------------------


def assessment_urls(assessment) -> tuple[list[str], list[tuple]]:
    base = f"{API}/assessments/{assessment.pk}"
    reads = [base, base + "/gap"]
    writes = [("patch", base, {"note": "Gewijzigd."})]
    return reads, writes


def test_anonymous_gets_401_everywhere_but_the_model_and_peers(client, test_edition, org, editor):
    assessment = start(org, editor, test_edition)
    reads, writes = assessment_urls(assessment)
    for path in [f"{API}/assessments", f"{API}/ambitions", *reads]:
        response = call(client, "get", path)
        assert_problem(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")
    for method, path, body in [*writes, ("post", f"{API}/assessments", {"organisation": org.slug, "year": 2091})]:
        assert_problem(call(client, method, path, body=body, if_match=etag_of(assessment)), 401)
    assert client.get(f"{API}/peers?year=2090").status_code == 200


def test_outsider_gets_404_and_sees_nothing(client, test_edition, org, editor, outsider):
    assessment = start(org, editor, test_edition)
    secret = token_for(outsider)
    reads, writes = assessment_urls(assessment)
    for path in reads:
        assert_problem(call(client, "get", path, secret), 404)
    for method, path, body in writes:
        assert_problem(call(client, method, path, secret, body, etag_of(assessment)), 404)
    assert call(client, "get", f"{API}/assessments", secret).json()["totalCount"] == 0
    made = call(client, "post", f"{API}/assessments", secret, {"organisation": org.slug, "year": 2091})
    assert_problem(made, 404)
    assert etag_of(assessment) == f'"{assessment.pk}-v1"'


def test_reader_reads_but_cannot_write_nor_can_a_read_only_token(client, test_edition, org, editor, reader):
    assessment = start(org, editor, test_edition)
    reads, writes = assessment_urls(assessment)
    for path in reads:
        response = call(client, "get", path, token_for(reader, TokenScope.READ))
        assert response.status_code == 200, path
    assert call(client, "get", reads[0], token_for(reader))["ETag"] == f'"{assessment.pk}-v1"'
    for secret in (token_for(reader), token_for(editor, TokenScope.READ)):
        for method, path, body in writes:
            assert_problem(call(client, method, path, secret, body, etag_of(assessment)), 403)
        made = call(client, "post", f"{API}/assessments", secret, {"organisation": org.slug, "year": 2091})
        assert_problem(made, 403)
    assert etag_of(assessment) == f'"{assessment.pk}-v1"'
    assert not Assessment.objects.filter(year=2091).exists()


def test_the_list_has_the_assessments_of_your_organisations_with_filters(client, test_edition, org, editor, outsider):
    mine = start(org, editor, test_edition)
    start(outsider.memberships.get().organisation, outsider, test_edition)
    body = call(client, "get", f"{API}/assessments", token_for(editor)).json()
    assert [a["id"] for a in body["_embedded"]["assessments"]] == [mine.pk]
    assert body["_embedded"]["assessments"][0]["organisation"] == {"slug": org.slug, "name": org.name}
    filtered = call(client, "get", f"{API}/assessments?organisation={org.slug}&year=2089", token_for(editor)).json()
    assert filtered["totalCount"] == 0
    for junk in ("year=abc", "year=99999999999999999999", "organisation=%00", "organisation=a%20b", "page=0"):
        assert_problem(call(client, "get", f"{API}/assessments?{junk}", token_for(editor)), 400)


# Creating and saving -------------------------------------------------------------------------------------


def test_an_editor_starts_an_assessment_once_per_year(client, test_edition, org, editor):
    secret = token_for(editor)
    response = call(client, "post", f"{API}/assessments", secret, {"organisation": org.slug, "year": 2090})
    assert response.status_code == 201, response.content
    body = response.json()
    assessment = Assessment.objects.get(organisation=org, year=2090)
    assert response["Location"].endswith(f"/api/v1/maturity/assessments/{assessment.pk}")
    assert response["ETag"] == f'"{assessment.pk}-v1"'
    assert body["release"] == test_edition.release_id and body["complete"] is False
    assert [(d["id"], d["level"], d["target"], d["gap"], d["statements"]) for d in body["dimensions"]] == [
        (slug, None, 4, 0, 8) for slug in DIMENSIONS
    ]
    again = call(client, "post", f"{API}/assessments", secret, {"organisation": org.slug, "year": 2090})
    assert_problem(again, 409)
    assert "al een zelfevaluatie van 2090" in again.json()["detail"]
    assert Assessment.objects.filter(organisation=org).count() == 1


def test_a_release_without_a_model_or_unknown_is_a_400_at_release(client, test_edition, org, editor):
    secret = token_for(editor)
    for body in ({"year": 2091}, {"year": 2090, "release": "2091.1"}, {"year": 2090, "release": "onzin"}):
        response = call(client, "post", f"{API}/assessments", secret, {"organisation": org.slug, **body})
        assert_problem(response, 400)
        assert response.json()["invalidParams"][0]["name"] == "release", body
    assert not Assessment.objects.exists()


def test_answers_and_targets_by_model_ids_compute_levels_and_gap(client, test_edition, org, editor):
    assessment = start(org, editor, test_edition)
    # dienstverlening: level 2 ja+ja, 3 ja+deels (3 of 4: reached), 4 deels+deels (2 of 4: not), 5 nee+nee -> 3.
    given = answers("dienstverlening", {2: (2, 2), 3: (2, 1), 4: (1, 1), 5: (0, 0)})
    body = {
        "answers": given,
        "targets": [{"dimension": "data", "target": 5}],
        "notes": [{"dimension": "data", "note": "Eerst de basis."}],
        "shareWithPeers": False,
        "note": "Samen met het MT ingevuld.",
    }
    response = call(client, "patch", f"{API}/assessments/{assessment.pk}", token_for(editor), body, etag_of(assessment))
    assert response.status_code == 200, response.content
    assert response["ETag"] == f'"{assessment.pk}-v2"' == etag_of(assessment)
    result = response.json()
    service, _security, data = result["dimensions"]
    assert (service["level"], service["levelName"], service["target"], service["gap"]) == (3, "gedefinieerd", 4, 1)
    assert service["answered"] == 8 and service["answers"][0] == {
        "statement": "niveau-2-a",
        "level": 2,
        "value": 2,
        "label": "ja",
    }
    assert (data["level"], data["target"], data["note"]) == (None, 5, "Eerst de basis.")
    assert result["shareWithPeers"] is False and result["note"] == "Samen met het MT ingevuld."
    change = MaturityChange.objects.filter(subject_id=assessment.pk, version=2).get()
    assert change.user == editor
    # A second PATCH with only a note keeps every answer.
    again = call(
        client,
        "patch",
        f"{API}/assessments/{assessment.pk}",
        token_for(editor),
        {"note": "Bijgewerkt."},
        etag_of(assessment),
    )
    assert again.json()["dimensions"][0]["level"] == 3


def test_no_if_match_is_428_and_a_stale_one_412_and_nothing_changes(client, test_edition, org, editor):
    assessment = start(org, editor, test_edition)
    secret = token_for(editor)
    path = f"{API}/assessments/{assessment.pk}"
    assert_problem(call(client, "patch", path, secret, {"note": "x"}), 428)
    stale = etag_of(assessment)
    assert call(client, "patch", path, secret, {"note": "eerst"}, stale).status_code == 200
    current = etag_of(assessment)
    for if_match in (stale, '"999-v2"', "*", "garbage", "\x00"):
        response = call(client, "patch", path, secret, {"note": "later"}, if_match)
        assert_problem(response, 412)
        assert current in response.json()["detail"]
    assessment.refresh_from_db()
    assert assessment.note == "eerst"


def test_a_version_saved_in_between_is_a_412(client, test_edition, org, editor, monkeypatch):
    assessment = start(org, editor, test_edition)
    real = assessments.save_assessment

    def racing(target, user, version, **kwargs):
        Assessment.objects.filter(pk=target.pk).update(version=version + 1)  # someone else saved first
        return real(target, user, version, **kwargs)

    monkeypatch.setattr(assessments, "save_assessment", racing)
    response = call(
        client, "patch", f"{API}/assessments/{assessment.pk}", token_for(editor), {"note": "x"}, etag_of(assessment)
    )
    assert_problem(response, 412)
    assessment.refresh_from_db()
    assert assessment.note == ""


def test_unknown_statements_and_dimensions_are_400_at_their_field(client, test_edition, org, editor):
    assessment = start(org, editor, test_edition)
    secret = token_for(editor)
    path = f"{API}/assessments/{assessment.pk}"
    cases = [
        ({"answers": [{"dimension": "dienstverlening", "statement": "niveau-9-a", "value": 2}]}, "answers.0.statement"),
        ({"answers": [{"dimension": "onbekend", "statement": "niveau-2-a", "value": 2}]}, "answers.0.statement"),
        ({"answers": [{"dimension": "data", "statement": "niveau-2-a", "value": 3}]}, "answers.0.value"),
        ({"targets": [{"dimension": "data", "target": 6}]}, "targets.0.target"),
        ({"targets": [{"dimension": "geen", "target": 4}]}, "targets.0.dimension"),
        ({"notes": [{"dimension": "geen", "note": "x"}]}, "notes.0.dimension"),
        ({"shareWithPeers": "misschien"}, "shareWithPeers"),
        ({"note": "a\x00b"}, "note"),
        ({"note": "x" * 20001}, "note"),
    ]
    for body, name in cases:
        response = call(client, "patch", path, secret, body, etag_of(assessment))
        assert_problem(response, 400)
        assert response.json()["invalidParams"][0]["name"] == name, body
        assert response.json()["title"] == "Ongeldige invoer"
    assert (
        "geen stelling 'niveau-9-a'"
        in call(client, "patch", path, secret, cases[0][0], etag_of(assessment)).json()["invalidParams"][0]["reason"]
    )
    assert etag_of(assessment) == f'"{assessment.pk}-v1"'


def test_junk_in_every_body_is_a_400_never_a_500(client, test_edition, org, editor):
    assessment = start(org, editor, test_edition)
    secret = token_for(editor)
    path = f"{API}/assessments/{assessment.pk}"
    fields = ["answers", "targets", "notes", "shareWithPeers", "note"]
    for field in fields:
        for value in JUNK_VALUES:
            response = call(client, "patch", path, secret, {field: value}, etag_of(assessment))
            assert response.status_code in (200, 400), (field, value, response.content)
        for value in JUNK_VALUES:
            item = [{"dimension": value, "statement": value, "value": value, "target": value, "note": value}]
            response = call(client, "patch", path, secret, {field: item}, etag_of(assessment))
            assert response.status_code in (200, 400), (field, value, response.content)
    for body in ({"organisation": org.slug, "year": v} for v in JUNK_VALUES):
        assert call(client, "post", f"{API}/assessments", secret, body).status_code == 400
    for body in ({"organisation": v, "year": 2091} for v in JUNK_VALUES):
        assert call(client, "post", f"{API}/assessments", secret, body).status_code in (400, 404)
    for raw in ("[1, 2]", "null", '"tekst"', "{", "[" * 100_000):
        response = client.patch(
            path,
            raw,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
            HTTP_IF_MATCH=etag_of(assessment),
        )
        assert_problem(response, 400)
    for pk in ("0", "99999999", "9" * 30):
        assert_problem(call(client, "get", f"{API}/assessments/{pk}", secret), 404)
        assert_problem(call(client, "get", f"{API}/assessments/{pk}/gap", secret), 404)


# Gap to plan ----------------------------------------------------------------------------------------------


def test_the_gap_lists_developments_with_their_engine_costs_for_the_plan(client, test_edition, org, editor, plan):
    assessment = start(org, editor, test_edition)
    given = answers("dienstverlening", {2: (2, 2), 3: (1, 1), 4: (0, 0), 5: (0, 0)})  # level 2, target 4
    assessments.save_assessment(assessment, editor, 1, answers=statement_pks(assessment, given))
    secret = token_for(editor)
    without = call(client, "get", f"{API}/assessments/{assessment.pk}/gap", secret).json()
    assert [(d["id"], d["level"], d["target"], d["gap"]) for d in without["dimensions"]] == [
        ("dienstverlening", 2, 4, 2)
    ]
    loket = without["dimensions"][0]["developments"][0]
    assert (loket["id"], loket["costs"], loket["total"], without["plan"]) == ("digitaal-loket", [], None, None)
    body = call(client, "get", f"{API}/assessments/{assessment.pk}/gap?plan={plan.pk}", secret).json()
    loket = body["dimensions"][0]["developments"][0]
    costs = development_costs(plan, ["digitaal-loket"])["digitaal-loket"]
    assert loket["costs"] == [{"year": year, "amount": f"{amount:.2f}"} for year, amount in sorted(costs.items())]
    assert Decimal(loket["total"]) == sum(costs.values()).quantize(Decimal("0.01"))
    assert [c["year"] for c in loket["costs"]] == [2091, 2092, 2093, 2094] and loket["inRelease"] is True
    assert "rekenmotor" in body["costSource"] and body["plan"] == plan.pk


def statement_pks(assessment, given: list[dict]) -> dict[int, int]:
    from modelgemeente.catalog.models import MaturityStatement

    pks = {
        (s.dimension.slug, s.slug): s.pk
        for s in MaturityStatement.objects.filter(dimension__edition=assessment.edition).select_related("dimension")
    }
    return {pks[(a["dimension"], a["statement"])]: a["value"] for a in given}


def test_a_plan_of_another_organisation_is_a_400_at_plan(client, test_edition, org, editor, outsider, plan):
    other = outsider.memberships.get().organisation
    assessment = start(other, outsider, test_edition)
    for value in (plan.pk, 999999, "abc", "9" * 30, 0):
        response = call(client, "get", f"{API}/assessments/{assessment.pk}/gap?plan={value}", token_for(outsider))
        assert_problem(response, 400)
        assert response.json()["invalidParams"][0]["name"] == "plan"


# Peers ----------------------------------------------------------------------------------------------------


def shared_assessment(test_edition, level_points: tuple[int, int]):
    org = OrganisationFactory()
    user = member_of(org, Role.EDITOR, f"{org.slug}@voorbeeld.nl")
    assessment = start(org, user, test_edition)
    given = answers("dienstverlening", {2: level_points, 3: (0, 0), 4: (0, 0), 5: (0, 0)})
    assessments.save_assessment(assessment, user, 1, answers=statement_pks(assessment, given))


def test_peer_averages_only_from_five_organisations(client, test_edition):
    for _ in range(4):
        shared_assessment(test_edition, (2, 2))  # level 2
    body = client.get(f"{API}/peers?year=2090").json()
    assert (body["organisations"], body["minimum"], body["shown"]) == (4, 5, False)
    assert [(d["id"], d["average"]) for d in body["dimensions"]] == [(slug, None) for slug in DIMENSIONS]
    shared_assessment(test_edition, (0, 0))  # level 1
    body = client.get(f"{API}/peers?year=2090").json()
    assert (body["organisations"], body["shown"]) == (5, True)
    assert body["dimensions"][0] == {"id": "dienstverlening", "name": "Dienstverlening", "average": "1.80"}
    assert body["dimensions"][1]["average"] is None  # no organisation scored it
    for junk in ("abc", "1", "%00", "99999999999999999999"):
        assert_problem(client.get(f"{API}/peers?year={junk}"), 400)


# Ambitions ------------------------------------------------------------------------------------------------


AMBITION = {
    "title": "Digitaal loket op orde",
    "metric": "gewogen-index",
    "targets": [{"year": 2092, "value": "70"}, {"year": 2094, "value": 85.5}],
    "developments": ["digitaal-loket"],
    "note": "Afgesproken met het college.",
}


def test_an_editor_creates_changes_and_deletes_an_ambition(client, test_edition, org, editor, plan):
    secret = token_for(editor)
    made = call(client, "post", f"{API}/ambitions", secret, {**AMBITION, "organisation": org.slug, "plan": plan.pk})
    assert made.status_code == 201, made.content
    ambition = Ambition.objects.get()
    assert made["Location"].endswith(f"/api/v1/maturity/ambitions/{ambition.pk}")
    body = made.json()
    assert body["targets"] == [{"year": 2092, "value": "70.00"}, {"year": 2094, "value": "85.50"}]
    assert [(p["year"], p["target"], p["actual"], p["onTrack"]) for p in body["progress"]] == [
        (2092, "70.00", None, None),
        (2094, "85.50", None, None),
    ]
    assert body["plan"] == plan.pk and body["developments"] == ["digitaal-loket"]
    linked = body["linkedDevelopments"][0]
    costs = development_costs(plan, ["digitaal-loket"])["digitaal-loket"]
    assert linked["id"] == "digitaal-loket" and Decimal(linked["total"]) == sum(costs.values()).quantize(
        Decimal("0.01")
    )
    assert "Σ(aantal × digitaal niveau)" in body["measuredHow"]
    listing = call(client, "get", f"{API}/ambitions?plan={plan.pk}", token_for(editor, TokenScope.READ)).json()
    assert [a["id"] for a in listing["_embedded"]["ambitions"]] == [ambition.pk]
    changed = call(
        client,
        "patch",
        f"{API}/ambitions/{ambition.pk}",
        secret,
        {"title": "Nieuw", "targets": [{"year": 2093, "value": 75}]},
        etag_of(ambition),
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "Nieuw" and changed.json()["targets"] == [{"year": 2093, "value": "75.00"}]
    assert changed.json()["developments"] == ["digitaal-loket"]  # left out: unchanged
    assert changed["ETag"] == f'"{ambition.pk}-v2"'
    assert_problem(call(client, "delete", f"{API}/ambitions/{ambition.pk}", secret), 428)
    gone = call(client, "delete", f"{API}/ambitions/{ambition.pk}", secret, if_match=etag_of(ambition))
    assert gone.status_code == 204
    assert not Ambition.objects.exists()
    assert MaturityChange.objects.filter(subject="ambitie", subject_id=ambition.pk).count() == 3


def test_ambition_permissions_per_role(client, test_edition, org, editor, reader, outsider):
    ambition = ambitions.create_ambition(
        org, editor, title="Inlog op niveau", metric="inlog-op-niveau", targets={2092: Decimal(100)}
    )
    path = f"{API}/ambitions/{ambition.pk}"
    assert_problem(call(client, "get", path), 401)
    assert_problem(call(client, "get", path, token_for(outsider)), 404)
    assert_problem(call(client, "patch", path, token_for(outsider), {"title": "x"}, etag_of(ambition)), 404)
    assert_problem(call(client, "delete", path, token_for(outsider), if_match=etag_of(ambition)), 404)
    assert call(client, "get", path, token_for(reader, TokenScope.READ)).status_code == 200
    for secret in (token_for(reader), token_for(editor, TokenScope.READ)):
        assert_problem(call(client, "patch", path, secret, {"title": "x"}, etag_of(ambition)), 403)
        assert_problem(call(client, "delete", path, secret, if_match=etag_of(ambition)), 403)
        made = call(client, "post", f"{API}/ambitions", secret, {**AMBITION, "organisation": org.slug})
        assert_problem(made, 403)
    assert call(client, "get", f"{API}/ambitions", token_for(outsider)).json()["totalCount"] == 0
    assert etag_of(ambition) == f'"{ambition.pk}-v1"' and Ambition.objects.count() == 1


def test_ambition_input_is_checked_with_dutch_messages_at_the_field(client, test_edition, org, editor, outsider, plan):
    secret = token_for(editor)
    base = {**AMBITION, "organisation": org.slug, "plan": plan.pk}
    others = PlanFactory(organisation=outsider.memberships.get().organisation)
    cases = [
        ({"targets": [{"year": 2092, "value": 101}]}, "targets", "0 tot en met 100"),
        ({"targets": []}, "targets", ""),
        ({"targets": [{"year": 2092, "value": 1}, {"year": 2092, "value": 2}]}, "targets.1.year", "twee keer"),
        ({"metric": "volwassenheid", "targets": [{"year": 2092, "value": 4}]}, "dimension", "dimensie"),
        ({"metric": "volwassenheid", "dimension": "bestaat-niet"}, "dimension", "bestaat-niet"),
        ({"metric": "onzin"}, "metric", ""),
        ({"plan": None}, "developments", "plan"),  # developments without a plan
        ({"developments": ["bestaat-niet"]}, "developments", "bestaat-niet"),
        ({"plan": 999999}, "plan", "geen plan"),
        ({"plan": others.pk}, "plan", "geen plan"),
        ({"title": " "}, "title", "leeg"),
        ({"title": "a\x00b"}, "title", ""),
    ]
    for change, name, words in cases:
        response = call(client, "post", f"{API}/ambitions", secret, {**base, **change})
        assert_problem(response, 400)
        problem = response.json()["invalidParams"][0]
        assert problem["name"] == name and words in problem["reason"], (change, problem)
    assert not Ambition.objects.exists()


def test_junk_in_ambitions_is_never_a_500(client, test_edition, org, editor):
    secret = token_for(editor)
    ambition = ambitions.create_ambition(org, editor, title="Doel", metric="gewogen-index", targets={2092: Decimal(70)})
    for field in ["title", "metric", "dimension", "plan", "developments", "note", "targets", "organisation"]:
        for value in [*JUNK_VALUES, [{"year": "x", "value": "\x00"}], [{"year": 2092, "value": "1e400"}]]:
            body = {**AMBITION, "organisation": org.slug, field: value}
            made = call(client, "post", f"{API}/ambitions", secret, body)
            assert made.status_code in (201, 400, 404), (field, value, made.content)
            changed = call(client, "patch", f"{API}/ambitions/{ambition.pk}", secret, {field: value}, etag_of(ambition))
            assert changed.status_code in (200, 400), (field, value, changed.content)
    for junk in ("plan=abc", "plan=0", "plan=" + "9" * 30, "organisation=%00"):
        assert_problem(call(client, "get", f"{API}/ambitions?{junk}", secret), 400)
