"""/api/v1/regions and /api/v1/signals: the public regions, and signals up with the permissions of the pages per
role (anonymous, an organisation outside the regions, member, editor, representative, coordinator), If-Match on
regional signals, and junk input as problem+json, never a 500, nothing changed. The world: tests/consultation/world.py
(Utrecht is in Regio Utrecht and Regio Noordvleugel; Rotterdam is in Regio Zuid-Holland only)."""

import pytest

from modelgemeente.catalog.models import BudgetLine
from modelgemeente.consultation.models import RegionalSignal, Signal, SignalEvent, SignalSupport
from modelgemeente.consultation.services import signals as service
from modelgemeente.core.enums import SignalStatus, TokenScope, Urgency
from tests.consultation.world import INHABITANTS, build_world

from .test_plans_api import assert_problem, call, token_for

pytestmark = pytest.mark.django_db

API = "/api/v1"
# Junk for every body field and query: wrong types, huge numbers, NUL bytes, unknown ids.
JUNK_VALUES = [None, "", "abc", "\x00", "a\x00b", -1, 0, 10**30, 1.5, [], {}, True, "9" * 400, {"x": [1]}, [10**30]]
JUNK_QUERIES = ["%00", "a%00b", "x" * 300, "-1", "99999999999999999999999", "%ZZ", "a%20b"]
SIGNAL_TABLES = [Signal, SignalSupport, RegionalSignal, SignalEvent]


@pytest.fixture
def world(db):
    return build_world()


