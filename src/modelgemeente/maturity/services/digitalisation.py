"""Product digitalisation measurements (docs/maturity-method.md): start a measurement of a year, save the digital
level, own volume and login per product (from the page, the API or a filled CSV template), and change the
inhabitants the list's estimates are computed for.

Every change is checked here, whatever it comes from, and saved through history.save_versioned: refused when
someone else saved in between, recorded as a MaturityChange with the changed facts, all or nothing.
"""

from dataclasses import dataclass

from django.db import IntegrityError
from django.utils.translation import gettext as _

from modelgemeente import refdata
from modelgemeente.budget.money import fmt_num
from modelgemeente.core.enums import Authentication, DigitalLevel
from modelgemeente.core.numbers import MESSAGES, DutchNumberError, parse_dutch_number
from modelgemeente.plans.models import TEXT_LIMIT

from .. import measures, product_csv, productlist, readings
from ..models import ProductMeasurement, ProductScore
from .history import save_versioned

__all__ = [
    "MeasurementError",
    "CsvImportErrors",
    "ImportResult",
    "cbs_inhabitants",
    "start_measurement",
    "save_scores",
    "csv_template",
    "import_csv",
    "update_measurement",
    "audience_results",
    "mismatch_text",
]

CsvImportErrors = product_csv.CsvImportErrors
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_INHABITANTS = 20_000_000
MAX_VOLUME = 100_000_000
MAX_VERSION = 2**31 - 1  # the largest value of a PositiveIntegerField in every database
SOURCE_LIMIT = ProductScore._meta.get_field("volume_source").max_length
FIELDS = ("level", "volume", "volume_source", "offered_authentication")
EMPTY = {"level": None, "volume": None, "volume_source": "", "offered_authentication": ""}


class MeasurementError(Exception):
    """Input the measurement cannot take, with a Dutch message; nothing is saved."""


@dataclass(frozen=True)
class ImportResult:
    changed: int  # products whose score changed
    unchanged: int  # lines of the file that changed nothing


# Checking values (the page, the API and the CSV file go through these) ---------------------------------------


def check_text(value, limit: int, what: str, single_line: bool = False) -> str:
    if not isinstance(value, str):
        raise MeasurementError(_("%(what)s moet tekst zijn.") % {"what": what})
    if "\x00" in value:
        raise MeasurementError(_("%(what)s bevat een ongeldig teken.") % {"what": what})
    value = " ".join(value.split()) if single_line else value.strip()
    if len(value) > limit:
        raise MeasurementError(
            _("%(what)s is te lang: hoogstens %(limit)s tekens.") % {"what": what, "limit": fmt_num(limit)}
        )
    return value


