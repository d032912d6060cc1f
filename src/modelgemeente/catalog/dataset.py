"""One edition as an open dataset: a zip with JSON and CSV files, a README and the CC BY 4.0 licence.

`edition_dataset(edition)` is a pure function of the edition in the database (and the salary table and
licence text it refers to): two builds give the same bytes, so the zip can be cached and checksummed.
The files, their columns and the conventions are described in docs/open-data.md and, for the people who
download it, in the README.md inside the zip, which is generated from `TABLES` below.

Money is computed only by the budget engine: the model budget files arrange `model_report`'s result.
"""

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from modelgemeente import refdata
from modelgemeente.budget.money import round_euro
from modelgemeente.core.enums import CapacityType, Category, Driver, LineKind, ProvenanceType
from modelgemeente.exports.workbook import formula_like

from .budget_input import model_report, scale_costs
from .models import BudgetLine, Development, Edition

# Raise when the files or their columns change: it is in edition.json and in the cache key.
FORMAT_VERSION = "1.0"

LICENCE_ID = "CC-BY-4.0"
LICENCE_NAME = "Creative Commons Naamsvermelding 4.0 Internationaal (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_URL_NL = "https://creativecommons.org/licenses/by/4.0/deed.nl"
LICENCE_TEXT = "LICENSES/CC-BY-4.0.txt"  # under settings.CONTENT_DIR: the official legal code, stored once

LIST_SEPARATOR = "|"  # between the values of a list in a CSV cell (ids and GEMMA names have none)
CSV_QUOTE = "'"  # before text that a spreadsheet would take for a formula (CSV only)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, integer, decimal, boolean, date, list
    meaning: str  # Dutch, for the README


@dataclass(frozen=True)
class Table:
    name: str
    title: str  # Dutch
    columns: tuple[Column, ...]


def _c(name, type_, meaning):
    return Column(name, type_, meaning)


def _codes(enum) -> str:
    with translation.override("nl"):
        return ", ".join(f"`{value}` ({label})" for value, label in enum.choices)


