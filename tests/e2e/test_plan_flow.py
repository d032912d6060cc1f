"""A new user makes a plan for a municipality of about 30,000 inhabitants, in a real browser."""

import openpyxl
import pytest

from modelgemeente.plans.budget import plan_report
from modelgemeente.plans.models import Plan

from .conftest import axe_violations

pytestmark = pytest.mark.e2e

PASSWORD = "Klantreis-2027!"


def test_sign_up_to_plan_download_with_no_accessibility_violations(page, live_server, live_edition, tmp_path):
    visited = {}

    def check(name):
        visited[name] = axe_violations(page)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Account aanmaken").click()
    check("aanmelden")
    page.get_by_label("Naam").fill("Fatima de Vries")
    page.get_by_label("E-mailadres").fill("fatima@oisterwijk.nl")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nogmaals").fill(PASSWORD)
    page.get_by_role("button", name="Account aanmaken").click()
    assert "Uw account is aangemaakt" in page.locator(".messages").inner_text()
    check("mijn plannen")

    page.get_by_role("link", name="Organisatie aanmaken").click()
    check("organisatie aanmaken")
    page.get_by_label("Naam van de organisatie").fill("Gemeente Oisterwijk")
    page.get_by_label("Gemeente (niet verplicht)").select_option("GM0824")
    page.get_by_role("button", name="Organisatie aanmaken").click()
    assert page.locator("h1").inner_text() == "Gemeente Oisterwijk"
    check("organisatie")

    page.get_by_role("link", name="Nieuw plan maken").click()
    check("nieuw plan")
    page.get_by_label("Titel van het plan").fill("ICT-meerjarenplan 2027-2030")
    page.get_by_label("Eerste begrotingsjaar").fill("2027")
    page.get_by_role("button", name="Plan maken").click()
    plan = Plan.objects.get()
    assert 25_000 <= plan.inhabitants <= 35_000, plan.inhabitants  # Oisterwijk, from the CBS list
    assert page.locator("h1").inner_text() == "Ontwikkelingen kiezen"
    check("ontwikkelingen kiezen")

    # Leave out the whole OOV domain and move one development to 2029; the totals follow (htmx) before saving.
    total_2027 = page.locator("#plan-totals tr[data-key='total'] td[data-year='2027']").inner_text()
    page.get_by_role("button", name="Heel Openbare Orde en Veiligheid weglaten").click()
    assert "Keuzes opgeslagen" in page.locator(".messages").inner_text()
    assert page.locator("#plan-totals tr[data-key='total'] td[data-year='2027']").inner_text() != total_2027
    start = page.get_by_label("Startjaar: Klantreizen en klanttevredenheid")
    start.fill("2029")
    start.dispatch_event("change")
    page.wait_for_selector("#plan-totals >> text=nog niet opgeslagen")
    page.get_by_label("Motivering: Klantreizen en klanttevredenheid").fill("Eerst het nieuwe zaaksysteem")
    page.get_by_role("button", name="Keuzes opslaan").click()
    assert "Keuzes opgeslagen" in page.locator(".messages").inner_text()
    check("ontwikkelingen na opslaan")

    # Override the coordinator's hours with a reason.
    page.get_by_role("link", name="Klantreizen en klanttevredenheid").first.click()
    check("ontwikkeling in plan")
    row = page.locator("tr[data-line='coordinator-klantreizen']")
    row.get_by_label("Eigen uren per week").fill("8")
    row.get_by_label("Reden").fill("Halve rol naast het KCC")
    page.get_by_role("button", name="Regels opslaan").click()
    assert "Regels opgeslagen" in page.locator(".messages").inner_text()

    for name in (
        "Meerjarenoverzicht",
        "Voorjaarsnota",
        "Begroting en najaarsnota",
        "Vergelijking met het model",
        "Profiel en uitgangspunten",
        "Historie",
    ):
        page.locator(".plan-nav").get_by_role("link", name=name).click()
        check(name)
    assert "Halve rol naast het KCC" in page.locator("main").inner_text()

    page.locator(".plan-nav").get_by_role("link", name="Meerjarenoverzicht").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    path = tmp_path / "plan.xlsx"
    info.value.save_as(path)
    book = openpyxl.load_workbook(path, data_only=True)
    plan.refresh_from_db()
    report = plan_report(plan)
    totals = {row[0]: row[1:5] for row in book["Begroting"].iter_rows(values_only=True) if row[0] == "Totaal"}
    assert [round(v) for v in totals["Totaal"]] == [round(report.grand_total.values[y]) for y in report.years]
    assert next(r for r in report.by_domain if r.key == "oov").total == 0

    assert {name: v for name, v in visited.items() if v} == {}
