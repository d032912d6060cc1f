"""Look up a plan's report line for a model line or an own line in templates."""

from django import template

from modelgemeente.catalog.budget_input import line_key

from ..budget import extra_line_key

register = template.Library()


@register.filter
def get_item(rows: dict, line):
    return rows.get(line_key(line))


@register.filter
def get_extra(rows: dict, extra):
    return rows.get(extra_line_key(extra))
