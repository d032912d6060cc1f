"""Issue 16, "Done when", in a browser: a collective (+1) provision with conditional pledges from four municipalities
of different sizes, every share, the cost alone, the saving and the go point, and a plan before and after joining.

The example provisions and regions come from `manage.py load_consultation_examples` (data/provisions, data/regions:
one example region per province). Four municipalities of the province of Utrecht, so in one example region, with
their real CBS codes and inhabitants (CBS, 1 January 2024): Utrecht (374.238), Amersfoort (161.852), Zeist (66.641)
and Bunnik (16.108). Each editor pledges through the provision's page on the shared DSO coupling (build € 400.000 in
5 years plus € 500.000 a year: € 580.000 a year, divided by inhabitants), with a limit near what the replaced lines
cost it alone. The editor of Bunnik, whose plan on the 2026 edition counts the Omgevingsloket, sees every
participant's figures (same region), joins with the plan and compares the plan before and after; the plan's page
and its XLSX show the shared line with the provenance "gezamenlijke voorziening".

Every page is checked at 320 and 1280 CSS px (axe-core, no page-level sideways scrolling), as in
test_consultation_round.py; CONSULTATION_SCREENSHOTS=/tmp/folder keeps full-page screenshots and the XLSX.
"""

import io
import math
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from modelgemeente import refdata
from modelgemeente.budget.money import fmt_eur
from modelgemeente.consultation import provision_figures as pf
from modelgemeente.consultation.models import Provision, ProvisionJoin
from modelgemeente.plans import services as plan_services
from modelgemeente.plans.models import Organisation, Role
from tests.conftest import member_of

from ..exports.readers import parse_euro, web_rows
from .test_consultation_round import SCREENSHOTS, Checks, message, number, text
from .test_proposal_flow import log_in

pytestmark = pytest.mark.e2e

PROVISION = "gedeelde-dso-koppeling"
YEARLY_TOTAL = Decimal(400_000) / 5 + 500_000  # the example's cost model, per year for all participants
# Municipality: (CBS code, inhabitants on 1 January 2024 as in data/municipalities, pledged limit per year).
PLEDGES = {
    "Utrecht": ("GM0344", 374_238, 50_000),
    "Amersfoort": ("GM0307", 161_852, 40_000),
    "Zeist": ("GM0355", 66_641, 30_000),
    "Bunnik": ("GM0312", 16_108, 25_000),
}


def eur(value) -> str:
    """An amount as a page shows it, the non-breaking space read as a space."""
    return " ".join(fmt_eur(value).split())


def cells(page, selector: str) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(selector).all_inner_texts()]


def build_world(edition):
    call_command("load_consultation_examples", stdout=io.StringIO())
    editors = {}
    for name, (code, _inhabitants, _limit) in PLEDGES.items():
        org = Organisation.objects.create(name=f"Gemeente {name}", slug=name.lower(), municipality_codes=[code])
        editors[name] = member_of(org, Role.EDITOR, f"redacteur@{name.lower()}.nl")
    bunnik = Organisation.objects.get(slug="bunnik")
    plan = plan_services.create_plan(
        bunnik,
        editors["Bunnik"],
        edition=edition,
        title="ICT-plan Bunnik 2027–2030",
        start_year=2027,
        horizon=4,
        municipality=refdata.municipality("GM0312"),
    )
    return Provision.objects.get(slug=PROVISION), editors, plan


