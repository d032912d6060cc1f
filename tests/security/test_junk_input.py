"""No 500 on bad input: every field of every form a user can post, filled with junk.

The forms are read from the pages themselves (as a browser would submit them), so a new form or
field is covered without changing this test. Each field in turn gets each junk value while the
other fields keep what the page gave. Nothing may answer 5xx; a refusal (4xx) must leave the plan
exactly as it was. A value a field legitimately accepts (any text in a free-text field) may be
saved: those posts are counted, not failed.
"""

import re
from collections import Counter
from decimal import Decimal

import pytest
from django.test import Client

from modelgemeente.plans.models import ExtraLine, Invitation, Membership, Role

from ..conftest import PASSWORD, member_of
from ..html_forms import forms

pytestmark = pytest.mark.django_db

JUNK = {
    "empty": "",
    "letters": "abc",
    "10^30": "1" + "0" * 30,
    "negative": "-1",
    "100,000 characters": "x" * 100_000,
    "unicode": "Ωmega 🙂 \u202e ﷽ \x00",
}
# Rows of one form have the same fields (choices per development, lines of a development): the
# first and the last row stand for all of them.
ROW = re.compile(r"^(?:c|l)-?(\d+)-")
SKIP = {"csrfmiddlewaretoken"}


def post_forms(client, path):
    """(action, fields, radio groups) of every POST form on the page, except logging out."""
    html = client.get(path).content.decode()
    found = []
    for form in forms(html):
        if form["attrs"].get("method", "get").lower() != "post":
            continue
        action = form["attrs"].get("action") or path
        if "uitloggen" in action:
            continue  # junk or not, it only logs out: covered by the accounts tests
        found.append((action, dict(form["fields"]), form["radios"]))
    return found


def fields_to_try(fields, radios):
    names = [n for n in list(fields) + list(radios) if n not in SKIP]
    rows = sorted({int(m.group(1)) for n in names if (m := ROW.match(n))})
    keep = {rows[0], rows[-1]} if rows else set()
    return [n for n in names if not (m := ROW.match(n)) or int(m.group(1)) in keep]


@pytest.fixture
def world(plan, org, editor, admin_user):
    """A plan with an own line, a colleague and an open invitation, so that every form is on a page. The plan is on
    the synthetic edition (the shared `plan` fixture), which has the same 18 forms as the real edition (rows of a
    formset are tried first and last only, so fewer lines change no count). It has 101 fields to the real edition's
    106: its salary table has 3 scales (8, 10, 12), so the settings page has 5 "scale_" fields fewer."""
    member_of(org, Role.MEMBER, "lid@voorbeeld.nl")
    Invitation.objects.create(organisation=org, email="nieuw@voorbeeld.nl", role=Role.EDITOR, invited_by=admin_user)
    choice = plan.choices.select_related("development").first()
    ExtraLine.objects.create(
        plan=plan,
        development=choice.development,
        description="Eigen licentie",
        kind="structural",
        category="licences",
        amount=Decimal(1000),
        reason="Offerte",
    )
    return plan, choice.development.slug


def test_junk_in_every_field_of_every_form_never_gives_a_5xx(world, org, admin_user):
    plan, slug = world
    p = f"/organisaties/{org.slug}/plannen/{plan.pk}/"
    invitation = Invitation.objects.get()
    signed_in_pages = [
        "/mijn/",
        "/organisaties/nieuw/",
        f"/organisaties/{org.slug}/",
        f"/organisaties/{org.slug}/plannen/nieuw/",
        p + "uitgangspunten/",
        p + "ontwikkelingen/",
        p + f"ontwikkeling/{slug}/",
        "/account/wachtwoord/wijzigen/",
    ]
    anonymous_pages = [
        "/account/aanmelden/",
        "/account/inloggen/",
        "/account/wachtwoord/vergeten/",
        f"/uitnodiging/{invitation.token}/",
    ]
    client = Client()
    counts, statuses, seen_actions = Counter(), Counter(), set()

    def run(pages, signed_in):
        for page in pages:
            if signed_in:
                client.force_login(admin_user)
            else:
                client.logout()
            for action, fields, radios in post_forms(client, page):
                key = (action, tuple(sorted(fields)))
                if key in seen_actions:
                    continue
                seen_actions.add(key)
                counts["forms"] += 1
                for name in fields_to_try(fields, radios):
                    counts["fields"] += 1
                    for label, value in JUNK.items():
                        if signed_in:
                            client.force_login(admin_user)
                        before = plan.__class__.objects.values_list("version", flat=True).get(pk=plan.pk)
                        response = client.post(action, fields | {name: value})
                        counts["posts"] += 1
                        statuses[response.status_code // 100] += 1
                        assert response.status_code < 500, (action, name, label, response.status_code)
                        if 400 <= response.status_code < 500:
                            after = plan.__class__.objects.values_list("version", flat=True).get(pk=plan.pk)
                            assert after == before, (action, name, label)
                    # A colleague's or my own accepted junk must not leave the admin without access.
                    Membership.objects.filter(user=admin_user).update(role=Role.ADMIN)
                    admin_user.set_password(PASSWORD)
                    admin_user.save()

    run(signed_in_pages, True)
    run(anonymous_pages, False)
    print(
        f"\njunk input: {counts['forms']} forms, {counts['fields']} fields, {len(JUNK)} values, "
        f"{counts['posts']} posts; responses 2xx {statuses[2]}, 3xx {statuses[3]}, 4xx {statuses[4]}, "
        f"5xx {statuses[5]}"
    )
    assert counts["forms"] >= 15 and statuses[5] == 0