def _tables() -> tuple[Table, ...]:
    return (
        Table(
            "domains",
            "Domeinen",
            (
                _c("id", "string", "id van het domein (stabiel)"),
                _c("name", "string", "naam"),
                _c("description", "string", "omschrijving"),
                _c("order", "integer", "volgorde in de editie"),
            ),
        ),
        Table(
            "opgaven",
            "Bestuurlijke opgaven (de kapstok)",
            (
                _c("id", "string", "id van de opgave (stabiel)"),
                _c("name", "string", "naam"),
                _c("description", "string", "omschrijving"),
                _c("order", "integer", "volgorde in de editie"),
            ),
        ),
        Table(
            "laws",
            "Wetten",
            (
                _c("id", "string", "id van de wet (stabiel)"),
                _c("name", "string", "naam"),
                _c("status", "string", "`in_force` (in werking) of `expected` (verwacht)"),
                _c("in_force", "date", "datum van inwerkingtreding (JJJJ-MM-DD), leeg als die nog niet vaststaat"),
                _c("status_note", "string", "toelichting op de status"),
                _c("summary", "string", "samenvatting"),
                _c("url", "string", "vindplaats"),
            ),
        ),
        Table(
            "developments",
            "Ontwikkelingen",
            (
                _c("id", "string", "id van de ontwikkeling (stabiel over edities)"),
                _c("domain_id", "string", "id van het domein (domains.id)"),
                _c("order", "integer", "volgorde binnen het domein"),
                _c("title", "string", "titel"),
                _c("summary", "string", "samenvatting"),
                _c("horizon_from", "integer", "eerste jaar waarin de ontwikkeling vooral speelt"),
                _c("horizon_to", "integer", "laatste jaar waarin de ontwikkeling vooral speelt"),
                _c("capacity_type", "string", _codes(CapacityType)),
                _c("law_ids", "list", "ids van de wetten (laws.id)"),
                _c("opgave_ids", "list", "ids van de opgaven (opgaven.id)"),
                _c("related_ids", "list", "ids van verwante ontwikkelingen (developments.id)"),
                _c("gemma_components", "list", "GEMMA-referentiecomponenten, waar bekend"),
                _c("collective_candidate", "boolean", "kandidaat voor een collectieve voorziening (`true`/`false`)"),
                _c("collective_reason", "string", "waarom wel of niet collectief"),
                _c("body_markdown", "string", "de tekst van de ontwikkeling (Markdown)"),
            ),
        ),
        Table(
            "budget_lines",
            "Begrotingsregels",
            (
                _c("id", "string", "id van de regel in de editie: `<development_id>/<line_id>` (stabiel)"),
                _c("development_id", "string", "id van de ontwikkeling (developments.id)"),
                _c("line_id", "string", "id van de regel binnen de ontwikkeling"),
                _c("domain_id", "string", "id van het domein (domains.id)"),
                _c("order", "integer", "volgorde binnen de ontwikkeling"),
                _c("description", "string", "omschrijving"),
                _c("kind", "string", _codes(LineKind)),
                _c("category", "string", _codes(Category)),
                _c(
                    "amount",
                    "decimal",
                    "bedrag in euro, exclusief btw, in prijzen van het prijspeil van de editie (geldregels; "
                    "leeg bij capaciteitsregels); bij incidentele regels het totaal",
                ),
                _c("hours_per_week", "decimal", "uren per week (capaciteitsregels; leeg bij geldregels)"),
                _c("salary_scale", "integer", "salarisschaal van de salaristabel (capaciteitsregels)"),
                _c("driver", "string", "waarmee de regel schaalt: " + _codes(Driver)),
                _c(
                    "exponent",
                    "decimal",
                    "0 tot 1: 1 = evenredig, 0 = gelijk voor elke gemeente, daartussen schaalvoordeel",
                ),
                _c("offset", "integer", "jaren na het startjaar van de ontwikkeling waarin de regel begint"),
                _c("spread", "integer", "incidentele regels: aantal jaren waarover de regel loopt"),
                _c("provenance_type", "string", _codes(ProvenanceType) + "; `estimate` is een schatting"),
                _c("provenance_text", "string", "de bron, of de onderbouwing van de schatting"),
            ),
        ),
        Table(
            "model_budget",
            "Begroting van de referentiegemeente per regel per jaar",
            (
                _c("budget_line_id", "string", "id van de regel (budget_lines.id)"),
                _c("development_id", "string", "id van de ontwikkeling"),
                _c("domain_id", "string", "id van het domein"),
                _c("kind", "string", "soort regel (zie budget_lines.kind)"),
                _c("category", "string", "categorie (zie budget_lines.category)"),
                _c("year", "integer", "begrotingsjaar"),
                _c("amount", "decimal", "bedrag in euro in dat jaar, geïndexeerd, exclusief btw, op centen afgerond"),
                _c("fte", "decimal", "capaciteit in fte in dat jaar (capaciteitsregels), op 2 decimalen"),
                _c("explanation", "string", "de berekening van het bedrag, zoals de rekenkern die uitlegt"),
            ),
        ),
        Table(
            "model_budget_totals",
            "Totalen van de begroting van de referentiegemeente per jaar",
            (
                _c("year", "integer", "begrotingsjaar"),
                _c("incidental", "decimal", "totaal incidentele regels in euro"),
                _c("structural", "decimal", "totaal structurele regels in euro"),
                _c("total", "decimal", "totaal in euro (uit de onafgeronde bedragen, daarna op centen afgerond)"),
                _c("fte", "decimal", "capaciteit in fte"),
            ),
        ),
    )


TABLE_NAMES = ("domains", "opgaven", "laws", "developments", "budget_lines", "model_budget", "model_budget_totals")


def file_names() -> list[str]:
    """Every file in the zip, sorted (the order in the zip)."""
    names = ["LICENSE.txt", "README.md", "edition.json"]
    names += [f"{table}.{ext}" for table in TABLE_NAMES for ext in ("csv", "json")]
    return sorted(names)


# Values ----------------------------------------------------------------------------------------------


def _cents(value) -> Decimal:
    return round_euro(value, 2)


def _places(value, places: int) -> Decimal | None:
    """A stored decimal with the places of its model field, so "5000" and "5000.00" read the same."""
    return None if value is None else Decimal(value).quantize(Decimal(1).scaleb(-places))


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")


def json_value(value):
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


