"""Who may see and change what in the maturity app: every page, download and API endpoint of the self-assessment,
product digitalisation and ambitions, for every role (the permissions of plans, maturity/access.py and
api/maturity_common.py).

- anonymous: a page answers 403 with a link to log in; the API 401;
- outsider (admin of another organisation): 404 on everything of the organisation, read or write;
- reader (member): reads every page and download and every API read; every change is 403 (pages that are only a
  form for a change, too);
- editor and admin: read and change; a read-only token of an editor is 403 on a change.
An organisation's page or download is never kept by a browser or proxy cache (private, no-store).
The product list (/producten/, its CSV), the maturity model page and the public API (model, peers, products) are
200 for everyone.

Every change runs in a savepoint that is rolled back, so each role meets the same data; the maturity tables (and
the plan's choices, which the gap page changes) must be exactly as before after every refused request, and must
have changed after every accepted one. Expected statuses are one table per role (EXPECTED), so the matrix reads as
the rule it checks.
"""

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client

from modelgemeente.catalog.models import MaturityStatement
from modelgemeente.core.enums import AmbitionMetric, TokenScope
from modelgemeente.maturity import models
from modelgemeente.maturity.services import ambitions, assessments, digitalisation
from modelgemeente.plans import services as plan_services
from modelgemeente.plans.models import Plan, PlanDevelopment
from tests.api.test_plans_api import token_for
from tests.html_forms import forms
from tests.maturity.conftest import test_products  # noqa: F401  (the synthetic product list, autouse)

pytestmark = pytest.mark.django_db

YEAR = 2091
ROLES = ("anonymous", "outsider", "reader", "editor", "admin")
# The tables a request could change: the maturity app's own and the plan's choices (the gap adds to a plan).
TABLES = (
    models.Assessment,
    models.DimensionResult,
    models.Answer,
    models.ProductMeasurement,
    models.ProductScore,
    models.Ambition,
    models.AmbitionTarget,
    models.MaturityChange,
    Plan,
    PlanDevelopment,
)


