"""No 500 on bad input in the maturity app (self-assessment, product digitalisation, ambitions): every field of
every form and every field of every API write, filled with junk.

As tests/security/test_junk_input_community.py: the forms are read from the pages as a browser submits them (as
an editor sees them), each field in turn gets each junk value while the others keep what the page gave. The API
bodies start from a valid body; each value in it (nested ones too) in turn gets each junk value, or is left out.
Each request runs in a savepoint that is rolled back afterwards.

Never a 5xx. A refusal is a Dutch message on the page (at the field, or as an alert) or a problem+json from the
API, and leaves the maturity tables (and the plan's choices) exactly as they were. A value a field may take (any
text in a note) may be saved; then no NUL byte reaches the database (PostgreSQL refuses them) and no text is
longer than its limit, and HTML typed in comes back escaped.
"""

import json
import re
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from modelgemeente.maturity.models import MaturityChange, ProductMeasurement, ProductScore
from modelgemeente.plans.models import TEXT_LIMIT
from tests.api.test_plans_api import token_for
from tests.maturity.conftest import test_products  # noqa: F401  (the synthetic product list, autouse)

from .test_junk_input import JUNK, post_forms
from .test_permissions_maturity import YEAR, build_world, snapshot

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("junk")</script>'
PAGE_JUNK = JUNK | {
    "NUL only": "\x00",
    "20 digits": "99999999999999999999",
    "unknown id": "999999",
    "decimal comma": "2,5",
    "NaN": "NaN",
    "HTML": SCRIPT + "<b>vet</b>",
    "emoji": "🙂" * 50,
    "two values": ["1", "abc"],
}
# Django's and DRF's own messages in English: a refusal must be in Dutch.
ENGLISH = re.compile(
    r"This field|Enter a |Select a valid|Ensure this|Null characters|is not a valid|valid integer|Not a valid|"
    r"Expected a|required\.|Bad Request|Invalid|must be",
)
# Markers of a refusal on a page: a message at a field, an error alert, the 400 page.
REFUSAL_MARKERS = ("utrecht-form-field-error-message", "utrecht-alert--error", "Ongeldig verzoek")


@pytest.fixture
def world(plan, org, test_edition, outsider, reader, editor, admin_user, settings):
    # Throttle rates no sweep reaches: a 429 would hide the answer the sweep is there to check.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "token": "1000000/minute"},
    }
    users = {"anonymous": None, "outsider": outsider, "reader": reader, "editor": editor, "admin": admin_user}
    return build_world(org, plan, test_edition, users)


def stored_text_problems() -> list:
    """Text in the maturity tables that must never be stored: a NUL byte, or more than the longest limit."""
    found = []
    for table, rows in snapshot().items():
        for row in rows:
            for name, value in row.items():
                text = json.dumps(value) if isinstance(value, (list, dict)) else value
                too_long = isinstance(value, str) and len(value) > TEXT_LIMIT
                if isinstance(text, str) and ("\x00" in text or "\\u0000" in text or too_long):
                    found.append((table, name, repr(text[:40])))
    return found


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def refusal_problem(response) -> str | None:
    """What is wrong with a page's refusal (None when it shows a Dutch message)."""
    html = response.content.decode(errors="replace")
    if not any(marker in html for marker in REFUSAL_MARKERS):
        return "no message"
    main = html[html.find("<main") : html.find("</main>")]
    english = ENGLISH.search(visible_text(main))
    return f"English: {english.group(0)}" if english else None


# Pages ----------------------------------------------------------------------------------------------------------

# Repeated rows of a form (a statement, a dimension's target and note, a product's row, a target row): the first
# and the last of each kind stand for all.
ROWS = re.compile(
    r"^(?P<kind>[stn])-(?P<row>\d+)$|^p-(?P<product>[a-z0-9-]+)-(?P<field>\w+)$|^target_(?P<t>\w+)_(?P<i>\d+)$"
)


