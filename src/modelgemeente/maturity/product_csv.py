"""CSV files of product digitalisation, for Dutch Excel (as exports/csv_export.py): ';' separator, UTF-8 with BOM,
decimal comma, and text that a spreadsheet would take for a formula gets a leading quote.

- `list_csv()`: the public product list with the basis and note of every figure;
- `template_csv(rows)`: a measurement's entry template, one line per product, prefilled with the saved values;
- `read_table(data)`: a filled template read back into cells per line, or CsvImportErrors when the file itself
  cannot be read (size, encoding, separator, header). Checking the values is the service's work
  (services/digitalisation.py), so the page and the file are checked by the same rules.
"""

import csv
import io
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from modelgemeente.core.enums import Audience, Authentication, Basis
from modelgemeente.exports.workbook import FORMULA_TRIGGERS, formula_like

from . import productlist

MAX_BYTES = 1_000_000  # 1 MB: a template of a few hundred products is far smaller
# The template's columns, in order. The first is the key; "product", "doelgroep" and "inlog_nodig" are there to
# read along and are ignored on import; the last four are what the organisation fills in.
COLUMNS = (
    "product_id",
    "product",
    "doelgroep",
    "inlog_nodig",
    "aantal_per_jaar",
    "herkomst_aantal",
    "digitaal_niveau",
    "inlog_nu",
)
REQUIRED = ("product_id", "aantal_per_jaar", "herkomst_aantal", "digitaal_niveau", "inlog_nu")
SEPARATORS = (";", ",", "\t")  # Dutch Excel writes ';', an English one ',', a copy from a sheet tabs
MAX_MESSAGES = 50


class CsvImportErrors(Exception):
    """The file is not imported: `errors` lists (line, column, Dutch message); line 0 is the file as a whole."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{line} {column}: {message}" for line, column, message in self.errors))


def cell(value) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    text = "" if value is None else str(value)
    return "'" + text if formula_like(text) else text


def _write(lines) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for values in lines:
        writer.writerow([cell(v) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def label(enum, value) -> str:
    """The label of an enum value in the active language; a value the enum does not know as it is."""
    return str(enum(value).label) if value in enum.values else value


# The product list -------------------------------------------------------------------------------------------


@translation.override("nl")  # downloads are Dutch documents, whatever the interface language
def list_csv() -> bytes:
    """The product list as shown on /producten/, every figure with its basis (bron, aanname, schatting)."""
    found = productlist.product_list()
    header = [
        "product_id",
        _("Product"),
        _("UPL-naam"),
        _("UPL-URI"),
        _("Doelgroep"),
        _("Inlog nodig"),
        _("Herkomst inlog"),
        _("Toelichting inlog"),
        _("Aanvragen per 1.000 inwoners per jaar"),
        _("Herkomst aantal"),
        _("Toelichting aantal"),
        _("In VNG-meting 2018"),
    ]
    lines = [[found.title], [found.source_label() + ", " + found.source["licence"]], [], header]
    for p in found.products:
        lines.append(
            [
                p.id,
                p.name,
                p.upl_name,
                p.upl_uri,
                label(Audience, p.audience),
                label(Authentication, p.auth_level),
                label(Basis, p.auth_basis),
                p.auth_note,
                p.volume_per_1000,
                label(Basis, p.volume_basis),
                p.volume_note,
                _("ja") if p.vng_2018 else _("nee"),
            ]
        )
    return _write(lines)


# The template of a measurement ------------------------------------------------------------------------------


@translation.override("nl")
def template_csv(rows, sources: dict[str, str]) -> bytes:
    """One line per product (readings.product_rows): the saved own volume (empty: the list's estimate is used),
    its source ({product id: text}), the digital level 0-5 (empty: not assessed) and the login offered now (an
    Authentication value)."""
    lines = [COLUMNS]
    for row in rows:
        product = row.product
        score_volume = None if row.volume_estimated else int(row.volume)
        lines.append(
            [
                row.product_id,
                product.name if product else _("(niet meer in de productlijst)"),
                label(Audience, product.audience) if product else "",
                product.auth_level if product else "",
                score_volume,
                sources.get(row.product_id, ""),
                row.level,
                row.offered,
            ]
        )
    return _write(lines)


# Reading a filled template ----------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvImportErrors([(0, "", _encoding_message())])
    if b"\x00" in data:
        raise CsvImportErrors([(0, "", _("Dit is geen tekstbestand. Kies het ingevulde CSV-sjabloon."))])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Dutch Excel's "CSV (gescheiden door lijstscheidingsteken)" is Windows-1252.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise CsvImportErrors([(0, "", _encoding_message())]) from None


def _encoding_message() -> str:
    return _(
        "De tekens in het bestand zijn niet te lezen. Sla het in Excel op als "
        "'CSV UTF-8 (door lijstscheidingsteken gescheiden)' en probeer het opnieuw."
    )


def _header_message() -> str:
    return _(
        "De eerste regel moet de kolomnamen van het sjabloon bevatten (%(columns)s), gescheiden door puntkomma's. "
        "Download het sjabloon opnieuw en vul dat in."
    ) % {"columns": ";".join(COLUMNS)}


def _names(text: str, separator: str) -> list[str]:
    first = next(csv.reader([text.split("\n", 1)[0]], delimiter=separator), [])
    return [name.strip().lower() for name in first]


def _separator(text: str) -> str:
    for separator in SEPARATORS:
        if set(REQUIRED) <= set(_names(text, separator)):
            return separator
    raise CsvImportErrors([(1, "", _header_message())])


def unquote(text: str) -> str:
    """A value as typed: the template writes a leading quote before text a spreadsheet could take for a formula."""
    text = text.strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def read_table(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The filled template as (line number, {column: text}) for every line with a product id or a value; blank
    lines are skipped. Raises CsvImportErrors when the file is too large, unreadable, has no template header,
    or repeats a column."""
    if len(data) > MAX_BYTES:
        raise CsvImportErrors([(0, "", _("Het bestand is groter dan 1 MB; het sjabloon is veel kleiner."))])
    if not data.strip():
        raise CsvImportErrors([(0, "", _("Het bestand is leeg."))])
    text = _decode(data).removeprefix("\u00ef\u00bb\u00bf").replace("\r\n", "\n").replace("\r", "\n")
    try:
        separator = _separator(text)
        names = _names(text, separator)
    except csv.Error:  # a header cell longer than the csv module reads (128 kB)
        raise CsvImportErrors([(1, "", _header_message())]) from None
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        raise CsvImportErrors([(1, name, _("Deze kolom staat er twee keer in.")) for name in repeated])
    # strict: a quote that is never closed is an error, not a cell that swallows the rest of the file
    reader = csv.reader(io.StringIO(text), delimiter=separator, strict=True)
    lines = []
    try:
        next(reader)
        for values in reader:
            cells = {name: unquote(value) for name, value in zip(names, values, strict=False) if name in COLUMNS}
            if any(cells.values()):
                lines.append((reader.line_num, cells))
    except csv.Error:
        raise CsvImportErrors([(reader.line_num, "", _("Deze regel is niet te lezen als CSV."))]) from None
    if not lines:
        raise CsvImportErrors([(0, "", _("Het bestand bevat geen producten onder de kopregel."))])
    return lines
