"""/api/v1/community/... for the participation part of the community (views next to their URLs).

Read-only and public, like the pages: the participating organisations of a year with their commitment
and the names of people who consented to be shown; and the year's calendar beside the P&C cycle, with
its sessions and the model's published releases (community/participation_views.py computes both).
"""

from django.urls import path, re_path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.community.access import this_year
from modelgemeente.community.models import CommunityYear, Participation, Session
from modelgemeente.community.participation_views import MAX_YEAR, MIN_YEAR, public_people, published_releases

from .pagination import hal_pagination
from .views import query


class ParticipantsQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=MIN_YEAR, max_value=MAX_YEAR, help_text="Jaar van de gemeenschap; standaard dit jaar."
    )


class ParticipatingOrganisationSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Naam van de organisatie.")
    slug = serializers.CharField(help_text="Id van de organisatie.")


class CommunityParticipationSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Jaar van de deelname.")
    organisation = ParticipatingOrganisationSerializer()
    committed_hours = serializers.IntegerField(help_text="Toegezegde uren in het jaar.")
    people = serializers.SerializerMethodField(
        help_text="Namen van mensen van de organisatie die toestemming gaven om getoond te worden."
    )

    def get_people(self, obj) -> list[str]:
        return self.context["names"].get(obj.pk, [])


@extend_schema(
    tags=["Gemeenschap"],
    summary="Deelnemende organisaties",
    description=(
        "De organisaties die in het jaar meedoen aan de gemeenschap, met hun toegezegde uren. Namen van mensen "
        "alleen als zij daarvoor toestemming gaven (AVG)."
    ),
    parameters=[ParticipantsQuery],
)
class ParticipantList(generics.ListAPIView):
    serializer_class = CommunityParticipationSerializer
    pagination_class = hal_pagination("participants")

    def get_queryset(self):
        year = query(ParticipantsQuery, self.request).get("year") or this_year()
        return (
            Participation.objects.filter(year=year).select_related("organisation").order_by("organisation__name", "pk")
        )

    def get_serializer_context(self):
        return super().get_serializer_context() | {"names": getattr(self, "_names", {})}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        self._names = public_people(page)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)


class CommunityCalendarDatesSerializer(serializers.Serializer):
    content_release_due = serializers.DateField(
        allow_null=True, help_text="Inhoudsversie (voorjaar) uiterlijk, vóór de voorjaarsnota."
    )
    voorjaarsnota_on = serializers.DateField(allow_null=True, help_text="Voorjaarsnota in de raad (indicatie).")
    budget_release_due = serializers.DateField(
        allow_null=True, help_text="Begrotingsversie (zomer) uiterlijk, vóór de najaarsnota en begroting."
    )
    najaarsnota_on = serializers.DateField(
        allow_null=True, help_text="Najaarsnota en begroting in de raad (indicatie)."
    )
    proposal_deadline = serializers.DateField(
        allow_null=True, help_text="Voorstellen voor de volgende editie uiterlijk."
    )
    theme_vote_deadline = serializers.DateField(allow_null=True, help_text="Stemmen op thema's uiterlijk.")


class CommunityCalendarSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id van de themasessie.")
    title = serializers.CharField(help_text="Titel van de sessie.")
    starts_at = serializers.DateTimeField(help_text="Begint om.")
    duration_minutes = serializers.IntegerField(help_text="Duur in minuten.")
    cancelled = serializers.BooleanField(help_text="De sessie is geannuleerd.")


class CommunityCalendarReleaseSerializer(serializers.Serializer):
    release = serializers.CharField(help_text="De release: jaar.nummer, bv. 2026.1.")
    status = serializers.CharField(help_text="Status van de release.")
    published_on = serializers.DateField(help_text="Gepubliceerd op.")


class CommunityCalendarSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Jaar van de gemeenschap.")
    dates_set = serializers.BooleanField(help_text="De redactie heeft alle data van het jaar vastgesteld.")
    dates = CommunityCalendarDatesSerializer(help_text="De data van het jaar; leeg wat nog niet is vastgesteld.")
    votes_per_organisation = serializers.IntegerField(
        allow_null=True, help_text="Stemmen per organisatie voor de thema's; leeg als het jaar nog niet is ingericht."
    )
    sessions = CommunityCalendarSessionSerializer(many=True, help_text="De themasessies van het jaar, op datum.")
    releases = CommunityCalendarReleaseSerializer(
        many=True, help_text="De gepubliceerde releases van de editie van het jaar."
    )


DATE_NAMES = list(CommunityCalendarDatesSerializer().fields)


@extend_schema(
    tags=["Gemeenschap"],
    summary="Jaarkalender van de gemeenschap",
    description=(
        "Het jaar van de gemeenschap naast de P&C-cyclus: de uiterste data van de inhouds- en begrotingsversie, "
        "voorjaarsnota en najaarsnota, de deadlines voor voorstellen en stemmen, de themasessies en de "
        "gepubliceerde releases. Data die de redactie nog niet vaststelde zijn leeg."
    ),
    parameters=[OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH, description="Jaar, bv. 2027.")],
    responses=CommunityCalendarSerializer,
)
class CalendarDetail(APIView):
    def get(self, request, year):
        year = int(year)
        community_year = CommunityYear.objects.filter(year=year).first()
        dates = {name: getattr(community_year, name) if community_year else None for name in DATE_NAMES}
        sessions = [
            {
                "id": s.pk,
                "title": s.title,
                "starts_at": timezone.localtime(s.starts_at),
                "duration_minutes": s.duration_minutes,
                "cancelled": s.cancelled_at is not None,
            }
            for s in Session.objects.filter(year=year).order_by("starts_at", "pk")
        ]
        data = {
            "year": year,
            "dates_set": all(dates.values()),
            "dates": dates,
            "votes_per_organisation": community_year.votes_per_organisation if community_year else None,
            "sessions": sessions,
            "releases": [
                {"release": e.release_id, "status": e.status, "published_on": e.published_on}
                for e in published_releases(year)
            ],
        }
        return Response(CommunityCalendarSerializer(data).data)


urlpatterns = [
    path("participants", ParticipantList.as_view(), name="participants"),
    # Four digits, as the edition paths (api/urls.py YearConverter, registered after this module is imported).
    re_path(r"^calendar/(?P<year>[0-9]{4})$", CalendarDetail.as_view(), name="calendar"),
]
