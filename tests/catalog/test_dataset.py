"""The open dataset of an edition (catalog/dataset.py, docs/open-data.md), on the synthetic edition (tests/data):
what a data user downloads, and that it says the same as the database, the budget page and itself."""

import csv
import hashlib
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from modelgemeente.budget.money import round_euro
from modelgemeente.catalog.budget_input import model_report
from modelgemeente.catalog.dataset import edition_dataset
from modelgemeente.catalog.loader import load_edition
from modelgemeente.catalog.models import BudgetLine, Development, Edition

from ..conftest import REPO

pytestmark = pytest.mark.django_db

TABLES = ("domains", "opgaven", "laws", "developments", "budget_lines", "model_budget", "model_budget_totals")
FILES = sorted(["LICENSE.txt", "README.md", "edition.json"] + [f"{t}.{ext}" for t in TABLES for ext in ("csv", "json")])
LICENCE = REPO / "content" / "LICENSES" / "CC-BY-4.0.txt"
# The official legal code (creativecommons.org/licenses/by/4.0/legalcode.txt), as stored in the repository.
LICENCE_SHA256 = "fd3a263fe19ed8faa9068b43abaebafc02c77897b0c6fc09abc04bb592e5f16e"


def open_zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def read_json(archive, name):
    return json.loads(archive.read(name).decode("utf-8"))


def read_csv(archive, name) -> tuple[list[str], list[dict]]:
    raw = archive.read(name)
    assert not raw.startswith(b"\xef\xbb\xbf"), "RFC 4180 UTF-8 without BOM"
    text = raw.decode("utf-8")
    assert text.endswith("\r\n") and text.split("\n", 1)[0].endswith("\r"), "CRLF after every record"
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames), rows


