"""/api/v1/positions: one voice (issue 16, part 4). A coordinator drafts a position from questions and regional
signals; each region's representative records the region's stance (steun, voorbehoud, bezwaar, onthouding) with its
reason; the coordinator edits and finalises it with the minority notes. Every save is a version.

Who sees and may do what is consultation/services/positions.py, as on the pages /standpunten/:

- a final position is public (also its versions); a draft is visible to coordinators, representatives and members
  of organisations in any region, and 404 for anybody else;
- creating, editing (PATCH, If-Match) and finalising (If-Match): a coordinator; a stance: the region's
  representative, while the position is a draft. A final position never changes again: 409.

A final position is shown as it was finalised (its final snapshot), so renaming a region later changes nothing.
Regions are named by their names in stances, as in the snapshot. The aggregate counts every stance; its `dissent`
lists the regions that object or have reservations, with their reasons; `missing` the regions without a stance.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.consultation.models import Position, RegionStance
from modelgemeente.consultation.services import positions as service
from modelgemeente.core.enums import PositionStatus, Stance
from modelgemeente.plans.models import TEXT_LIMIT

from . import consultation_common as cc
from . import maturity_common as mc
from .pagination import hal_pagination
from .serializers import href
from .views import query

TAGS = ["Standpunten"]
POSITION_ID = cc.id_parameter("het standpunt")
REGION = OpenApiParameter("region", str, OpenApiParameter.PATH, description="Id (slug) van de regio.")
STATUS_HELP = "concept of vastgesteld."
STANCE_HELP = "steun, voorbehoud (steun met voorbehoud), bezwaar of onthouding; null: nog geen opstelling."


# Output ------------------------------------------------------------------------------------------------------


class StanceCountSerializer(serializers.Serializer):
    stance = serializers.CharField(help_text="steun, voorbehoud, bezwaar of onthouding.")
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Regio's met deze opstelling.")


class StanceRowSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="Naam van de regio (zoals bij het opslaan).")
    stance = serializers.CharField(allow_null=True, help_text=STANCE_HELP)
    label = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)


class AggregateSummarySerializer(serializers.Serializer):
    counts = StanceCountSerializer(many=True, help_text="Per opstelling het aantal regio's.")
    dissent_count = serializers.IntegerField(help_text="Regio's met bezwaar of voorbehoud.")
    missing_count = serializers.IntegerField(help_text="Regio's zonder opstelling.")
    summary = serializers.CharField(help_text="Bv. '8 steun, 2 steun met voorbehoud, 1 bezwaar, ...; 0 nog open'.")


class AggregateSerializer(AggregateSummarySerializer):
    dissent = StanceRowSerializer(many=True, help_text="Bezwaar en voorbehoud met hun redenen; bezwaar eerst.")
    missing = serializers.ListField(child=serializers.CharField(), help_text="Namen van regio's zonder opstelling.")


class PositionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField()
    version = serializers.IntegerField(help_text="Versie; ook de ETag.")
    published_at = serializers.DateTimeField(allow_null=True, help_text="Vastgesteld op.")
    updated_at = serializers.DateTimeField()
    aggregate = AggregateSummarySerializer()
    _links = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))


class LinkedQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class LinkedBundleSerializer(LinkedQuestionSerializer):
    region = serializers.CharField(help_text="Naam van de regio.")


class VersionSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    status = serializers.CharField(help_text=STATUS_HELP)
    at = serializers.DateTimeField()
    saved_by = serializers.CharField(allow_blank=True, help_text="De rol van wie opsloeg, bv. coördinator.")


class ReadingSerializer(serializers.Serializer):
    title = serializers.CharField()
    text = serializers.CharField()
    status = serializers.CharField(help_text=STATUS_HELP)
    minority_notes = serializers.CharField(allow_blank=True, help_text="Minderheidsstandpunten.")
    published_at = serializers.DateTimeField(allow_null=True)
    stances = StanceRowSerializer(many=True, help_text="Elke regio, ook die nog geen opstelling heeft.")
    aggregate = AggregateSerializer()
    questions = LinkedQuestionSerializer(many=True, help_text="De vragen waaruit het standpunt voortkomt.")
    signals = LinkedBundleSerializer(many=True, help_text="De regionale signalen waaruit het voortkomt.")


class PositionDetailSerializer(PositionSerializer, ReadingSerializer):
    aggregate = AggregateSerializer()
    versions = VersionSummarySerializer(many=True, help_text="Elke opgeslagen versie, nieuwste eerst.")


class PositionVersionSerializer(VersionSummarySerializer, ReadingSerializer):
    pass


def row_payload(row) -> dict:
    return {"region": row.region, "stance": row.stance or None, "label": str(row.label), "reason": row.reason}


def aggregate_payload(found, detail: bool = False) -> dict:
    payload = {
        "counts": [
            {"stance": value, "label": str(Stance(value).label), "count": n} for value, n in found.counts.items()
        ],
        "dissent_count": len(found.dissent),
        "missing_count": len(found.missing),
        "summary": str(found.summary),
    }
    if detail:
        payload |= {"dissent": [row_payload(r) for r in found.dissent], "missing": list(found.missing)}
    return payload


def reading_payload(reading) -> dict:
    return {
        "title": reading.title,
        "text": reading.text,
        "status": reading.status,
        "minority_notes": reading.minority_notes,
        "published_at": reading.published_at,
        "stances": [row_payload(r) for r in reading.stances],
        "aggregate": aggregate_payload(reading.aggregate, detail=True),
        "questions": [{"id": q["id"], "title": q["title"]} for q in reading.questions],
        "signals": [{"id": s["id"], "title": s["title"], "region": s["region"]} for s in reading.signals],
    }


def position_links(request, position: Position) -> dict:
    base = f"/api/v1/positions/{position.pk}"
    return {
        "self": href(request, base),
        "versions": href(request, f"{base}/versions"),
        "html": href(request, reverse("consultation:position", args=[position.pk])),
        "pdf": href(request, reverse("consultation:position_pdf", args=[position.pk])),
    }


def position_payload(request, position: Position) -> dict:
    return {
        "id": position.pk,
        "title": position.title,
        "status": position.status,
        "status_label": position.get_status_display(),
        "version": position.version,
        "published_at": position.published_at,
        "updated_at": position.updated_at,
        "aggregate": aggregate_payload(service.aggregate(position)),
        "_links": position_links(request, position),
    }


def version_summary(version) -> dict:
    return {
        "number": version.number,
        "status": version.status,
        "at": version.at,
        "saved_by": str(service.reading(version.snapshot).saved_by),
    }


def position_response(request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    position = Position.objects.get(pk=pk)
    data = (
        position_payload(request, position)
        | reading_payload(service.current_reading(position))
        | {"versions": [version_summary(v) for v in position.versions.order_by("-number")]}
    )
    return mc.with_etag(Response(PositionDetailSerializer(data).data, status=code), position)


def position_of(request, pk: int) -> Position:
    message = _("Dit standpunt bestaat niet of is niet zichtbaar voor u.")
    return cc.visible(service.visible_positions(request.user), pk, message)


# The list and drafting ------------------------------------------------------------------------------------------


class PositionQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=PositionStatus.choices, required=False, help_text=STATUS_HELP)


class PositionInput(serializers.Serializer):
    title = serializers.CharField(max_length=service.TITLE_LIMIT)
    text = serializers.CharField(max_length=service.LONG_TEXT_LIMIT, help_text="Het standpunt.")
    questions = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=cc.MAX_ID),
        required=False,
        max_length=cc.IDS["max_length"],
        help_text="Ids van de vragen waaruit het voortkomt.",
    )
    signals = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=cc.MAX_ID),
        required=False,
        max_length=cc.IDS["max_length"],
        help_text="Ids van de regionale signalen waaruit het voortkomt.",
    )


@extend_schema(tags=TAGS)
class PositionList(generics.GenericAPIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = hal_pagination("positions")
    serializer_class = PositionSerializer

    @extend_schema(
        summary="Standpunten",
        description=(
            "Vastgestelde standpunten zijn openbaar; concepten ziet u als coördinator, vertegenwoordiger of lid van "
            "een organisatie in een regio. Laatst gewijzigd eerst."
        ),
        parameters=[PositionQuery],
        responses=PositionSerializer(many=True),
    )
    def get(self, request):
        given = query(PositionQuery, request)
        rows = service.visible_positions(request.user)
        if given.get("status"):
            rows = rows.filter(status=given["status"])
        rows = rows.order_by("-updated_at", "-pk")
        return mc.page(self, rows, lambda p: PositionSerializer(position_payload(request, p)).data)

    @extend_schema(
        summary="Een conceptstandpunt opstellen",
        description="Door een coördinator, met de vragen en regionale signalen waaruit het voortkomt. Versie 1.",
        request=PositionInput,
        responses={201: PositionDetailSerializer, **cc.ACT_ERRORS},
        parameters=[cc.ETAG],
    )
    def post(self, request):
        data = mc.read(PositionInput, request.data)
        cc.require_write_token(request)
        position = cc.called(
            lambda: service.create_position(
                request.user,
                title=data["title"],
                text=data["text"],
                questions=data.get("questions", []),
                signals=data.get("signals", []),
            )
        )
        response = position_response(request, position.pk, status.HTTP_201_CREATED)
        return mc.created(request, response, f"/api/v1/positions/{position.pk}")


class PositionPatch(serializers.Serializer):
    title = serializers.CharField(required=False, max_length=service.TITLE_LIMIT)
    text = serializers.CharField(required=False, max_length=service.LONG_TEXT_LIMIT)
    minority_notes = serializers.CharField(required=False, allow_blank=True, max_length=service.LONG_TEXT_LIMIT)


@extend_schema(tags=TAGS, parameters=[POSITION_ID])
class PositionDetail(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        summary="Eén standpunt met de opstelling van elke regio, het totaal en de afwijkende regio's",
        description="Een vastgesteld standpunt zoals het werd vastgesteld. Openbaar als het is vastgesteld.",
        responses={200: PositionDetailSerializer},
        parameters=[cc.ETAG],
    )
    def get(self, request, id):
        return position_response(request, position_of(request, id).pk)

    @extend_schema(
        summary="Titel, tekst en minderheidsstandpunten van een concept wijzigen",
        description="Door een coördinator; wat u weglaat blijft zoals het is. Een nieuwe versie.",
        request=PositionPatch,
        responses={200: PositionDetailSerializer, **cc.FINAL_CHANGE_ERRORS},
        parameters=[cc.IF_MATCH, cc.ETAG],
    )
    def patch(self, request, id):
        position = position_of(request, id)
        data = mc.read(PositionPatch, request.data)
        values = {name: data.get(name, getattr(position, name)) for name in ("title", "text", "minority_notes")}
        cc.changed(
            request, position, lambda version: service.update_position(position, request.user, version, **values)
        )
        return position_response(request, position.pk)


class FinaliseInput(serializers.Serializer):
    minority_notes = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=service.LONG_TEXT_LIMIT,
        help_text="Nodig als een regio bezwaar of voorbehoud heeft.",
    )


@extend_schema(
    tags=TAGS,
    summary="Een standpunt vaststellen",
    description=(
        "Door een coördinator, met de minderheidsstandpunten (nodig als een regio bezwaar of voorbehoud heeft; "
        "zonder `minorityNotes`: de huidige). Daarna verandert het niet meer."
    ),
    parameters=[POSITION_ID, cc.IF_MATCH, cc.ETAG],
    request=FinaliseInput,
    responses={200: PositionDetailSerializer, **cc.FINAL_CHANGE_ERRORS},
)
class PositionFinalisation(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, id):
        position = position_of(request, id)
        data = mc.read(FinaliseInput, request.data)
        notes = data.get("minority_notes", position.minority_notes)
        cc.changed(request, position, lambda version: service.finalise_position(position, request.user, version, notes))
        return position_response(request, position.pk)


class StanceInput(serializers.Serializer):
    stance = serializers.ChoiceField(choices=Stance.choices, help_text="steun, voorbehoud, bezwaar of onthouding.")
    reason = serializers.CharField(max_length=TEXT_LIMIT, help_text="De reden van de regio.")


@extend_schema(
    tags=TAGS,
    summary="De opstelling van een regio vastleggen",
    description=(
        "Door de vertegenwoordiger van de regio, zolang het standpunt een concept is; nog eens vervangt de vorige "
        "(200), de eerste keer 201. Elke keer een nieuwe versie van het standpunt (nieuwe ETag)."
    ),
    parameters=[POSITION_ID, REGION, cc.ETAG],
    request=StanceInput,
    responses={200: PositionDetailSerializer, 201: PositionDetailSerializer, **cc.problems(401, 403, 409)},
)
class StanceDetail(APIView):
    permission_classes = [IsAuthenticated]

    def put(self, request, id, region):
        position = position_of(request, id)
        found = cc.region_named(region)
        data = mc.read(StanceInput, request.data)
        cc.require_write_token(request)
        existed = RegionStance.objects.filter(position=position, region=found).exists()
        cc.called(lambda: service.record_stance(position, found, request.user, data["stance"], data["reason"]))
        return position_response(request, position.pk, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


@extend_schema(
    tags=TAGS,
    summary="Alle versies van een standpunt",
    description="Elke opgeslagen versie zoals ze toen was, nieuwste eerst; wie opsloeg met zijn rol.",
    parameters=[POSITION_ID],
    responses=PositionVersionSerializer(many=True),
)
class VersionList(generics.GenericAPIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = hal_pagination("versions")
    serializer_class = PositionVersionSerializer

    def get(self, request, id):
        position = position_of(request, id)
        rows = position.versions.order_by("-number")
        return mc.page(
            self,
            rows,
            lambda v: PositionVersionSerializer(version_summary(v) | reading_payload(service.reading(v.snapshot))).data,
        )
