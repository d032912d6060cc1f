"""Template tags of the community app: the proposals on a development page."""

from django import template

from ..models import Proposal

register = template.Library()


@register.inclusion_tag("community/proposal_development.html")
def development_proposals(dev):
    """The development's open and decided proposals (not hidden ones), with links to propose."""
    proposals = list(
        Proposal.objects.filter(development_slug=dev.slug, hidden_at__isnull=True).select_related("organisation")
    )
    return {
        "dev": dev,
        "lines": list(dev.budget_lines.all()),
        "open": [p for p in proposals if p.status in ("open", "needs_info")],
        "decided": [p for p in proposals if p.status not in ("open", "needs_info")],
    }