def csv_value(value) -> str:
    """A value as CSV text: the same as in JSON, with lists joined by `|`, booleans as true/false, an empty
    cell for null, and text that a spreadsheet would take for a formula prefixed with a single quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _decimal_text(value)  # a number: never neutralised ("-5.00" stays a number)
    if isinstance(value, date):
        return value.isoformat()
    text = LIST_SEPARATOR.join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
    return CSV_QUOTE + text if formula_like(text) else text


# The rows ----------------------------------------------------------------------------------------------


def _by_slug(rows) -> list[str]:
    return sorted(row.slug for row in rows)


def _rows(edition: Edition) -> dict[str, list[dict]]:
    domains = sorted(edition.domains.all(), key=lambda d: (d.order, d.slug))
    domain_rank = {d.pk: i for i, d in enumerate(domains)}
    developments = sorted(
        Development.objects.filter(edition=edition)
        .select_related("domain")
        .prefetch_related("laws", "opgaven", "related"),
        key=lambda d: (domain_rank[d.domain_id], d.order, d.slug),
    )
    dev_rank = {d.pk: i for i, d in enumerate(developments)}
    lines = sorted(
        BudgetLine.objects.filter(development__edition=edition).select_related("development__domain"),
        key=lambda line: (dev_rank[line.development_id], line.order, line.slug),
    )
    laws = sorted(edition.laws.all(), key=lambda law: (law.in_force is None, law.in_force or date.min, law.slug))
    rows = {
        "domains": [{"id": d.slug, "name": d.name, "description": d.description, "order": d.order} for d in domains],
        "opgaven": [
            {"id": o.slug, "name": o.name, "description": o.description, "order": o.order}
            for o in sorted(edition.opgaven.all(), key=lambda o: (o.order, o.slug))
        ],
        "laws": [
            {
                "id": law.slug,
                "name": law.name,
                "status": law.status,
                "in_force": law.in_force,
                "status_note": law.status_note,
                "summary": law.summary,
                "url": law.url,
            }
            for law in laws
        ],
        "developments": [
            {
                "id": d.slug,
                "domain_id": d.domain.slug,
                "order": d.order,
                "title": d.title,
                "summary": d.summary,
                "horizon_from": d.horizon_from,
                "horizon_to": d.horizon_to,
                "capacity_type": d.capacity_type,
                "law_ids": _by_slug(d.laws.all()),
                "opgave_ids": _by_slug(d.opgaven.all()),
                "related_ids": _by_slug(d.related.all()),
                "gemma_components": list(d.gemma_components or []),
                "collective_candidate": d.collective_candidate,
                "collective_reason": d.collective_reason,
                "body_markdown": d.body_markdown,
            }
            for d in developments
        ],
        "budget_lines": [
            {
                "id": f"{line.development.slug}/{line.slug}",
                "development_id": line.development.slug,
                "line_id": line.slug,
                "domain_id": line.development.domain.slug,
                "order": line.order,
                "description": line.description,
                "kind": line.kind,
                "category": line.category,
                "amount": _places(line.amount, 2),
                "hours_per_week": _places(line.hours_per_week, 2),
                "salary_scale": line.salary_scale,
                "driver": line.driver,
                "exponent": _places(line.exponent, 3),
                "offset": line.offset,
                "spread": line.spread,
                "provenance_type": line.provenance_type,
                "provenance_text": line.provenance_text,
            }
            for line in lines
        ],
    }
    return rows | _model_budget_rows(edition)


def _model_budget_rows(edition: Edition) -> dict[str, list[dict]]:
    """The engine's model budget (every development starting in the base year), arranged per line per year."""
    with translation.override("nl"):
        report = model_report(edition)
    years = list(report.years)
    lines = []
    for line in report.lines:
        for year in years:
            cell = line.cells.get(year)
            lines.append(
                {
                    "budget_line_id": line.key,
                    "development_id": line.development,
                    "domain_id": line.domain,
                    "kind": line.kind,
                    "category": line.category,
                    "year": year,
                    "amount": _cents(cell.amount if cell else 0),
                    "fte": _cents(cell.fte if cell else 0),
                    "explanation": cell.explanation if cell else "",
                }
            )
    summary = {row.key: row for row in report.summary}
    totals = [
        {
            "year": year,
            "incidental": _cents(summary[LineKind.INCIDENTAL.value].amount_in(year)),
            "structural": _cents(summary[LineKind.STRUCTURAL.value].amount_in(year)),
            "total": _cents(summary["total"].amount_in(year)),
            "fte": _cents(report.fte.amount_in(year)),
        }
        for year in years
    ]
    return {"model_budget": lines, "model_budget_totals": totals}


# The files -------------------------------------------------------------------------------------------