def row_key(name):
    found = ROWS.match(name)
    if not found:
        return None
    if found["kind"]:
        return found["kind"], found["row"]
    if found["product"]:
        return "p-" + found["field"], found["product"]
    return "target_" + found["t"], found["i"]


def fields_to_try(fields, radios) -> list[str]:
    names = [n for n in [*fields, *radios] if n != "csrfmiddlewaretoken"]
    rows: dict[str, list] = {}
    for name in names:
        if key := row_key(name):
            rows.setdefault(key[0], []).append(key[1])
    keep = {kind: {values[0], values[-1]} for kind, values in rows.items()}
    return [n for n in names if not (key := row_key(n)) or key[1] in keep[key[0]]]


def org_pages(w) -> list[str]:
    a, m, b = (f"/organisaties/{w.org.slug}/{part}/" for part in ("volwassenheid", "digitalisering", "ambities"))
    return [
        a,
        f"{a}{YEAR}/",
        f"{a}{YEAR}/kloof/?plan={w.plan.pk}",
        m,
        f"{m}{YEAR}/",
        f"{m}{YEAR}/importeren/",
        f"{m}{YEAR}/gegevens/",
        f"{b}nieuw/",
        f"{b}{w.ambition.pk}/",
        f"{b}{w.ambition.pk}/verwijderen/",
    ]


def maturity_forms(client, w) -> list[tuple]:
    """(page, action, fields, radios) of every maturity form an editor sees, each once."""
    found, seen = [], set()
    for page in org_pages(w):
        for action, fields, radios in post_forms(client, page):
            key = (action, tuple(sorted(fields)))
            if f"/organisaties/{w.org.slug}/" in action and key not in seen:
                seen.add(key)
                found.append((page, action, fields, radios))
    return found


def junk_posts(fields, radios):
    """(label, data) for each field to try with each junk value, a stale and a missing version and each field
    left out."""
    for name in fields_to_try(fields, radios):
        for label, value in PAGE_JUNK.items():
            yield f"{name}={label}", fields | {name: value}
        yield f"without {name}", {k: v for k, v in fields.items() if k != name}
    if fields.get("version", "").isdigit():
        version = int(fields["version"])
        yield "a newer version", fields | {"version": str(version + 1)}
        if version > 1:
            yield "an older version", fields | {"version": str(version - 1)}


def check_page_post(client, w, page, action, label, data, before, failures, statuses) -> None:
    response = client.post(action, data)
    status = response.status_code
    statuses[status] += 1
    where = (action, label[:60], status)
    if status >= 500:
        failures.append(where)
    elif status >= 400:
        if snapshot() != before:
            failures.append((*where, "changed"))
        if problem := refusal_problem(response):
            failures.append((*where, problem))
    elif snapshot() != before:
        if label.endswith(("newer version", "older version")):
            failures.append((*where, "a stale version was saved"))
        if problems := stored_text_problems():
            failures.append((*where, problems))
        if SCRIPT in label or "HTML" in label:
            for shown in (page, action):
                if SCRIPT in client.get(shown).content.decode():
                    failures.append((*where, f"unescaped HTML on {shown}"))


