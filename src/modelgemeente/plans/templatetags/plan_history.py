"""A plan change in the reader's language: its title and one line per fact (plans/changes.py)."""

from django import template

from .. import changes

register = template.Library()


@register.filter
def change_title(change) -> str:
    return changes.headline(change)


@register.filter
def change_lines(change) -> list[str]:
    return changes.lines(change)
