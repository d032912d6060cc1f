"""Dutch number formats for templates: € 5.000 and 16,5 (see budget.money)."""

from decimal import Decimal
from functools import lru_cache

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from modelgemeente.budget.engine import SCALING_DRIVERS, Words
from modelgemeente.budget.money import fmt_eur, fmt_num
from modelgemeente.budget.salary import ScaleCost
from modelgemeente.core.enums import Driver

register = template.Library()


@register.filter
def euro(value, decimals=0):
    """'€ 5.000': rounded for display only; the value itself stays exact."""
    return "" if value is None or value == "" else fmt_eur(value, int(decimals))


@register.filter
def number(value, decimals=None):
    """16,5 / 1.000 / 0,5: no trailing zeros unless decimals is given."""
    return "" if value is None or value == "" else fmt_num(value, None if decimals is None else int(decimals))


@register.filter
def section_cell(value):
    """A cell of an export section (exports.report.ReportSection): a Decimal with up to one decimal, else as is."""
    return fmt_num(value, 1) if isinstance(value, Decimal) else value


@register.filter
def amount_in(line, year):
    """The amount of a report line in a year (0 when the line does not run that year)."""
    return line.amount_in(year)


@register.filter
def css_string(value):
    """Text for inside a double-quoted CSS string in a <style> element (e.g. a PDF page footer):
    CSS escapes, not JavaScript or HTML ones, since neither is decoded there."""
    text = " ".join(str(value).split())
    for char, escaped in (("\\", "\\5C "), ('"', "\\22 "), ("<", "\\3C "), (">", "\\3E ")):
        text = text.replace(char, escaped)
    return mark_safe(text)


def engine_words() -> Words:
    """The words of the engine's explanations in the active language (the engine itself knows Dutch)."""
    return _engine_words(get_language())


@lru_cache(maxsize=8)
def _engine_words(language: str) -> Words:
    """Once per language and process: `explain` runs for every cell of a page (the translations do not change while
    the process runs)."""
    return Words(
        hours_per_week=_("uur/week"),
        hours_per_fte=_("uur/fte"),
        per_fte=_("per fte"),
        scale=_("schaal"),
        per_year=_("per jaar"),
        once=_("eenmalig"),
        years=pgettext("a number of years to spread an amount over", "jaar"),
        price_level=_("prijspeil"),
        wage_index=_("loonindex"),
        price_index=_("prijsindex"),
        in_year=_("in"),
        drivers={driver: str(Driver(driver).label) for driver in SCALING_DRIVERS},
    )


def salary_words() -> dict:
    """The sentences of a salary derivation in the active language (see budget.salary.SALARY_WORDS_NL)."""
    return {
        "max": _("maximum"),
        "min": _("minimum"),
        "start": _("{point} schaal {scale} per {date}: {amount} per maand"),
        "percent": _("+{percent} per {date}"),
        "fixed": _("+{amount} per maand per {date}"),
        "monthly": _("= {amount} per maand"),
        "annual": _(
            "× 12 maanden × (1 + {ikb} IKB) × (1 + {charges} werkgeverslasten){overhead} = {annual} per fte per jaar"
        ),
        "overhead": _(" × (1 + {percent} overhead)"),
        "own": _("eigen bedrag van de gemeente: {amount} per fte per jaar"),
        "own_model": _(" (model: {amount})"),
    }


@register.filter
def explain(value):
    """How an amount was derived, in the reader's language: an engine cell or a salary scale's cost."""
    if isinstance(value, ScaleCost):
        return value.explain(salary_words())
    return value.explain(engine_words())