def snapshot() -> dict:
    """Every row of every table that a maturity request could change, as values."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in TABLES}


# The world: an organisation with an assessment with a gap, a plan, a measurement and an ambition ---------------


@dataclass
class World:
    org: object
    plan: Plan
    assessment: models.Assessment
    measurement: models.ProductMeasurement
    ambition: models.Ambition
    edition: object
    users: dict


def build_world(org, plan, test_edition, users) -> World:
    """Made through the services, as the pages make it: an assessment of 2091 whose services dimension is at level
    1 (all 'nee'; target 4), so the gap offers digitaal-loket, which the plan does not count; a measurement of
    2091 with two scored products; an ambition on the plan."""
    editor = users["editor"]
    plan_services.save_choices(plan, editor, plan.version, {"digitaal-loket": {"included": False}})
    assessment = assessments.start_assessment(org, YEAR, test_edition, editor)
    statements = MaturityStatement.objects.filter(dimension__edition=test_edition, dimension__slug="dienstverlening")
    assessments.save_assessment(assessment, editor, assessment.version, answers={s.pk: 0 for s in statements})
    measurement = digitalisation.start_measurement(org, YEAR, editor, inhabitants=10_000, inhabitants_source="BRP")
    digitalisation.save_scores(
        measurement,
        editor,
        measurement.version,
        {"paspoort": {"level": 2}, "verhuizing": {"level": 4, "volume": 1200, "volume_source": "BRP"}},
    )
    ambition = ambitions.create_ambition(
        org,
        editor,
        title="Gewogen index omhoog",
        metric=AmbitionMetric.WEIGHTED_INDEX,
        plan=plan,
        developments=["klantcontact"],
        targets={2092: Decimal(70), 2094: Decimal(85)},
    )
    plan.refresh_from_db()
    return World(org, plan, assessment, measurement, ambition, test_edition, users)


@pytest.fixture
def world(plan, org, test_edition, outsider, reader, editor, admin_user) -> World:
    users = {"anonymous": None, "outsider": outsider, "reader": reader, "editor": editor, "admin": admin_user}
    return build_world(org, plan, test_edition, users)


# Pages --------------------------------------------------------------------------------------------------------

# What a page is: "public" (anyone reads it), "read" (members read it), "edit" (a form for a change only: editors).
# What a POST to it is: "write" (a change: editors), "none" (the page only shows: a POST changes nothing).


@dataclass(frozen=True)
class Page:
    path: str
    get: str  # public, read or edit
    post: str  # write or none
    data: object = None  # world -> (the post a browser makes for a change, files)


def page_form(client, path, having) -> dict:
    """The first POST form of the page with a field `having`, as the browser would submit it."""
    for form in forms(client.get(path).content.decode()):
        names = [name for name, _value in form["fields"]]
        if form["attrs"].get("method", "").lower() == "post" and having in names:
            data = {}
            for name, value in form["fields"]:
                if name == "developments":
                    data.setdefault(name, []).append(value)
                else:
                    data[name] = value
            return data
    raise AssertionError(f"{path}: no form with {having!r}")


def csv_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = "product_id;aantal_per_jaar;herkomst_aantal;digitaal_niveau;inlog_nu\r\nparkeervergunning;;;4;\r\n"
    return SimpleUploadedFile("meting.csv", content.encode("utf-8"), content_type="text/csv")


def org_pages(w: World) -> list[Page]:
    """Every page and download of the organisation's maturity data (maturity/*_urls.py), with a change for each
    form: the data a browser posts after the editor's page, with one value changed."""
    a = f"/organisaties/{w.org.slug}/volwassenheid/"
    m = f"/organisaties/{w.org.slug}/digitalisering/"
    b = f"/organisaties/{w.org.slug}/ambities/"
    amb = f"{b}{w.ambition.pk}/"
    gap = f"{a}{YEAR}/kloof/?plan={w.plan.pk}"
    return [
        Page(a, "read", "write", lambda c: {"year": "2092", "edition": str(w.edition.pk)}),
        Page(f"{a}{YEAR}/", "read", "write", lambda c: page_form(c, f"{a}{YEAR}/", "version") | {"note": "Nieuw"}),
        Page(gap, "read", "write", lambda c: page_form(c, gap, "developments")),
        Page(f"{a}{YEAR}/historie/", "read", "none"),
        Page(m, "read", "write", lambda c: page_form(c, m, "year") | {"year": "2092"}),
        Page(
            f"{m}{YEAR}/", "read", "write", lambda c: page_form(c, f"{m}{YEAR}/", "version") | {"p-paspoort-level": "3"}
        ),
        Page(f"{m}{YEAR}/sjabloon.csv", "read", "none"),
        Page(
            f"{m}{YEAR}/importeren/",
            "edit",
            "write",
            lambda c: {"version": str(w.measurement.version), "file": csv_upload()},
        ),
        Page(
            f"{m}{YEAR}/gegevens/",
            "edit",
            "write",
            lambda c: page_form(c, f"{m}{YEAR}/gegevens/", "note") | {"note": "Nieuw"},
        ),
        Page(b, "read", "none"),
        Page(
            f"{b}nieuw/",
            "edit",
            "write",
            lambda c: (
                {"title": "Inlog op niveau", "metric": "inlog-op-niveau", "target_year_0": "2093"}
                | {"target_value_0": "90"}
            ),
        ),
        Page(amb, "read", "write", lambda c: page_form(c, amb, "title") | {"title": "Gewogen index naar 90%"}),
        Page(f"{amb}verwijderen/", "edit", "write", lambda c: {"version": str(w.ambition.version)}),
    ]


def public_pages(w: World) -> list[str]:
    return ["/producten/", "/producten/producten.csv", f"/editie/{w.edition.year}/volwassenheid/"]


# The status each role gets: (what, method) -> status; "ok" is 200 for a GET and a successful change for a POST
# (a redirect after it, and the data changed).
EXPECTED = {
    "anonymous": {("read", "get"): 403, ("edit", "get"): 403, ("write", "post"): 403, ("none", "post"): 403},
    "outsider": {("read", "get"): 404, ("edit", "get"): 404, ("write", "post"): 404, ("none", "post"): 404},
    "reader": {("read", "get"): 200, ("edit", "get"): 403, ("write", "post"): 403, ("none", "post"): 200},
    "editor": {("read", "get"): 200, ("edit", "get"): 200, ("write", "post"): "ok", ("none", "post"): 200},
    "admin": {("read", "get"): 200, ("edit", "get"): 200, ("write", "post"): "ok", ("none", "post"): 200},
}


def login(client, user) -> None:
    client.logout()
    if user is not None:
        client.force_login(user)


def check_get(client, role, page, failures) -> int:
    response = client.get(page.path)
    expected = EXPECTED[role][(page.get, "get")]
    if response.status_code != expected:
        failures.append((role, "GET", page.path, response.status_code, expected))
    elif role == "anonymous" and "/account/inloggen/?next=" not in response.content.decode():
        failures.append((role, "GET", page.path, "no login link"))
    elif expected == 200 and not {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(",")):
        failures.append((role, "GET", page.path, "kept in caches", response["Cache-Control"]))
    return response.status_code


