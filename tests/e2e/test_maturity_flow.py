"""Issue 15 in a browser, on the real 2026 edition, a real plan (30,000 inhabitants, 2027-2030) and the real product
list: an editor (a) answers the maturity self-assessment and takes the gap's developments into the plan with one click,
(b) measures the digitalisation of products for 30,000 inhabitants, with the CSV template downloaded and read back,
(c) sets an ambition "gewogen index 70% in 2027 en 85% in 2029" and sees its progress, also in the plan's XLSX and PDF;
and (d) anyone reads the product list and the maturity model.

Every page of these flows is checked at 320 and 1280 CSS px: no axe-core violations (WCAG 2.0/2.1 A and AA) and no
sideways scrolling of the page (a table scrolls inside its own container), as in test_reflow.py. Each page is loaded
once and checked at both widths by resizing the window. MATURITY_SCREENSHOTS=/tmp/folder saves a full-page screenshot
of every checked page at both widths, and the plan's downloads, to look at by eye.
"""

import csv
import io
import os
from decimal import Decimal
from itertools import groupby
from operator import attrgetter
from pathlib import Path

import openpyxl
import pytest

from modelgemeente.budget.money import fmt_eur, fmt_num
from modelgemeente.maturity import productlist
from modelgemeente.maturity.models import Assessment
from modelgemeente.maturity.services import digitalisation
from modelgemeente.plans import services as plan_services
from modelgemeente.plans.budget import development_costs

from ..exports.readers import pdf_text
from .conftest import axe_violations
from .test_proposal_flow import log_in
from .test_reflow import OFFENDER

pytestmark = pytest.mark.e2e

WIDTHS = ((320, 640), (1280, 900))
SCREENSHOTS = os.environ.get("MATURITY_SCREENSHOTS")
INHABITANTS = 30_000
NO, PARTLY, YES = 0, 1, 2

# Answers per dimension, by the level a statement counts for (two statements per level): dienstverlening ends on
# level 2 and informatieveiligheid on level 3 (both below the default target 4); data on level 3 with its target
# lowered to 3; the others on level 4. So the gap has two dimensions.
ANSWERS = {
    "dienstverlening": {2: (YES, YES), 3: (NO, PARTLY), 4: (NO, NO), 5: (NO, NO)},
    "informatieveiligheid-en-privacy": {2: (YES, YES), 3: (YES, PARTLY), 4: (PARTLY, NO), 5: (NO, NO)},
    "data-en-informatie": {2: (YES, YES), 3: (YES, YES), 4: (NO, PARTLY), 5: (NO, NO)},
}
REACHED_4 = {2: (YES, YES), 3: (YES, YES), 4: (YES, PARTLY), 5: (NO, PARTLY)}
LEVELS = {"dienstverlening": 2, "informatieveiligheid-en-privacy": 3, "data-en-informatie": 3}
# Developments the plan leaves out: the gap page offers those of the two dimensions below target.
LEFT_OUT = ["omnichannel", "mijnmodelgemeente", "cyberdomein", "digitale-vaardigheden"]
OFFERED = ["omnichannel", "mijnmodelgemeente", "cyberdomein"]

# A handful of products with their digital level (docs/maturity-method.md's worked example) and the login they ask now.
PRODUCT_LEVELS = {
    "paspoort": 2,
    "rijbewijs": 2,
    "verhuizing": 3,
    "uittreksel-brp": 4,
    "melding-openbare-ruimte": 2,
    "grofvuil": 4,
    "parkeervergunning": 4,
}
OFFERED_LOGIN = {"verhuizing": "digid-midden", "grofvuil": "digid-basis"}


class Checks:
    """Checks the open page at both widths; collects what is wrong, to assert at the end of the test."""

    def __init__(self, page, flow: str):
        self.page, self.flow = page, flow
        self.wide, self.violations = {}, {}

    def __call__(self, name: str) -> None:
        page = self.page
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            key = f"{name} @{width}"
            if page.evaluate("document.documentElement.scrollWidth > innerWidth"):
                self.wide[key] = page.evaluate(OFFENDER)
            if found := axe_violations(page):
                self.violations[key] = found
            if SCREENSHOTS:
                page.screenshot(path=f"{SCREENSHOTS}/{self.flow}_{name.replace(' ', '_')}_{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    def assert_clean(self) -> None:
        assert self.wide == {}, self.wide
        assert self.violations == {}, self.violations


def message(page) -> str:
    return page.locator(".messages").inner_text()


def cell_texts(page, selector: str) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(selector).all_inner_texts()]


