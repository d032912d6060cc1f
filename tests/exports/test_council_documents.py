"""A plan's exports are fit for a council: each format opens with the one-page summary (who, which plan and release,
version, status, date; totals per year; the top requests by priority; the change against the previous version),
printed pages carry version and status, and the ODT holds the voorjaarsnota and begroting texts per request.

One plan on the synthetic edition, built once for the module through the services (as the pages save it) and
exported once in every format; the tests read those files back."""

import csv
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from odf import opendocument, teletype
from odf import text as odf_text
from pypdf import PdfReader

from modelgemeente.budget.money import fmt_eur, fmt_num, round_euro
from modelgemeente.core.enums import PlanStatus, Priority
from modelgemeente.exports import writers
from modelgemeente.exports.charts import stacked_bars
from modelgemeente.exports.pdf import context
from modelgemeente.exports.report import signed_eur
from modelgemeente.exports.xlsx import FORMULA_FUNCTIONS
from modelgemeente.plans import services
from modelgemeente.plans.budget import plan_export_report, plan_report, year_totals
from modelgemeente.plans.council import last_change
from modelgemeente.plans.models import Membership, Organisation, Plan, Role

from ..conftest import REPO, TEST_EDITION
from .readers import ods_rows

MUST, COULD, WONT, LEFT_OUT = "energiedashboard", "omgevingsdata", "archief-op-orde", "informatiebeveiliging"
MOTIVATION = "Dashboard eerst voor de warmtevisie"
WONT_MOTIVATION = "Pas na de aanbesteding"
FORMATS = ("pdf", "xlsx", "ods", "csv", "odt")


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The plan after three saves (choices, an own line), marked ingediend as scenario "sober", with its report and
    every export; rolled back after the module."""
    from tests.factories import load_published

    with django_db_blocker.unblock(), transaction.atomic():
        edition = load_published(TEST_EDITION)
        org = Organisation.objects.create(name="Gemeente Voorbeeld", slug="gemeente-voorbeeld")
        other = Organisation.objects.create(name="Andere gemeente", slug="andere-gemeente")
        users = {}
        for name, organisation, role in (("redacteur", org, Role.EDITOR), ("lezer", org, Role.MEMBER)):
            users[name] = get_user_model().objects.create(username=f"{name}@voorbeeld.nl")
            Membership.objects.create(organisation=organisation, user=users[name], role=role)
        users["buiten"] = get_user_model().objects.create(username="buiten@andere.nl")
        Membership.objects.create(organisation=other, user=users["buiten"], role=Role.ADMIN)
        editor = users["redacteur"]
        plan = services.create_plan(
            org, editor, edition=edition, title="ICT-plan 2091", start_year=2091, horizon=4, inhabitants=12_500
        )
        services.save_choices(
            plan,
            editor,
            plan.version,
            {
                MUST: {"priority": Priority.MUST, "motivation": MOTIVATION},
                COULD: {"priority": Priority.COULD},
                WONT: {"priority": Priority.WONT, "motivation": WONT_MOTIVATION},
                LEFT_OUT: {"included": False},
            },
        )
        plan.refresh_from_db()
        dashboard = plan.choices.get(development__slug=MUST).development
        services.add_extra_line(
            plan,
            editor,
            dashboard,
            {
                "description": "Klantpanel",
                "kind": "structural",
                "category": "licences",
                "amount": Decimal(2400),
                "offset": 0,
                "spread": 1,
                "reason": "Offerte panelbureau",
            },
        )
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED, scenario_name="sober")
        plan = Plan.objects.select_related("edition", "organisation").get(pk=plan.pk)
        with translation.override("nl"):
            report = plan_export_report(plan)
            files = {fmt: writers.FORMATS[fmt][2](report) for fmt in FORMATS}
        yield {"plan": plan, "report": report, "files": files, "users": users}
        transaction.set_rollback(True)


# Reading the files back -------------------------------------------------------------------------------------


def pdf_pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def odt_text(content: bytes) -> str:
    """Every paragraph and heading (also those in table cells) in document order, one space between them."""
    doc = opendocument.load(io.BytesIO(content))
    parts = []

    def walk(node):
        if getattr(node, "qname", None) in ((odf_text.TEXTNS, "p"), (odf_text.TEXTNS, "h")):
            parts.append(teletype.extractText(node))
            return
        for child in node.childNodes:
            walk(child)

    walk(doc.text)
    return " ".join(" ".join(parts).replace("\xa0", " ").split())


def summary_text(fmt: str, content: bytes) -> str:
    """The summary as flowing text (numbers as the format writes them)."""
    if fmt == "pdf":
        return pdf_pages(content)[0]
    if fmt == "odt":
        return odt_text(content).split("Teksten per aanvraag voor het raadsvoorstel")[0]
    if fmt == "csv":
        return content.decode("utf-8").split("\r\nICT-begroting ")[0]
    if fmt == "xlsx":
        rows = openpyxl.load_workbook(io.BytesIO(content), data_only=True)["Samenvatting"].iter_rows(values_only=True)
    else:
        rows = ods_rows(content, "Samenvatting")
    return "\n".join(";".join("" if v is None else str(v) for v in row) for row in rows)


def summary_rows(fmt: str, content: bytes) -> dict[str, list]:
    """{first cell: the row's other cells} of the summary, for the spreadsheet-like formats (first wins)."""
    if fmt == "csv":
        text = content.decode("utf-8").lstrip("\ufeff").split("\r\nICT-begroting ")[0]
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    elif fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        rows = [list(r) for r in book["Samenvatting"].iter_rows(values_only=True)]
    else:
        rows = ods_rows(content, "Samenvatting")
    found = {}
    for row in rows:
        if row and row[0] is not None:
            found.setdefault(str(row[0]), list(row[1:]))
    return found


def number(value) -> Decimal:
    return Decimal(str(value).replace(",", ".")) if isinstance(value, str) else Decimal(str(value))


# The summary --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_opens_with_the_summary(built, fmt):
    plan, report = built["plan"], built["report"]
    text = summary_text(fmt, built["files"][fmt])
    flowing = " ".join(text.split())
    for fact in ("Gemeente Voorbeeld", "ICT-plan 2091", "release 2090.1", "ingediend", "sober"):
        assert fact in flowing, fact
    assert date_format(timezone.localdate(), "j F Y") in flowing
    assert re.search(rf"\b{plan.version}\b", flowing) and plan.version == 3
    # Top requests by priority: the must have first, the could have after the should haves.
    titles = [r.title for r in report.plan.top_requests]
    assert titles[0] == "Energiedashboard" and titles[-1] == "Omgevingsdata"
    positions = [flowing.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Archief op orde" not in titles and "Informatiebeveiliging" not in titles
    # The change against the previous version: its kind and facts.
    assert "Eigen regel toegevoegd" in flowing and "Klantpanel" in flowing


@pytest.mark.parametrize("fmt", ["pdf", "odt"])
def test_summary_figures_in_documents_equal_the_report_to_the_euro(built, fmt):
    report = built["report"]
    text = " ".join(summary_text(fmt, built["files"][fmt]).split()).replace("\xa0", " ")
    years = list(report.years)
    for row in report.summary:
        expected = " ".join(fmt_eur(v) for v in row.cells(years)) + " " + fmt_eur(row.total)
        assert f"{row.label} {expected.replace(chr(160), ' ')}" in text, row.label
    assert " ".join(fmt_num(v, 2) for v in report.fte.cells(years)) in text
    for request in report.plan.top_requests:
        assert fmt_eur(request.total).replace("\xa0", " ") in text


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_summary_figures_in_spreadsheets_equal_the_report_to_the_euro(built, fmt):
    report = built["report"]
    rows = summary_rows(fmt, built["files"][fmt])
    n = len(report.years)
    for row in report.summary:
        got = [round_euro(number(v)) for v in rows[row.label][: n + 1]]
        assert got == [round_euro(v) for v in [*row.cells(report.years), row.total]], row.label
    got_fte = [round_euro(number(v), 2) for v in rows[report.fte.label][:n]]
    assert got_fte == [round_euro(v, 2) for v in report.fte.cells(report.years)]
    first = report.plan.top_requests[0]
    assert round_euro(number(rows[first.title][4])) == round_euro(first.total)


def test_the_change_against_the_previous_version_in_every_format(built):
    """The difference per year is the totals now minus those kept with the previous version (PlanChange.totals):
    the own line of € 2.400 a year, indexed."""
    plan, report = built["plan"], built["report"]
    previous = plan.changes.get(version=plan.version - 1)
    now = year_totals(report.result, report.years)
    expected = {
        y: Decimal(now[str(y)]["structural"]) - Decimal(previous.totals[str(y)]["structural"]) for y in report.years
    }
    assert round_euro(expected[2091]) == 2400 and all(v > 0 for v in expected.values())
    change = report.plan.change
    assert change.previous_version == plan.version - 1
    assert {y: d["structural"] for y, d in change.by_year()} == expected
    assert all(d["incidental"] == 0 for _, d in change.by_year())
    for fmt in ("pdf", "odt"):
        text = " ".join(summary_text(fmt, built["files"][fmt]).split())
        for year, amount in expected.items():
            assert f"{year} € 0 {signed_eur(amount)} {signed_eur(amount)}".replace("\xa0", " ") in text.replace(
                "\xa0", " "
            ), (fmt, year)
    for fmt in ("xlsx", "ods", "csv"):
        rows = summary_rows(fmt, built["files"][fmt])
        for year, amount in expected.items():
            assert round_euro(number(rows[str(year)][1])) == round_euro(amount), (fmt, year)


def test_previous_totals_not_kept_are_said_to_be_unknown(built, db):
    plan, report = built["plan"], built["report"]
    plan.changes.filter(version=plan.version - 1).update(totals={})
    change = last_change(plan, report)
    assert change.difference is None and "niet bekend" in change.note


def test_every_save_keeps_the_plans_totals(built):
    """Creating the plan, saving its choices and adding an own line each kept the totals after them; the last
    equals the report's."""
    plan, report = built["plan"], built["report"]
    changes = list(plan.changes.order_by("version"))
    assert [c.kind for c in changes] == ["created", "choices", "extra_added"]
    assert all(set(c.totals) == {str(y) for y in report.years} for c in changes)
    assert changes[-1].totals == year_totals(plan_report(plan).result, report.years)
    assert Decimal(changes[-1].totals["2091"]["incidental"]) == report.summary[0].values[2091]


# Pages, headers and footers ----------------------------------------------------------------------------------


def test_pdf_page_one_is_the_summary_and_every_page_carries_version_and_status(built):
    pages = pdf_pages(built["files"]["pdf"])
    assert "Belangrijkste aanvragen" in pages[0] and "Wijziging ten opzichte van de vorige versie" in pages[0]
    assert "Belangrijkste aanvragen" not in pages[1] and "Begroting per jaar" in pages[1]
    for number_, page in enumerate(pages, start=1):
        assert "Gemeente Voorbeeld · ICT-plan 2091" in page
        assert "Versie 3 · ingediend · scenario sober" in page
        assert f"Pagina {number_} van {len(pages)}" in page
        assert "release 2090.1" in page


def test_the_pdf_summary_of_a_ten_year_plan_stays_on_one_page(built, db):
    """Ten years: the difference table has ten rows and the totals eleven columns; the summary still fits page 1."""
    plan = Plan.objects.get(pk=built["plan"].pk)  # a copy: saving raises its version
    services.save_plan_settings(plan, built["users"]["redacteur"], plan.version, {"horizon": 10})
    plan = Plan.objects.select_related("edition", "organisation").get(pk=plan.pk)
    with translation.override("nl"):
        report = plan_export_report(plan)
        pages = pdf_pages(writers.FORMATS["pdf"][2](report))
    assert report.years[-1] == 2100 and report.plan.change.previous_version == 3
    assert "Uitgangspunten gewijzigd" in pages[0] and "Totalen na minus vóór deze wijziging" in pages[0]
    last = report.plan.change.by_year()[-1][1]["total"]
    assert f"2100 € 0 {signed_eur(last)}".replace("\xa0", " ") in pages[0].replace("\xa0", " ")
    assert "Begroting per jaar" in pages[1] and "Totalen na minus" not in pages[1]


def test_spreadsheets_print_version_and_status_in_their_headers(built):
    book = openpyxl.load_workbook(io.BytesIO(built["files"]["xlsx"]))
    for sheet in book:
        assert sheet.oddHeader.left.text == "Gemeente Voorbeeld · ICT-plan 2091"
        assert sheet.oddHeader.right.text == "Versie 3 · ingediend · scenario sober"
        assert "release 2090.1" in sheet.oddFooter.left.text and sheet.oddFooter.right.text == "Pagina &P van &N"
    with zipfile.ZipFile(io.BytesIO(built["files"]["ods"])) as ods:
        styles = ods.read("styles.xml").decode()
        content = ods.read("content.xml").decode()
    assert "Versie 3 · ingediend · scenario sober" in styles and "<text:page-number" in styles
    assert 'style:master-page-name="Exportpagina"' in content


# ODT: the texts per request -------------------------------------------------------------------------------------


def test_odt_has_voorjaarsnota_and_begroting_texts_per_included_development(built):
    report = built["report"]
    content = built["files"]["odt"]
    doc = opendocument.load(io.BytesIO(content))
    headings = [teletype.extractText(h) for h in doc.text.getElementsByType(odf_text.H)]
    text = odt_text(content)
    requests = text.split("Teksten per aanvraag voor het raadsvoorstel")[1]
    included = {r.title for r in report.requests}
    assert included == {"Energiedashboard", "Omgevingsdata", "Digitaal loket", "Klantcontact verbeteren"}
    for request in report.requests:
        start = headings.index(request.title)
        assert headings[start + 1 : start + 3] == ["Voorjaarsnota", "Begroting"]
        part = requests.split(request.title + " Voorjaarsnota")[1].split(" Begroting ")[0]
        assert f"prioriteit {request.priority}" in part
        assert f"vanaf {request.start_year}" in part
        if round_euro(request.incidental_total):
            assert fmt_eur(request.incidental_total).replace("\xa0", " ") in part
        begroting = requests.split(request.title + " Voorjaarsnota")[1].split(" Begroting ")[1]
        assert "meerjarenbegroting" in begroting or "geen structurele lasten" in begroting
    assert f"Motivering: {MOTIVATION}" in requests
    assert "Archief op orde" not in headings and "Informatiebeveiliging" not in headings
    tail = requests.split("Niet in dit plan")[1]
    assert "Archief op orde" in tail and WONT_MOTIVATION in tail
    assert "Informatiebeveiliging" in tail


def test_odt_is_a_plan_download_for_members_only(built, client):
    plan = built["plan"]
    assert writers.FORMATS["odt"][1] == "application/vnd.oasis.opendocument.text"
    path = f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/plan.odt"
    client.force_login(built["users"]["lezer"])
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert zipfile.ZipFile(io.BytesIO(response.content)).read("mimetype") == b"application/vnd.oasis.opendocument.text"
    client.force_login(built["users"]["buiten"])
    assert client.get(path).status_code == 404


# Charts, formulas, print CSS ------------------------------------------------------------------------------------


def test_pdf_charts_have_visible_titles_legends_and_fitting_axes(built):
    report = built["report"]
    charts = context(report)
    for name, title in (("kind_chart", "incidenteel en structureel"), ("domain_chart", "per domein")):
        svg = str(charts[name])
        visible = re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
        assert any(title in re.sub(r"<[^>]+>", "", t) for t in visible), name
    assert all(row.label in str(charts["domain_chart"]) for row in report.by_domain)
    svg = stacked_bars("c", "ICT-begroting per jaar", "x", [2027], [("Totaal", {2027: Decimal("3061542")})])
    labels = re.findall(r'text-anchor="end"[^>]*>([^<]+)</text>', svg)
    assert labels[-1] == "€\xa03,5\xa0mln"  # the top of the axis: 3,5 million for 3,06 million, not 5
    assert ">ICT-begroting per jaar</tspan>" in svg and ">Totaal</tspan>" in svg


def test_xlsx_formulas_use_only_functions_written_as_they_are(built):
    book = openpyxl.load_workbook(io.BytesIO(built["files"]["xlsx"]))
    used = {
        name
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
        for name in re.findall(r"([A-Z][A-Z0-9.]*)\(", cell.value)
    }
    assert used and used <= FORMULA_FUNCTIONS, used - FORMULA_FUNCTIONS


def test_print_stylesheet_hides_navigation_buttons_and_forms():
    css = (REPO / "src/modelgemeente/static/css/app.css").read_text()
    block = css.split("@media print {", 1)[1]
    hidden = block.split("{ display: none !important; }")[0]
    selectors = {s.strip() for s in hidden.replace("\n", " ").split(",")}
    for selector in (".utrecht-skip-link", ".site-menu", ".site-nav", "nav", "form", "button", ".plan-nav"):
        assert selector in selectors, selector