def as_csv(value) -> str:
    """What the CSV must hold for a JSON value (README: Afspraken)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "|".join(value)
    text = str(value)
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


@pytest.fixture
def dataset(test_edition):
    return open_zip(edition_dataset(test_edition))


def test_the_zip_holds_the_expected_files_in_order(dataset):
    assert dataset.namelist() == FILES
    edition = read_json(dataset, "edition.json")
    assert edition["dataset"]["files"] == FILES
    assert edition["edition"]["year"] == 2090 and edition["edition"]["published_on"] == "2089-12-01"
    assert edition["reference_municipality"]["inhabitants"] == 50_000
    assert edition["assumptions"]["wage_index"]["percent_per_year"] == "4.00"
    assert edition["salary_table"]["id"] == "synthetisch-2090"
    assert {s["scale"]: s["annual_cost_per_fte"] for s in edition["salary_table"]["scales"]} == {
        8: "72000.00",
        10: "90000.00",
        12: "108000.00",
    }
    assert edition["counts"] == {
        "domains": 3,
        "opgaven": 2,
        "laws": 3,
        "developments": 6,
        "budget_lines": 16,
        "model_budget": 64,
        "model_budget_totals": 4,
    }


def test_json_and_csv_hold_the_same_rows_and_columns(dataset):
    for table in TABLES:
        rows = read_json(dataset, f"{table}.json")
        header, csv_rows = read_csv(dataset, f"{table}.csv")
        assert rows, table
        assert header == list(rows[0]), table
        assert len(csv_rows) == len(rows), table
        for row, csv_row in zip(rows, csv_rows, strict=True):
            assert list(row) == header, table
            assert csv_row == {key: as_csv(value) for key, value in row.items()}, (table, row)


def test_the_tables_hold_every_row_and_id_of_the_database(dataset, test_edition):
    by_id = {table: {row["id"]: row for row in read_json(dataset, f"{table}.json")} for table in TABLES[:5]}
    assert set(by_id["domains"]) == set(test_edition.domains.values_list("slug", flat=True))
    assert set(by_id["opgaven"]) == set(test_edition.opgaven.values_list("slug", flat=True))
    assert set(by_id["laws"]) == {"wet-testgegevens", "wet-digitale-dienst", "wet-testarchief"}
    assert by_id["laws"]["wet-testarchief"]["in_force"] is None
    assert by_id["laws"]["wet-testgegevens"]["in_force"] == "2085-05-01"
    for law in test_edition.laws.all():
        assert by_id["laws"][law.slug]["name"] == law.name and by_id["laws"][law.slug]["status"] == law.status

    developments = Development.objects.filter(edition=test_edition)
    assert set(by_id["developments"]) == set(developments.values_list("slug", flat=True))
    for dev in developments:
        row = by_id["developments"][dev.slug]
        assert row["domain_id"] == dev.domain.slug and row["title"] == dev.title
        assert row["law_ids"] == sorted(dev.laws.values_list("slug", flat=True))
        assert row["opgave_ids"] == sorted(dev.opgaven.values_list("slug", flat=True))
        assert row["related_ids"] == sorted(dev.related.values_list("slug", flat=True))
        assert row["body_markdown"] == dev.body_markdown
        assert row["collective_candidate"] is dev.collective_candidate
        assert set(row["law_ids"]) <= set(by_id["laws"]) and set(row["opgave_ids"]) <= set(by_id["opgaven"])

    lines = BudgetLine.objects.filter(development__edition=test_edition).select_related("development__domain")
    assert len(by_id["budget_lines"]) == lines.count() == 16
    for line in lines:
        row = by_id["budget_lines"][f"{line.development.slug}/{line.slug}"]
        assert (row["development_id"], row["line_id"], row["domain_id"]) == (
            line.development.slug,
            line.slug,
            line.development.domain.slug,
        )
        assert row["development_id"] in by_id["developments"]
        for field in ("description", "kind", "category", "salary_scale", "driver", "offset", "spread"):
            assert row[field] == getattr(line, field), field
        for field in ("amount", "hours_per_week", "exponent"):
            value = getattr(line, field)
            assert (None if row[field] is None else Decimal(row[field])) == value, field
        assert (row["provenance_type"], row["provenance_text"]) == (line.provenance_type, line.provenance_text)
    # Amounts are decimal strings with cents (never floats); the figures of tests/data/README.md.
    assert by_id["budget_lines"]["digitaal-loket/loket-bouwen"]["amount"] == "40000.00"
    assert by_id["budget_lines"]["digitaal-loket/loket-beheer"]["hours_per_week"] == "18.00"
    assert by_id["budget_lines"]["digitaal-loket/loket-beheer"]["exponent"] == "0.500"


def test_the_model_budget_equals_the_budget_page_to_the_cent(dataset, test_edition):
    with translation.override("nl"):
        report = model_report(test_edition)  # what the budget page shows
    totals = {row["year"]: row for row in read_json(dataset, "model_budget_totals.json")}
    summary = {row.key: row for row in report.summary}
    for year in report.years:
        for key in ("incidental", "structural", "total"):
            assert Decimal(totals[year][key]) == round_euro(summary[key].amount_in(year), 2), (year, key)
        assert Decimal(totals[year]["fte"]) == round_euro(report.fte.amount_in(year), 2)
    # worked out by hand in tests/data/README.md
    assert {year: row["total"] for year, row in totals.items()} == {
        2090: "257000.00",
        2091: "259460.00",
        2092: "220296.40",
        2093: "223594.14",
    }
    page = dict.fromkeys(report.years, Decimal(0))
    rows = read_json(dataset, "model_budget.json")
    assert len(rows) == 16 * 4
    cells = {(line.key, year): cell for line in report.lines for year, cell in line.cells.items()}
    for row in rows:
        cell = cells.get((row["budget_line_id"], row["year"]))
        assert Decimal(row["amount"]) == (round_euro(cell.amount, 2) if cell else 0)
        assert row["explanation"] == (cell.explanation if cell else "")
        page[row["year"]] += Decimal(row["amount"])
    for year in report.years:  # the rounded lines add up to the total within a cent per line
        assert abs(page[year] - Decimal(totals[year]["total"])) <= Decimal("0.01") * 16


def test_the_budget_page_shows_the_same_totals(client, dataset):
    html = client.get(reverse("catalog:budget", args=[2090])).content.decode()
    for row in read_json(dataset, "model_budget_totals.json"):
        euros = f"{round_euro(Decimal(row['total'])):,}".replace(",", ".")
        assert euros in html, euros


def test_the_readme_names_source_licence_estimates_and_every_column(dataset, test_edition):
    readme = dataset.read("README.md").decode("utf-8")
    assert "CC BY 4.0" in readme and "https://creativecommons.org/licenses/by/4.0/" in readme
    assert "LICENSE.txt" in readme
    assert "Open Modelgemeente, editie 2090, door de bijdragers aan Open Modelgemeente" in readme  # content/LICENSE.md
    assert "Open Modelgemeente, edition 2090, by the contributors to Open Modelgemeente" in readme
    assert test_edition.title in readme and "2089-12-01" in readme and test_edition.content_hash in readme
    assert "schatting" in readme and "In deze editie zijn 12 van de 16 regels een schatting" in readme
    assert "RFC 4180" in readme and "English summary" in readme
    for table in TABLES:
        header, _ = read_csv(dataset, f"{table}.csv")
        section = readme.split(f"### {table}:", 1)[1].split("###", 1)[0]
        for column in header:
            assert f"| `{column}` |" in section, (table, column)


def test_the_licence_is_the_official_cc_by_4_0_legal_code(dataset):
    text = dataset.read("LICENSE.txt")
    assert text == LICENCE.read_bytes()
    assert hashlib.sha256(text).hexdigest() == LICENCE_SHA256
    assert text.startswith(b"Attribution 4.0 International\n")
    assert b"Creative Commons Attribution 4.0 International Public License" in text


def test_formula_like_text_is_neutralised_in_csv_only(test_edition):
    line = BudgetLine.objects.get(development__edition=test_edition, slug="loket-bouwen")
    line.description = '=HYPERLINK("http://example.org","klik")'
    line.provenance_text = "@SUM(A1:A2)"
    line.save()
    Development.objects.filter(edition=test_edition, slug="digitaal-loket").update(summary="+31 20 123 4567")
    test_edition.domains.filter(slug="kanalen").update(description="-1+1")
    archive = open_zip(edition_dataset(test_edition))

    _, lines = read_csv(archive, "budget_lines.csv")
    row = next(r for r in lines if r["id"] == "digitaal-loket/loket-bouwen")
    assert row["description"] == "'" + line.description
    assert row["provenance_text"] == "'@SUM(A1:A2)"
    assert row["amount"] == "40000.00"  # numbers are never touched
    _, devs = read_csv(archive, "developments.csv")
    assert next(r for r in devs if r["id"] == "digitaal-loket")["summary"] == "'+31 20 123 4567"
    _, domains = read_csv(archive, "domains.csv")
    assert next(r for r in domains if r["id"] == "kanalen")["description"] == "'-1+1"
    _, budget = read_csv(archive, "model_budget.csv")
    assert all(not r["amount"].startswith("'") for r in budget)
    # JSON keeps the text as it is
    json_line = next(r for r in read_json(archive, "budget_lines.json") if r["id"] == "digitaal-loket/loket-bouwen")
    assert json_line["description"] == line.description


def test_two_builds_are_byte_identical_with_fixed_times(test_edition):
    first, second = edition_dataset(test_edition), edition_dataset(Edition.objects.get(pk=test_edition.pk))
    assert first == second
    for info in open_zip(first).infolist():
        assert info.date_time == (2089, 12, 1, 0, 0, 0), info.filename
        assert info.compress_type == zipfile.ZIP_DEFLATED


def test_the_download_is_an_attachment(client, test_edition):
    response = client.get("/editie/2090/dataset.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="modelgemeente-2090.1-dataset.zip"'
    assert response.content == edition_dataset(test_edition)
    assert reverse("catalog:dataset", args=[2090]) == "/editie/2090/dataset.zip"


def test_a_concept_is_404_for_anonymous_and_served_to_editors(client, test_edition_copy):
    """A year with only a concept (loaded, not published): its dataset is for the editors only."""
    load_edition(test_edition_copy)
    assert client.get("/editie/2090/dataset.zip").status_code == 404
    client.force_login(User.objects.create_user("redacteur", password="x-very-long-secret", is_staff=True))
    response = client.get("/editie/2090/dataset.zip")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="modelgemeente-2090-concept-dataset.zip"'
    edition = read_json(open_zip(response.content), "edition.json")["edition"]
    assert (edition["status"], edition["release"], edition["release_number"]) == ("concept", "2090.concept", None)
    assert client.get("/editie/2091/dataset.zip").status_code == 404


def test_the_edition_and_budget_pages_link_the_dataset_with_size_and_licence(client, test_edition):
    url = reverse("catalog:dataset", args=[2090])
    html = client.get("/editie/2090/").content.decode()
    assert f'href="{url}"' in html
    size = len(edition_dataset(test_edition))
    assert f"zip, {size / 1024:.1f}".replace(".", ",") in html  # "zip, 21,6 KB"
    assert "CC BY 4.0" in html and 'href="https://creativecommons.org/licenses/by/4.0/deed.nl"' in html
    assert f'href="{url}"' in client.get(reverse("catalog:budget", args=[2090])).content.decode()
