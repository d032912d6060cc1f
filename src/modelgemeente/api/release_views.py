"""/api/v1/editions/{year}/releases and /editions/{year}/diff: a year's releases, and what changed between two.

Like the pages, the API shows concepts to editors and staff only (catalog.releases.visible). The diff is
catalog.diff.diff_releases, the same computation as the page /verschil/; the profile parameters are those
of the budget endpoint (views.BudgetQuery).
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.catalog import releases
from modelgemeente.catalog.diff import diff_releases, make_profile

from . import release_serializers as rs
from .pagination import hal_pagination
from .views import YEAR, BudgetQuery, query

# catalog.releases.RELEASE_ID without its named groups (the OpenAPI document has ECMAScript patterns).
RELEASE_PATTERN = r"^\d{4}(\.(\d{1,4}|concept))?$"
RELEASE_HELP = "Een jaar (2026: de huidige release van dat jaar), een release (2026.1) of een concept (2027.concept)."


@extend_schema(
    tags=["Edities"],
    summary="Releases van een editie",
    description=(
        "De gepubliceerde releases van het jaar, nieuwste eerst, met status, datum, reden van een correctie en "
        "releasenotes (Markdown). Het concept alleen voor de redactie."
    ),
    parameters=[YEAR],
)
class ReleaseList(generics.ListAPIView):
    serializer_class = rs.ReleaseSerializer
    pagination_class = hal_pagination("releases")

    def get_queryset(self):
        items = releases.releases_of(self.kwargs["year"], self.request.user)
        if not items.exists():
            raise NotFound(_("Editie %(year)s bestaat niet.") % {"year": self.kwargs["year"]})
        return items


class DiffQuery(BudgetQuery):
    to = serializers.RegexField(
        RELEASE_PATTERN,
        required=False,
        max_length=20,
        help_text="De nieuwe release; standaard de huidige release van het jaar in het pad. " + RELEASE_HELP,
    )

    def get_fields(self):
        # `from` is a Python keyword: the field is added here, first.
        release = serializers.RegexField(RELEASE_PATTERN, max_length=20, help_text="De oude release. " + RELEASE_HELP)
        return {"from": release, **super().get_fields()}


def resolve(release_id: str, user):
    try:
        return releases.resolve(release_id, user)
    except releases.ReleaseNotFound as exc:
        raise NotFound(exc.message) from None


@extend_schema(
    tags=["Edities"],
    summary="Verschil tussen twee releases",
    description=(
        "Wat er veranderde van release `from` naar de huidige release van het jaar (of `to`): ontwikkelingen, "
        "begrotingsregels, wetten en opgaven (nieuw, vervallen, gewijzigd, met woordverschil van teksten), "
        "uitgangspunten, en het effect in euro per domein per jaar. Beide releases worden door de rekenmotor "
        "berekend voor hetzelfde profiel en dezelfde jaren (standaard de referentiegemeente van de nieuwe "
        "release en vier jaar vanaf haar prijspeiljaar), elk met de eigen uitgangspunten. Dezelfde berekening "
        "als de pagina /verschil/."
    ),
    parameters=[YEAR, DiffQuery],
    responses=rs.DiffSerializer,
)
class Diff(APIView):
    def get(self, request, year):
        given = query(DiffQuery, request)
        old = resolve(given["from"], request.user)
        new = resolve(given.get("to") or str(year), request.user)
        profile = None
        if {"inhabitants", "employees", "departments"} & set(given):
            profile = make_profile(new, given.get("inhabitants"), given.get("employees"), given.get("departments"))
        start = given.get("startYear")
        years = range(start, start + 4) if start else None
        return Response(rs.diff_payload(diff_releases(old, new, profile, years), request))
