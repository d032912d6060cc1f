"""No 500 on bad input in the consultation app (signals, questions, positions, provisions): every field of every
form of its pages, filled with junk.

As tests/security/test_junk_input_maturity.py: the forms are read from the pages as a browser submits them, as
the user who may use them sees them (an editor of two organisations in Regio Utrecht, so the forms ask on whose
behalf; the region's representative; a coordinator). Each field in turn gets each junk value while the others
keep what the page gave, or is left out; a version gets a newer and an older one. Each request runs in a
savepoint that is rolled back afterwards.

Never a 5xx. A refusal is a Dutch message on the page (at the field, or as an alert) and leaves the consultation
and plans tables exactly as they were. A value a field may take (any text in a description) may be saved; then no
NUL byte reaches the database (PostgreSQL refuses them), no text is longer than its limit, and HTML typed in comes
back escaped.
"""

import json
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from modelgemeente.plans.models import Membership, Role
from tests.html_forms import forms

from .test_junk_input_maturity import PAGE_JUNK as MATURITY_JUNK
from .test_junk_input_maturity import SCRIPT, visible_text
from .test_junk_input_maturity import junk_posts as maturity_junk_posts
from .test_junk_input_maturity import refusal_problem as dutch_refusal_problem
from .test_permissions_consultation import COORD, EDITOR, REP, build_consultation_world, snapshot

pytestmark = pytest.mark.django_db

# On top of the maturity sweep's junk (NUL, 100 kB, emoji, 10^30, HTML, two values, ...): ids around 2^63, dates.
EXTRA_JUNK = {
    "NUL inside": "a\x00b",
    "2^63": str(2**63),
    "2^64": str(2**64),
    "minus 2^63 - 1": str(-(2**63) - 1),
    "zero": "0",
    "exponent": "1e5",
    "Infinity": "Infinity",
    "31 February": "31-02-2027",
    "a date in the past": "01-01-2000",
    "yesterday": (timezone.localdate() - timedelta(days=1)).strftime("%d-%m-%Y"),
    "ISO date": "2027-02-31",
    "only spaces": "   ",
}
PAGE_JUNK = MATURITY_JUNK | EXTRA_JUNK
TEXT_LIMIT = 20_000  # the longest text any consultation field keeps (a position, a question, an answer)


@pytest.fixture
def world(test_edition):
    w = build_consultation_world(test_edition)
    # The editor of Utrecht is an editor of Amersfoort too: the forms ask on whose behalf.
    amersfoort = w.signal.organisation
    Membership.objects.create(organisation=amersfoort, user=w.users[EDITOR], role=Role.EDITOR)
    return w


def stored_text_problems() -> list:
    """Text in the tables that must never be stored: a NUL byte (also inside JSON), or a text longer than the
    longest limit."""
    found = []
    for table, rows in snapshot().items():
        for name, value in ((name, value) for row in rows for name, value in row.items()):
            text = value if isinstance(value, str) else json.dumps(value) if isinstance(value, (list, dict)) else ""
            if "\x00" in text or "\\u0000" in text or (isinstance(value, str) and len(value) > TEXT_LIMIT):
                found.append((table, name, repr(text[:40])))
    return found


def refusal_problem(response) -> str | None:
    """What is wrong with a page's refusal (None when it shows a Dutch message with its values filled in)."""
    if problem := dutch_refusal_problem(response):
        return problem
    html = response.content.decode(errors="replace")
    shown = visible_text(html[html.find("<main") : html.find("</main>")])
    return "a message with a placeholder left in" if "%(" in shown else None


# The forms ------------------------------------------------------------------------------------------------------


def pages_by_role(w) -> dict:
    """The pages with forms, for the role that sees the forms on them."""
    s, b, r, q, p = w.signal.pk, w.bundle.pk, w.raised.pk, w.question.pk, w.draft.pk
    v = w.provision.slug
    return {
        EDITOR: [
            "/signalen/nieuw/",
            f"/signalen/{s}/",
            f"/vragen/{q}/",
            f"/voorzieningen/{v}/",
            f"/voorzieningen/{v}/deelname/{w.join.pk}/",
        ],
        REP: ["/signalen/", f"/signalen/bundel/{b}/", f"/vragen/{q}/", f"/standpunten/{p}/"],
        COORD: [
            f"/signalen/{s}/",
            "/signalen/landelijk/",
            f"/signalen/bundel/{r}/",
            "/vragen/nieuw/",
            f"/vragen/{q}/",
            "/standpunten/nieuw/",
            f"/standpunten/{p}/bewerken/",
            f"/standpunten/{p}/vaststellen/",
        ],
    }


