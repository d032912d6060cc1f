"""/api/v1/positions: a coordinator drafts, representatives record their region's stance, the aggregate keeps the
dissent visible, the coordinator edits (If-Match) and finalises with minority notes; final positions are public and
never change (409), drafts 404 outside the regions; every save a version; junk as problem+json, never a 500."""

import pytest

from modelgemeente.consultation.models import Position, PositionVersion, RegionStance
from modelgemeente.consultation.services import positions as service
from modelgemeente.consultation.services import signals as signal_service
from modelgemeente.core.enums import Role, TokenScope
from modelgemeente.plans.models import Organisation
from tests.conftest import member_of
from tests.consultation.world import build_world

from .test_consultation_api import API, etag_of, fingerprint, junk_sweep, raise_, refused_text, tokens
from .test_plans_api import assert_problem, call, token_for

pytestmark = pytest.mark.django_db

TABLES = [Position, PositionVersion, RegionStance]


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def nowhere(db):
    """An admin of an organisation whose municipality (Enschede) is in no region."""
    organisation = Organisation.objects.create(slug="enschede", name="Gemeente Enschede", municipality_codes=["GM0153"])
    return member_of(organisation, Role.ADMIN, "beheer@enschede.nl")


def draft(world, **values) -> Position:
    data = {"title": "Eén tarief voor de BRP", "text": "Het beraad vraagt één landelijk tarief."} | values
    return service.create_position(world.coordinator, **data)