def eur(value: Decimal) -> str:
    """An amount as the page shows it (the non-breaking space read as a space, as cell_texts reads it)."""
    return " ".join(fmt_eur(value).split())


def pct(value: Decimal) -> str:
    return fmt_num(value * 100, 1) + "%"


# (a) Self-assessment, gap and plan -------------------------------------------------------------------------------


def test_self_assessment_gap_to_plan(page, live_server, edition, real_plan, org, editor):
    plan_services.save_choices(real_plan, editor, real_plan.version, {s: {"included": False} for s in LEFT_OUT})
    url, check = live_server.url, Checks(page, "assessment")
    log_in(page, url, editor)
    page.goto(url + org.get_absolute_url())
    page.get_by_role("link", name="Digitale volwassenheid").click()
    assert "Uw organisatie heeft nog geen zelfevaluatie." in page.locator("main").inner_text()
    check("overview empty")

    # Start the 2026 self-assessment on the model of the 2026 edition (preselected: the newest).
    page.get_by_label("Jaar").fill("2026")
    assert edition.title in page.get_by_label("Volwassenheidsmodel uit release").inner_text()
    page.get_by_role("button", name="Zelfevaluatie starten").click()
    assert "Zelfevaluatie 2026 gestart." in message(page)
    assessment = Assessment.objects.get(organisation=org, year=2026)
    assert assessment.results.count() == edition.maturity_dimensions.count() == 7
    check("questionnaire")

    # Answer every statement; lower the target of data to 3.
    dimensions = list(edition.maturity_dimensions.all())
    for dimension in dimensions:
        answers = ANSWERS.get(dimension.slug, REACHED_4)
        for level, statements in groupby(dimension.statements.order_by("level", "order"), attrgetter("level")):
            for statement, value in zip(statements, answers[level], strict=True):
                page.check(f"#id_s-{statement.pk}_{value}")
        if dimension.slug == "data-en-informatie":
            page.select_option(f"#id_t-{dimension.pk}", "3")
    page.locator("main form").get_by_role("button", name="Opslaan").click()
    assert "Zelfevaluatie opgeslagen" in message(page)
    shown = {d.slug: cell_texts(page, f"#result-table tr[data-dimension='{d.slug}'] td")[0] for d in dimensions}
    assert {slug: text.split()[0] for slug, text in shown.items()} == {
        d.slug: str(LEVELS.get(d.slug, 4)) for d in dimensions
    }
    assert cell_texts(page, "#result-table tr[data-dimension='data-en-informatie'] td")[1:] == [
        "3 (gedefinieerd)",
        "0 niveaus",
    ]
    check("questionnaire answered")

    # The overview: the chart (a title, the levels and the targets) and the table with the same figures.
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Digitale volwassenheid").click()
    assert page.locator("figure.level-chart figcaption").inner_text() == "Digitale volwassenheid 2026 per dimensie"
    chart = page.locator("svg#maturity-chart")
    assert chart.get_attribute("role") == "img"
    assert page.locator("#maturity-chart-title").text_content() == "Digitale volwassenheid 2026 per dimensie"
    assert chart.locator("rect:has(title)").count() == 14  # level and target of 7 dimensions
    service = {r[0]: r[1] for r in _rows(page, "#maturity-table")}
    assert service["Dienstverlening"] == ["2 (herhaalbaar)", "4 (gemanaged)"]
    check("overview")

    # The gap for the plan: two dimensions, each development with the engine's cost for this plan.
    page.get_by_role("link", name="Kloof en plan").first.click()
    assert page.get_by_label("Plan", exact=True).input_value() == str(real_plan.pk)
    headings = cell_texts(page, "main section h2[id^='kloof-']")
    assert headings == [
        "Dienstverlening: niveau 2 → doel 4",
        "Informatieveiligheid en privacy: niveau 3 → doel 4",
    ]
    costs = development_costs(real_plan, ["kanalen", "omnichannel", "cyberdomein"])
    for slug in costs:
        cells = cell_texts(page, f"tr[data-development='{slug}'] td")
        total = sum(costs[slug].values())
        assert total > 0 and cells[len(real_plan.years)] == eur(total), (slug, cells)
        assert cells[0] == eur(costs[slug][2027])
    assert cell_texts(page, "tr[data-development='kanalen'] td")[-1] == "al in het plan"
    assert cell_texts(page, "tr[data-development='omnichannel'] td")[-1] == "nog niet"
    offered = page.locator("input[name=developments]")
    assert [offered.nth(i).get_attribute("value") for i in range(offered.count())] == OFFERED
    assert all(offered.nth(i).is_checked() for i in range(offered.count()))
    check("gap")

    # One click: the developments are in the plan, and the user lands on the plan's choices.
    page.get_by_role("button", name="Opnemen in het plan").click()
    page.wait_for_url(f"**/plannen/{real_plan.pk}/ontwikkelingen/")
    assert "3 ontwikkelingen opgenomen in het plan" in message(page)
    for slug in OFFERED:
        assert page.locator(f"tr[data-development='{slug}'] input[name$='included']").is_checked(), slug
    assert not page.locator("tr[data-development='digitale-vaardigheden'] input[name$='included']").is_checked()
    real_plan.refresh_from_db()
    assert set(real_plan.choices.filter(included=True).values_list("development__slug", flat=True)) >= set(OFFERED)
    check("plan choices")

    # The gap page now says they are in the plan; the history records the step.
    page.goto(url + f"/organisaties/{org.slug}/volwassenheid/2026/kloof/")
    assert "Alle ontwikkelingen voor deze kloof staan al in het plan" in page.locator("#add-heading + p").inner_text()
    page.get_by_role("navigation", name="Zelfevaluatie 2026").get_by_role("link", name="Historie").click()
    titles = ", ".join(edition.developments.get(slug=slug).title for slug in OFFERED)
    assert f"Opgenomen in plan „{real_plan.title}”: {titles}" in page.locator("main").inner_text()
    check("history")
    check.assert_clean()


