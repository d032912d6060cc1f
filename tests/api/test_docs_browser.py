"""The Swagger UI page works in a real browser under the site's Content-Security-Policy: it renders the
document and the policy blocks nothing."""

from pathlib import Path

import pytest

from ..e2e.conftest import CHROMIUM, browser  # noqa: F401 (the session browser fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
    e => window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


def test_swagger_ui_renders_under_the_policy(live_server, browser):  # noqa: F811
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./scripts/test.sh, which installs it")
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "Open Modelgemeente API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path", timeout=15000)
    assert page.locator(".opblock-summary-path").count() >= 10
    assert page.evaluate("window.__cspViolations") == []
    context.close()