def test_the_round_stances_dissent_final_and_public(client, world):
    keys = tokens(world)
    signal = raise_(world)
    bundle = signal_service.bundle_signals(
        world.utrecht_region, world.rep_utrecht, title="BRP", summary="S", signals=[signal]
    )
    body = {"title": "Eén tarief voor de BRP", "text": "Het beraad vraagt één tarief.", "signals": [bundle.pk]}
    made = call(client, "post", f"{API}/positions", keys["coordinator"], body)
    assert made.status_code == 201, made.content
    position = made.json()
    assert made["ETag"] == f'"{position["id"]}-v1"' and made["Location"].endswith(f"/api/v1/positions/{position['id']}")
    assert position["status"] == "concept" and position["signals"] == [
        {"id": bundle.pk, "title": "BRP", "region": "Regio Utrecht"}
    ]
    assert position["aggregate"]["missingCount"] == 4
    base = f"{API}/positions/{position['id']}"

    support = call(
        client, "put", f"{base}/stances/regio-utrecht", keys["rep_utrecht"], {"stance": "steun", "reason": "Goed."}
    )
    assert support.status_code == 201, support.content
    assert support["ETag"] == f'"{position["id"]}-v2"'
    changed = call(
        client, "put", f"{base}/stances/regio-utrecht", keys["rep_utrecht"], {"stance": "steun", "reason": "Prima."}
    )
    assert changed.status_code == 200
    objection = {"stance": "bezwaar", "reason": "Te duur voor kleine gemeenten."}
    assert (
        call(client, "put", f"{base}/stances/regio-noordvleugel", keys["rep_noordvleugel"], objection).status_code
        == 201
    )
    reservation = {"stance": "voorbehoud", "reason": "Alleen met overgangstermijn."}
    put = call(client, "put", f"{base}/stances/regio-zuid-holland", keys["rep_zuid_holland"], reservation)
    body = put.json()
    aggregate = body["aggregate"]
    assert {c["stance"]: c["count"] for c in aggregate["counts"]} == {
        "steun": 1,
        "voorbehoud": 1,
        "bezwaar": 1,
        "onthouding": 0,
    }
    assert [(d["region"], d["stance"], d["reason"]) for d in aggregate["dissent"]] == [
        ("Regio Noordvleugel", "bezwaar", "Te duur voor kleine gemeenten."),
        ("Regio Zuid-Holland", "voorbehoud", "Alleen met overgangstermijn."),
    ]
    assert aggregate["missing"] == ["Regio Groningen"] and aggregate["dissentCount"] == 2
    assert [(s["region"], s["stance"]) for s in body["stances"]] == [
        ("Regio Groningen", None),
        ("Regio Noordvleugel", "bezwaar"),
        ("Regio Utrecht", "steun"),
        ("Regio Zuid-Holland", "voorbehoud"),
    ]

    edited = call(client, "patch", base, keys["coordinator"], {"text": "Eén tarief, met overgang."}, put["ETag"])
    assert edited.status_code == 200, edited.content
    assert edited.json()["text"] == "Eén tarief, met overgang." and edited.json()["title"] == "Eén tarief voor de BRP"
    no_notes = call(client, "post", f"{base}/finalisation", keys["coordinator"], {}, edited["ETag"])
    assert_problem(no_notes, 400)
    assert no_notes.json()["invalidParams"][0]["name"] == "minorityNotes"
    notes = {"minorityNotes": "Noordvleugel: te duur; Zuid-Holland: overgangstermijn."}
    final = call(client, "post", f"{base}/finalisation", keys["coordinator"], notes, edited["ETag"])
    assert final.status_code == 200, final.content
    assert final.json()["status"] == "vastgesteld" and final.json()["publishedAt"]
    assert final.json()["minorityNotes"] == notes["minorityNotes"]

    public = client.get(base)
    assert public.status_code == 200 and public["ETag"] == final["ETag"]
    assert public.json()["aggregate"]["dissent"][0]["region"] == "Regio Noordvleugel"
    assert public.json()["_links"]["pdf"]["href"].endswith(f"/standpunten/{position['id']}/standpunt.pdf")
    assert [p["id"] for p in client.get(f"{API}/positions").json()["_embedded"]["positions"]] == [position["id"]]
    versions = client.get(f"{base}/versions").json()["_embedded"]["versions"]
    assert [v["number"] for v in versions] == [7, 6, 5, 4, 3, 2, 1]
    assert versions[0]["status"] == "vastgesteld" and versions[-1]["text"] == "Het beraad vraagt één tarief."
    assert versions[1]["savedBy"] == "coördinator landelijk beraad"
    assert "Zuid-Holland" in versions[2]["savedBy"]
    assert [v["number"] for v in public.json()["versions"]] == [7, 6, 5, 4, 3, 2, 1]

    before = fingerprint(*TABLES)
    again = call(client, "patch", base, keys["coordinator"], {"title": "Anders"}, final["ETag"])
    assert_problem(again, 409)
    late = call(
        client, "put", f"{base}/stances/regio-groningen", keys["coordinator"], {"stance": "steun", "reason": "x"}
    )
    assert_problem(late, 403)  # no representative of Groningen
    stance = call(
        client, "put", f"{base}/stances/regio-utrecht", keys["rep_utrecht"], {"stance": "bezwaar", "reason": "x"}
    )
    assert_problem(stance, 409)
    assert_problem(call(client, "post", f"{base}/finalisation", keys["coordinator"], notes, final["ETag"]), 409)
    assert fingerprint(*TABLES) == before


def test_drafts_are_visible_to_the_regions_and_404_for_others(client, world, nowhere):
    position = draft(world)
    path = f"{API}/positions/{position.pk}"
    assert_problem(client.get(path), 404)
    assert_problem(call(client, "get", path, token_for(nowhere)), 404)
    assert_problem(client.get(f"{path}/versions"), 404)
    assert client.get(f"{API}/positions").json()["totalCount"] == 0
    assert call(client, "get", f"{API}/positions", token_for(nowhere)).json()["totalCount"] == 0
    for name, secret in tokens(world).items():
        response = call(client, "get", path, secret)
        assert response.status_code == 200, name
        assert response["ETag"] == f'"{position.pk}-v1"'
    listed = call(client, "get", f"{API}/positions?status=concept", token_for(world.reader_utrecht)).json()
    assert [p["id"] for p in listed["_embedded"]["positions"]] == [position.pk]
    assert (
        call(client, "get", f"{API}/positions?status=vastgesteld", token_for(world.coordinator)).json()["totalCount"]
        == 0
    )
    for junk in ("status=x", "status=%00", "page=0"):
        assert_problem(client.get(f"{API}/positions?{junk}"), 400)
    for pk in (0, 999999, 2**63):
        assert_problem(call(client, "get", f"{API}/positions/{pk}", token_for(world.coordinator)), 404)


