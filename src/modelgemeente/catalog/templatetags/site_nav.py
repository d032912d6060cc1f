"""The main navigation of base.html on every page, also on pages whose view knows no edition.

Catalogue and plan views put `edition` and `nav_domains` in their context. Account, dashboard and
organisation pages do not; for them the navigation shows the current edition (the one the home
page shows). Error pages rendered without a request (500, some 400 and 403) get no edition links
and make no database query.
"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def main_nav(context):
    """{'edition': Edition or None, 'domains': [Domain]} for the main menu."""
    edition = context.get("edition")
    domains = context.get("nav_domains")
    if edition is None:
        request = context.get("request")
        if request is None:
            return {"edition": None, "domains": []}
        from modelgemeente.catalog.releases import home_release

        edition = home_release(request.user)
        domains = None
    if edition is None:
        return {"edition": None, "domains": []}
    if domains is None:
        domains = list(edition.domains.all())
    return {"edition": edition, "domains": domains}
