"""CSV for Dutch Excel: ';' separator, UTF-8 with BOM, decimal comma, amounts in cents precision.

Every value goes through `_cell`: numbers are written in Dutch notation, and text that a
spreadsheet would take for a formula gets a leading single quote (see workbook.formula_like).
"""

import csv
import io
from decimal import Decimal

from modelgemeente.budget.money import round_euro
from modelgemeente.core.enums import Category, LineKind, heading

from .workbook import formula_like


def _amount(value) -> Decimal:
    return round_euro(value, 2)


def _cell(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if formula_like(text) else text


def write_csv(report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")

    def row(*values):
        writer.writerow([_cell(v) for v in values])

    years = list(report.years)
    if report.plan:
        _plan_summary(row, report, years)
    row(report.title)
    row(report.subtitle)
    row("Bedragen in euro, exclusief btw, geïndexeerd per jaar; afgerond op centen.")
    row()
    row("Overzicht", *years, "Totaal")
    for r in report.summary:
        row(r.label, *[_amount(v) for v in r.cells(years)], _amount(r.total))
    row(report.fte.label, *[round_euro(v, 2) for v in report.fte.cells(years)], "")
    row()
    row("Per domein", *years, "Totaal")
    for r in report.by_domain:
        row(r.label, *[_amount(v) for v in r.cells(years)], _amount(r.total))
    row()
    row("Per categorie", *years, "Totaal")
    for r in report.by_category:
        row(r.label, *[_amount(v) for v in r.cells(years)], _amount(r.total))
    row()
    row(
        "Domein",
        "Ontwikkeling",
        "Regel",
        "Soort",
        "Categorie",
        "Omvang",
        "Schaalt met",
        "Exponent",
        "Startjaar",
        *years,
        "Totaal",
        "Herkomst",
        "Toelichting herkomst",
    )
    for line in report.lines:
        row(
            line.domain_name,
            line.development_title,
            line.description,
            heading(LineKind(line.kind)),
            heading(Category(line.category)),
            line.size_label,
            line.driver_label,
            line.exponent.normalize(),
            line.start_year + line.offset,
            *[_amount(line.amount_in(y)) for y in years],
            _amount(line.total),
            line.provenance_type,
            line.provenance_text,
        )
    if report.choices:
        row()
        row("Domein", "Ontwikkeling", "Opgenomen", "Prioriteit", "Soort", "Startjaar", "Motivering")
        for c in report.choices:
            row(
                c.domain_name,
                c.title,
                "ja" if c.included else "nee",
                c.priority,
                c.capacity_type,
                c.start_year,
                c.motivation,
            )
    row()
    row("Uitgangspunt", "Waarde", "Herkomst")
    for a in report.assumptions:
        row(a.label, a.value, a.provenance)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _plan_summary(row, report, years) -> None:
    """A plan's summary as the leading block (report.plan): the same facts as the first page of the PDF."""
    summary = report.plan
    row("Samenvatting", summary.plan_title)
    row("Organisatie", summary.organisation)
    row("Release van het model", summary.release_title)
    row("Versie van het plan", summary.version)
    row("Status", summary.status)
    if summary.scenario_name:
        row("Scenario", summary.scenario_name)
    if summary.decision:
        row("Raadsbesluit", summary.decision)
    row("Datum export", summary.export_date)
    row("Profiel", summary.profile)
    row()
    row("Totalen per jaar", *years, "Totaal")
    for r in report.summary:
        row(r.label, *[_amount(v) for v in r.cells(years)], _amount(r.total))
    row(report.fte.label, *[round_euro(v, 2) for v in report.fte.cells(years)], "")
    row()
    row(
        "Belangrijkste aanvragen",
        "Prioriteit",
        "Vanaf",
        f"Incidenteel {years[0]}-{years[-1]}",
        f"Structureel {years[-1]}",
        f"Totaal {years[0]}-{years[-1]}",
    )
    for r in summary.top_requests:
        row(
            r.title, r.priority, r.start_year, _amount(r.incidental_total), _amount(r.structural_last), _amount(r.total)
        )
    if summary.other_requests:
        row(f"En {summary.other_requests} andere aanvragen", "", "", "", "", _amount(summary.other_total))
    row()
    change = summary.change
    row("Wijziging ten opzichte van de vorige versie")
    if change is None:
        row("Er is nog geen wijziging vastgelegd.")
    else:
        row(f"Versie {change.version} ({change.when})", change.headline)
        for fact in change.facts:
            row("", fact)
        if change.more_facts:
            row("", f"en {change.more_facts} andere wijzigingen")
        if change.difference is None:
            row(change.note)
        else:
            row(f"Totalen na minus vóór deze wijziging (versie {change.previous_version})")
            row("Jaar", heading(LineKind.INCIDENTAL), heading(LineKind.STRUCTURAL), "Totaal", "fte")
            for year, d in change.by_year():
                row(
                    year,
                    _amount(d["incidental"]),
                    _amount(d["structural"]),
                    _amount(d["total"]),
                    round_euro(d["fte"], 2),
                )
    row()
