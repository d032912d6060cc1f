"""The consultation's start page and the public pages of the regions.

Regions, their municipalities, member organisations and the inhabitants they cover are public; the names of the
representatives only to logged-in users; a region's regional signals to those who see the region
(access.can_see_region).
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from modelgemeente import refdata
from modelgemeente.core.enums import ConsultationRole
from modelgemeente.plans.models import Organisation

from .access import can_see_region, visible_bundles
from .models import Region, RoleAssignment
from .regions import (
    inhabitants,
    inhabitants_source,
    is_coordinator,
    member_organisations,
    regions_of,
    represented_regions,
    user_organisations,
)

# The parts of the consultation, by URL name; a part whose pages do not exist (yet) is left out.
PARTS = [
    ("consultation:regions", _("Regio's en hun gemeenten"), _("welke gemeenten in welke regio zitten")),
    ("consultation:signals", _("Signalen"), _("knelpunten die gemeenten via hun regio landelijk inbrengen")),
    ("consultation:questions", _("Vragen"), _("vragen en conceptbeleid van het landelijk beraad aan de regio's")),
    ("consultation:positions", _("Standpunten"), _("het gezamenlijke standpunt, met de opstelling van elke regio")),
    (
        "consultation:provisions",
        _("Gezamenlijke voorzieningen"),
        _("voorzieningen die één keer worden gebouwd voor alle deelnemers"),
    ),
]


def existing_parts() -> list[tuple[str, str, str]]:
    """(url, label, description) of the parts whose pages exist."""
    found = []
    for name, label, description in PARTS:
        try:
            found.append((reverse(name), label, description))
        except NoReverseMatch:
            continue
    return found


@dataclass
class Municipality:
    code: str
    name: str  # the CBS name; "" for an unknown code
    inhabitants: int | None


@dataclass
class RegionFacts:
    region: Region
    municipalities: list[Municipality]
    organisations: list[Organisation]  # member organisations in the app
    inhabitants: int
    representatives: list  # users; empty when names are not shown


def municipalities(codes) -> list[Municipality]:
    rows = []
    for code in codes or []:
        found = refdata.municipality(code)
        rows.append(Municipality(code, found["name"] if found else "", found["inhabitants"] if found else None))
    return sorted(rows, key=lambda m: (m.name == "", m.name, m.code))


def representatives(region: Region) -> list:
    roles = RoleAssignment.objects.filter(region=region, role=ConsultationRole.REPRESENTATIVE).select_related("user")
    return sorted((r.user for r in roles), key=lambda u: (u.get_full_name() or u.get_username()).lower())


def region_facts(region: Region, user) -> RegionFacts:
    return RegionFacts(
        region=region,
        municipalities=municipalities(region.municipality_codes),
        organisations=member_organisations(region),
        inhabitants=inhabitants(region.municipality_codes or []),
        representatives=representatives(region) if user.is_authenticated else [],
    )


def my_consultation(user) -> dict:
    """The logged-in user's place in the consultation: organisations with their regions, regions they represent,
    coordinator or not."""
    if not user.is_authenticated:
        return {}
    return {
        "organisations": [(o, regions_of(o)) for o in user_organisations(user)],
        "represented": represented_regions(user),
        "coordinator": is_coordinator(user),
    }


def index(request):
    return render(
        request,
        "consultation/index.html",
        {"parts": existing_parts(), "mine": my_consultation(request.user), "regions": Region.objects.count()},
    )


def regions(request):
    rows = [region_facts(r, request.user) for r in Region.objects.order_by("name")]
    notes: dict[str, list[str]] = {}
    for row in rows:
        if row.region.source_note:
            notes.setdefault(row.region.source_note, []).append(row.region.name)
    return render(
        request,
        "consultation/region_list.html",
        {
            "rows": rows,
            "source": inhabitants_source(),
            "any_example": any(r.region.is_example for r in rows),
            "notes": list(notes.items()),
            "mine": {r.pk for r in represented_regions(request.user)},
        },
    )


def region(request, slug):
    found = get_object_or_404(Region, slug=slug)
    insider = can_see_region(request.user, found)
    return render(
        request,
        "consultation/region_detail.html",
        {
            "facts": region_facts(found, request.user),
            "source": inhabitants_source(),
            "insider": insider,
            "bundles": visible_bundles(request.user).filter(region=found) if insider else [],
            "represents": found.pk in {r.pk for r in represented_regions(request.user)},
        },
    )