def _rows(page, table: str) -> list[tuple[str, list[str]]]:
    """(row header, [cells]) of a table's body rows."""
    rows = []
    for row in page.locator(f"{table} tbody tr").all():
        rows.append((" ".join(row.locator("th").inner_text().split()), cell_texts(row, "td")))
    return rows


# (b) Product digitalisation, weighted by volume ------------------------------------------------------------------


def expected_result(levels: dict[str, int], volumes: dict[str, int]) -> dict:
    """Both indices by the formulas of docs/maturity-method.md and the ranking by volume × remaining levels, for the
    assessed products of the real list (own volume, else the list's estimate for 30,000 inhabitants)."""
    products = {p.id: p for p in productlist.products()}
    volume = {i: Decimal(volumes[i]) if i in volumes else products[i].estimated_volume(INHABITANTS) for i in levels}
    weighted = sum(volume[i] * levels[i] for i in levels) / sum(volume[i] * 5 for i in levels)
    unweighted = Decimal(sum(levels.values())) / (5 * len(levels))
    ranking = sorted((i for i in levels if levels[i] < 5), key=lambda i: -volume[i] * (5 - levels[i]))
    return {
        "indices": [pct(unweighted), pct(weighted), str(len(levels)), str(len(products) - len(levels))],
        "top": [products[i].name for i in ranking[:5]],
    }