def check_post(client, role, page, w, failures) -> None:
    """The change as the editor's page would post it, sent by `role`, in a savepoint that is rolled back."""
    editor = Client()
    editor.force_login(w.users["editor"])
    with transaction.atomic():
        before = snapshot()
        data = page.data(editor) if page.data else {"version": "1"}
        response = client.post(page.path, data)
        expected = EXPECTED[role][(page.post, "post")]
        changed = snapshot() != before
        if expected == "ok":
            if response.status_code != 302 or not changed:
                failures.append((role, "POST", page.path, response.status_code, "no change saved"))
        elif response.status_code != expected or changed:
            failures.append((role, "POST", page.path, response.status_code, expected, "changed" if changed else ""))
        transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
def test_every_maturity_page_and_download_by_role(world, role):
    client = Client()
    user = world.users[role]
    failures, counts = [], Counter()
    before = snapshot()
    for page in org_pages(world):
        login(client, user)
        counts[check_get(client, role, page, failures)] += 1
        login(client, user)
        check_post(client, role, page, world, failures)
        counts["posts"] += 1
    for path in public_pages(world):
        login(client, user)
        status = client.get(path).status_code
        counts[status] += 1
        if status != 200:
            failures.append((role, "GET", path, status, 200))
    print(f"\nmaturity pages, {role}: {dict(counts)}")
    assert not failures, failures
    assert snapshot() == before
    assert counts["posts"] == 13 and sum(counts[s] for s in counts if s != "posts") == 16


def test_the_page_list_covers_every_maturity_url(world):
    """A new maturity URL must be added to the matrix above."""
    from modelgemeente.maturity import urls

    covered = {p.path.split("?")[0] for p in org_pages(world)} | set(public_pages(world))
    assert len(urls.urlpatterns) + 1 == len(covered), sorted(covered)  # + the catalog's maturity model page


# The API ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    kind: str  # public, read, list, create, change
    body: dict | None = None
    versioned: object = None  # the object whose ETag goes in If-Match


def api_calls(w: World) -> list[Call]:
    m = "/api/v1/maturity"
    p = "/api/v1/products"
    a, n, amb = w.assessment.pk, w.measurement.pk, w.ambition.pk
    org = w.org.slug
    return [
        Call("get", f"{m}/model", "public"),
        Call("get", f"{m}/model?year={w.edition.year}", "public"),
        Call("get", f"{m}/peers?year={YEAR}", "public"),
        Call("get", p, "public"),
        Call("get", f"{p}/paspoort", "public"),
        Call("get", f"{m}/assessments", "list"),
        Call("get", f"{m}/assessments?organisation={org}", "list"),
        Call("get", f"{m}/assessments/{a}", "read"),
        Call("get", f"{m}/assessments/{a}/gap", "read"),
        Call("get", f"{m}/assessments/{a}/gap?plan={w.plan.pk}", "read"),
        Call("get", f"{m}/ambitions", "list"),
        Call("get", f"{m}/ambitions?organisation={org}", "list"),
        Call("get", f"{m}/ambitions/{amb}", "read"),
        Call("get", f"{p}/measurements", "list"),
        Call("get", f"{p}/measurements?organisation={org}", "list"),
        Call("get", f"{p}/measurements/{n}", "read"),
        Call("get", f"{p}/measurements/{n}/digitalisation", "read"),
        Call("get", f"/api/v1/plans/{w.plan.pk}/digitalisation", "read"),
        Call(
            "post",
            f"{m}/assessments",
            "create",
            {"organisation": org, "year": 2092, "release": w.edition.release_id},
        ),
        Call("patch", f"{m}/assessments/{a}", "change", {"note": "Nieuw"}, w.assessment),
        Call(
            "post",
            f"{m}/ambitions",
            "create",
            {
                "organisation": org,
                "title": "Inlog op niveau",
                "metric": "inlog-op-niveau",
                "targets": [{"year": 2093, "value": "90"}],
            },
        ),
        Call("patch", f"{m}/ambitions/{amb}", "change", {"title": "Gewogen index naar 90%"}, w.ambition),
        Call("delete", f"{m}/ambitions/{amb}", "change", None, w.ambition),
        Call("post", f"{p}/measurements", "create", {"organisation": org, "year": 2092, "inhabitants": 10_000}),
        Call(
            "patch",
            f"{p}/measurements/{n}",
            "change",
            {"scores": [{"product": "paspoort", "level": 3}], "note": "Nieuw"},
            w.measurement,
        ),
    ]