def dataset_date(edition: Edition) -> date:
    """The date of the dataset: the edition's publication date, or for a draft the day it was loaded.
    Not the moment of the download, so that the same edition always gives the same bytes."""
    return edition.published_on or edition.loaded_at.date()


def attribution(edition: Edition) -> tuple[str, str]:
    """The suggested attribution of content/LICENSE.md, in Dutch and in English."""
    return (
        f"Open Modelgemeente, editie {edition.year}, door de bijdragers aan Open Modelgemeente, "
        f"CC BY 4.0 ({LICENCE_URL_NL}). Bewerkt door: <uw organisatie> (als u iets heeft veranderd).",
        f"Open Modelgemeente, edition {edition.year}, by the contributors to Open Modelgemeente, "
        f"licensed under CC BY 4.0 ({LICENCE_URL}). Changed by: <your organisation> (if you changed it).",
    )


def _salary_table(edition: Edition) -> dict:
    table = refdata.salary_table(edition.salary_table)
    source = table.get("source", {})
    return {
        "id": edition.salary_table,
        "title": table.get("title", ""),
        "status": table.get("status", ""),
        "source": {"name": source.get("name", ""), "date": source.get("date"), "url": source.get("url", "")},
        "scales": [
            {"scale": cost.scale, "annual_cost_per_fte": _cents(cost.annual_cost)}
            for cost in scale_costs(edition).values()
        ],
    }


def _edition_json(edition: Edition, rows: dict) -> dict:
    years = [row["year"] for row in rows["model_budget_totals"]]
    nl, en = attribution(edition)
    return {
        "dataset": {
            "format_version": FORMAT_VERSION,
            "title": f"Open Modelgemeente, editie {edition.year}: open data",
            "date": dataset_date(edition),
            "files": file_names(),
            "licence": {"id": LICENCE_ID, "name": LICENCE_NAME, "url": LICENCE_URL, "file": "LICENSE.txt"},
            "attribution": {"nl": nl, "en": en},
        },
        "edition": {
            "year": edition.year,
            "release": edition.release_id,
            "release_number": edition.number,
            "title": edition.title,
            "status": edition.status,
            "published_on": edition.published_on,
            "content_hash": edition.content_hash,
            "introduction": edition.introduction,
        },
        "reference_municipality": {
            "name": edition.reference_name,
            "inhabitants": edition.reference_inhabitants,
            "employees": edition.reference_employees,
            "departments": edition.reference_departments,
            "maturity_target": edition.maturity_target,
            "provenance": edition.reference_provenance,
        },
        "assumptions": {
            "base_price_year": edition.base_price_year,
            "vat": "excluded",
            "hours_per_fte": _places(edition.hours_per_fte, 2),
            "wage_index": {
                "percent_per_year": _places(edition.wage_index_percent, 2),
                "applies_to": "capacity lines",
                "provenance": edition.wage_index_provenance,
            },
            "price_index": {
                "percent_per_year": _places(edition.price_index_percent, 2),
                "applies_to": "money lines",
                "provenance": edition.price_index_provenance,
            },
        },
        "salary_table": _salary_table(edition),
        "model_budget": {
            "municipality": "reference_municipality",
            "start_year_of_every_development": years[0] if years else None,
            "years": years,
        },
        "counts": {name: len(rows[name]) for name in TABLE_NAMES},
    }


def _to_json(data) -> bytes:
    def default(value):
        if isinstance(value, Decimal):
            return _decimal_text(value)
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")

    return (json.dumps(data, ensure_ascii=False, indent=2, default=default) + "\n").encode("utf-8")


