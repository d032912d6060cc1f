"""/api/v1/community/needs/overview: the needs of a year aggregated by theme, development and domain,
public and read-only, as on the page /gemeenschap/behoeften/overzicht/ (docs/community.md, "Needs").
Individual needs and organisation names are not part of it."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.community.access import this_year
from modelgemeente.community.need_views import needs_overview

from .views import query

TAGS = ["Gemeenschap"]


class NeedOverviewQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="Jaar van de behoeften; standaard dit jaar."
    )


class NeedPrioritiesSerializer(serializers.Serializer):
    high = serializers.IntegerField(help_text="Aantal behoeften met prioriteit hoog.")
    medium = serializers.IntegerField(help_text="Aantal behoeften met prioriteit middel.")
    low = serializers.IntegerField(help_text="Aantal behoeften met prioriteit laag.")


class NeedGroupSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="Naam van het thema, de ontwikkeling of het domein.")
    municipalities = serializers.IntegerField(help_text="Aantal gemeenten (organisaties) met een behoefte hier.")
    needs = serializers.IntegerField(help_text="Aantal behoeften.")
    priorities = NeedPrioritiesSerializer()
    earliest_needed_by = serializers.IntegerField(help_text="Het vroegste jaar waarin het nodig is.")


class NeedThemeGroupSerializer(NeedGroupSerializer):
    theme_id = serializers.IntegerField(allow_null=True, help_text="Id van het thema; leeg: zonder thema.")


class NeedDevelopmentGroupSerializer(NeedGroupSerializer):
    slug = serializers.CharField(help_text="Id (slug) van de ontwikkeling.")


class NeedDomainGroupSerializer(NeedGroupSerializer):
    slug = serializers.CharField(help_text="Id (slug) van het domein.")


class NeedOverviewSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    needs = serializers.IntegerField(help_text="Aantal behoeften in het jaar.")
    municipalities = serializers.IntegerField(help_text="Aantal gemeenten (organisaties) met een behoefte.")
    by_theme = NeedThemeGroupSerializer(many=True)
    by_development = NeedDevelopmentGroupSerializer(many=True)
    by_domain = NeedDomainGroupSerializer(many=True)


@extend_schema(
    tags=TAGS,
    summary="Overzicht van de behoeften per thema, ontwikkeling en domein",
    description=(
        "Per groep het aantal gemeenten, de verdeling over de prioriteiten en het vroegste jaar; meeste "
        "gemeenten eerst, dan de hoogste prioriteit. Openbaar, zonder namen van organisaties."
    ),
    parameters=[NeedOverviewQuery],
    responses=NeedOverviewSerializer,
)
class NeedOverview(APIView):
    def get(self, request):
        year = query(NeedOverviewQuery, request).get("year") or this_year()
        return Response(NeedOverviewSerializer(needs_overview(year)).data)


urlpatterns = [path("needs/overview", NeedOverview.as_view(), name="needs-overview")]