def fingerprint(*models) -> dict:
    """Every row of these tables: a refusal must leave all of them as they were."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def etag_of(obj) -> str:
    obj.refresh_from_db()
    return f'"{obj.pk}-v{obj.version}"'


def tokens(world, scope=TokenScope.READ_WRITE) -> dict:
    return {
        name: token_for(getattr(world, name), scope)
        for name in (
            "editor_utrecht",
            "reader_utrecht",
            "editor_amersfoort",
            "admin_amsterdam",
            "editor_rotterdam",
            "rep_utrecht",
            "rep_noordvleugel",
            "rep_zuid_holland",
            "coordinator",
        )
    }


def junk_sweep(client, method, path, secret, valid: dict, if_match=None, allowed=(400,)) -> None:
    """Every field of `valid` replaced by every junk value (and left out, and the body not an object): a success or a
    problem with a status in `allowed`, never a 500. (Some junk is valid text: "abc", -1.)"""
    bodies = [[], "x", 1]
    for field in valid:
        bodies.append({k: v for k, v in valid.items() if k != field})
        bodies += [valid | {field: junk} for junk in JUNK_VALUES]
    for body in bodies:
        response = call(client, method, path, secret, body, if_match() if callable(if_match) else if_match)
        if response.status_code < 300:
            continue
        assert response.status_code in allowed, (body, response.status_code, response.content[:300])
        assert response["Content-Type"].startswith("application/problem+json"), body


def refused_text(client, method, path, secret, valid: dict, fields, if_match=None) -> None:
    """A NUL byte, or text far too long, in each of `fields`: a 400 at that field (so the text never reaches the
    database)."""
    for field in fields:
        for junk in ("a\x00b", "\x00", "x" * 30_000):
            response = call(client, method, path, secret, valid | {field: junk}, if_match)
            assert_problem(response, 400)
            names = [p["name"] for p in response.json()["invalidParams"]]
            assert names == [field] or names[0].startswith(field), (field, names)


def raise_(world, organisation=None, user=None, **values) -> Signal:
    data = {
        "title": "Koppeling met de BRP te duur",
        "description": "De leverancier rekent per aansluiting.",
        "impact": "Tienduizenden euro's per jaar.",
        "urgency": Urgency.HIGH,
    }
    return service.raise_signal(organisation or world.utrecht, user or world.editor_utrecht, **{**data, **values})


SIGNAL_BODY = {
    "organisation": "utrecht",
    "title": "Koppeling met de BRP te duur",
    "description": "De leverancier rekent per aansluiting.",
    "impact": "Tienduizenden euro's per jaar.",
    "urgency": "hoog",
}


# Regions --------------------------------------------------------------------------------------------------------


def test_regions_are_public_with_municipalities_inhabitants_source_and_members(client, world):
    response = client.get(f"{API}/regions")
    assert response.status_code == 200
    body = response.json()
    rows = body["_embedded"]["regions"]
    assert [r["slug"] for r in rows] == ["regio-groningen", "regio-noordvleugel", "regio-utrecht", "regio-zuid-holland"]
    utrecht = rows[2]
    assert utrecht["name"] == "Regio Utrecht" and utrecht["isExample"] is True
    assert utrecht["sourceNote"] == "Testindeling, geen officiële lijst."
    assert [(m["cbsCode"], m["name"], m["inhabitants"]) for m in utrecht["municipalities"]] == [
        ("GM0307", "Amersfoort", INHABITANTS["GM0307"]),
        ("GM0344", "Utrecht", INHABITANTS["GM0344"]),
        ("GM0355", "Zeist", INHABITANTS["GM0355"]),
    ]
    assert utrecht["inhabitants"] == INHABITANTS["GM0344"] + INHABITANTS["GM0307"] + INHABITANTS["GM0355"]
    assert utrecht["inhabitantsSource"]["name"].startswith("CBS") and utrecht["inhabitantsSource"]["asOf"]
    assert utrecht["memberCount"] == 2  # Utrecht and Amersfoort; Zeist has no organisation in the app
    assert rows[1]["memberCount"] == 2  # Amsterdam and Utrecht: a municipality in two regions
    assert rows[0]["memberCount"] == 0
    assert utrecht["_links"]["self"]["href"].endswith("/api/v1/regions/regio-utrecht")


def test_one_region_names_its_members_and_its_representatives_only_with_a_token(client, world):
    anonymous = client.get(f"{API}/regions/regio-noordvleugel").json()
    assert anonymous["members"] == [
        {"slug": "amsterdam", "name": "Gemeente Amsterdam"},
        {"slug": "utrecht", "name": "Gemeente Utrecht"},
    ]
    assert anonymous["representatives"] is None
    known = call(client, "get", f"{API}/regions/regio-noordvleugel", token_for(world.editor_rotterdam)).json()
    assert known["representatives"] == ["Noor Vleugel"]
    missing = client.get(f"{API}/regions/bestaat-niet")
    assert_problem(missing, 404)
    assert "bestaat-niet" in missing.json()["detail"]
    for junk in ("%00", "a%00b", "x" * 300):
        assert client.get(f"{API}/regions/{junk}").status_code == 404
    assert_problem(client.get(f"{API}/regions?page=0"), 400)


# Signals: the full round -----------------------------------------------------------------------------------------


def test_the_full_round_through_the_api(client, world):
    keys = tokens(world)
    made = call(client, "post", f"{API}/signals", keys["editor_utrecht"], SIGNAL_BODY)
    assert made.status_code == 201, made.content
    signal = made.json()
    assert made["Location"].endswith(f"/api/v1/signals/{signal['id']}")
    assert (signal["status"], signal["urgency"], signal["organisation"]["slug"]) == ("nieuw", "hoog", "utrecht")
    assert [e["kind"] for e in signal["events"]] == ["aangemaakt"]

    base = f"{API}/signals/{signal['id']}"
    first = call(client, "put", f"{base}/supports/amersfoort", keys["editor_amersfoort"], {"impact": "Twee fte."})
    assert first.status_code == 201, first.content
    again = call(client, "put", f"{base}/supports/amersfoort", keys["editor_amersfoort"], {"impact": "Drie fte."})
    assert again.status_code == 200
    supported = call(client, "put", f"{base}/supports/amsterdam", keys["admin_amsterdam"], {"impact": "Vertraging."})
    assert supported.status_code == 201
    body = supported.json()
    assert [(s["organisation"]["slug"], s["impact"]) for s in body["supports"]] == [
        ("amersfoort", "Drie fte."),
        ("amsterdam", "Vertraging."),
    ]
    reach = body["reach"]
    assert (reach["organisations"], reach["regions"]) == (3, 2)
    assert reach["inhabitants"] == INHABITANTS["GM0344"] + INHABITANTS["GM0307"] + INHABITANTS["GM0363"]
    assert "CBS" in reach["inhabitantsSource"]
    assert [r["slug"] for r in reach["regionList"]] == ["regio-noordvleugel", "regio-utrecht"]
    assert body["supportCount"] == 2

    bundled = call(
        client,
        "post",
        f"{API}/signals/bundles",
        keys["rep_utrecht"],
        {"region": "regio-utrecht", "title": "BRP-kosten", "summary": "Eén tarief.", "signals": [signal["id"]]},
    )
    assert bundled.status_code == 201, bundled.content
    bundle = bundled.json()
    assert bundled["ETag"] == f'"{bundle["id"]}-v1"'
    assert bundled["Location"].endswith(f"/api/v1/signals/bundles/{bundle['id']}")
    assert [s["id"] for s in bundle["signals"]] == [signal["id"]] and bundle["status"] == "gebundeld"
    assert bundle["reach"]["organisations"] == 3

    bundle_path = f"{API}/signals/bundles/{bundle['id']}"
    raised = call(client, "post", f"{bundle_path}/submission", keys["rep_utrecht"], {}, f'"{bundle["id"]}-v1"')
    assert raised.status_code == 200, raised.content
    assert raised.json()["status"] == "ingebracht" and raised.json()["raisedAt"]
    assert raised["ETag"] == f'"{bundle["id"]}-v2"'
    answer = {"answer": "Het ministerie onderzoekt een landelijk tarief."}
    answered = call(client, "post", f"{bundle_path}/answer", keys["coordinator"], answer, raised["ETag"])
    assert answered.status_code == 200, answered.content
    assert answered.json()["answer"] == answer["answer"] and answered.json()["status"] == "beantwoord"

    overview = call(client, "get", f"{API}/signals", keys["coordinator"]).json()
    [row] = overview["_embedded"]["signals"]
    assert (row["status"], row["answer"], row["reach"]["organisations"], row["reach"]["regions"]) == (
        "beantwoord",
        answer["answer"],
        3,
        2,
    )
    assert row["bundle"]["id"] == bundle["id"] and row["bundle"]["region"]["slug"] == "regio-utrecht"
    assert row["_links"]["html"]["href"].endswith(f"/signalen/{signal['id']}/")
    assert row["_links"]["bundle"]["href"].endswith(f"/api/v1/signals/bundles/{bundle['id']}")
    detail = call(client, "get", base, keys["reader_utrecht"]).json()
    assert [e["kind"] for e in detail["events"]] == [
        "aangemaakt",
        "gesteund",
        "steun_aangepast",
        "gesteund",
        "gebundeld",
        "ingebracht",
        "beantwoord",
    ]
    assert detail["events"][1]["organisation"]["slug"] == "amersfoort" and detail["events"][1]["label"] == "gesteund"


def test_a_signal_with_links_to_the_catalogue(client, world, test_edition):
    line = BudgetLine.objects.filter(development__edition=test_edition).order_by("development__slug", "slug").first()
    key = f"{line.development.slug}/{line.slug}"
    body = SIGNAL_BODY | {
        "release": test_edition.release_id,
        "development": line.development.slug,
        "budgetLines": [key],
    }
    made = call(client, "post", f"{API}/signals", token_for(world.editor_utrecht), body)
    assert made.status_code == 201, made.content
    assert made.json()["links"] == {
        "release": test_edition.release_id,
        "law": "",
        "development": line.development.slug,
        "budgetLines": [key],
    }
    unknown = call(client, "post", f"{API}/signals", token_for(world.editor_utrecht), body | {"budgetLines": ["x/y"]})
    assert_problem(unknown, 400)
    assert "x/y" in unknown.json()["invalidParams"][0]["reason"]
    no_release = call(client, "post", f"{API}/signals", token_for(world.editor_utrecht), body | {"release": "1999.1"})
    assert_problem(no_release, 400)
    assert no_release.json()["invalidParams"][0]["name"] == "release"


# Signals: who sees and who may --------------------------------------------------------------------------------------


def test_who_sees_a_signal(client, world):
    signal = raise_(world)
    keys = tokens(world)
    path = f"{API}/signals/{signal.pk}"
    assert_problem(call(client, "get", path), 401)
    assert_problem(call(client, "get", f"{API}/signals"), 401)
    for name in ("editor_rotterdam", "rep_zuid_holland"):  # outside the regions of Utrecht
        assert_problem(call(client, "get", path, keys[name]), 404)
        assert call(client, "get", f"{API}/signals", keys[name]).json()["totalCount"] == 0
    for name in ("reader_utrecht", "editor_amersfoort", "admin_amsterdam", "rep_utrecht", "rep_noordvleugel"):
        assert call(client, "get", path, keys[name]).status_code == 200, name
        assert call(client, "get", f"{API}/signals", keys[name]).json()["totalCount"] == 1, name
    assert call(client, "get", path, keys["coordinator"]).status_code == 200
    for pk in (0, 999999, 2**63, 10**30):
        assert_problem(call(client, "get", f"{API}/signals/{pk}", keys["coordinator"]), 404)


def test_the_list_filters_by_status_and_region(client, world):
    utrecht = raise_(world)
    rotterdam = raise_(world, world.rotterdam, world.editor_rotterdam, title="Rotterdam")
    secret = token_for(world.coordinator)

    def ids(query):
        response = call(client, "get", f"{API}/signals?{query}", secret)
        assert response.status_code == 200, response.content
        return [s["id"] for s in response.json()["_embedded"]["signals"]]

    assert ids("") == [rotterdam.pk, utrecht.pk]
    assert ids("region=regio-zuid-holland") == [rotterdam.pk]
    assert ids("region=regio-noordvleugel") == [utrecht.pk]
    assert ids("status=gebundeld") == []
    assert ids("status=nieuw&region=regio-utrecht") == [utrecht.pk]
    for junk in ("status=x", "region=onbekend", "page=0", "pageSize=1000", *(f"region={j}" for j in JUNK_QUERIES)):
        assert_problem(call(client, "get", f"{API}/signals?{junk}", secret), 400)


def test_raising_needs_the_editor_role_a_write_token_and_a_region(client, world):
    before = fingerprint(*SIGNAL_TABLES)
    reader = call(client, "post", f"{API}/signals", token_for(world.reader_utrecht), SIGNAL_BODY)
    assert_problem(reader, 403)
    read_only = call(client, "post", f"{API}/signals", token_for(world.editor_utrecht, TokenScope.READ), SIGNAL_BODY)
    assert_problem(read_only, 403)
    outsider = call(client, "post", f"{API}/signals", token_for(world.editor_rotterdam), SIGNAL_BODY)
    assert_problem(outsider, 404)  # no member of Utrecht
    assert_problem(call(client, "post", f"{API}/signals", None, SIGNAL_BODY), 401)
    for name in ("rep_utrecht", "coordinator"):  # a role in the consultation is no membership
        assert_problem(call(client, "post", f"{API}/signals", token_for(getattr(world, name)), SIGNAL_BODY), 404)
    assert fingerprint(*SIGNAL_TABLES) == before


def test_supporting_and_withdrawing(client, world):
    signal = raise_(world)
    base = f"{API}/signals/{signal.pk}/supports"
    keys = tokens(world)
    before = fingerprint(*SIGNAL_TABLES)
    own = call(client, "put", f"{base}/utrecht", keys["editor_utrecht"], {"impact": "Eigen."})
    assert_problem(own, 400)
    assert "eigen organisatie" in own.json()["invalidParams"][0]["reason"]
    assert_problem(call(client, "put", f"{base}/rotterdam", keys["editor_rotterdam"], {"impact": "x"}), 404)
    assert_problem(call(client, "put", f"{base}/utrecht", keys["reader_utrecht"], {"impact": "x"}), 403)
    assert_problem(call(client, "put", f"{base}/amersfoort", keys["rep_utrecht"], {"impact": "x"}), 404)
    read_only = token_for(world.editor_amersfoort, TokenScope.READ)
    assert_problem(call(client, "put", f"{base}/amersfoort", read_only, {"impact": "x"}), 403)
    assert_problem(call(client, "put", f"{base}/amersfoort", None, {"impact": "x"}), 401)
    not_supporting = call(client, "delete", f"{base}/amersfoort", keys["editor_amersfoort"])
    assert_problem(not_supporting, 400)
    assert fingerprint(*SIGNAL_TABLES) == before

    assert call(client, "put", f"{base}/amersfoort", keys["editor_amersfoort"], {"impact": "x"}).status_code == 201
    assert_problem(call(client, "delete", f"{base}/amersfoort", read_only), 403)
    withdrawn = call(client, "delete", f"{base}/amersfoort", keys["editor_amersfoort"])
    assert withdrawn.status_code == 204
    assert not SignalSupport.objects.exists()
    assert list(signal.events.values_list("kind", flat=True)) == ["aangemaakt", "gesteund", "steun_ingetrokken"]


def test_closing_a_signal_the_raiser_while_new_or_a_coordinator(client, world):
    signal = raise_(world)
    other = raise_(world, title="Tweede")
    path = f"{API}/signals/{signal.pk}/closure"
    assert_problem(call(client, "post", path, token_for(world.editor_amersfoort), {}), 403)
    assert_problem(call(client, "post", path, token_for(world.editor_rotterdam), {}), 404)
    closed = call(client, "post", path, token_for(world.editor_utrecht), {"note": "Opgelost."})
    assert closed.status_code == 200 and closed.json()["status"] == "gesloten"
    assert closed.json()["events"][-1]["note"] == "Opgelost."
    assert_problem(call(client, "post", path, token_for(world.coordinator), {}), 400)  # already closed
    by_coordinator = call(client, "post", f"{API}/signals/{other.pk}/closure", token_for(world.coordinator), {})
    assert by_coordinator.json()["status"] == "gesloten"


def test_regional_signals_roles_if_match_and_visibility(client, world):
    signal = raise_(world)
    keys = tokens(world)
    body = {"region": "regio-utrecht", "title": "BRP", "summary": "Samen.", "signals": [signal.pk]}
    before = fingerprint(*SIGNAL_TABLES)
    for name in ("editor_utrecht", "rep_noordvleugel", "coordinator"):
        assert_problem(call(client, "post", f"{API}/signals/bundles", keys[name], body), 403)
    hidden = call(
        client, "post", f"{API}/signals/bundles", keys["rep_zuid_holland"], body | {"region": "regio-zuid-holland"}
    )
    assert_problem(hidden, 400)  # the signal is not visible to the representative of Zuid-Holland
    assert hidden.json()["invalidParams"][0]["name"] == "signals"
    assert_problem(call(client, "post", f"{API}/signals/bundles", keys["rep_utrecht"], body | {"region": "x"}), 400)
    read_only = token_for(world.rep_utrecht, TokenScope.READ)
    assert_problem(call(client, "post", f"{API}/signals/bundles", read_only, body), 403)
    assert fingerprint(*SIGNAL_TABLES) == before

    bundle = service.bundle_signals(world.utrecht_region, world.rep_utrecht, title="BRP", summary="S", signals=[signal])
    path = f"{API}/signals/bundles/{bundle.pk}"
    for name in ("reader_utrecht", "editor_amersfoort", "rep_utrecht", "coordinator"):
        assert call(client, "get", path, keys[name]).status_code == 200, name
    for name in ("editor_rotterdam", "rep_zuid_holland", "admin_amsterdam", "rep_noordvleugel"):
        assert_problem(call(client, "get", path, keys[name]), 404)  # another region's bundle
        assert call(client, "get", f"{API}/signals/bundles", keys[name]).json()["totalCount"] == 0
    assert_problem(call(client, "get", path), 401)

    before = fingerprint(*SIGNAL_TABLES)
    assert_problem(call(client, "post", f"{path}/submission", keys["rep_utrecht"], {}), 428)
    assert_problem(call(client, "post", f"{path}/submission", keys["rep_utrecht"], {}, f'"{bundle.pk}-v9"'), 412)
    assert_problem(call(client, "post", f"{path}/submission", keys["rep_utrecht"], {}, '"*"'), 412)
    assert_problem(call(client, "post", f"{path}/submission", keys["editor_amersfoort"], {}, etag_of(bundle)), 403)
    assert_problem(call(client, "post", f"{path}/submission", read_only, {}, etag_of(bundle)), 403)
    assert_problem(call(client, "post", f"{path}/submission", keys["rep_zuid_holland"], {}, etag_of(bundle)), 404)
    answer = {"answer": "Nee."}
    not_raised = call(client, "post", f"{path}/answer", keys["coordinator"], answer, etag_of(bundle))
    assert_problem(not_raised, 400)
    assert_problem(call(client, "post", f"{path}/answer", keys["rep_utrecht"], answer, etag_of(bundle)), 403)
    assert fingerprint(*SIGNAL_TABLES) == before

    stale = etag_of(bundle)
    assert call(client, "post", f"{path}/submission", keys["rep_utrecht"], {}, stale).status_code == 200
    again = call(client, "post", f"{path}/submission", keys["rep_utrecht"], {}, stale)
    assert_problem(again, 412)
    assert etag_of(bundle) in again.json()["detail"]
    closed = call(client, "post", f"{path}/closure", keys["coordinator"], {"note": "Dubbel."}, etag_of(bundle))
    assert closed.status_code == 200 and closed.json()["status"] == "gesloten"
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED
    listed = call(client, "get", f"{API}/signals/bundles?region=regio-utrecht&status=gesloten", keys["rep_utrecht"])
    assert [b["id"] for b in listed.json()["_embedded"]["bundles"]] == [bundle.pk]
    for junk in ("status=x", "region=%00", "region=onbekend", "page=0"):
        assert_problem(call(client, "get", f"{API}/signals/bundles?{junk}", keys["rep_utrecht"]), 400)


# Junk --------------------------------------------------------------------------------------------------------------


def test_junk_is_a_problem_never_a_500(client, world):
    signal = raise_(world)
    bundle_signal = raise_(world, title="Te bundelen")
    bundle = service.bundle_signals(
        world.utrecht_region, world.rep_utrecht, title="B", summary="S", signals=[bundle_signal]
    )
    keys = tokens(world)
    junk_sweep(client, "post", f"{API}/signals", keys["editor_utrecht"], SIGNAL_BODY, allowed=(400, 404))
    support = f"{API}/signals/{signal.pk}/supports/amersfoort"
    junk_sweep(client, "put", support, keys["editor_amersfoort"], {"impact": "x"})
    body = {"region": "regio-utrecht", "title": "B", "summary": "S", "signals": [signal.pk]}
    junk_sweep(client, "post", f"{API}/signals/bundles", keys["rep_utrecht"], body)
    path = f"{API}/signals/bundles/{bundle.pk}/answer"
    junk_sweep(client, "post", path, keys["coordinator"], {"answer": "x"}, lambda: etag_of(bundle), allowed=(400, 412))
    junk_sweep(client, "post", f"{API}/signals/{signal.pk}/closure", keys["coordinator"], {"note": "x"})


def test_nul_bytes_and_long_texts_are_refused_at_their_field(client, world):
    signal = raise_(world)
    bundle = service.bundle_signals(world.utrecht_region, world.rep_utrecht, title="B", summary="S", signals=[signal])
    service.raise_bundle(bundle, world.rep_utrecht, 1)
    other = raise_(world, title="Nog een")
    keys = tokens(world)
    before = fingerprint(*SIGNAL_TABLES)
    fields = ("organisation", "title", "description", "impact", "urgency", "release", "law", "development")
    refused_text(client, "post", f"{API}/signals", keys["editor_utrecht"], SIGNAL_BODY, fields)
    refused_text(
        client, "post", f"{API}/signals", keys["editor_utrecht"], SIGNAL_BODY | {"budgetLines": []}, ["budgetLines"]
    )
    support = f"{API}/signals/{other.pk}/supports/amersfoort"
    refused_text(client, "put", support, keys["editor_amersfoort"], {"impact": "x"}, ["impact"])
    body = {"region": "regio-utrecht", "title": "B", "summary": "S", "signals": [other.pk]}
    refused_text(client, "post", f"{API}/signals/bundles", keys["rep_utrecht"], body, ["region", "title", "summary"])
    answer = f"{API}/signals/bundles/{bundle.pk}/answer"
    refused_text(client, "post", answer, keys["coordinator"], {"answer": "x"}, ["answer"], etag_of(bundle))
    refused_text(client, "post", f"{API}/signals/{other.pk}/closure", keys["coordinator"], {"note": "x"}, ["note"])
    for header in ('"abc"', '"1-v99999999999999999999999"', "W/" + etag_of(bundle), "x" * 500):
        response = call(client, "post", f"{API}/signals/bundles/{bundle.pk}/closure", keys["coordinator"], {}, header)
        assert_problem(response, 412)
    assert fingerprint(*SIGNAL_TABLES) == before
