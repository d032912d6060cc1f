"""An information manager browses the model: home, a domain, a development, a search."""

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.e2e


def test_browse_and_search_with_no_accessibility_violations(page, live_server, live_edition):
    visited = {}

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Modelgemeente 2026"
    assert "100.000" in page.locator(".key-figures").inner_text()
    visited["home"] = axe_violations(page)

    page.get_by_role("link", name="Dienstverlening").first.click()
    assert page.locator("h1").inner_text() == "Dienstverlening"
    visited["domain"] = axe_violations(page)

    page.locator(".development-list").get_by_role("link", name="klantreizen", exact=False).first.click()
    assert "klant" in page.locator("h1").inner_text().lower()
    table = page.locator("table.budget-lines")
    assert "16 uur per week, schaal 10" in table.inner_text()
    assert "€\xa03.000" in table.inner_text()
    visited["development"] = axe_violations(page)

    page.get_by_label("Zoeken in de Modelgemeente").fill("omgevingsloket")
    page.get_by_role("button", name="Zoeken").first.click()
    assert (
        "resultaten voor" in page.locator("h2[role=status]").inner_text()
        or "resultaat voor" in page.locator("h2[role=status]").inner_text()
    )
    first = page.locator(".search-result a").first
    assert first.count() == 1
    visited["search"] = axe_violations(page)
    first.click()
    assert page.locator("table.budget-lines").count() == 1

    for name in ("opgaven", "wetten", "begroting", "uitgangspunten"):
        page.goto(f"{live_server.url}/editie/2026/{name}/")
        visited[name] = axe_violations(page)

    assert visited == {name: [] for name in visited}, visited


def test_pages_work_without_javascript(browser, live_server, live_edition):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/editie/2026/zoeken/?q=archiefwet")
    assert page.locator(".search-result").count() >= 1
    page.goto(live_server.url + "/")
    page.get_by_label("Zoeken in de Modelgemeente").fill("algoritmeregister")
    page.get_by_role("button", name="Zoeken").first.click()
    assert "/zoeken/" in page.url and page.locator(".search-result").count() >= 1
    context.close()


def test_budget_page_shows_chart_with_table_and_downloads(page, live_server, live_edition):
    page.goto(live_server.url + "/editie/2026/begroting/")
    assert page.locator("svg#chart-kind[role=img]").count() == 1
    assert page.locator("#table-summary tr[data-key=total] td").count() == 5
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert info.value.suggested_filename == "ict-begroting-modelgemeente-2026.xlsx"
