"""The release features of issue 13 in a real browser, at 1280 and at 320 CSS px: an editor publishes
release 2027.1, a visitor reads it, the diff page, and an editor moves a plan from 2026.1 to 2027.1.

One test, one page: loading the two real editions is the slow part, so every flow shares them. Each page
is checked at both widths: no axe-core violations (WCAG 2.0/2.1 A and AA) and no sideways scrolling.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from modelgemeente.catalog import releases
from modelgemeente.catalog.services import load_edition
from modelgemeente.plans import services
from modelgemeente.plans.models import Organisation, Plan, Role
from tests.conftest import PASSWORD, member_of

from .conftest import axe_violations
from .test_reflow import OFFENDER

pytestmark = pytest.mark.e2e

EDITION_2027 = Path(__file__).resolve().parents[2] / "content" / "editions" / "2027"
WIDTHS = ((320, 640), (1280, 900))  # ends wide, where the flows go on
LINE = "archiefwet-en-woo/opschonen-en-migreren"  # € 60.000 in 2026, € 195.000 per employee⁰·⁸ in 2027
NOTES = "Nieuw in 2027: de Wet modernisering elektronisch bestuurlijk verkeer, en herziene archiefbedragen."


def test_publish_read_compare_and_move_a_plan_at_both_widths(browser, page, live_server, live_edition):
    url = live_server.url
    org = Organisation.objects.create(name="Gemeente Voorbeeld", slug="gemeente-voorbeeld")
    editor = member_of(org, Role.EDITOR, "redacteur@voorbeeld.nl")
    editor.groups.add(releases.editors_group())
    plan = services.create_plan(
        org, editor, edition=live_edition, title="ICT-plan 2027", start_year=2027, horizon=4, inhabitants=30_000
    )
    archive = live_edition.developments.get(slug=LINE.split("/")[0])
    services.save_line_adjustments(
        plan,
        editor,
        plan.version,
        archive,
        {LINE.split("/")[1]: {"own": Decimal("80000"), "reason": "Offerte van de archiefdienst."}},
    )
    plan.refresh_from_db()
    assert load_edition(EDITION_2027).edition.number is None  # the concept of 2027

    wide, violations = {}, {}

    def check(name, on=None):
        on = on or page
        for width, height in WIDTHS:
            on.set_viewport_size({"width": width, "height": height})
            if on.evaluate("document.documentElement.scrollWidth > innerWidth"):
                wide[f"{name} @{width}"] = on.evaluate(OFFENDER)
            if found := axe_violations(on):
                violations[f"{name} @{width}"] = found

    page.goto(url + "/account/inloggen/")
    page.fill("input[name=username]", editor.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/mijn/")

    # 1. The editor publishes 2027.1; an anonymous visitor reads it.
    page.goto(url + "/editie/2026/releases/")
    assert page.locator("#publish-heading").is_visible()
    assert "Release 2026.1" in page.locator("[aria-labelledby=list-heading]").inner_text()
    check("releases 2026")

    page.goto(url + "/editie/2027/releases/")
    assert "Er is een concept" in page.locator("[aria-labelledby=publish-heading]").inner_text()
    check("releases 2027, concept")
    page.get_by_label("Nieuwe status").select_option(label="inhoud vastgesteld")
    page.get_by_label("Releasenotes").fill(NOTES)
    page.get_by_role("button", name="Publiceren").click()
    message = page.locator(".messages").inner_text()
    assert "release 2027.1 is gepubliceerd: inhoud vastgesteld." in message.lower(), message
    published = page.locator("article.release").first
    assert published.get_by_role("heading").inner_text() == "Release 2027.1: inhoud vastgesteld"
    assert NOTES in published.inner_text()
    check("releases 2027, published")

    anonymous = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    visitor = anonymous.new_page()
    visitor.goto(url + "/edities/")
    assert visitor.locator("#year-2027").is_visible()
    visitor.get_by_role("link", name="Release 2027.1").click()
    visitor.wait_for_url("**/editie/2027/release/1/")
    assert visitor.locator("h1").inner_text() == "Wat is er nieuw in release 2027.1"
    assert NOTES in visitor.locator("[aria-labelledby=notes-heading]").inner_text()
    total = visitor.locator("#new-diff-domains tbody[data-key=total] tr[data-row=difference] td[data-year=total]")
    assert total.inner_text().startswith("€")
    check("wat is er nieuw", visitor)
    visitor.goto(url + "/edities/")
    check("edities", visitor)
    anonymous.close()

    # 2. The diff page with a profile, then junk input.
    page.goto(url + "/verschil/?van=2026.1&naar=2027.1&inwoners=30000")
    table = page.locator("#diff-domains")
    domains = table.locator("tbody").evaluate_all("rows => rows.map(r => r.dataset.key)")
    assert "total" in domains and len(domains) > 3, domains
    assert table.locator("thead th[scope=col]").all_inner_texts()[2:6] == ["2027", "2028", "2029", "2030"]
    changed = page.locator("article.diff-development")
    assert changed.count() > 0
    assert page.locator("article.diff-development ins").count() > 0
    assert page.locator("article.diff-development del").count() > 0
    assert page.locator(f"article.diff-line[data-key='{LINE}'][data-change=changed]").count() == 1
    check("verschil 30.000 inwoners")

    page.get_by_label("Gemeente (niet verplicht)").select_option("GM0824")  # Oisterwijk, from the CBS list
    page.get_by_label("Of: aantal inwoners (niet verplicht)").fill("")
    page.get_by_role("button", name="Vergelijk").click()
    assert "gemeente=GM0824" in page.url
    assert page.locator("#diff-domains tbody[data-key=total]").count() == 1
    check("verschil Oisterwijk")

    page.goto(url + "/verschil/?van=2026.1&naar=2027.1&inwoners=abc")
    error = page.locator("#id_inwoners-error")
    assert error.inner_text().strip() == "Vul een getal in, bijvoorbeeld 30.385 of 16,5."
    field = page.get_by_label("Of: aantal inwoners (niet verplicht)")
    assert "id_inwoners-error" in field.get_attribute("aria-describedby")
    assert page.locator("#diff-domains").count() == 0
    check("verschil, fout")

    # 3. Move the plan from 2026.1 to 2027.1, taking the new model for the changed line.
    page.goto(url + plan.get_absolute_url())
    check("plan 2026.1")
    page.get_by_role("link", name="Overzetten naar een andere release").click()
    row = page.locator(f"tr[data-key='adj:{LINE}']")
    assert row.get_by_label("Mijn eigen gegeven houden").is_checked()  # the default keeps the own figure
    assert page.locator("[aria-labelledby=totals-heading] tr[data-year]").count() == 4
    check("overzetten, voorvertoning")
    after = page.locator("tr[data-year='2027'] td").nth(1).inner_text()
    row.get_by_label("Het nieuwe model nemen").check()
    page.get_by_role("button", name="Voorvertoning bijwerken").click()
    row = page.locator(f"tr[data-key='adj:{LINE}']")
    assert row.get_by_label("Het nieuwe model nemen").is_checked()
    assert page.locator("tr[data-year='2027'] td").nth(1).inner_text() != after
    check("overzetten, bijgewerkt")
    page.get_by_role("button", name="Overzetten naar release 2027.1").click()

    new = Plan.objects.get(supersedes=plan)
    page.wait_for_url(f"**{new.get_absolute_url()}")
    assert "release 2027.1" in page.locator("main p.muted").first.inner_text()
    assert "overgezet naar release 2027.1" in page.locator(".messages").inner_text()
    assert not new.adjustments.filter(budget_line__slug=LINE.split("/")[1]).exists()
    check("plan 2027.1")
    page.goto(url + plan.get_absolute_url())
    banner = page.locator(".superseded-banner")
    assert "Deze versie is vervangen door" in banner.inner_text() and "(release 2027.1)" in banner.inner_text()
    check("plan 2026.1, vervangen")

    assert wide == {}, wide
    assert violations == {}, violations
