"""CSV for Dutch Excel: ';' separator, UTF-8 with BOM, decimal comma, amounts in cents precision."""

import csv
import io

from modelgemeente.budget.money import round_euro

from .report import CATEGORY_LABELS, DRIVER_LABELS, KIND_LABELS


def _amount(value) -> str:
    return f"{round_euro(value, 2):f}".replace(".", ",")


def write_csv(report) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    years = list(report.years)
    w.writerow([report.title])
    w.writerow([report.subtitle])
    w.writerow(["Bedragen in euro, exclusief btw, geïndexeerd per jaar; afgerond op centen."])
    w.writerow([])
    w.writerow(["Overzicht", *years, "Totaal"])
    for row in [*report.summary]:
        w.writerow([row.label, *[_amount(v) for v in row.cells(years)], _amount(row.total)])
    w.writerow([report.fte.label, *[f"{round_euro(v, 2):f}".replace(".", ",") for v in report.fte.cells(years)], ""])
    w.writerow([])
    w.writerow(["Per domein", *years, "Totaal"])
    for row in report.by_domain:
        w.writerow([row.label, *[_amount(v) for v in row.cells(years)], _amount(row.total)])
    w.writerow([])
    w.writerow(["Per categorie", *years, "Totaal"])
    for row in report.by_category:
        w.writerow([row.label, *[_amount(v) for v in row.cells(years)], _amount(row.total)])
    w.writerow([])
    w.writerow(["Domein", "Ontwikkeling", "Regel", "Soort", "Categorie", "Omvang", "Schaalt met", "Exponent",
                "Startjaar", *years, "Totaal", "Herkomst", "Toelichting herkomst"])
    for line in report.lines:
        w.writerow([line.domain_name, line.development_title, line.description, KIND_LABELS[line.kind],
                    CATEGORY_LABELS[line.category], line.size_label, DRIVER_LABELS[line.driver],
                    f"{line.exponent.normalize():f}".replace(".", ","), line.start_year + line.offset,
                    *[_amount(line.amount_in(y)) for y in years], _amount(line.total),
                    line.provenance_type, line.provenance_text])
    if report.choices:
        w.writerow([])
        w.writerow(["Domein", "Ontwikkeling", "Opgenomen", "Prioriteit", "Soort", "Startjaar", "Motivering"])
        for c in report.choices:
            w.writerow([c.domain_name, c.title, "ja" if c.included else "nee", c.priority, c.capacity_type,
                        c.start_year, c.motivation])
    w.writerow([])
    w.writerow(["Uitgangspunt", "Waarde", "Herkomst"])
    for a in report.assumptions:
        w.writerow([a.label, a.value, a.provenance])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