CHECKBOX = re.compile(r'<input[^>]*type="checkbox"[^>]*>')
ATTRIBUTE = re.compile(r'(name|value)="([^"]*)"')


def checkboxes(form_html: str) -> dict:
    """The first value of every group of checkboxes in a form, checked or not."""
    found = {}
    for tag in CHECKBOX.findall(form_html):
        attrs = dict(ATTRIBUTE.findall(tag))
        if "name" in attrs:
            found.setdefault(attrs["name"], attrs.get("value", "on"))
    return found


def post_forms(client, path) -> list[tuple]:
    """(action, fields, radio groups) of every POST form of the page, as a browser submits it, with the first box
    of each group of checkboxes ticked (so that every field of the form is tried, and the form is one a user could
    send as it is)."""
    html = client.get(path).content.decode()
    raw = [chunk.split("</form>", 1)[0] for chunk in html.split("<form")[1:]]
    found = []
    for form, form_html in zip(forms(html), raw, strict=True):
        action = form["attrs"].get("action") or path
        if form["attrs"].get("method", "get").lower() != "post" or not action.startswith(CONSULTATION):
            continue
        found.append((action, checkboxes(form_html) | dict(form["fields"]), form["radios"]))
    return found


CONSULTATION = ("/overleg/", "/regio/", "/signalen/", "/vragen/", "/standpunten/", "/voorzieningen/")


def consultation_forms(w) -> list[tuple]:
    """(role, page, action, fields, radios) of every consultation form, each once."""
    found, seen = [], set()
    for role, paths in pages_by_role(w).items():
        client = Client()
        client.force_login(w.users[role])
        for page in paths:
            for action, fields, radios in post_forms(client, page):
                key = (action, tuple(sorted(fields)))
                if key not in seen:
                    seen.add(key)
                    found.append((role, page, action, fields, radios))
    return found


def junk_posts(fields, radios):
    """(label, data): the maturity sweep's (each field with each of its junk values, each field left out, a newer
    and an older version), then each field with the junk added here."""
    yield from maturity_junk_posts(fields, radios)
    for name in (n for n in [*fields, *radios] if n != "csrfmiddlewaretoken"):
        for label, value in EXTRA_JUNK.items():
            yield f"{name}={label}", fields | {name: value}


NUMBERS = ("negative", "10^30", "20 digits", "2^63", "2^64", "minus 2^63 - 1", "NaN", "Infinity", "two values")
# Junk that a field may never take: any junk as a version, a date or an id; numbers out of range as an amount.
NEVER_TAKEN = [
    (re.compile(r"^version$"), set(PAGE_JUNK)),
    (re.compile(r"^deadline$"), set(PAGE_JUNK)),
    (re.compile(r"(^|-)(plan|region|regions|questions|signals|organisation)$"), set(PAGE_JUNK) - {"empty"}),
    (re.compile(r"^max_yearly_share$"), {*NUMBERS, "letters", "zero", "unicode", "HTML", "emoji", "only spaces"}),
    (re.compile(r"^(kind|scope|stance|urgency|law|development|budget_lines)$"), set(PAGE_JUNK) - {"empty"}),
]


def never_taken(label: str) -> bool:
    name, _sep, junk = label.partition("=")
    return any(pattern.search(name) and junk in labels for pattern, labels in NEVER_TAKEN)


def check_post(client, page, action, label, data, before, failures, statuses) -> None:
    response = client.post(action, data)
    status = response.status_code
    statuses[status] += 1
    changed = snapshot() != before
    where = (action, label[:60], status)
    if status >= 500:
        failures.append(where)
    elif not changed:
        # Refused: the form again, with its message (a redirect: nothing to save, e.g. the same pledge again).
        if (status >= 400 or status == 200) and (problem := refusal_problem(response)):
            failures.append((*where, problem))
    elif status >= 400:
        failures.append((*where, "changed"))
    else:
        if label.endswith(("newer version", "older version")):
            failures.append((*where, "a stale version was saved"))
        if never_taken(label):
            failures.append((*where, "junk was saved"))
        if problems := stored_text_problems():
            failures.append((*where, problems))
        if SCRIPT in str(data.values()):
            target = response.get("Location") or page
            for shown in (page, target):
                if SCRIPT in client.get(shown).content.decode():
                    failures.append((*where, f"unescaped HTML on {shown}"))


