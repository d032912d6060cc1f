"""Template tags of the community app: the proposals on a development page."""

from django import template

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


def development_page_stamp(slug: str, **kwargs) -> tuple:
    """What the proposals section above shows of a development, in one query: a kept public development page
    (core.cache.register_page_stamp, in apps.py) is rendered again when this changes."""
    return tuple(
        _shown(slug)
        .order_by("pk")
        .values_list("pk", "kind", "field", "line_slug", "status", "written_at", "organisation__name")
    )