def check_level(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise MeasurementError(_("Het digitaal niveau is een getal van 0 tot en met 5, of leeg (niet beoordeeld)."))
    if value not in DigitalLevel.values:
        raise MeasurementError(
            _("Digitaal niveau %(value)s bestaat niet: kies 0 tot en met 5, of laat het leeg (niet beoordeeld).")
            % {"value": value}
        )
    return value


def check_volume(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise MeasurementError(_("Het aantal per jaar is een geheel getal, of leeg (dan geldt de schatting)."))
    if value < 0:
        raise MeasurementError(_("Het aantal per jaar kan niet negatief zijn."))
    if value > MAX_VOLUME:
        raise MeasurementError(
            _("Het aantal per jaar is hoogstens %(max)s; controleer het getal.") % {"max": fmt_num(MAX_VOLUME)}
        )
    return value


def check_offered(value) -> str:
    if value is None or value == "":
        return ""
    if value not in Authentication.values:
        raise MeasurementError(
            _("Inlog '%(value)s' bestaat niet; kies een van: %(options)s, of laat het leeg.")
            % {"value": str(value)[:40], "options": ", ".join(Authentication.values)}
        )
    return value


def check_inhabitants(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise MeasurementError(_("Het aantal inwoners is een geheel getal."))
    if not 1 <= value <= MAX_INHABITANTS:
        raise MeasurementError(_("Het aantal inwoners ligt tussen 1 en %(max)s.") % {"max": fmt_num(MAX_INHABITANTS)})
    return value


def check_version(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_VERSION:
        raise MeasurementError(_("De versie ontbreekt of is ongeldig; laad de meting opnieuw."))
    return value


CHECKS = {
    "level": check_level,
    "volume": check_volume,
    "volume_source": lambda value: check_text(value, SOURCE_LIMIT, _("De herkomst van het aantal"), single_line=True),
    "offered_authentication": check_offered,
}


def _check_row(values, current: dict) -> dict:
    """A row's values, checked; a field left out keeps its current value."""
    if not isinstance(values, dict):
        raise MeasurementError(_("Geef per product het niveau, het aantal, de herkomst en de inlog."))
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise MeasurementError(_("Onbekend veld: %(field)s.") % {"field": str(unknown[0])[:40]})
    return {name: CHECKS[name](values[name]) if name in values else current[name] for name in FIELDS}


def _known(product_id, scored) -> bool:
    return isinstance(product_id, str) and (product_id in scored or productlist.product(product_id) is not None)


def _unknown_product(product_id) -> MeasurementError:
    return MeasurementError(_("Product '%(id)s' staat niet in de productlijst.") % {"id": str(product_id)[:80]})


# Starting and changing a measurement ------------------------------------------------------------------------


def cbs_inhabitants(organisation) -> tuple[int | None, str]:
    """The inhabitants of the organisation's municipalities in the CBS list, with the source text; (None, "")
    when it has no municipality or the list lacks a figure for one of them."""
    found = [refdata.municipality(code) for code in organisation.municipality_codes or []]
    if not found or any(m is None or not m.get("inhabitants") for m in found):
        return None, ""
    names = ", ".join(m["name"] for m in found)
    total = sum(m["inhabitants"] for m in found)
    return total, f"{names}: {refdata.municipality_source()}"


def _check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise MeasurementError(_("Kies een jaar van %(min)s tot en met %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR})
    return year


def _inhabitants_with_source(organisation, inhabitants, source: str) -> tuple[int, str]:
    cbs, cbs_source = cbs_inhabitants(organisation)
    source = check_text(source or "", TEXT_LIMIT, _("De herkomst van het inwonertal"))
    if inhabitants is None:
        if cbs is None:
            raise MeasurementError(
                _("Vul het aantal inwoners in: de organisatie heeft geen gemeente met een inwonertal in de CBS-lijst.")
            )
        return cbs, source or cbs_source
    inhabitants = check_inhabitants(inhabitants)
    if inhabitants != cbs and source == cbs_source:
        source = ""  # the CBS source prefilled on the form is not the source of another number
    if not source:
        source = cbs_source if inhabitants == cbs else _("opgegeven door de gemeente")
    return inhabitants, source


def start_measurement(
    organisation, year, user, inhabitants: int | None = None, inhabitants_source: str = ""
) -> ProductMeasurement:
    """A new, empty measurement of `year` (one per organisation per year). Without inhabitants: those of the
    organisation's municipalities in the CBS list, with the CBS source; an organisation without them must give
    the number. A typed number without a source is 'opgegeven door de gemeente'."""
    year = _check_year(year)
    inhabitants, source = _inhabitants_with_source(organisation, inhabitants, inhabitants_source)
    exists = _("Voor %(year)s is er al een meting; open die om verder te gaan.") % {"year": year}
    if ProductMeasurement.objects.filter(organisation=organisation, year=year).exists():
        raise MeasurementError(exists)
    measurement = ProductMeasurement(
        organisation=organisation, year=year, inhabitants=inhabitants, inhabitants_source=source, created_by=user
    )
    details = [{"field": "inhabitants", "to": inhabitants}, {"field": "inhabitants_source", "to": source}]
    try:
        save_versioned(
            measurement,
            None,
            user,
            _("Meting productdigitalisering %(year)s begonnen") % {"year": year},
            details,
            measurement.save,
        )
    except IntegrityError:
        raise MeasurementError(exists) from None
    return measurement


def update_measurement(
    measurement, user, expected_version, inhabitants, inhabitants_source, note
) -> ProductMeasurement:
    """Change the inhabitants (the estimates follow), their source and the note."""
    check_version(expected_version)
    inhabitants = check_inhabitants(inhabitants)
    source = check_text(inhabitants_source or "", TEXT_LIMIT, _("De herkomst van het inwonertal"))
    if not source:
        raise MeasurementError(_("Vermeld waar het aantal inwoners vandaan komt."))
    note = check_text(note or "", TEXT_LIMIT, _("De toelichting"))
    new = {"inhabitants": inhabitants, "inhabitants_source": source, "note": note}
    details = [
        {"field": name, "from": getattr(measurement, name), "to": value}
        for name, value in new.items()
        if getattr(measurement, name) != value
    ]
    if not details:
        return measurement

    def apply():
        for name, value in new.items():
            setattr(measurement, name, value)
        measurement.save()

    save_versioned(measurement, expected_version, user, _("Gegevens van de meting gewijzigd"), details, apply)
    return measurement


# Saving scores ------------------------------------------------------------------------------------------------


def _current(measurement) -> dict[str, dict]:
    return {
        s.product: {name: getattr(s, name) for name in FIELDS}
        for s in ProductScore.objects.filter(measurement=measurement)
    }


def _save(measurement, user, expected_version, new: dict[str, dict], current: dict[str, dict], how: str) -> int:
    """Store the rows that differ from the saved ones; returns how many products changed."""
    details, changed = [], {}
    for product_id, values in new.items():
        before = current.get(product_id, EMPTY)
        diff = [
            {"product": product_id, "field": name, "from": before[name], "to": values[name]}
            for name in FIELDS
            if before[name] != values[name]
        ]
        if diff:
            changed[product_id] = values
            details.extend(diff)
    if not changed:
        return 0

    def apply():
        for product_id, values in changed.items():
            if values == EMPTY:
                ProductScore.objects.filter(measurement=measurement, product=product_id).delete()
            else:
                ProductScore.objects.update_or_create(measurement=measurement, product=product_id, defaults=values)

    summary = _("Scores van %(count)s product(en) gewijzigd (%(how)s)") % {"count": len(changed), "how": how}
    save_versioned(measurement, expected_version, user, summary, details, apply)
    return len(changed)


def save_scores(measurement, user, expected_version, rows: dict[str, dict]) -> ProductMeasurement:
    """Save {product id: {"level", "volume", "volume_source", "offered_authentication"}}: level 0-5 or None (not
    assessed), the own yearly volume or None (the list's estimate), its source, the login offered now ('' when not
    given). A field left out keeps its value; a product with everything empty has no score. Products not in `rows`
    are not touched. An unknown product (not in the list and not scored before) is refused."""
    check_version(expected_version)
    if not isinstance(rows, dict):
        raise MeasurementError(_("Geef de scores per product."))
    current = _current(measurement)
    new = {}
    for product_id, values in rows.items():
        if not _known(product_id, current):
            raise _unknown_product(product_id)
        try:
            new[product_id] = _check_row(values, current.get(product_id, EMPTY))
        except MeasurementError as error:
            name = productlist.product(product_id)
            raise MeasurementError(f"{name.name if name else product_id}: {error}") from None
    _save(measurement, user, expected_version, new, current, _("formulier"))
    return measurement


# The CSV template ---------------------------------------------------------------------------------------------


def csv_template(measurement) -> bytes:
    """The entry template of the measurement (product_csv.COLUMNS), prefilled with the saved values."""
    sources = dict(ProductScore.objects.filter(measurement=measurement).values_list("product", "volume_source"))
    return product_csv.template_csv(readings.product_rows(measurement), sources)


def _cell_number(text: str):
    if not text:
        return None
    try:
        number = parse_dutch_number(text, decimals_allowed=False)
    except DutchNumberError as error:
        if error.code == "invalid":
            raise MeasurementError(_("'%(text)s' is geen getal.") % {"text": text[:40]}) from None
        raise MeasurementError(_(MESSAGES[error.code])) from None
    return int(number)


def _cell_offered(text: str) -> str:
    lowered = text.lower()
    for value, label in Authentication.choices:
        if lowered in (value, str(label).lower()):
            return value
    return check_offered(text)


CELLS = {
    "digitaal_niveau": ("level", lambda text: check_level(_cell_number(text))),
    "aantal_per_jaar": ("volume", lambda text: check_volume(_cell_number(text))),
    "herkomst_aantal": ("volume_source", CHECKS["volume_source"]),
    "inlog_nu": ("offered_authentication", _cell_offered),
}


def _read_line(line, cells, scored, seen, errors) -> tuple[str, dict] | None:
    product_id = cells.get("product_id", "")
    if not product_id:
        errors.append((line, "product_id", _("Het product_id ontbreekt.")))
        return None
    if not _known(product_id, scored):
        errors.append(
            (line, "product_id", _("Product '%(id)s' staat niet in de productlijst.") % {"id": product_id[:80]})
        )
        return None
    if product_id in seen:
        errors.append((line, "product_id", _("Dit product staat al op regel %(line)s.") % {"line": seen[product_id]}))
        return None
    seen[product_id] = line
    values = {}
    for column, (name, read) in CELLS.items():
        try:
            values[name] = read(cells.get(column, ""))
        except MeasurementError as error:
            errors.append((line, column, str(error)))
    return product_id, values


def import_csv(measurement, user, expected_version, data: bytes) -> ImportResult:
    """Import a filled template: every line is checked first; any problem gives CsvImportErrors with (line,
    column, Dutch message) for all of them and nothing changes. An empty cell means: not assessed, the
    estimate, no source, no login given. Products not in the file are not touched."""
    check_version(expected_version)
    table = product_csv.read_table(data)
    current = _current(measurement)
    errors, seen, new = [], {}, {}
    for line, cells in table:
        found = _read_line(line, cells, current, seen, errors)
        if found and len(found[1]) == len(FIELDS):
            new[found[0]] = found[1]
    if errors:
        shown = errors[: product_csv.MAX_MESSAGES]
        if len(errors) > len(shown):
            shown.append((0, "", _("En nog %(count)s fouten.") % {"count": len(errors) - len(shown)}))
        raise CsvImportErrors(shown)
    changed = _save(measurement, user, expected_version, new, current, _("CSV-bestand"))
    return ImportResult(changed=changed, unchanged=len(new) - changed)


# Reading a result (pages and API) -----------------------------------------------------------------------------


def audience_results(rows) -> dict[str, measures.Digitalisation]:
    """The digitalisation per audience (inwoners, bedrijven) of readings.product_rows; products that left the
    list have no audience and count only in the overall result."""
    groups: dict[str, list] = {}
    for row in rows:
        if row.product is not None:
            groups.setdefault(row.product.audience, []).append(row.input)
    return {audience: measures.digitalisation(inputs) for audience, inputs in groups.items()}


def mismatch_text(kind: str, needed: str, offered: str) -> str:
    """What is wrong with a product's login, in plain Dutch (measures.MISMATCH_KINDS)."""
    names = {"needed": product_csv.label(Authentication, needed), "offered": product_csv.label(Authentication, offered)}
    if kind == "too_low":
        return _("Vraagt %(offered)s, terwijl %(needed)s nodig is: het betrouwbaarheidsniveau is te laag.") % names
    if kind == "not_needed":
        return _("Vraagt %(offered)s, terwijl voor dit product geen inlog nodig is.") % names
    if kind == "wrong_means" and offered == Authentication.NONE:
        return _("Vraagt geen inlog, terwijl %(needed)s nodig is.") % names
    if kind == "wrong_means":
        return _("Vraagt %(offered)s, terwijl %(needed)s nodig is: het verkeerde inlogmiddel.") % names
    return (
        _("Vraagt %(offered)s, hoger dan nodig (%(needed)s). Dat is veilig, maar maakt het zwaarder dan nodig.") % names
    )