def test_product_measurement_with_csv_round_trip(page, live_server, edition, org, editor, tmp_path):
    url, check = live_server.url, Checks(page, "digitalisation")
    log_in(page, url, editor)
    page.goto(url + org.get_absolute_url())
    page.get_by_role("link", name="Productdigitalisering").click()
    check("measurements empty")

    # Start the 2026 measurement for 30,000 inhabitants (the CBS figure of the organisation's municipality is
    # prefilled; the editor types the municipality's own count and says where it comes from).
    page.get_by_label("Jaar van de meting").fill("2026")
    page.get_by_label("Inwoners").fill("30.000")
    page.get_by_label("Herkomst inwonertal").fill("Basisregistratie personen, 1 januari 2026")
    page.get_by_role("button", name="Meting beginnen").click()
    assert "Meting 2026 is begonnen." in message(page)
    assert page.locator("#inhabitants").inner_text().startswith("30.000")
    total = len(productlist.products())
    assert page.locator("#scores tbody tr").count() == total >= 56

    # A handful of levels, one own volume with its source, and the login two products ask for now.
    for product, level in PRODUCT_LEVELS.items():
        page.select_option(f"#id_p-{product}-level", str(level))
    for product, login in OFFERED_LOGIN.items():
        page.select_option(f"#id_p-{product}-offered_authentication", login)
    page.fill("#id_p-verhuizing-volume", "3.100")
    page.fill("#id_p-verhuizing-volume_source", "Zaaksysteem, aanvragen 2025")
    page.locator("main form").get_by_role("button", name="Opslaan").click()
    assert "De meting is opgeslagen." in message(page)

    # Both indices side by side, the products that raise the weighted index most, and the login mismatches.
    volumes = {"verhuizing": 3100}
    expected = expected_result(PRODUCT_LEVELS, volumes)
    assert cell_texts(page, "#indices tbody tr:first-child td")[:4] == expected["indices"]
    assert cell_texts(page, "#index-figures dd") == expected["indices"][:2]
    page.set_viewport_size({"width": 320, "height": 640})  # on a phone too, both in view without scrolling sideways
    assert all(
        box["x"] + box["width"] <= 320
        for box in map(lambda dd: dd.bounding_box(), page.locator("#index-figures dd").all())
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    assert [name for name, _cells in _rows(page, "#ranking")][:5] == expected["top"]
    names = {p.id: p.name for p in productlist.products()}
    assert {name for name, _cells in _rows(page, "#mismatches")} == {names["verhuizing"], names["grofvuil"]}
    check("measurement")

    # The CSV template for Dutch Excel carries the saved values; filled in and read back, it changes two products.
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV-sjabloon downloaden (met de opgeslagen waarden)").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith("\ufeff".encode())
    lines = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    by_id = {line["product_id"]: line for line in lines}
    assert len(lines) == total
    assert [by_id["verhuizing"][c] for c in ("aantal_per_jaar", "digitaal_niveau", "inlog_nu")] == [
        "3100",
        "3",
        "digid-midden",
    ]
    by_id["kwijtschelding"]["digitaal_niveau"] = "3"
    by_id["paspoort"].update(aantal_per_jaar="1.800", herkomst_aantal="Reisdocumentenadministratie 2025")
    filled = tmp_path / "digitalisering-2026.csv"
    with filled.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(lines[0]), delimiter=";", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(lines)

    page.get_by_role("link", name="Een ingevuld CSV-sjabloon inlezen").click()
    check("import")
    page.get_by_label("Ingevuld sjabloon (CSV)").set_input_files(filled)
    page.get_by_role("button", name="Inlezen").click()
    assert f"2 product(en) gewijzigd, {total - 2} ongewijzigd" in message(page)
    assert page.locator("#id_p-kwijtschelding-level").input_value() == "3"
    assert page.locator("#id_p-paspoort-volume").input_value() == "1.800"
    expected = expected_result({**PRODUCT_LEVELS, "kwijtschelding": 3}, {**volumes, "paspoort": 1800})
    assert cell_texts(page, "#indices tbody tr:first-child td")[:4] == expected["indices"]

    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Digitalisering").click()
    assert _rows(page, "#measurements")[0][1][:2] == expected["indices"][:2]
    check("measurements")
    check.assert_clean()


# (c) A measurable ambition, its progress, and the plan's exports -------------------------------------------------

AMBITION = "Gewogen index 70% in 2027 en 85% in 2029"
RELIES_ON = ["kanalen", "omnichannel", "mijnmodelgemeente"]


def measure(org, editor, year: int, levels: dict[str, int]) -> None:
    """A measurement for 30,000 inhabitants made as the measurement page makes it (the service)."""
    found = digitalisation.start_measurement(org, year, editor, INHABITANTS, "Basisregistratie personen")
    rows = {
        p: {"level": level, "volume": None, "volume_source": "", "offered_authentication": ""}
        for p, level in levels.items()
    }
    digitalisation.save_scores(found, editor, found.version, rows)


def test_ambition_with_progress_chart_and_plan_exports(page, live_server, edition, real_plan, org, editor, tmp_path):
    last_year = {product: level - 1 for product, level in PRODUCT_LEVELS.items()}
    measure(org, editor, 2025, last_year)
    measure(org, editor, 2026, PRODUCT_LEVELS)
    measured = {2025: expected_result(last_year, {}), 2026: expected_result(PRODUCT_LEVELS, {})}
    url, check = live_server.url, Checks(page, "ambition")
    log_in(page, url, editor)
    page.goto(url + org.get_absolute_url())
    page.get_by_role("link", name="Ambities", exact=True).click()
    check("ambitions empty")

    page.get_by_role("link", name="Nieuwe ambitie").click()
    page.get_by_label("Titel").fill(AMBITION)
    page.get_by_label("Maatstaf").select_option(label="gewogen digitaliseringsindex (%)")
    page.locator("#id_plan").select_option(str(real_plan.pk))
    page.get_by_role("button", name="Ontwikkelingen van dit plan tonen").click()
    assert page.get_by_label("Titel").input_value() == AMBITION  # nothing typed is lost
    for slug in RELIES_ON:
        page.check(f"input[name=developments][value='{slug}']")
    page.get_by_label("Jaar, regel 1").fill("2027")
    page.get_by_label("Doelwaarde, regel 1").fill("70")
    page.get_by_label("Jaar, regel 2").fill("2029")
    page.get_by_label("Doelwaarde, regel 2").fill("85")
    check("ambition form")
    page.locator("main form").get_by_role("button", name="Opslaan").click()
    assert f"Ambitie „{AMBITION}” is opgeslagen." in message(page)

    # The ambition's page: the progress chart with a title, the same figures as a table, and the plan's developments
    # it relies on with the engine's cost for this plan.
    ambition = org.ambitions.get()
    chart = page.locator(f"svg#chart-ambition-{ambition.pk}")
    assert chart.get_attribute("role") == "img"
    assert AMBITION in chart.locator("title").first.text_content()
    progress = {year: cells for year, cells in _rows(page, f"#progress-{ambition.pk}")}
    assert progress == {
        "2025": ["–", measured[2025]["indices"][1], "geen doel voor dit jaar"],
        "2026": ["–", measured[2026]["indices"][1], "geen doel voor dit jaar"],
        "2027": ["70%", "–", "nog niet gemeten"],
        "2029": ["85%", "–", "nog niet gemeten"],
    }
    costs = development_costs(real_plan, RELIES_ON)
    developments = {slug: cell_texts(page, f"#table-developments tr[data-key='{slug}'] td") for slug in RELIES_ON}
    for slug, cells in developments.items():
        assert cells[-1] == eur(sum(costs[slug].values())), (slug, cells)
    assert developments["kanalen"][0] == "telt mee"
    check("ambition")

    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Ambities").click()
    assert page.locator(f"svg#chart-ambition-{ambition.pk}").count() == 1
    check("ambitions")

    # The plan's XLSX and PDF gain the section "Ambities en voortgang".
    page.goto(url + real_plan.get_absolute_url())
    downloads = {}
    for name, ext in (("Excel (XLSX)", "xlsx"), ("PDF-rapport", "pdf")):
        with page.expect_download() as info:
            page.locator(".downloads").get_by_role("link", name=name).click()
        downloads[ext] = Path(SCREENSHOTS or tmp_path) / f"plan-met-ambities.{ext}"
        info.value.save_as(downloads[ext])
    sheet = openpyxl.load_workbook(downloads["xlsx"], read_only=True)["Ambities"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == AMBITION]
    assert [(row[2], row[3], row[5]) for row in rows] == [
        (2025, "geen doel", "geen doel voor dit jaar"),
        (2026, "geen doel", "geen doel voor dit jaar"),
        (2027, 70, "nog niet gemeten"),
        (2029, 85, "nog niet gemeten"),
    ]
    text = " ".join(pdf_text(downloads["pdf"].read_bytes()).split())
    assert "Ambities en voortgang" in text and AMBITION in text
    check.assert_clean()


# (d) The public pages -------------------------------------------------------------------------------------------


def test_public_product_list_and_maturity_model(page, live_server, edition):
    url, check = live_server.url, Checks(page, "public")
    found = productlist.product_list()
    page.goto(url + "/producten/")
    counts = found.counts()
    assert page.locator("#product-counts li").first.inner_text() == (
        f"{counts['products']} producten: {counts['inwoners']} voor inwoners, {counts['bedrijven']} voor bedrijven."
    )
    assert page.locator("#products tbody tr").count() == len(found.products) >= 56
    first = found.products[0]
    row = page.locator(f"#product-{first.id}")
    assert row.locator("th").inner_text() == first.name
    assert row.get_by_role("link", name=first.upl_name).get_attribute("href") == first.upl_uri
    assert found.source_label() in page.locator("#source-heading + dl").inner_text()
    row.locator("summary").first.click()  # the reasoning behind the login it needs, folded away
    assert " ".join(first.auth_note.split()) in " ".join(row.inner_text().split())
    check("products")

    # From the edition's page to its maturity model: the scale, the scoring rule and every dimension with its
    # levels, statements and the developments that raise it, linked to their pages.
    page.goto(url + edition.get_absolute_url())
    page.get_by_role("link", name="Het volwassenheidsmodel").click()
    assert page.locator("h1").inner_text() == "Model voor digitale volwassenheid"
    assert cell_texts(page, "section[aria-labelledby='scale-heading'] tbody th") == [
        "1 initieel",
        "2 herhaalbaar",
        "3 gedefinieerd",
        "4 gemanaged",
        "5 optimaliserend",
    ]
    dimensions = list(edition.maturity_dimensions.all())
    assert cell_texts(page, "main section h2[id^='dimensie-']") == [d.name for d in dimensions]
    service = page.locator("section[aria-labelledby='dimensie-dienstverlening']")
    assert service.locator("tbody tr").count() == 5
    assert service.get_by_role("link", name=edition.developments.get(slug="kanalen").title).count() == 1
    check("maturity model")
    check.assert_clean()