def test_four_pledges_shares_go_point_and_a_plan_that_joins(page, live_server, live_edition, tmp_path):
    provision, editors, plan = build_world(live_edition)
    url, check = live_server.url, Checks(page, "provision")
    assert provision.is_example and pf.cost_model(provision).yearly_total == YEARLY_TOTAL

    # 1. Anyone reads the catalogue: four example provisions, what each replaces and costs, no participants yet.
    page.goto(url + "/voorzieningen/")
    assert page.locator("section.provision-card").count() == 4
    assert page.locator(".provision-card .provision-example").count() == 4
    card = page.locator("section.provision-card", has_text=provision.name)
    assert "Bouw eenmalig € 400.000, afgeschreven in 5 jaar, plus € 500.000 per jaar: samen € 580.000" in text(
        card, ".provision-cost-model"
    )
    assert text(card, ".provision-go") == "nog niet bereikt"
    check("catalogue")

    # 2. Each municipality's editor pledges: "we join if our share is at most € X per year".
    for name, (_code, _inhabitants, limit) in PLEDGES.items():
        log_in(page, url, editors[name])
        page.goto(url + "/voorzieningen/")
        page.get_by_role("link", name=provision.name).click()
        page.get_by_label("voorwaardelijke toezegging").check()
        page.get_by_label("Wij doen mee als ons deel ten hoogste dit bedrag per jaar is (euro)").fill(number(limit))
        page.get_by_label("Toelichting").fill("Onder voorbehoud van het besluit van het college.")
        if name == "Utrecht":
            check("provision pledge form")
        page.get_by_role("button", name="Opslaan").click()
        assert message(page) == f"Opgeslagen namens Gemeente {name}."
        assert f"doet mee als het deel ten hoogste {eur(limit)} per jaar is" in text(page, ".provision-own")

    # 3. The editor of Bunnik (logged in last) sees all four: same example region (the province of Utrecht).
    assert text(page, ".provision-counts") == (
        "0 organisaties met belangstelling, 4 met een voorwaardelijke toezegging."
    )
    weights = {name: inhabitants for name, (_code, inhabitants, _limit) in PLEDGES.items()}
    together = sum(weights.values())
    figures = {p.organisation.name: p for p in pf.figures(provision, editors["Bunnik"]).shown}
    rows = {}
    for name, (_code, _inhabitants, limit) in PLEDGES.items():
        row = cells(page, f"#table-participants tr[data-organisation='{name.lower()}'] :is(th, td)")
        engine = figures[f"Gemeente {name}"]
        share = YEARLY_TOTAL * weights[name] / together  # by hand: the yearly total divided by inhabitants
        assert abs(engine.share.yearly - share) < Decimal("0.01"), name
        assert row[:4] == [f"Gemeente {name}", "voorwaardelijke toezegging", number(weights[name]), eur(share)]
        assert row[4].startswith(eur(engine.alone.average) + " herkomst en per jaar"), row
        assert row[5:] == [
            eur(engine.alone.average - engine.share.yearly),
            eur(limit),
            "ja" if share <= limit else "nee",
            "–",
        ], row
        rows[name] = (weights[name], share, engine.alone.average, engine.alone.average - share, limit)
    # Bunnik's cost alone comes from its plan; the others' from the model of the release, labelled an estimate.
    assert (
        "Uit het plan ICT-plan Bunnik 2027–2030"
        in page.locator("tr[data-organisation='bunnik'] details").text_content()
    )
    zeist_source = " ".join(page.locator("tr[data-organisation='zeist'] details").text_content().split())
    assert "Schatting" in zeist_source and "geschaald naar 66.641 inwoners" in zeist_source
    footer = cells(page, "#table-participants tfoot :is(th, td)")
    assert footer[:2] == ["Samen", eur(YEARLY_TOTAL)]
    # The go point: no group of pledgers in which every share fits every pledge; what is missing.
    needed = max(YEARLY_TOTAL * weights[n] / Decimal(PLEDGES[n][2]) for n in PLEDGES) - together
    go = text(page, ".provision-go-result")
    assert go.startswith("Nog niet bereikt.")
    assert "te hoog voor: Gemeente Amersfoort, Gemeente Utrecht, Gemeente Zeist." in go
    assert f"Als er nog deelnemers met samen {number(math.ceil(needed))} inwoners toezeggen" in go
    page.locator("tr[data-organisation='bunnik'] details summary").click()
    check("provision with four pledges")

    # 4. Bunnik's plan before joining, then the editor joins it from the provision's page.
    page.goto(url + plan.get_absolute_url())
    before = web_rows(page.content(), "table-summary")["total"]
    check("plan before")
    page.goto(url + f"/voorzieningen/{PROVISION}/")
    page.get_by_role("button", name=f"{plan.title} (Gemeente Bunnik, release 2026.1) laten aansluiten").click()
    assert message(page) == f"{plan.title} is aangesloten bij {provision.name}."
    join = ProvisionJoin.objects.get()
    assert text(page, ".join-share").startswith(fmt_eur(rows["Bunnik"][1], 2).replace("\u00a0", " "))
    effect = {
        row.get_attribute("data-year"): [parse_euro(c) for c in row.locator("td").all_inner_texts()]
        for row in page.locator("#table-join-effect tbody tr").all()
    }
    years = [str(y) for y in plan.years]
    assert list(effect) == years
    for year, (total_before, replaced, shared, total_after, difference) in effect.items():
        assert abs(total_after - (total_before - replaced + shared)) <= 2, year  # whole euros on the page
        assert abs(difference - (total_after - total_before)) <= 1, year
    assert [effect[y][0] for y in years] == [round(v) for v in before[:-1]]  # the plan's totals before joining
    check("plan joined")

    # 5. The plan after: its totals changed by the difference; the shared line with its provenance.
    page.get_by_role("link", name=plan.title).click()
    after = web_rows(page.content(), "table-summary")["total"]
    assert [round(v) for v in after[:-1]] == [effect[y][3] for y in years]
    check("plan after")
    page.goto(url + plan.get_absolute_url() + "ontwikkeling/omgevingsloket/")
    own = text(page, f"#eigen-regel-{join.extra_line_ids[0]}")
    assert own.startswith(f"Deel in gezamenlijke voorziening {provision.name}")
    assert "gezamenlijke voorziening" in own and "Jaarlijks deel in de gezamenlijke voorziening" in own
    check("plan development")
    page.goto(url + plan.get_absolute_url())
    with page.expect_download() as info:
        page.locator(".downloads").get_by_role("link", name="Excel (XLSX)").click()
    xlsx = Path(SCREENSHOTS or tmp_path) / "provision_plan_joined.xlsx"
    info.value.save_as(xlsx)
    sheet = openpyxl.load_workbook(xlsx, data_only=True)["Regels"]
    header, *lines = list(sheet.iter_rows(values_only=True))
    shared = [line for line in lines if line[header.index("Herkomst")] == "gezamenlijke voorziening"]
    assert len(shared) == 1 and shared[0][header.index("Omschrijving")].startswith("Deel in gezamenlijke voorziening")
    keys = {line[0] for line in lines}
    assert not keys & set(join.excluded_lines)  # the replaced lines are left out of the plan

    # 6. The provision's page knows the plan joined.
    page.goto(url + f"/voorzieningen/{PROVISION}/")
    assert "ICT-plan Bunnik 2027–2030 (Gemeente Bunnik) is aangesloten" in text(page, ".provision-joins")
    check("provision after joining")

    print("\nprovision flow (per year): inhabitants, share, cost alone, saving, limit")
    for name, (inhabitants, share, alone, saving, limit) in rows.items():
        print(f"  {name}: {inhabitants}, {share:.0f}, {alone:.0f}, {saving:.0f}, {limit}")
    print(f"  go point: not reached; {math.ceil(needed)} inhabitants more would make every share fit")
    for year in years:
        print(f"  plan {year}: before {effect[year][0]}, after {effect[year][3]}, difference {effect[year][4]}")
    check.assert_clean()
