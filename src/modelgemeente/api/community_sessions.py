"""/api/v1/community/sessions: the theme sessions of a year, public and read-only, as on the page
/gemeenschap/sessies/ (docs/community.md, "Theme sessions"). No names of registered people; the number
of places left instead."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from modelgemeente.community import services
from modelgemeente.community.access import this_year
from modelgemeente.community.models import Session

from .pagination import hal_pagination
from .views import query

TAGS = ["Gemeenschap"]
SESSION_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de sessie.")


class SessionQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="Jaar van de sessies; standaard dit jaar."
    )


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    year = serializers.IntegerField(help_text="Het gemeenschapsjaar van de sessie.")
    title = serializers.CharField()
    theme = serializers.SerializerMethodField(help_text="Het thema van de sessie, of null.")
    starts_at = serializers.DateTimeField(help_text="Begin (ISO 8601 met tijdzone).")
    duration_minutes = serializers.IntegerField(help_text="Duur in minuten; hoogstens 180 is de afspraak.")
    ends_at = serializers.SerializerMethodField(help_text="Einde (ISO 8601 met tijdzone).")
    place = serializers.CharField(allow_blank=True, help_text="Plaats; leeg bij een sessie die alleen online is.")
    video_url = serializers.CharField(allow_blank=True, help_text="Videoverbinding; leeg als er geen is.")
    agenda = serializers.CharField()
    capacity = serializers.IntegerField(help_text="Maximaal aantal deelnemers.")
    places_left = serializers.SerializerMethodField(help_text="Aantal plaatsen dat nog vrij is.")
    too_long = serializers.SerializerMethodField(help_text="De sessie duurt langer dan 180 minuten.")
    development_slugs = serializers.ListField(
        child=serializers.CharField(), help_text="Ids (slugs) van de gekoppelde ontwikkelingen."
    )
    cancelled = serializers.SerializerMethodField(help_text="De sessie is geannuleerd.")
    cancelled_at = serializers.DateTimeField(allow_null=True, help_text="Wanneer de sessie werd geannuleerd.")
    version = serializers.IntegerField(help_text="Versie; stijgt bij elke wijziging (ook de SEQUENCE in het .ics).")
    ical_url = serializers.SerializerMethodField(help_text="Het iCalendar-bestand van de sessie.")

    def get_theme(self, session) -> str | None:
        return session.theme.title if session.theme else None

    def get_ends_at(self, session) -> str:
        from datetime import timedelta

        return serializers.DateTimeField().to_representation(
            session.starts_at + timedelta(minutes=session.duration_minutes)
        )

    def get_places_left(self, session) -> int:
        return services.places_left(session)

    def get_too_long(self, session) -> bool:
        return services.session_too_long(session)

    def get_cancelled(self, session) -> bool:
        return session.cancelled_at is not None

    def get_ical_url(self, session) -> str:
        from django.urls import reverse

        url = reverse("community:session_ics", args=[session.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


def _sessions():
    return Session.objects.select_related("theme").annotate(
        registered_count=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True))
    )


@extend_schema(
    tags=TAGS,
    summary="Themasessies van een jaar",
    description="Vroegste eerst, ook geannuleerde (met `cancelled`). Openbaar; wie zich aanmeldde wordt niet getoond.",
    parameters=[SessionQuery],
)
class SessionList(generics.ListAPIView):
    serializer_class = SessionSerializer
    pagination_class = hal_pagination("sessions")

    def get_queryset(self):
        year = query(SessionQuery, self.request).get("year") or this_year()
        return _sessions().filter(year=year).order_by("starts_at", "pk")


@extend_schema(tags=TAGS, summary="Eén themasessie", parameters=[SESSION_ID])
class SessionDetail(generics.RetrieveAPIView):
    serializer_class = SessionSerializer

    def get_object(self):
        return get_object_or_404(_sessions(), pk=self.kwargs["id"])


urlpatterns = [
    path("sessions", SessionList.as_view(), name="sessions"),
    path("sessions/<int:id>", SessionDetail.as_view(), name="session"),
]
