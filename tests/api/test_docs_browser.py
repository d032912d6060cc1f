"""The Swagger UI page works in a real browser under the site's Content-Security-Policy: it renders the
document and the policy blocks nothing."""

from pathlib import Path

import pytest

from ..e2e.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
    e => window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


def test_swagger_ui_renders_under_the_policy(live_server):
    """Its own Playwright, closed at the end: the session-wide browser of tests/e2e must be the only one
    running when those tests start (a second sync Playwright cannot start next to a running one)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./scripts/test.sh, which installs it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="nl-NL")
            context.add_init_script(RECORD_VIOLATIONS)
            page = context.new_page()
            page.goto(live_server.url + "/api/v1/docs")
            page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
            assert "Open Modelgemeente API" in page.inner_text(".swagger-ui .info .title")
            page.wait_for_selector(".opblock-summary-path", timeout=15000)
            assert page.locator(".opblock-summary-path").count() >= 10
            assert page.evaluate("window.__cspViolations") == []
        finally:
            browser.close()
