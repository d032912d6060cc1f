"""In a real browser, the Content-Security-Policy blocks nothing the site itself needs: no violation
on the public pages, the plan pages, or while htmx updates the totals."""

import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from ..e2e.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.e2e

# Runs before the page's own scripts, outside the policy, and records every violation.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
    e => window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


def visit(base_url, session_cookie, paths, plan_path):
    """Visit the pages logged in; return {page: violations}, the console messages and <style> count."""
    from playwright.sync_api import sync_playwright

    seen, console = {}, []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="nl-NL")
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie, "url": base_url}])
            context.add_init_script(RECORD_VIOLATIONS)
            page = context.new_page()
            page.on("console", lambda message: console.append(message.text))
            for path in paths:
                page.goto(base_url + path)
                seen[path] = page.evaluate("window.__cspViolations")
            # htmx (loaded from /static/) posts the form and swaps in the totals, under the policy.
            page.goto(base_url + plan_path + "ontwikkelingen/")
            assert page.evaluate("typeof htmx") == "object"
            start = page.get_by_label("Startjaar: Klantreizen en klanttevredenheid")
            start.fill("2029")
            start.dispatch_event("change")
            page.wait_for_selector("#plan-totals >> text=nog niet opgeslagen")
            seen["htmx preview"] = page.evaluate("window.__cspViolations")
            styles = page.locator("style").count()  # htmx's indicator <style> would be refused
        finally:
            browser.close()
    return seen, console, styles


def test_no_policy_violations_in_the_browser(live_server, real_plan, editor):  # noqa: F811
    """A browser test: on the real edition (its pages, its search), like every browser test."""
    plan = real_plan
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./scripts/test.sh, which installs it")
    client = Client()
    client.force_login(editor)
    base = f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/"
    paths = [
        "/",
        "/editie/2026/begroting/",
        "/editie/2026/zoeken/?q=cloud",
        "/account/inloggen/",
        "/bestaat-niet/",
        base,
        base + "uitgangspunten/",
    ]
    outcome = {}

    def run():
        # A thread of its own: Playwright's sync API refuses to start where another one (the browser
        # tests' session-wide browser) already runs its event loop.
        try:
            outcome["result"] = visit(live_server.url, client.cookies[settings.SESSION_COOKIE_NAME].value, paths, base)
        except BaseException as error:  # handed to the test below
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=300)
    if "error" in outcome:
        raise outcome["error"]
    seen, console, styles = outcome["result"]
    assert all(v == [] for v in seen.values()), seen
    assert not [m for m in console if "Content Security Policy" in m], console
    assert styles == 0