def _to_csv(table: Table, rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: comma, CRLF, quotes where needed
    writer.writerow([column.name for column in table.columns])
    for row in rows:
        writer.writerow([csv_value(row[column.name]) for column in table.columns])
    return out.getvalue().encode("utf-8")  # UTF-8 without BOM


def licence_text() -> bytes:
    return (Path(settings.CONTENT_DIR) / LICENCE_TEXT).read_bytes()


def edition_files(edition: Edition) -> dict[str, bytes]:
    """Every file of the dataset by name."""
    rows = _rows(edition)
    tables = {table.name: table for table in _tables()}
    files = {"edition.json": _to_json(_edition_json(edition, rows)), "LICENSE.txt": licence_text()}
    for name in TABLE_NAMES:
        files[f"{name}.json"] = _to_json([{k: json_value(v) for k, v in row.items()} for row in rows[name]])
        files[f"{name}.csv"] = _to_csv(tables[name], rows[name])
    files["README.md"] = readme(edition, rows).encode("utf-8")
    return files


def edition_dataset(edition: Edition) -> bytes:
    """The zip: files sorted by name, each with the dataset's date as its time, so the bytes depend only on
    the edition."""
    files = edition_files(edition)
    day = dataset_date(edition)
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the platform that builds it
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def cached_dataset(edition: Edition) -> bytes:
    """The zip from the cache. The key holds what the zip depends on: the content (hash and load time),
    the status and date, and the format version."""
    parts = [
        edition.pk,
        edition.year,
        edition.number,
        edition.content_hash,
        edition.loaded_at,
        edition.status,
        edition.published_on,
    ]
    key = "dataset:" + hashlib.sha256(repr([FORMAT_VERSION, *parts]).encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = edition_dataset(edition)
        cache.set(key, data, timeout=None)
    return data


def download_name(edition: Edition) -> str:
    if edition.is_published:
        return f"modelgemeente-{edition.release_id}-dataset.zip"
    return f"modelgemeente-{edition.year}-concept-dataset.zip"


# The README --------------------------------------------------------------------------------------------


def readme(edition: Edition, rows: dict) -> str:
    day = dataset_date(edition)
    nl, en = attribution(edition)
    totals = rows["model_budget_totals"]
    years = [row["year"] for row in totals]
    span = f"{years[0]}-{years[-1]}" if years else "-"
    n_estimates = sum(1 for row in rows["budget_lines"] if row["provenance_type"] == ProvenanceType.ESTIMATE)
    release = (
        f"release {edition.release_id}, gepubliceerd op {edition.published_on.isoformat()}"
        if edition.is_published
        else "nog niet gepubliceerd (concept)"
    )
    lines = [
        f"# Open Modelgemeente, editie {edition.year}: open data",
        "",
        f"Dit is de inhoud van **{edition.title}** ({release}) als open dataset: de domeinen, opgaven, wetten,",
        "ontwikkelingen en begrotingsregels van de editie, en de meerjarige ICT-begroting van de",
        f"referentiegemeente ({edition.reference_name}: {edition.reference_inhabitants} inwoners, "
        f"{edition.reference_employees} medewerkers, {edition.reference_departments} afdelingen) over {span}.",
        "",
        f"- Bron: Open Modelgemeente, editie {edition.year} ({edition.title}), status `{edition.status}`, {release}.",
        f"- Controlegetal van de inhoud (SHA-256 van de inhoudsbestanden): `{edition.content_hash}`.",
        f"- Datum van deze dataset: {day.isoformat()} ("
        + ("de publicatiedatum van de editie" if edition.published_on else "de dag waarop het concept is geladen")
        + "; voor dezelfde editie is",
        "  het zip-bestand byte voor byte gelijk, zodat u het met een controlegetal kunt vergelijken).",
        f"- Formaatversie: {FORMAT_VERSION}.",
        "",
        "## Licentie en naamsvermelding",
        "",
        f"De inhoud valt onder de licentie **{LICENCE_NAME}**: <{LICENCE_URL_NL}>. De volledige",
        "juridische tekst staat in `LICENSE.txt`. U mag de gegevens delen en bewerken, voor elk doel, ook",
        "commercieel, als u de bron vermeldt, naar de licentie verwijst en aangeeft of u iets heeft veranderd.",
        "Bijvoorbeeld:",
        "",
        "> " + nl.replace("<", "\\<").replace(">", "\\>"),
        "",
        "De referentiegegevens waaruit de salariskosten zijn afgeleid (`edition.json`, `salary_table`) houden",
        "de voorwaarden van hun eigen bron; teksten van anderen waarnaar de inhoud verwijst ook.",
        "",
        "## Schattingen",
        "",
        "Elke begrotingsregel zegt waar het bedrag vandaan komt (`provenance_type`): `source` is overgenomen uit",
        "een genoemde bron, `estimate` is een **schatting** (een aanname van de redactie); `provenance_text`",
        f"geeft de bron of de onderbouwing. In deze editie zijn {n_estimates} van de "
        f"{len(rows['budget_lines'])} regels een schatting.",
        "Bedragen uit schattingen zijn ramingen, geen offertes of gemeten kosten.",
        "",
        "## Bestanden",
        "",
        "Elke tabel staat er twee keer in, met dezelfde rijen en kolommen: als JSON (een lijst van objecten)",
        "en als CSV.",
        "",
        "| bestand | inhoud | rijen |",
        "|---|---|---|",
        "| `edition.json` | de editie: titel, status en publicatiedatum, referentiegemeente, "
        "uitgangspunten (prijspeil, uren per fte, loon- en prijsindex met herkomst), salaristabel (naam, bron, "
        "kosten per fte per schaal), licentie en naamsvermelding | 1 object |",
    ]
    for table in _tables():
        lines.append(f"| `{table.name}.json`, `{table.name}.csv` | {table.title} | {len(rows[table.name])} |")
    lines += [
        "| `README.md` | deze beschrijving | |",
        "| `LICENSE.txt` | de juridische tekst van CC BY 4.0 | |",
        "",
        "## Afspraken",
        "",
        "- **Ids** zijn kleine letters met streepjes en veranderen niet zodra een editie is gepubliceerd;",
        "  een ontwikkeling houdt haar id ook in volgende edities. Een begrotingsregel heeft het id",
        "  `<development_id>/<line_id>`. Verwijzingen tussen bestanden gaan altijd via ids.",
        "- **Bedragen** zijn decimale getallen als tekst met een punt als decimaalteken (`5000.00`), in euro,",
        "  exclusief btw. Bedragen per jaar zijn op centen afgerond; een totaal is berekend uit de onafgeronde",
        "  bedragen en daarna afgerond, dus de som van afgeronde regels kan een cent afwijken van het totaal.",
        "  Alle bedragen komen uit dezelfde rekenkern als de website en de downloads (XLSX, ODS, CSV, PDF).",
        f"- De begroting van de referentiegemeente laat elke ontwikkeling starten in {years[0] if years else '-'};"
        " bedragen",
        f"  zijn geïndexeerd vanaf prijspeil {edition.base_price_year} (loonindex voor capaciteit, prijsindex"
        " voor de rest).",
        "- **Datums** zijn `JJJJ-MM-DD`. Een lege waarde (CSV) of `null` (JSON) betekent: niet van toepassing",
        "  of onbekend.",
        "- **CSV** volgt RFC 4180: UTF-8 zonder BOM, komma als scheidingsteken, regeleinde CRLF, een kopregel,",
        "  aanhalingstekens rond waarden met een komma, aanhalingsteken of regeleinde. Lijsten staan in één cel,",
        f"  gescheiden door `{LIST_SEPARATOR}`; ja/nee als `true`/`false`. Nederlandse Excel verwacht een puntkomma:",
        "  open het bestand daar via *Gegevens > Van tekst/CSV* en kies komma en UTF-8.",
        "- **Formules**: tekst die begint met `=`, `+`, `-`, `@`, een tab of een regeleinde krijgt in de CSV een",
        f"  enkel aanhalingsteken (`{CSV_QUOTE}`) ervoor, zodat een spreadsheet hem niet als formule uitvoert",
        "  (CSV-injectie). In de JSON staat de tekst ongewijzigd. Getallen worden nooit aangepast.",
        "",
        "## Kolommen",
        "",
    ]
    for table in _tables():
        lines += [f"### {table.name}: {table.title}", "", "| kolom | type | betekenis |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.type} | {c.meaning} |" for c in table.columns]
        lines.append("")
    lines += [
        "## English summary",
        "",
        f"The content of Open Modelgemeente edition {edition.year} ({edition.title}) as open data: domains,",
        "opgaven (administrative tasks), laws, developments and budget lines, each as JSON and as CSV with the",
        "same rows and columns, plus the model ICT budget of the reference municipality per line per year and",
        "its yearly totals, computed by the same engine as the website. `edition.json` holds the edition's",
        "metadata and budget assumptions. Ids are stable and link the files; amounts are decimal strings in",
        "euro, excluding VAT, rounded to cents per year. Lines with `provenance_type` `estimate` are editorial",
        "estimates (*schatting*), explained in `provenance_text`. CSV is RFC 4180 (UTF-8, comma, CRLF); text",
        "that a spreadsheet could run as a formula is prefixed with a single quote in the CSV only.",
        f"Licence: CC BY 4.0 ({LICENCE_URL}), legal code in `LICENSE.txt`. Suggested attribution:",
        "",
        "> " + en.replace("<", "\\<").replace(">", "\\>"),
        "",
        f"Dataset date: {day.isoformat()}; content hash `{edition.content_hash}`.",
        "",
    ]
    return "\n".join(lines)