def test_junk_in_every_maturity_form_never_gives_a_5xx(world, editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    before = snapshot()
    counts, statuses, failures = Counter(), Counter(), []
    for page, action, fields, radios in maturity_forms(client, world):
        counts["forms"] += 1
        counts["fields"] += len(fields_to_try(fields, radios))
        for label, data in junk_posts(fields, radios):
            with transaction.atomic():
                check_page_post(client, world, page, action, label, data, before, failures, statuses)
                counts["posts"] += 1
                transaction.set_rollback(True)
    print(
        f"\nmaturity junk input: {counts['forms']} forms, {counts['fields']} fields, {len(PAGE_JUNK)} values, "
        f"{counts['posts']} posts; statuses {dict(sorted(statuses.items()))}"
    )
    assert not failures, failures[:30]
    assert snapshot() == before
    assert counts["forms"] >= 10 and counts["posts"] > 800


CSV_HEADER = "product_id;aantal_per_jaar;herkomst_aantal;digitaal_niveau;inlog_nu\r\n"
CSV_JUNK = {
    "empty": b"",
    "only a header": CSV_HEADER.encode(),
    "NUL bytes": (CSV_HEADER + "paspoort;\x00;;3;\r\n").encode(),
    "UTF-16": (CSV_HEADER + "paspoort;;;3;\r\n").encode("utf-16"),
    "binary": bytes(range(256)) * 10,
    "no header": b"paspoort;;;3;\r\n",
    "a repeated column": b"product_id;product_id;aantal_per_jaar;herkomst_aantal;digitaal_niveau;inlog_nu\r\n",
    "over 1 MB": (CSV_HEADER + "paspoort;;;3;\r\n" * 80_000).encode(),
    "a 200 kB cell": (CSV_HEADER + "paspoort;;" + "x" * 200_000 + ";3;\r\n").encode(),
    "an unknown product": (CSV_HEADER + "bestaat-niet;;;3;\r\n").encode(),
    "a product id with NUL-like junk": (CSV_HEADER + "pas\u202epoort;;;3;\r\n").encode(),
    "a product twice": (CSV_HEADER + "paspoort;;;3;\r\npaspoort;;;4;\r\n").encode(),
    "level 6": (CSV_HEADER + "paspoort;;;6;\r\n").encode(),
    "level -1": (CSV_HEADER + "paspoort;;;-1;\r\n").encode(),
    "level 2,5": (CSV_HEADER + "paspoort;;;2,5;\r\n").encode(),
    "level abc": (CSV_HEADER + "paspoort;;;abc;\r\n").encode(),
    "a huge volume": (CSV_HEADER + "paspoort;1" + "0" * 30 + ";;3;\r\n").encode(),
    "a negative volume": (CSV_HEADER + "paspoort;-5;;3;\r\n").encode(),
    "volume 1e9": (CSV_HEADER + "paspoort;1e9;;3;\r\n").encode(),
    "Arabic digits": (CSV_HEADER + "paspoort;١٢;;3;\r\n").encode(),
    "an unknown login": (CSV_HEADER + "paspoort;;;3;digid-super\r\n").encode(),
    "a formula as level": (CSV_HEADER + "paspoort;;;=1+2;\r\n").encode(),
    "a broken quote": (CSV_HEADER + 'paspoort;;"open;3;\r\n').encode(),
    "a broken quote in the header": (CSV_HEADER.strip() + ';"open\r\npaspoort;;;3;\r\n').encode(),
    "a 200 kB header cell": (CSV_HEADER.strip() + ";" + "x" * 200_000 + "\r\npaspoort;;;3;\r\n").encode(),
    "a 200 kB quoted header cell": (CSV_HEADER.strip() + ';"' + "x" * 200_000 + '"\r\npaspoort;;;3;\r\n').encode(),
    "emoji everywhere": (CSV_HEADER + "🙂;🙂;🙂;🙂;🙂\r\n").encode(),
}


def test_junk_files_to_the_csv_import_are_refused_with_dutch_messages(world, editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    path = f"/organisaties/{world.org.slug}/digitalisering/{YEAR}/importeren/"
    before = snapshot()
    failures, statuses = [], Counter()
    for label, content in CSV_JUNK.items():
        for version in (str(world.measurement.version), "", "abc", "0", "99999999999999999999"):
            upload = SimpleUploadedFile("meting.csv", content, content_type="text/csv")
            with transaction.atomic():
                response = client.post(path, {"version": version, "file": upload})
                statuses[response.status_code] += 1
                if response.status_code != 400 or snapshot() != before:
                    failures.append((label, version, response.status_code))
                elif problem := refusal_problem(response):
                    failures.append((label, version, problem))
                transaction.set_rollback(True)
    print(f"\nmaturity CSV junk: {len(CSV_JUNK)} files; statuses {dict(statuses)}")
    assert not failures, failures


QUERY_JUNK = ["abc", "-1", "0", "99999999999999999999", "x" * 5000, "Ωmega \x00", "2.5", " ", "1,2"]


def test_junk_in_the_address_of_maturity_pages_never_gives_a_5xx(world, editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    base = f"/organisaties/{world.org.slug}/"
    failures = []
    for value in QUERY_JUNK:
        for path, query in [
            (f"{base}volwassenheid/{YEAR}/kloof/", {"plan": value}),
            (f"/editie/{world.edition.year}/volwassenheid/", {"release": value}),
            ("/producten/", {"doelgroep": value}),
        ]:
            response = client.get(path, query)
            if response.status_code >= 500:
                failures.append((path, value[:20], response.status_code))
    for path in [
        f"{base}volwassenheid/99999999999999999999/",
        f"{base}digitalisering/99999999999999999999/",
        f"{base}ambities/99999999999999999999/",
        f"{base}volwassenheid/0/kloof/",
        f"{base}ambities/0/verwijderen/",
        "/editie/99999999999999999999/volwassenheid/",
        "/editie/2089/volwassenheid/",
    ]:
        response = client.get(path)
        if response.status_code != 404:
            failures.append((path, response.status_code))
    assert not failures, failures


# The API --------------------------------------------------------------------------------------------------------

API_JUNK = [
    None,
    "",
    "abc",
    "\x00",
    "a\x00b",
    -1,
    0,
    10**30,
    1.5,
    True,
    [],
    {},
    [1, 2],
    {"a": [1]},
    "x" * 100_000,
    "🙂 \u202e",
    SCRIPT,
    999999,
    "999999",
]
WRITE_STATUSES = {"post": 201, "patch": 200, "delete": 204}


def api_writes(w) -> list[tuple]:
    """(method, path, a valid body, the versioned object or None) of every maturity and products write."""
    m, p, org = "/api/v1/maturity", "/api/v1/products", w.org.slug
    return [
        ("post", f"{m}/assessments", {"organisation": org, "year": 2092, "release": w.edition.release_id}, None),
        (
            "patch",
            f"{m}/assessments/{w.assessment.pk}",
            {
                "answers": [{"dimension": "data", "statement": "niveau-2-a", "value": 2}],
                "targets": [{"dimension": "data", "target": 3}],
                "notes": [{"dimension": "data", "note": "Toelichting"}],
                "shareWithPeers": False,
                "note": "Nieuw",
            },
            w.assessment,
        ),
        (
            "post",
            f"{m}/ambitions",
            {
                "organisation": org,
                "title": "Volwassenheid data",
                "metric": "volwassenheid",
                "dimension": "data",
                "plan": w.plan.pk,
                "developments": ["omgevingsdata"],
                "note": "",
                "targets": [{"year": 2093, "value": "3.5"}],
            },
            None,
        ),
        (
            "patch",
            f"{m}/ambitions/{w.ambition.pk}",
            {
                "title": "Gewogen index naar 90%",
                "metric": "gewogen-index",
                "plan": w.plan.pk,
                "developments": ["klantcontact"],
                "note": "Nieuw",
                "targets": [{"year": 2093, "value": "90"}],
            },
            w.ambition,
        ),
        ("delete", f"{m}/ambitions/{w.ambition.pk}", None, w.ambition),
        (
            "post",
            f"{p}/measurements",
            {"organisation": org, "year": 2092, "inhabitants": 10_000, "inhabitantsSource": "BRP"},
            None,
        ),
        (
            "patch",
            f"{p}/measurements/{w.measurement.pk}",
            {
                "scores": [
                    {
                        "product": "paspoort",
                        "level": 3,
                        "volume": 500,
                        "volumeSource": "Telling",
                        "offeredAuthentication": "digid-basis",
                    }
                ],
                "inhabitants": 12_000,
                "inhabitantsSource": "BRP",
                "note": "Nieuw",
            },
            w.measurement,
        ),
    ]


def paths_of(value, prefix=()):
    """Every place in a body: keys of objects and the first item of lists, nested."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from paths_of(item, (*prefix, key))
    elif isinstance(value, list) and value:
        yield (*prefix, 0)
        yield from paths_of(value[0], (*prefix, 0))


def replaced(body, path, value):
    """A deep copy of `body` with the value at `path` replaced (or removed, for the sentinel REMOVE)."""
    copy = json.loads(json.dumps(body))
    target = copy
    for step in path[:-1]:
        target = target[step]
    if value is REMOVE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return copy


REMOVE = object()


def junk_bodies(body):
    """(label, raw body, content type): each place with each junk value or left out, too many items, and bodies
    that are no JSON object at all."""
    if body is not None:
        for path in paths_of(body):
            where = ".".join(str(step) for step in path)
            for value in [*API_JUNK, REMOVE]:
                label = f"{where} left out" if value is REMOVE else f"{where}={str(value)[:20]!r}"
                yield label, json.dumps(replaced(body, path, value)), "application/json"
        for key, value in body.items():
            if isinstance(value, list) and value:
                yield f"{key} x 1001", json.dumps(body | {key: value * 1001}), "application/json"
    for label, raw, content_type in [
        ("empty", "", "application/json"),
        ("a list", "[]", "application/json"),
        ("null", "null", "application/json"),
        ("a number", "5", "application/json"),
        ("a string", '"x"', "application/json"),
        ("not JSON", "{note: 1", "application/json"),
        ("NaN", '{"note": NaN, "inhabitants": Infinity}', "application/json"),
        ("deep", "[" * 5000 + "]" * 5000, "application/json"),
        ("bad UTF-8", b'{"note": "\xff\xfe"}', "application/json"),
        ("text", "note=x", "text/plain"),
        ("form", "note=x&title=y", "application/x-www-form-urlencoded"),
        ("XML", "<note/>", "application/xml"),
        ("3 MB", json.dumps({"note": "x" * 3_000_000}), "application/json"),
    ]:
        yield label, raw, content_type


def if_match_junk(obj) -> list[tuple[str, str | None]]:
    """(label, If-Match) refusals: missing, empty, stale, newer, weak, another object's, junk."""
    obj.refresh_from_db()
    current = f'"{obj.pk}-v{obj.version}"'
    return [
        ("missing", None),
        ("empty", ""),
        ("older version", f'"{obj.pk}-v{obj.version - 1}"'),
        ("newer version", f'"{obj.pk}-v{obj.version + 1}"'),
        ("weak", f"W/{current}"),
        ("another id", f'"{obj.pk + 1000}-v{obj.version}"'),
        ("star", "*"),
        ("junk", "rommel"),
        ("NUL", "\x00"),
        ("huge", f'"{obj.pk}-v{"9" * 40}"'),
        ("unquoted", f"{obj.pk}-v{obj.version}"),
    ]


def current_etag(obj) -> str:
    version = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).first()
    return f'"{obj.pk}-v{version}"'


def problem_of(response) -> str | None:
    """What is wrong with an API refusal (None for a problem+json in Dutch)."""
    if not response["Content-Type"].startswith("application/problem+json"):
        return response["Content-Type"]
    body = response.json()
    reasons = [body.get("detail", ""), body.get("title", "")] + [
        p.get("reason", "") for p in body.get("invalidParams", [])
    ]
    english = next((r for r in reasons if ENGLISH.search(str(r))), None)
    return f"English: {english}" if english else None


def check_api(client, method, path, raw, content_type, headers, label, before, failures, statuses):
    response = getattr(client, method)(path, raw, content_type=content_type, **headers)
    status = response.status_code
    statuses[status] += 1
    where = (method.upper(), path, label, status)
    if status >= 500:
        failures.append(where)
    elif status >= 400:
        if snapshot() != before:
            failures.append((*where, "changed"))
        if problem := problem_of(response):
            failures.append((*where, problem))
    elif status != WRITE_STATUSES[method]:
        failures.append((*where, "unexpected"))
    elif problems := stored_text_problems():
        failures.append((*where, problems))


def test_junk_bodies_and_headers_to_every_maturity_api_write(world, editor):
    client = Client(raise_request_exception=False)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(editor)}"}
    before = snapshot()
    failures, statuses, counts = [], Counter(), Counter()
    for method, path, body, versioned in api_writes(world):
        if_match = {"HTTP_IF_MATCH": current_etag(versioned)} if versioned else {}
        for label, raw, content_type in junk_bodies(body):
            with transaction.atomic():
                check_api(client, method, path, raw, content_type, auth | if_match, label, before, failures, statuses)
                transaction.set_rollback(True)
            counts["bodies"] += 1
        if versioned is None:
            continue
        for label, value in if_match_junk(versioned):
            headers = auth | ({} if value is None else {"HTTP_IF_MATCH": value})
            raw = json.dumps(body) if body is not None else ""
            with transaction.atomic():
                response = getattr(client, method)(path, raw, content_type="application/json", **headers)
                statuses[response.status_code] += 1
                counts["headers"] += 1
                expected = 428 if value is None or value == "" else 412
                if response.status_code != expected or snapshot() != before or problem_of(response):
                    failures.append((method.upper(), path, f"If-Match {label}", response.status_code, expected))
                transaction.set_rollback(True)
    print(
        f"\nmaturity API junk: {counts['bodies']} bodies, {counts['headers']} If-Match headers; "
        f"statuses {dict(sorted(statuses.items()))}"
    )
    assert not failures, failures[:30]
    assert snapshot() == before
    # The valid bodies are accepted: each refusal above was the junk's doing.
    for method, path, body, versioned in api_writes(world):
        headers = auth | ({"HTTP_IF_MATCH": current_etag(versioned)} if versioned else {})
        with transaction.atomic():
            response = getattr(client, method)(path, json.dumps(body), content_type="application/json", **headers)
            assert response.status_code == WRITE_STATUSES[method], (path, response.content[:500])
            transaction.set_rollback(True)


API_QUERY_JUNK = {
    "year": ["abc", "99999999999", "-1", "0", "", "2026.5", "x" * 5000, "Ωmega \x00"],
    "organisation": ["Ωmega", "../etc", "x" * 5000, "", "\x00"],
    "plan": ["abc", "-1", "0", "99999999999999999999", "\x00", "1.5"],
    "audience": ["abc", "", "\x00"],
    "page": ["0", "-1", "abc", "99999999999", "1" + "0" * 30],
    "pageSize": ["0", "1000", "abc"],
}


def test_junk_query_parameters_on_every_maturity_api_read(world, editor):
    client = Client(raise_request_exception=False)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(editor)}"}
    m, p = "/api/v1/maturity", "/api/v1/products"
    endpoints = [
        f"{m}/model",
        f"{m}/peers",
        f"{m}/assessments",
        f"{m}/assessments/{world.assessment.pk}/gap",
        f"{m}/ambitions",
        p,
        f"{p}/measurements",
        f"/api/v1/plans/{world.plan.pk}/digitalisation",
    ]
    failures, requests = [], 0
    for endpoint in endpoints:
        for name, values in API_QUERY_JUNK.items():
            for value in values:
                response = client.get(endpoint, {name: value}, **auth)
                requests += 1
                ok = response.status_code in (200, 404) and not response["Content-Type"].startswith("text/html")
                if not ok and (response.status_code >= 500 or problem_of(response)):
                    failures.append((endpoint, name, value[:20], response.status_code, problem_of(response)))
    for path in [
        f"{m}/assessments/99999999999999999999",
        f"{m}/assessments/0",
        f"{m}/ambitions/99999999999999999999",
        f"{p}/measurements/99999999999999999999",
        f"{p}/measurements/99999999999999999999/digitalisation",
        f"{p}/bestaat-niet",
        f"{p}/{'x' * 500}",
    ]:
        response = client.get(path, **auth)
        requests += 1
        if response.status_code != 404 or problem_of(response):
            failures.append((path, response.status_code))
    print(f"\nmaturity API query junk: {requests} requests")
    assert not failures, failures


