"""Template tags of the community app: the proposals on a development page."""

from functools import cache

from django import template
from django.db import connection

from modelgemeente.core.reads import Rows

from ..models import Proposal

register = template.Library()


def _shown(slug: str):
    return Proposal.objects.filter(development_slug=slug, hidden_at__isnull=True)


@register.inclusion_tag("community/proposal_development.html")
def development_proposals(dev):
    """The development's open and decided proposals (not hidden ones), with links to propose."""
    proposals = list(_shown(dev.slug).select_related("organisation"))
    return {
        "dev": dev,
        "lines": list(dev.budget_lines.all()),
        "open": [p for p in proposals if p.status in ("open", "needs_info")],
        "decided": [p for p in proposals if p.status not in ("open", "needs_info")],
    }


def development_page_stamp(slug: str, **kwargs) -> Rows:
    """What the proposals section above shows of a development (the shown proposals with what the table says of
    them): a kept public development page (core.cache.register_page_stamp, in apps.py) is rendered again when this
    changes. Read on every request for such a page, so one plain SQL query, sent with the page's own stamp."""
    return Rows(_stamp_sql(), (slug,))


@cache
def _stamp_sql() -> str:
    q = connection.ops.quote_name
    meta = Proposal._meta
    org = meta.get_field("organisation").related_model._meta
    column = {name: f"p.{q(meta.get_field(name).column)}" for name in ("id", "kind", "field", "line_slug", "status")}
    written, hidden = (f"p.{q(meta.get_field(name).column)}" for name in ("written_at", "hidden_at"))
    slug, organisation = (f"p.{q(meta.get_field(name).column)}" for name in ("development_slug", "organisation"))
    return (  # names from the models only; the slug is a parameter
        f"SELECT {', '.join(column.values())}, {written}, o.{q(org.get_field('name').column)} "  # noqa: S608
        f"FROM {q(meta.db_table)} p LEFT OUTER JOIN {q(org.db_table)} o ON o.{q(org.pk.column)} = {organisation} "
        f"WHERE {slug} = %s AND {hidden} IS NULL ORDER BY {column['id']}"
    )
