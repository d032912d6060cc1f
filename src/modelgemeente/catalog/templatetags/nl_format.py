"""Dutch number formats for templates: € 5.000 and 16,5 (see budget.money)."""

from django import template

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