# Versions: a stale one is refused even when the change is no change ----------------------------------------------


def test_a_stale_if_match_is_a_412_even_when_the_scores_are_unchanged(world, editor):
    """The If-Match is compared before anything else, also when the scores sent are the saved ones (the service
    writes nothing for them, so it would not compare the version itself)."""
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(editor)}"}
    measurement = world.measurement
    path = f"/api/v1/products/measurements/{measurement.pk}"
    stale = current_etag(measurement)
    saved = {"scores": [{"product": "paspoort", "level": 2}]}
    changed = client.patch(path, json.dumps({"note": "Eerst"}), "application/json", HTTP_IF_MATCH=stale, **auth)
    assert changed.status_code == 200
    before = snapshot()
    for body in (saved, saved | {"note": "Eerst"}, {"note": "Eerst"}, {}):
        response = client.patch(path, json.dumps(body), "application/json", HTTP_IF_MATCH=stale, **auth)
        assert response.status_code == 412, (body, response.content)
        assert current_etag(measurement) in response.json()["detail"]
    assert snapshot() == before
    unchanged = client.patch(
        path, json.dumps(saved), "application/json", HTTP_IF_MATCH=current_etag(measurement), **auth
    )
    assert unchanged.status_code == 200 and unchanged["ETag"] == current_etag(measurement)
    assert snapshot() == before


