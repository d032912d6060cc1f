"""/api/v1/maturity/ambitions: an organisation's measurable ambitions (a target per year for one metric, linked
to a plan and its developments) with their progress against what was measured (docs/maturity-method.md).

Permissions are those of plans (api/maturity_common.py). Creating, changing and deleting go through
maturity.services.ambitions, which checks every value with the same Dutch messages as the pages.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.core.enums import AmbitionMetric
from modelgemeente.maturity.models import Ambition
from modelgemeente.maturity.services import ambitions as service
from modelgemeente.plans.models import TEXT_LIMIT

from . import maturity_common as mc
from .pagination import hal_pagination
from .plan_serializers import OrganisationRefSerializer
from .serializers import href
from .views import query

TAGS = ["Ambities"]
AMBITION_ID = mc.id_parameter("de ambitie")
VALUE = {"max_digits": 6, "decimal_places": 2}


class AmbitionTargetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.DecimalField(**VALUE, help_text="Doelwaarde: een percentage 0-100 of een niveau 1-5.")


class ProgressSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    target = serializers.DecimalField(**VALUE, allow_null=True, help_text="Het doel van het jaar, als er een is.")
    actual = serializers.DecimalField(**VALUE, allow_null=True, help_text="De gemeten waarde, als er een meting is.")
    on_track = serializers.BooleanField(allow_null=True, help_text="Gemeten ≥ doel; null zonder doel of meting.")


class LinkedDevelopmentSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Id (slug) van de ontwikkeling.")
    title = serializers.CharField()
    in_plan = serializers.BooleanField(help_text="De release van het plan heeft de ontwikkeling.")
    counts = serializers.BooleanField(help_text="Ze telt mee in de begroting van het plan.")
    total = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="Kosten voor het plan over alle planjaren, uit de rekenmotor."
    )


class AmbitionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = OrganisationRefSerializer()
    title = serializers.CharField()
    metric = serializers.CharField(help_text="gewogen-index, ongewogen-index, volwassenheid of inlog-op-niveau.")
    metric_label = serializers.CharField(help_text="De maatstaf in woorden.")
    measured_how = serializers.CharField(help_text="Waar de gemeten waarde vandaan komt.")
    dimension = serializers.CharField(allow_blank=True, help_text="Bij volwassenheid: id van de dimensie.")
    plan = serializers.IntegerField(allow_null=True, help_text="Id van het gekoppelde plan.")
    developments = serializers.ListField(
        child=serializers.CharField(), help_text="Ids van ontwikkelingen van het plan."
    )
    note = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(help_text="Versie; ook de ETag.")
    updated_at = serializers.DateTimeField()
    targets = AmbitionTargetSerializer(many=True)
    progress = ProgressSerializer(many=True, help_text="Per jaar met een doel of een meting: doel en gemeten waarde.")
    _links = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))


class AmbitionDetailSerializer(AmbitionSerializer):
    linked_developments = LinkedDevelopmentSerializer(
        many=True, help_text="De ontwikkelingen in het plan: of ze meetellen en wat ze het plan kosten."
    )


def ambition_payload(request, ambition: Ambition, detail: bool = False) -> dict:
    links = {"self": href(request, f"/api/v1/maturity/ambitions/{ambition.pk}")}
    if ambition.plan_id:
        links["plan"] = href(request, f"/api/v1/plans/{ambition.plan_id}")
    payload = {
        "id": ambition.pk,
        "organisation": mc.organisation_ref(ambition.organisation),
        "title": ambition.title,
        "metric": ambition.metric,
        "metric_label": service.describe_metric(ambition),
        "measured_how": service.measured_how(ambition.metric),
        "dimension": ambition.dimension,
        "plan": ambition.plan_id,
        "developments": list(ambition.developments),
        "note": ambition.note,
        "version": ambition.version,
        "updated_at": ambition.updated_at,
        "targets": [{"year": t.year, "value": t.value} for t in ambition.targets.order_by("year")],
        "progress": [vars(point) for point in service.progress(ambition)],
        "_links": links,
    }
    if detail:
        payload["linked_developments"] = [
            {"id": d.slug, "title": d.title, "in_plan": d.in_plan, "counts": d.counts, "total": d.total}
            for d in service.linked_developments(ambition)
        ]
    return payload


def ambition_response(request, ambition: Ambition) -> Response:
    data = AmbitionDetailSerializer(ambition_payload(request, ambition, detail=True)).data
    return mc.with_etag(Response(data), ambition)


def ambitions():
    return Ambition.objects.select_related("organisation", "plan__edition")


class AmbitionTargetInput(serializers.Serializer):
    year = serializers.IntegerField(**mc.YEAR)
    value = serializers.DecimalField(**VALUE, help_text="Een percentage 0-100, of een niveau 1-5 bij volwassenheid.")


class AmbitionPatch(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    metric = serializers.ChoiceField(choices=AmbitionMetric.choices, required=False)
    dimension = serializers.SlugField(max_length=80, allow_blank=True, required=False)
    plan = serializers.IntegerField(min_value=1, max_value=mc.MAX_ID, allow_null=True, required=False)
    developments = serializers.ListField(child=serializers.SlugField(max_length=80), max_length=200, required=False)
    note = serializers.CharField(allow_blank=True, max_length=TEXT_LIMIT, required=False)
    targets = serializers.ListField(
        child=AmbitionTargetInput(), min_length=1, max_length=101, required=False, help_text="Vervangt alle doelen."
    )


class AmbitionInput(AmbitionPatch):
    organisation = serializers.SlugField(max_length=80, help_text=mc.ORGANISATION_HELP)
    title = serializers.CharField(max_length=200)
    metric = serializers.ChoiceField(choices=AmbitionMetric.choices)
    targets = serializers.ListField(child=AmbitionTargetInput(), min_length=1, max_length=101)


def service_values(request, organisation, data: dict) -> dict:
    """The input as the service takes it: the plan as an object, the targets as {year: value}."""
    values = {name: data[name] for name in ("title", "metric", "dimension", "developments", "note") if name in data}
    if "plan" in data:
        values["plan"] = mc.plan_of_organisation(request.user, organisation, data["plan"])
    if "targets" in data:
        values["targets"] = targets_by_year(data["targets"])
    return values


def targets_by_year(given: list[dict]) -> dict:
    targets = {}
    for index, target in enumerate(given):
        if target["year"] in targets:
            raise exceptions.ValidationError(
                {"targets": {index: {"year": [_("Jaar %(year)s staat twee keer in de doelen.") % target]}}}
            )
        targets[target["year"]] = target["value"]
    return targets


class AmbitionQuery(serializers.Serializer):
    organisation = serializers.SlugField(required=False, max_length=80, help_text="Alleen van deze organisatie (id).")
    plan = serializers.IntegerField(
        required=False, min_value=1, max_value=mc.MAX_ID, help_text="Alleen die aan dit plan gekoppeld zijn."
    )


@extend_schema(tags=TAGS)
class AmbitionList(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = hal_pagination("ambitions")
    serializer_class = AmbitionSerializer

    @extend_schema(
        summary="Ambities van uw organisaties",
        description="Met de doelen per jaar en de voortgang: de gemeten waarde naast het doel.",
        parameters=[AmbitionQuery],
        responses={(200, "application/json"): AmbitionSerializer(many=True), **mc.READ_ERRORS},
    )
    def get(self, request):
        given = query(AmbitionQuery, request)
        rows = mc.of_members(request.user, ambitions()).order_by("organisation__name", "title", "pk")
        if given.get("organisation"):
            rows = rows.filter(organisation__slug=given["organisation"])
        if given.get("plan"):
            rows = rows.filter(plan_id=given["plan"])
        return mc.page(self, rows, lambda a: AmbitionSerializer(ambition_payload(request, a)).data)

    @extend_schema(
        summary="Een ambitie vastleggen",
        description=(
            "Een maatstaf met een doel per jaar (percentages 0-100; bij volwassenheid een niveau 1-5 van een "
            "dimensie), eventueel gekoppeld aan een plan en ontwikkelingen daarvan. Rol redacteur of beheerder en "
            "een API-sleutel met schrijven."
        ),
        request=AmbitionInput,
        responses={201: AmbitionDetailSerializer, **mc.problems(401, 403)},
        parameters=[mc.ETAG],
    )
    def post(self, request):
        data = mc.read(AmbitionInput, request.data)
        organisation = mc.organisation_to_change(request, data["organisation"])
        values = service_values(request, organisation, data)
        try:
            ambition = service.create_ambition(organisation, request.user, **values)
        except service.AmbitionError as error:
            raise exceptions.ValidationError({error.field or "non_field_errors": [error.message]}) from None
        response = ambition_response(request, ambitions().get(pk=ambition.pk))
        return mc.created(request, response, f"/api/v1/maturity/ambitions/{ambition.pk}")


@extend_schema(tags=TAGS, parameters=[AMBITION_ID])
class AmbitionDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Eén ambitie met doelen, voortgang en gekoppelde ontwikkelingen",
        responses={200: AmbitionDetailSerializer, **mc.READ_ERRORS},
        parameters=[mc.ETAG],
    )
    def get(self, request, id):
        return ambition_response(request, mc.object_of_user(request, ambitions(), id))

    @extend_schema(
        summary="Een ambitie wijzigen",
        description="Wat u niet stuurt blijft zoals het is; `targets` vervangt alle doelen.",
        request=AmbitionPatch,
        responses={200: AmbitionDetailSerializer, **mc.CHANGE_ERRORS},
        parameters=[mc.IF_MATCH, mc.ETAG],
    )
    def patch(self, request, id):
        ambition, version = mc.object_to_change(request, ambitions(), id)
        values = service_values(request, ambition.organisation, mc.read(AmbitionPatch, request.data))
        mc.saved(
            ambition,
            lambda: service.update_ambition(ambition, request.user, version, **values),
            (service.AmbitionError,),
        )
        return ambition_response(request, ambitions().get(pk=ambition.pk))

    @extend_schema(
        summary="Een ambitie verwijderen",
        description="De geschiedenis van de organisatie houdt haar laatste waarden.",
        request=None,
        responses={204: None, **mc.CHANGE_ERRORS},
        parameters=[mc.IF_MATCH],
    )
    def delete(self, request, id):
        ambition, version = mc.object_to_change(request, ambitions(), id)
        mc.saved(ambition, lambda: service.delete_ambition(ambition, request.user, version))
        return Response(status=status.HTTP_204_NO_CONTENT)
