"""The Swagger UI page works in a real browser under the site's Content-Security-Policy: it renders the
document and the policy blocks nothing."""

import threading
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
    """Its own Playwright, in a thread of its own and closed at the end: the browser tests in tests/e2e keep a
    session-wide Playwright in the main thread, and a second one cannot start next to it there (pytest-django
    runs the live-server tests last, in an order that may put an e2e test before this one)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./scripts/test.sh, which installs it")
    found, failure = {}, []

    def run():
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                try:
                    context = browser.new_context(locale="nl-NL")
                    context.add_init_script(RECORD_VIOLATIONS)
                    page = context.new_page()
                    page.goto(live_server.url + "/api/v1/docs")
                    # A large document on a busy machine: generous timeouts.
                    page.wait_for_selector(".swagger-ui .info .title", timeout=60000)
                    found["title"] = page.inner_text(".swagger-ui .info .title")
                    page.wait_for_selector(".opblock-summary-path", timeout=60000)
                    found["operations"] = page.locator(".opblock-summary-path").count()
                    found["violations"] = page.evaluate("window.__cspViolations")
                finally:
                    browser.close()
        except BaseException as error:  # re-raised in the test's own thread
            failure.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    assert "Open Modelgemeente API" in found["title"]
    assert found["operations"] >= 10
    assert found["violations"] == []