def test_the_entry_table_posted_again_with_an_older_version_says_nothing_was_saved(world, editor):
    """A form posted again (the browser's back button) whose values are what is saved changes nothing: the page
    must not say that it saved."""
    client = Client()
    client.force_login(editor)
    path = f"/organisaties/{world.org.slug}/digitalisering/{YEAR}/"
    measurement = ProductMeasurement.objects.get(pk=world.measurement.pk)
    old = measurement.version
    first = {"version": str(old), "p-paspoort-level": "3"}
    assert "De meting is opgeslagen." in client.post(path, first, follow=True).content.decode()
    assert ProductScore.objects.get(measurement=measurement, product="paspoort").level == 3
    changes = MaturityChange.objects.count()
    again = client.post(path, first, follow=True)
    page = again.content.decode()
    assert "De meting is opgeslagen." not in page
    assert "Er was niets gewijzigd." in page
    assert MaturityChange.objects.count() == changes


def test_the_same_statement_or_dimension_twice_in_one_patch_is_a_400_not_the_last_one_silently(world, editor):
    """Two answers to one statement (or two targets or notes for one dimension) contradict each other: the API
    names the second instead of keeping whichever came last, as it does for a product twice in the scores."""
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(editor)}"}
    path = f"/api/v1/maturity/assessments/{world.assessment.pk}"
    answer = {"dimension": "data", "statement": "niveau-2-a", "value": 2}
    cases = [
        ({"answers": [answer, answer | {"value": 0}]}, "answers.1.statement"),
        ({"targets": [{"dimension": "data", "target": 3}, {"dimension": "data", "target": 5}]}, "targets.1.dimension"),
        ({"notes": [{"dimension": "data", "note": "a"}, {"dimension": "data", "note": "b"}]}, "notes.1.dimension"),
    ]
    before = snapshot()
    for body, name in cases:
        etag = current_etag(world.assessment)
        response = client.patch(path, json.dumps(body), "application/json", HTTP_IF_MATCH=etag, **auth)
        assert response.status_code == 400, response.content
        problem = response.json()["invalidParams"][0]
        assert problem["name"] == name and "twee keer" in problem["reason"], problem
    assert snapshot() == before