def test_junk_in_every_consultation_form_never_gives_a_5xx(world):
    before = snapshot()
    counts, statuses, failures = Counter(), Counter(), []
    for role, page, action, fields, radios in consultation_forms(world):
        client = Client(raise_request_exception=False)
        client.force_login(world.users[role])
        counts["forms"] += 1
        counts["fields"] += len([n for n in [*fields, *radios] if n != "csrfmiddlewaretoken"])
        for label, data in junk_posts(fields, radios):
            with transaction.atomic():
                check_post(client, page, action, label, data, before, failures, statuses)
                counts["posts"] += 1
                transaction.set_rollback(True)
    print(
        f"\nconsultation junk input: {counts['forms']} forms, {counts['fields']} fields, {len(PAGE_JUNK)} values, "
        f"{counts['posts']} posts; statuses {dict(sorted(statuses.items()))}"
    )
    assert not failures, "\n".join(map(str, failures[:40]))
    assert snapshot() == before
    assert counts["forms"] == 21 and counts["posts"] > 1350


# The address ------------------------------------------------------------------------------------------------------

HUGE = str(2**64)


def test_junk_in_the_address_of_consultation_pages_is_a_404(world):
    """Ids beyond 64 bits, zero, unknown slugs and versions: 404 for someone who would see them, never a 5xx."""
    client = Client(raise_request_exception=False)
    q, p, v = world.question.pk, world.draft.pk, world.provision.slug
    paths = {
        COORD: [
            f"/signalen/{HUGE}/",
            "/signalen/0/",
            f"/signalen/bundel/{HUGE}/",
            f"/vragen/{HUGE}/",
            f"/vragen/{q}/antwoord/{'x' * 500}/",
            f"/standpunten/{HUGE}/",
            f"/standpunten/{HUGE}/standpunt.pdf",
            f"/standpunten/{p}/versies/{HUGE}/",
            f"/standpunten/{p}/versies/0/",
            f"/regio/{'x' * 500}/",
            "/regio/bestaat-niet/",
            "/voorzieningen/bestaat-niet/",
        ],
        EDITOR: [
            f"/voorzieningen/{v}/deelname/{HUGE}/",
            f"/voorzieningen/bestaat-niet/deelname/{world.join.pk}/",
            f"/vragen/{q}/inbreng/regio-utrecht/bestaat-niet/",
            f"/vragen/{q}/inbreng/bestaat-niet/utrecht/",
        ],
    }
    posts = {
        COORD: [f"/signalen/{HUGE}/sluiten/", f"/signalen/bundel/{HUGE}/beantwoorden/", f"/vragen/{HUGE}/sluiten/"],
        EDITOR: [
            f"/signalen/{HUGE}/steunen/",
            f"/voorzieningen/{v}/deelname/{HUGE}/verlaten/",
            "/voorzieningen/bestaat-niet/meedoen/",
            f"/vragen/{q}/inbreng/regio-utrecht/bestaat-niet/",
        ],
        REP: [f"/standpunten/{HUGE}/opstelling/", f"/signalen/bundel/{HUGE}/inbrengen/", "/signalen/bundelen/x/"],
    }
    failures, requests = [], 0
    before = snapshot()
    for role, urls in paths.items():
        client.force_login(world.users[role])
        for path in urls:
            requests += 1
            if (status := client.get(path).status_code) != 404:
                failures.append((role, "GET", path[:80], status))
    for role, urls in posts.items():
        client.force_login(world.users[role])
        for path in urls:
            requests += 1
            if (status := client.post(path, {"version": "1", "impact": "x"}).status_code) != 404:
                failures.append((role, "POST", path[:80], status))
    client.force_login(world.users[COORD])
    for value in ["abc", "-1", HUGE, "x" * 5000, "Ωmega \x00", " "]:
        for path in ("/signalen/", "/signalen/landelijk/", "/vragen/", "/standpunten/", "/voorzieningen/", "/regio/"):
            requests += 1
            if (status := client.get(path, {"page": value, "status": value}).status_code) >= 500:
                failures.append(("GET", path, value[:20], status))
    print(f"\nconsultation address junk: {requests} requests")
    assert not failures, failures
    assert snapshot() == before