def test_who_may_draft_edit_finalise_and_record_a_stance(client, world, nowhere):
    position = draft(world)
    keys = tokens(world)
    base = f"{API}/positions/{position.pk}"
    body = {"title": "Nieuw", "text": "Tekst."}
    before = fingerprint(*TABLES)
    for name in ("editor_utrecht", "rep_utrecht"):
        assert_problem(call(client, "post", f"{API}/positions", keys[name], body), 403)
        assert_problem(call(client, "patch", base, keys[name], {"title": "x"}, etag_of(position)), 403)
        assert_problem(call(client, "post", f"{base}/finalisation", keys[name], {}, etag_of(position)), 403)
    assert_problem(call(client, "post", f"{API}/positions", None, body), 401)
    assert_problem(call(client, "patch", base, None, {"title": "x"}, etag_of(position)), 401)
    read_only = token_for(world.coordinator, TokenScope.READ)
    assert_problem(call(client, "post", f"{API}/positions", read_only, body), 403)
    assert_problem(call(client, "patch", base, read_only, {"title": "x"}, etag_of(position)), 403)
    assert_problem(call(client, "patch", base, keys["coordinator"], {"title": "x"}), 428)
    assert_problem(call(client, "patch", base, keys["coordinator"], {"title": "x"}, f'"{position.pk}-v2"'), 412)
    assert_problem(call(client, "patch", base, token_for(nowhere), {"title": "x"}, etag_of(position)), 404)

    stance = {"stance": "steun", "reason": "Goed."}
    for name in ("rep_noordvleugel", "editor_utrecht", "coordinator"):
        assert_problem(call(client, "put", f"{base}/stances/regio-utrecht", keys[name], stance), 403)
    assert_problem(call(client, "put", f"{base}/stances/onbekend", keys["rep_utrecht"], stance), 404)
    assert_problem(call(client, "put", f"{base}/stances/regio-utrecht", token_for(nowhere), stance), 404)
    assert_problem(call(client, "put", f"{base}/stances/regio-utrecht", None, stance), 401)
    read_only_rep = token_for(world.rep_utrecht, TokenScope.READ)
    assert_problem(call(client, "put", f"{base}/stances/regio-utrecht", read_only_rep, stance), 403)
    unknown = call(client, "post", f"{API}/positions", keys["coordinator"], body | {"questions": [999999]})
    assert_problem(unknown, 400)
    assert unknown.json()["invalidParams"][0]["name"] == "questions"
    assert fingerprint(*TABLES) == before


def test_junk_is_a_problem_never_a_500(client, world):
    position = draft(world)
    keys = tokens(world)
    base = f"{API}/positions/{position.pk}"
    junk_sweep(client, "post", f"{API}/positions", keys["coordinator"], {"title": "T", "text": "X", "questions": []})
    stance = {"stance": "steun", "reason": "Goed."}
    junk_sweep(client, "put", f"{base}/stances/regio-utrecht", keys["rep_utrecht"], stance)
    junk_sweep(
        client, "patch", base, keys["coordinator"], {"title": "T"}, lambda: etag_of(position), allowed=(400, 412)
    )


def test_nul_bytes_and_long_texts_are_refused_at_their_field(client, world):
    position = draft(world)
    keys = tokens(world)
    base = f"{API}/positions/{position.pk}"
    before = fingerprint(*TABLES)
    refused_text(
        client, "post", f"{API}/positions", keys["coordinator"], {"title": "T", "text": "X"}, ["title", "text"]
    )
    refused_text(
        client,
        "put",
        f"{base}/stances/regio-utrecht",
        keys["rep_utrecht"],
        {"stance": "steun", "reason": "x"},
        ["stance", "reason"],
    )
    etag = etag_of(position)
    refused_text(client, "patch", base, keys["coordinator"], {}, ["title", "text", "minorityNotes"], etag)
    refused_text(client, "post", f"{base}/finalisation", keys["coordinator"], {}, ["minorityNotes"], etag)
    for header in ('"abc"', '"1-v99999999999999999999999"', "W/" + etag, "x" * 500):
        assert_problem(call(client, "patch", base, keys["coordinator"], {"title": "T"}, header), 412)
    assert fingerprint(*TABLES) == before
