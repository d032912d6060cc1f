"""Issue 17, part 4 in a browser, on the real 2026 edition and a real plan (30,000 inhabitants, 2027-2030): the editor
submits the plan, the administrator records the council's adoption, the editor continues in two scenarios of the
vastgesteld plan, "ambitieus" (everything) and "sober" (fewer developments), and compares them side by side.

Every page is checked at 320 and 1280 CSS px: no axe-core violations and no sideways scrolling of the page (as in
test_reflow.py). SCENARIO_SCREENSHOTS=/tmp/folder saves the comparison at 1280 px as scenario-compare.png and a
full-page screenshot of every checked page.
"""

import os

import pytest

from modelgemeente.plans import services
from modelgemeente.plans.budget import plan_report
from modelgemeente.plans.models import FrozenExport, Plan

from .conftest import axe_violations
from .test_proposal_flow import log_in
from .test_reflow import OFFENDER

pytestmark = pytest.mark.e2e

WIDTHS = ((320, 640), (1280, 900))
SCREENSHOTS = os.environ.get("SCENARIO_SCREENSHOTS")
# What "sober" leaves out: the developments of one domain and a few big ones elsewhere.
SOBER_OUT = 10


def check(page, name, wide, violations):
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        if page.evaluate("document.documentElement.scrollWidth > innerWidth"):
            wide[f"{name} @{width}"] = page.evaluate(OFFENDER)
        if found := axe_violations(page):
            violations[f"{name} @{width}"] = found
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/scenario_{name}_{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_adopt_then_compare_two_scenarios(page, live_server, edition, real_plan, org, editor, admin_user):
    url = live_server.url
    plan_url = url + real_plan.get_absolute_url()
    wide, violations = {}, {}

    log_in(page, url, editor)
    page.goto(plan_url)
    page.get_by_role("navigation", name="Onderdelen van dit plan").get_by_role("link", name="Status").click()
    check(page, "status", wide, violations)
    page.get_by_role("button", name="Indienen bij de raad").click()
    assert "ingediend bij de raad" in page.locator(".messages").inner_text()

    log_in(page, url, admin_user)
    page.goto(plan_url + "status/")
    page.get_by_label("Ik bevestig dat de raad dit plan heeft vastgesteld").check()
    page.get_by_label("Datum raadsbesluit").fill("3-7-2026")
    page.get_by_label("Kenmerk raadsbesluit").fill("RB 2026-41")
    page.get_by_role("button", name="Plan vaststellen").click()
    assert "Het plan is vastgesteld" in page.locator(".messages").inner_text()
    assert FrozenExport.objects.filter(plan=real_plan).count() >= 4
    check(page, "vastgesteld", wide, violations)

    log_in(page, url, editor)
    page.goto(plan_url)
    assert "Vastgesteld door de raad op 3 juli 2026" in page.locator(".adopted-banner").inner_text()
    assert page.get_by_role("link", name="Ontwikkelingen kiezen").count() == 0
    page.get_by_role("link", name="maak een kopie (scenario)").click()
    check(page, "scenarios", wide, violations)
    for name in ("ambitieus", "sober"):
        page.goto(plan_url + "scenarios/")
        page.get_by_label("Naam van het scenario").fill(name)
        page.get_by_role("button", name="Scenario maken").click()
        assert f"Scenario '{name}' gemaakt" in page.locator(".messages").inner_text()
    ambitieus, sober = (Plan.objects.get(scenario_of=real_plan, scenario_name=n) for n in ("ambitieus", "sober"))
    assert plan_report(ambitieus).grand_total.values == plan_report(real_plan).grand_total.values

    # Sober leaves out the costliest developments (on the choices page this is a checkbox each).
    costly = sorted(plan_report(sober).by_development, key=lambda row: row.total, reverse=True)[:SOBER_OUT]
    services.save_choices(sober, editor, sober.version, {row.key: {"included": False} for row in costly})

    page.goto(url + sober.get_absolute_url() + "scenarios/")
    page.get_by_label("Vergelijk dit plan met").select_option(str(ambitieus.pk))
    page.get_by_role("button", name="Vergelijk").click()
    assert "sober naast" in page.locator("h1").inner_text()
    sober.refresh_from_db()
    mine, theirs = plan_report(sober), plan_report(ambitieus)
    first = sober.years[0]
    difference = theirs.grand_total.values[first] - mine.grand_total.values[first]
    assert difference > 0
    total_rows = page.locator("#compare-totals tbody[data-key=total] tr.difference td")
    assert total_rows.first.inner_text().replace("\u00a0", " ") == f"€ {round(difference):,}".replace(",", ".")
    page.set_viewport_size({"width": 1280, "height": 900})
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/scenario-compare.png", full_page=True)
    check(page, "vergelijking", wide, violations)
    assert wide == {}, wide
    assert violations == {}, violations
