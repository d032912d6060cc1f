"""The hours report of a community year: per participating organisation the declared hours against
the hours recorded, and its CSV (Dutch Excel) and XLSX exports (docs/community.md).

Recorded hours come from three sources, each counted once:
- sessions attended: the duration of every session of the year (not cancelled) that a person of the
  organisation attended (Registration.attended, recorded by the session lead);
- reviews done: the hours of the reviews written in the year by people with a role in the
  organisation's participation of that year;
- proposals made: the estimated hours of the organisation's proposals of the year (not hidden).
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from modelgemeente.exports.workbook import formula_like

from .models import Participant, Participation, Proposal, Registration, Review

ONE_DECIMAL = Decimal("0.1")
MINUTES_PER_HOUR = Decimal(60)


@dataclass
class HoursRow:
    participation: Participation
    declared: int
    sessions: Decimal
    reviews: Decimal
    proposals: Decimal

    @property
    def organisation(self):
        return self.participation.organisation

    @property
    def recorded(self) -> Decimal:
        return self.sessions + self.reviews + self.proposals

    @property
    def remaining(self) -> Decimal:
        """Hours still to go to the commitment (0 once reached)."""
        return max(Decimal(self.declared) - self.recorded, Decimal(0))

    @property
    def percentage(self) -> int:
        return int((self.recorded / self.declared * 100).to_integral_value()) if self.declared else 0


def _hours(value) -> Decimal:
    return Decimal(value or 0).quantize(ONE_DECIMAL)


def hours_rows(year: int, participations) -> list[HoursRow]:
    """One row per participation (of `year`), in the order given."""
    rows = []
    for participation in participations:
        org = participation.organisation
        minutes = Registration.objects.filter(
            organisation=org, attended=True, session__year=year, session__cancelled_at__isnull=True
        ).aggregate(total=Sum("session__duration_minutes"))["total"]
        people = Participant.objects.filter(participation=participation).values("user")
        reviews = Review.objects.filter(reviewer__in=people, at__year=year).aggregate(total=Sum("hours"))["total"]
        proposals = Proposal.objects.filter(organisation=org, created_at__year=year, hidden_at__isnull=True).aggregate(
            total=Sum("estimated_hours")
        )["total"]
        rows.append(
            HoursRow(
                participation=participation,
                declared=participation.committed_hours,
                sessions=_hours(Decimal(minutes or 0) / MINUTES_PER_HOUR),
                reviews=_hours(reviews),
                proposals=_hours(proposals),
            )
        )
    return rows


def headers() -> list[str]:
    return [
        _("Organisatie"),
        _("Toegezegde uren"),
        _("Sessies bijgewoond (uren)"),
        _("Beoordelingen (uren)"),
        _("Voorstellen (uren)"),
        _("Vastgelegde uren"),
        _("Nog te gaan (uren)"),
    ]


def _values(row: HoursRow) -> list:
    return [
        row.organisation.name,
        row.declared,
        row.sessions,
        row.reviews,
        row.proposals,
        row.recorded,
        row.remaining,
    ]


def _csv_cell(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if formula_like(text) else text


def write_csv(year: int, rows: list[HoursRow]) -> bytes:
    """CSV for Dutch Excel (exports/csv_export.py): ';', UTF-8 with BOM, decimal comma, and text that a
    spreadsheet would take for a formula gets a leading quote."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(_("Urenoverzicht gemeenschap %(year)s") % {"year": year})])
    writer.writerow([])
    writer.writerow([_csv_cell(h) for h in headers()])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in _values(row)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(year: int, rows: list[HoursRow]) -> bytes:
    """The same table as an XLSX workbook, styled like the budget export (exports/xlsx.py); text a user
    typed (an organisation's name) is always a string cell."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title = _("Urenoverzicht gemeenschap %(year)s") % {"year": year}
    book.set_properties({"title": title, "author": "Open Modelgemeente"})
    bold = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bg_color": "#DCE6F1", "bottom": 1, "text_wrap": True, "valign": "top"})
    text = book.add_format({"valign": "top"})
    quoted = book.add_format({"valign": "top", "quote_prefix": True})
    hours = book.add_format({"num_format": "0.0", "valign": "top"})
    ws = book.add_worksheet(_("Uren"))
    ws.set_column(0, 0, 36)
    ws.set_column(1, 6, 14)
    ws.write_string(0, 0, title, bold)
    for c, h in enumerate(headers()):
        ws.write_string(2, c, h, header)
    ws.freeze_panes(3, 1)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(_values(row)):
            if isinstance(value, (int, Decimal)):
                ws.write_number(r, c, float(value), hours if isinstance(value, Decimal) else text)
            else:
                ws.write_string(r, c, str(value), quoted if formula_like(str(value)) else text)
    book.close()
    return buffer.getvalue()
