"""The choices page and the catalogue's cost calculator in a real browser (issue 10): at 1280 × 800 the
sticky totals bar never hides the field that has focus, the row costs follow the live preview, and both
pages are free of axe-core WCAG 2.1 A/AA violations."""

import threading

import pytest

from modelgemeente.catalog.models import Edition
from modelgemeente.plans.models import Membership, Organisation, Role
from modelgemeente.plans.services import create_plan
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, axe_violations, live_edition  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e

FIELDS = "table.choice-table :is(input:not([type=hidden]), select, textarea)"  # five per row


def in_browser(check):
    """Run `check(page)` in Chromium at 1280 × 800, without smooth scrolling (so a position read after a key
    press is where it stays). Playwright runs in a thread of its own: the browser tests in tests/e2e keep a
    session-wide Playwright in this thread, and a second one cannot start next to it."""
    from playwright.sync_api import sync_playwright

    failure = []

    def run():
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                try:
                    context = browser.new_context(
                        viewport={"width": 1280, "height": 800}, locale="nl-NL", reduced_motion="reduce"
                    )
                    check(context.new_page())
                finally:
                    browser.close()
        except BaseException as error:  # re-raised in the test's own thread
            failure.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


@pytest.fixture
def plan_url(live_server, live_edition):  # noqa: F811
    user = make_user("keuzes@voorbeeld.nl", "Keuzes")
    org = Organisation.objects.create(name="Gemeente Voorbeeld", slug="gemeente-voorbeeld")
    Membership.objects.create(organisation=org, user=user, role=Role.EDITOR)
    plan = create_plan(
        org, user, edition=Edition.objects.get(), inhabitants=30000, title="ICT-plan", start_year=2027, horizon=4
    )
    return f"{live_server.url}/organisaties/{org.slug}/plannen/{plan.pk}/ontwikkelingen/"


def log_in(page, live_server):
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill("keuzes@voorbeeld.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen").click()


def test_tabbing_through_the_choices_never_ends_under_the_totals_bar(live_server, plan_url):
    in_browser(lambda page: tab_through_the_choices(page, live_server, plan_url))


def tab_through_the_choices(page, live_server, plan_url):
    log_in(page, live_server)
    page.goto(plan_url)
    assert page.locator("#plan-totals").evaluate("e => getComputedStyle(e).position") == "sticky"
    fields = page.locator(FIELDS)
    assert fields.count() == 37 * 5
    fields.first.focus()
    hidden, reached_last = [], False
    for _ in range(600):  # every link and field of every row, and the table regions between the domains
        state = page.evaluate("""() => {
            const el = document.activeElement, bar = document.getElementById('plan-totals').getBoundingClientRect();
            const box = el.getBoundingClientRect(), last = [...document.querySelectorAll('table.choice-table textarea')].pop();
            return {name: el.name || el.textContent.trim().slice(0, 40), in_row: !!el.closest('table.choice-table tbody'),
                    bottom: box.bottom, bar: bar.top, last: el === last};
        }""")
        if state["in_row"] and state["bottom"] > state["bar"]:
            hidden.append(state)
        if state["last"]:
            reached_last = True
            break
        page.keyboard.press("Tab")
    assert reached_last  # the last row's motivation, reached with the keyboard
    assert hidden == []


def test_the_row_costs_follow_the_live_preview_and_the_page_is_accessible(live_server, plan_url):
    in_browser(lambda page: row_costs_follow_the_preview(page, live_server, plan_url))


def row_costs_follow_the_preview(page, live_server, plan_url):
    log_in(page, live_server)
    page.goto(plan_url)
    assert axe_violations(page) == []
    row = page.locator("tr[data-development='klantreizen-en-klanttevredenheid']")
    cost = row.locator(".row-cost")
    assert "zou kosten" not in cost.inner_text()
    amounts = cost.locator(".row-cost__amount").all_inner_texts()
    row.get_by_label("Opnemen: Klantreizen en klanttevredenheid").uncheck()
    page.wait_for_selector("#kosten-klantreizen-en-klanttevredenheid >> text=niet opgenomen: zou kosten")
    assert cost.locator(".row-cost__amount").all_inner_texts() == amounts  # what it would cost
    assert "nog niet opgeslagen" in page.locator("#plan-totals").inner_text()
    page.get_by_role("button", name="Keuzes opslaan").click()
    assert "Keuzes opgeslagen (1 wijziging)." in page.locator(".messages").inner_text()
    assert "niet opgenomen: zou kosten" in cost.inner_text()
    assert axe_violations(page) == []


def test_the_cost_calculator_works_without_an_account_and_is_accessible(live_server, live_edition):  # noqa: F811
    in_browser(lambda page: cost_calculator(page, live_server))


def cost_calculator(page, live_server):
    page.goto(live_server.url + "/editie/2026/ontwikkeling/klantreizen-en-klanttevredenheid/")
    page.get_by_label("Gemeente (niet verplicht)").select_option("GM1680")
    page.get_by_role("button", name="Bereken").click()
    assert "gemeente=GM1680" in page.url and page.url.endswith("#kosten-voor-uw-gemeente")
    assert page.locator("#cost-answer-heading").inner_text() == "Kosten voor Aa en Hunze (25.845 inwoners)"
    assert page.locator("#table-cost tr[data-key='total']").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Of: aantal inwoners (niet verplicht)").fill("twintigduizend")
    page.get_by_role("button", name="Bereken").click()
    assert "Vul een getal in" in page.locator("#form-errors").inner_text()
    assert axe_violations(page) == []
