"""/api/v1/community/themes: the themes of a year with their vote counts, public and read-only, as on
the page /gemeenschap/themas/ (docs/community.md, "Themes and votes")."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from modelgemeente.community.access import this_year
from modelgemeente.community.theme_views import themes_with_counts
from modelgemeente.core.enums import ThemeStatus

from .pagination import hal_pagination
from .views import query

TAGS = ["Gemeenschap"]


class CommunityThemeQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="Jaar van de thema's; standaard het komende jaar."
    )


class CommunityThemeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    year = serializers.IntegerField(help_text="Het jaar van de themasessies.")
    title = serializers.CharField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=ThemeStatus.choices, help_text="voorgesteld, gekozen of niet gekozen.")
    starter = serializers.BooleanField(help_text="Een startthema van de redactie.")
    vote_count = serializers.IntegerField(help_text="Aantal organisaties dat op het thema stemde.")
    decided_at = serializers.DateTimeField(allow_null=True, help_text="Wanneer de redactie besloot.")
    decision_note = serializers.CharField(allow_blank=True, help_text="Toelichting op het besluit.")


@extend_schema(
    tags=TAGS,
    summary="Thema's van een jaar met het aantal stemmen",
    description="Meeste stemmen eerst. Openbaar; wie stemde wordt niet getoond.",
    parameters=[CommunityThemeQuery],
)
class ThemeList(generics.ListAPIView):
    serializer_class = CommunityThemeSerializer
    pagination_class = hal_pagination("themes")

    def get_queryset(self):
        year = query(CommunityThemeQuery, self.request).get("year") or this_year() + 1
        return themes_with_counts(year)


urlpatterns = [path("themes", ThemeList.as_view(), name="themes")]
