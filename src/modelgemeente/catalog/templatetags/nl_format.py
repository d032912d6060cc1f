"""Dutch number formats for templates: € 5.000 and 16,5 (see budget.money)."""

from django import template
from django.utils.safestring import mark_safe

from modelgemeente.budget.money import fmt_eur, fmt_num

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
