"""/api/v1/questions: the national level asks, municipalities give input, each region answers (late is marked, not
refused), the coordinator closes; who sees the question and whose inputs; junk input as problem+json, never a 500.
The world: tests/consultation/world.py (Utrecht is in Regio Utrecht and Regio Noordvleugel)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from modelgemeente.consultation.models import Question, QuestionInput, RegionAnswer
from modelgemeente.consultation.services import questions as service
from modelgemeente.core.enums import QuestionKind, TokenScope
from tests.consultation.world import build_world

from .test_consultation_api import API, fingerprint, junk_sweep, refused_text, tokens
from .test_plans_api import assert_problem, call, token_for

pytestmark = pytest.mark.django_db

TABLES = [Question, QuestionInput, RegionAnswer]


@pytest.fixture
def world(db):
    return build_world()


def ask(world, regions=None, days=7) -> Question:
    return service.ask_question(
        world.coordinator,
        kind=QuestionKind.QUESTION,
        title="Wat kost de Omgevingswet u?",
        body="Graag per gemeente de kosten.",
        deadline=timezone.localdate() + timedelta(days=days),
        regions=regions or [world.utrecht_region, world.noordvleugel],
    )


def body(**values) -> dict:
    deadline = (timezone.localdate() + timedelta(days=7)).isoformat()
    return {
        "kind": "vraag",
        "title": "Wat kost de Omgevingswet u?",
        "body": "Graag per gemeente de kosten.",
        "deadline": deadline,
        "regions": ["regio-utrecht", "regio-noordvleugel"],
    } | values


def test_the_round_asked_answered_one_late_and_closed(client, world):
    keys = tokens(world)
    made = call(client, "post", f"{API}/questions", keys["coordinator"], body())
    assert made.status_code == 201, made.content
    question = made.json()
    assert made["Location"].endswith(f"/api/v1/questions/{question['id']}")
    assert (question["askedCount"], question["answeredCount"], question["daysLeft"]) == (2, 0, 7)
    assert [r["slug"] for r in question["openRegions"]] == ["regio-noordvleugel", "regio-utrecht"]
    base = f"{API}/questions/{question['id']}"
    assert question["_links"]["html"]["href"].endswith(f"/vragen/{question['id']}/")

    given = {"region": "regio-utrecht", "organisation": "utrecht", "text": "Twee ton."}
    first = call(client, "post", f"{base}/inputs", keys["editor_utrecht"], given)
    assert first.status_code == 201, first.content
    assert first.json()["organisation"]["slug"] == "utrecht" and first.json()["region"]["slug"] == "regio-utrecht"
    assert (
        call(client, "post", f"{base}/inputs", keys["editor_utrecht"], given | {"text": "Drie ton."}).status_code == 200
    )
    amersfoort = {"region": "regio-utrecht", "organisation": "amersfoort", "text": "Een ton."}
    assert call(client, "post", f"{base}/inputs", keys["editor_amersfoort"], amersfoort).status_code == 201

    answered = call(client, "put", f"{base}/answers/regio-utrecht", keys["rep_utrecht"], {"text": "Vier ton samen."})
    assert answered.status_code == 201, answered.content
    assert answered.json()["late"] is False
    again = call(client, "put", f"{base}/answers/regio-utrecht", keys["rep_utrecht"], {"text": "Vijf ton samen."})
    assert again.status_code == 200 and again.json()["text"] == "Vijf ton samen."
    Question.objects.filter(pk=question["id"]).update(deadline=timezone.localdate() - timedelta(days=1))
    late = call(client, "put", f"{base}/answers/regio-noordvleugel", keys["rep_noordvleugel"], {"text": "Later."})
    assert late.status_code == 201 and late.json()["late"] is True

    detail = call(client, "get", base, keys["coordinator"]).json()
    assert (detail["askedCount"], detail["answeredCount"], detail["lateCount"], detail["openRegions"]) == (2, 2, 1, [])
    assert detail["daysLeft"] == -1
    assert [(r["region"]["slug"], r["answer"]["text"], r["answer"]["late"]) for r in detail["regions"]] == [
        ("regio-noordvleugel", "Later.", True),
        ("regio-utrecht", "Vijf ton samen.", False),
    ]
    assert detail["inputs"] == []  # the coordinator sees the answers, not the inputs behind them
    rep = call(client, "get", base, keys["rep_utrecht"]).json()
    assert [(i["organisation"]["slug"], i["text"]) for i in rep["inputs"]] == [
        ("amersfoort", "Een ton."),
        ("utrecht", "Drie ton."),
    ]
    own = call(client, "get", base, keys["editor_amersfoort"]).json()
    assert [i["organisation"]["slug"] for i in own["inputs"]] == ["amersfoort"]

    closed = call(client, "post", f"{base}/closure", keys["coordinator"])
    assert closed.status_code == 200 and closed.json()["closed"] is True and closed.json()["closedAt"]
    refused = call(client, "put", f"{base}/answers/regio-utrecht", keys["rep_utrecht"], {"text": "Nog iets."})
    assert_problem(refused, 400)
    assert "gesloten" in refused.json()["invalidParams"][0]["reason"]


def test_progress_answered_by_some_and_the_list_filters(client, world):
    question = ask(world, [world.utrecht_region, world.noordvleugel, world.zuid_holland])
    other = ask(world, [world.zuid_holland])
    service.answer_question(question, world.zuid_holland, world.rep_zuid_holland, "Ja.")
    service.close_question(other, world.coordinator)
    secret = token_for(world.coordinator)
    rows = call(client, "get", f"{API}/questions", secret).json()["_embedded"]["questions"]
    assert [(r["id"], r["answeredCount"], r["askedCount"]) for r in rows] == [(other.pk, 0, 1), (question.pk, 1, 3)]
    assert [r["slug"] for r in rows[1]["openRegions"]] == ["regio-noordvleugel", "regio-utrecht"]

    def ids(query, who=secret):
        response = call(client, "get", f"{API}/questions?{query}", who)
        assert response.status_code == 200, response.content
        return [r["id"] for r in response.json()["_embedded"]["questions"]]

    assert ids("status=open") == [question.pk]
    assert ids("status=gesloten") == [other.pk]
    assert ids("region=regio-utrecht") == [question.pk]
    assert ids("", token_for(world.editor_amersfoort)) == [question.pk]
    for junk in ("status=x", "region=onbekend", "region=%00", "page=0", "pageSize=0"):
        assert_problem(call(client, "get", f"{API}/questions?{junk}", secret), 400)


def test_who_sees_a_question(client, world):
    question = ask(world)
    keys = tokens(world)
    path = f"{API}/questions/{question.pk}"
    assert_problem(call(client, "get", path), 401)
    assert_problem(call(client, "get", f"{API}/questions"), 401)
    for name in ("editor_rotterdam", "rep_zuid_holland"):  # not asked
        assert_problem(call(client, "get", path, keys[name]), 404)
        assert call(client, "get", f"{API}/questions", keys[name]).json()["totalCount"] == 0
    for name in ("reader_utrecht", "editor_amersfoort", "admin_amsterdam", "rep_utrecht", "rep_noordvleugel"):
        assert call(client, "get", path, keys[name]).status_code == 200, name
    assert call(client, "get", path, keys["coordinator"]).status_code == 200
    for pk in (0, 999999, 2**63):
        assert_problem(call(client, "get", f"{API}/questions/{pk}", keys["coordinator"]), 404)


def test_who_may_ask_give_input_answer_and_close(client, world):
    question = ask(world)
    keys = tokens(world)
    base = f"{API}/questions/{question.pk}"
    before = fingerprint(*TABLES)
    for name in ("editor_utrecht", "rep_utrecht"):
        assert_problem(call(client, "post", f"{API}/questions", keys[name], body()), 403)
        assert_problem(call(client, "post", f"{base}/closure", keys[name]), 403)
    read_only = token_for(world.coordinator, TokenScope.READ)
    assert_problem(call(client, "post", f"{API}/questions", read_only, body()), 403)
    assert_problem(call(client, "post", f"{API}/questions", None, body()), 401)

    given = {"region": "regio-utrecht", "organisation": "utrecht", "text": "Inbreng."}
    assert_problem(call(client, "post", f"{base}/inputs", keys["reader_utrecht"], given), 403)
    assert_problem(call(client, "post", f"{base}/inputs", keys["editor_amersfoort"], given), 404)  # not its member
    assert_problem(call(client, "post", f"{base}/inputs", keys["rep_utrecht"], given), 404)
    assert_problem(call(client, "post", f"{base}/inputs", token_for(world.editor_utrecht, TokenScope.READ), given), 403)
    wrong_region = call(
        client, "post", f"{base}/inputs", keys["admin_amsterdam"], given | {"organisation": "amsterdam"}
    )
    assert_problem(wrong_region, 400)  # Amsterdam is not in Regio Utrecht
    assert wrong_region.json()["invalidParams"][0]["name"] == "region"
    outsider = {"region": "regio-zuid-holland", "organisation": "rotterdam", "text": "x"}
    assert_problem(call(client, "post", f"{base}/inputs", keys["editor_rotterdam"], outsider), 404)

    answer = {"text": "Antwoord."}
    assert_problem(call(client, "put", f"{base}/answers/regio-utrecht", keys["rep_noordvleugel"], answer), 403)
    assert_problem(call(client, "put", f"{base}/answers/regio-utrecht", keys["editor_utrecht"], answer), 403)
    assert_problem(call(client, "put", f"{base}/answers/regio-utrecht", keys["coordinator"], answer), 403)
    assert_problem(call(client, "put", f"{base}/answers/regio-zuid-holland", keys["rep_utrecht"], answer), 404)
    assert_problem(call(client, "put", f"{base}/answers/onbekend", keys["rep_utrecht"], answer), 404)
    read_only_rep = token_for(world.rep_utrecht, TokenScope.READ)
    assert_problem(call(client, "put", f"{base}/answers/regio-utrecht", read_only_rep, answer), 403)
    assert fingerprint(*TABLES) == before


def test_asking_checks_its_input_with_the_services_messages(client, world):
    secret = token_for(world.coordinator)
    before = fingerprint(*TABLES)
    past = call(client, "post", f"{API}/questions", secret, body(deadline="2000-01-01"))
    assert_problem(past, 400)
    assert past.json()["invalidParams"][0]["name"] == "deadline" and "verleden" in past.json()["detail"] + str(
        past.json()["invalidParams"]
    )
    none = call(client, "post", f"{API}/questions", secret, body(regions=[]))
    assert_problem(none, 400)
    assert none.json()["invalidParams"][0]["name"] == "regions"
    unknown = call(client, "post", f"{API}/questions", secret, body(regions=["regio-utrecht", "onbekend"]))
    assert_problem(unknown, 400)
    assert "onbekend" in unknown.json()["invalidParams"][0]["reason"]
    blank = call(client, "post", f"{API}/questions", secret, body(title="   "))
    assert_problem(blank, 400)
    assert fingerprint(*TABLES) == before
    everyone = call(client, "post", f"{API}/questions", secret, body(regions=[], allRegions=True, kind="conceptbeleid"))
    assert everyone.status_code == 201, everyone.content
    assert everyone.json()["askedCount"] == 4 and everyone.json()["kind"] == "conceptbeleid"


def test_junk_is_a_problem_never_a_500(client, world):
    question = ask(world)
    keys = tokens(world)
    base = f"{API}/questions/{question.pk}"
    junk_sweep(client, "post", f"{API}/questions", keys["coordinator"], body())
    given = {"region": "regio-utrecht", "organisation": "utrecht", "text": "Inbreng."}
    junk_sweep(client, "post", f"{base}/inputs", keys["editor_utrecht"], given, allowed=(400, 404))
    junk_sweep(client, "put", f"{base}/answers/regio-utrecht", keys["rep_utrecht"], {"text": "Antwoord."})


def test_nul_bytes_and_long_texts_are_refused_at_their_field(client, world):
    question = ask(world)
    keys = tokens(world)
    base = f"{API}/questions/{question.pk}"
    before = fingerprint(*TABLES)
    refused_text(client, "post", f"{API}/questions", keys["coordinator"], body(), ["kind", "title", "body", "deadline"])
    refused_text(client, "post", f"{API}/questions", keys["coordinator"], body(regions=[]), ["regions"])
    given = {"region": "regio-utrecht", "organisation": "utrecht", "text": "Inbreng."}
    refused_text(client, "post", f"{base}/inputs", keys["editor_utrecht"], given, ["region", "organisation", "text"])
    refused_text(client, "put", f"{base}/answers/regio-utrecht", keys["rep_utrecht"], {"text": "x"}, ["text"])
    assert fingerprint(*TABLES) == before
