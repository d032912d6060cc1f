"""/api/v1/regions: the regions of the consultation with their municipalities, member organisations and the
inhabitants they cover, public like the page /regio/ (consultation/region_views.py).

The division is editable data; a seeded one is an example and says so (`isExample`, `sourceNote`). Inhabitants are
the CBS figures of data/municipalities, each municipality once, with their source and date (`inhabitantsSource`).
The names of a region's representatives are shown to users with a token only.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.consultation.models import Region
from modelgemeente.consultation.region_views import municipalities, representatives
from modelgemeente.consultation.regions import inhabitants, member_organisations

from . import consultation_common as cc
from .pagination import hal_pagination
from .plan_serializers import OrganisationRefSerializer
from .serializers import ReferenceSourceSerializer, href
from .views import source_payload

TAGS = ["Regio's"]
REGION_SLUG = cc.slug_parameter("slug", "de regio")


class RegionMunicipalitySerializer(serializers.Serializer):
    cbs_code = serializers.CharField(help_text="CBS-gemeentecode, bv. GM0344.")
    name = serializers.CharField(allow_blank=True, help_text="Naam volgens het CBS; leeg voor een onbekende code.")
    inhabitants = serializers.IntegerField(allow_null=True, help_text="Inwoners volgens het CBS; null: onbekend.")


class RegionSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="Id van de regio.")
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    is_example = serializers.BooleanField(help_text="Een voorbeeldindeling, geen officiële lijst.")
    source_note = serializers.CharField(allow_blank=True, help_text="Herkomst van de indeling.")
    municipalities = RegionMunicipalitySerializer(many=True, help_text="De gemeenten van de regio.")
    inhabitants = serializers.IntegerField(help_text="Inwoners van de gemeenten samen, elke gemeente één keer.")
    inhabitants_source = ReferenceSourceSerializer(help_text="Bron en peildatum van de inwonertallen.")
    member_count = serializers.IntegerField(help_text="Organisaties in de app met een gemeente in deze regio.")
    _links = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))


class RegionDetailSerializer(RegionSerializer):
    members = OrganisationRefSerializer(many=True, help_text="De organisaties in de app met een gemeente in de regio.")
    representatives = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="Namen van de vertegenwoordigers; null zonder API-sleutel.",
    )


def region_links(request, region: Region) -> dict:
    return {
        "self": href(request, f"/api/v1/regions/{region.slug}"),
        "html": href(request, reverse("consultation:region", args=[region.slug])),
        "signals": href(request, f"/api/v1/signals?region={region.slug}"),
    }


def region_payload(request, region: Region, members=None) -> dict:
    members = member_organisations(region) if members is None else members
    return {
        "slug": region.slug,
        "name": region.name,
        "description": region.description,
        "is_example": region.is_example,
        "source_note": region.source_note,
        "municipalities": [
            {"cbs_code": m.code, "name": m.name, "inhabitants": m.inhabitants}
            for m in municipalities(region.municipality_codes)
        ],
        "inhabitants": inhabitants(region.municipality_codes or []),
        "inhabitants_source": source_payload(),
        "member_count": len(members),
        "_links": region_links(request, region),
    }


@extend_schema(
    tags=TAGS,
    summary="Regio's met hun gemeenten en inwoners",
    description=(
        "Elke regio met haar gemeenten (CBS-code, naam, inwoners), de inwoners samen met bron en peildatum en het "
        "aantal organisaties in de app dat erin zit. Een gemeente kan in meer regio's zitten. `isExample`: de "
        "indeling is een voorbeeld, geen officiële lijst. Openbaar."
    ),
    responses=RegionSerializer(many=True),
)
class RegionList(generics.GenericAPIView):
    pagination_class = hal_pagination("regions")
    serializer_class = RegionSerializer

    def get(self, request):
        rows = Region.objects.order_by("name", "slug")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response([RegionSerializer(region_payload(request, r)).data for r in page])


@extend_schema(
    tags=TAGS,
    summary="Eén regio met haar leden",
    description=(
        "Ook de organisaties in de app die erin zitten en, met een API-sleutel, de namen van de vertegenwoordigers."
    ),
    parameters=[REGION_SLUG],
    responses=RegionDetailSerializer,
)
class RegionDetail(APIView):
    def get(self, request, slug):
        region = cc.region_named(slug)
        members = member_organisations(region)
        names = None
        if request.user.is_authenticated:
            names = [u.get_full_name() or u.get_username() for u in representatives(region)]
        data = region_payload(request, region, members) | {
            "members": [{"slug": o.slug, "name": o.name} for o in sorted(members, key=lambda o: o.name)],
            "representatives": names,
        }
        return Response(RegionDetailSerializer(data).data)
