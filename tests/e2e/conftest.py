"""Browser tests: Playwright driving Debian's Chromium against the live test server."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Playwright's sync API runs an event loop in this thread; the Django test
# database is still used synchronously, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _settle_after_click() -> None:
    """Make every click in the browser tests wait until the page it may open has loaded.

    A click that follows a link or submits a form returns once the new document is committed, not
    once it is parsed. The tests read the page right after (a count, a scroll width, axe), and on a
    busy machine they read a half-parsed or still empty document: the CI run with both database
    passes side by side failed on that. Waiting for the load event after each click is harmless where
    a click opens nothing (the page is loaded already), so it is done for every click, in one place.
    """
    from playwright.sync_api import Locator

    if getattr(Locator.click, "settles", False):
        return
    click = Locator.click

    def click_and_settle(self, *args, **kwargs):
        click(self, *args, **kwargs)
        self.page.wait_for_load_state("load")

    click_and_settle.settles = True
    Locator.click = click_and_settle


_settle_after_click()

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./scripts/test.sh, which installs it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page; return the violations."""
    # Evaluated over the DevTools protocol: a <script> tag with the code inline would be refused by the
    # site's Content-Security-Policy (script-src 'self'), which stays on in the browser tests.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]


@pytest.fixture
def live_edition(transactional_db):
    from tests.factories import load_published

    return load_published(Path(__file__).resolve().parents[2] / "content" / "editions" / "2026")