API_ROLES = (*ROLES, "editor with a read-only token")
OK = {"get": 200, "post": 201, "patch": 200, "delete": 204}
API_EXPECTED = {
    "anonymous": {"read": 401, "list": 401, "create": 401, "change": 401},
    "outsider": {"read": 404, "list": "none of theirs", "create": 404, "change": 404},
    "reader": {"read": 200, "list": "theirs", "create": 403, "change": 403},
    "editor": {"read": 200, "list": "theirs", "create": "ok", "change": "ok"},
    "admin": {"read": 200, "list": "theirs", "create": "ok", "change": "ok"},
    "editor with a read-only token": {"read": 200, "list": "theirs", "create": 403, "change": 403},
}


def headers_of(w: World, role: str) -> dict:
    if role == "anonymous":
        return {}
    if role == "editor with a read-only token":
        return {"HTTP_AUTHORIZATION": f"Bearer {token_for(w.users['editor'], TokenScope.READ)}"}
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(w.users[role])}"}


def send(client, call: Call, headers: dict):
    extra = dict(headers)
    if call.versioned is not None:
        obj = type(call.versioned).objects.get(pk=call.versioned.pk)
        extra["HTTP_IF_MATCH"] = f'"{obj.pk}-v{obj.version}"'
    if call.body is None:
        return getattr(client, call.method)(call.path, **extra)
    return getattr(client, call.method)(call.path, json.dumps(call.body), content_type="application/json", **extra)


def org_items(response, org_slug) -> int:
    """How many items of the organisation a HAL list has."""
    embedded = response.json()["_embedded"]
    items = next(iter(embedded.values()))
    return sum(1 for item in items if item["organisation"]["slug"] == org_slug)


def api_failure(role, call, response, changed, org_slug):
    """None when the response is what the role should get, else what was wrong."""
    status = response.status_code
    expected = 200 if call.kind == "public" else API_EXPECTED[role][call.kind]
    where = (role, call.method.upper(), call.path)
    if expected == "ok":
        ok = status == OK[call.method] and changed
        return None if ok else (*where, status, "no change saved")
    if changed:
        return (*where, status, "changed")
    if expected in ("theirs", "none of theirs"):
        if status != 200:
            return (*where, status, 200)
        found = org_items(response, org_slug)
        return None if (found > 0) == (expected == "theirs") else (*where, f"{found} items of the organisation")
    if status != expected:
        return (*where, status, expected)
    if status >= 400 and not response["Content-Type"].startswith("application/problem+json"):
        return (*where, status, response["Content-Type"])
    return None


@pytest.mark.parametrize("role", API_ROLES)
def test_every_maturity_and_products_endpoint_by_role(world, role):
    client = Client()
    headers = headers_of(world, role)
    failures, counts = [], Counter()
    before = snapshot()
    for call in api_calls(world):
        with transaction.atomic():
            response = send(client, call, headers)
            changed = call.method != "get" and snapshot() != before
            failure = api_failure(role, call, response, changed, world.org.slug)
            transaction.set_rollback(True)
        counts[response.status_code] += 1
        if failure:
            failures.append(failure)
    print(f"\nmaturity API, {role}: {dict(sorted(counts.items()))}")
    assert not failures, failures
    assert snapshot() == before
    assert sum(counts.values()) == 25


def test_the_call_list_covers_every_maturity_and_products_operation(world):
    """A new maturity or products operation in the OpenAPI document must be added to the matrix above."""
    from django.test import Client as Plain

    document = Plain().get("/api/v1/openapi.json").json()
    operations = {
        (method, path)
        for path, item in document["paths"].items()
        if path.startswith(("/maturity/", "/products")) or path == "/plans/{id}/digitalisation"
        for method in item
        if method in ("get", "post", "patch", "put", "delete")
    }
    ids = {
        str(world.assessment.pk): "{id}",
        str(world.measurement.pk): "{id}",
        str(world.ambition.pk): "{id}",
        str(world.plan.pk): "{id}",
        "paspoort": "{id}",
    }
    covered = set()
    for call in api_calls(world):
        parts = call.path.split("?")[0].removeprefix("/api/v1").split("/")
        covered.add((call.method, "/".join(ids.get(part, part) for part in parts)))
    assert operations == covered, operations ^ covered
