"""/api/v1/plans/{id}/scenarios and /api/v1/plans/{id}/comparison: copies of a plan, and two plans side by side
(plans/scenarios.py).

A copy is made by an editor with a read-write token and the plan's If-Match (the copy is the version the client
read); copying a vastgesteld plan is allowed. The plan to compare with (`with`) is another plan of the same
organisation on the same release: another organisation's plan is a 404, a plan on another release a 400 with the
reason. Amounts are the engine's per plan; the difference is the other plan minus this one, rounded to cents from
the unrounded figures.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.accounts.api_auth import TokenScopeAllowsWrite
from modelgemeente.core.enums import Role
from modelgemeente.plans import access, scenarios
from modelgemeente.plans.models import Plan

from . import plan_serializers as ps
from .plan_views import IF_MATCH, PLAN_ID, TAGS, PlanMixin, etag, expected_version, read, with_etag
from .serializers import AmountField, amount, href

WITH = OpenApiParameter(
    "with",
    OpenApiTypes.INT,
    OpenApiParameter.QUERY,
    required=True,
    description="Id van het plan om mee te vergelijken: een ander plan van dezelfde organisatie op dezelfde release.",
)


class ScenarioInput(serializers.Serializer):
    name = serializers.CharField(
        max_length=scenarios.NAME_LIMIT, help_text="Naam van het scenario, bv. `sober` of `ambitieus`."
    )


class FiguresSerializer(serializers.Serializer):
    incidental = AmountField()
    structural = AmountField()
    total = AmountField()
    fte = serializers.CharField(help_text="Capaciteit in fte, twee decimalen, als string.")


class YearComparisonSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    plan = FiguresSerializer()
    other = FiguresSerializer()
    difference = FiguresSerializer(help_text="Het andere plan min dit plan.")


class AmountsSerializer(serializers.Serializer):
    plan = AmountField()
    other = AmountField()
    difference = AmountField()


class DomainYearSerializer(AmountsSerializer):
    year = serializers.IntegerField()


class DomainComparisonSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Id (slug) van het domein.")
    name = serializers.CharField()
    amounts = DomainYearSerializer(many=True)
    total = AmountsSerializer(help_text="Alle vergeleken jaren samen.")


class PlanRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    scenario_name = serializers.CharField()
    years = serializers.ListField(child=serializers.IntegerField())


class ComparisonSerializer(serializers.Serializer):
    plan = PlanRefSerializer()
    other = PlanRefSerializer()
    years = serializers.ListField(
        child=serializers.IntegerField(), help_text="De jaren die beide plannen hebben; alleen die worden vergeleken."
    )
    totals = YearComparisonSerializer(many=True)
    by_domain = DomainComparisonSerializer(many=True)
    _links = serializers.DictField(child=serializers.DictField())


def _ref(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "title": plan.title,
        "version": plan.version,
        "status": plan.status,
        "scenario_name": plan.scenario_name,
        "years": list(plan.years),
    }


def _figures(groups, side: int, year: int) -> dict:
    by_key = {group.key: group.rows[side].values[year] for group in groups}
    return {
        "incidental": amount(by_key["incidental"]),
        "structural": amount(by_key["structural"]),
        "total": amount(by_key["total"]),
        "fte": amount(by_key["fte"]),
    }


def comparison_payload(request, comparison: scenarios.Comparison) -> dict:
    plan, other = comparison.plan, comparison.other
    base = f"/api/v1/plans/{plan.pk}"
    return {
        "plan": _ref(plan),
        "other": _ref(other),
        "years": list(comparison.years),
        "totals": [
            {
                "year": y,
                "plan": _figures(comparison.totals, 0, y),
                "other": _figures(comparison.totals, 1, y),
                "difference": _figures(comparison.totals, 2, y),
            }
            for y in comparison.years
        ],
        "by_domain": [
            {
                "key": group.key,
                "name": group.label,
                "amounts": [
                    {
                        "year": y,
                        "plan": amount(group.rows[0].values[y]),
                        "other": amount(group.rows[1].values[y]),
                        "difference": amount(group.rows[2].values[y]),
                    }
                    for y in comparison.years
                ],
                "total": {
                    "plan": amount(group.rows[0].total),
                    "other": amount(group.rows[1].total),
                    "difference": amount(group.rows[2].total),
                },
            }
            for group in comparison.domains
        ],
        "_links": {
            "self": href(request, f"{base}/comparison?with={other.pk}"),
            "plan": href(request, base),
            "other": href(request, f"/api/v1/plans/{other.pk}"),
            "html": href(request, f"{plan.get_absolute_url()}scenarios/vergelijking/?met={other.pk}"),
        },
    }


@extend_schema(tags=TAGS, parameters=[PLAN_ID])
class ScenarioList(PlanMixin, APIView):
    @extend_schema(
        operation_id="plans_scenarios_list",
        summary="De scenario's van een plan: de plannen die ervan zijn gekopieerd",
        responses={
            200: OpenApiResponse(ps.PlanListSerializer(many=True), description="De scenario's; ETag van het plan.")
        },
    )
    def get(self, request, id):
        plan = self.plan()
        rows = scenarios.scenarios_of(plan)
        return with_etag(Response(ps.PlanListSerializer(rows, many=True, context={"request": request}).data), plan)

    @extend_schema(
        summary="Een plan kopiëren als scenario",
        description=(
            "Een nieuw plan (concept) van dezelfde organisatie en release met alles wat de begroting bepaalt: profiel, "
            "jaren, eigen uitgangspunten, keuzes, aangepaste en eigen regels, ook een deelname aan een gezamenlijke "
            "voorziening. Titel: `<titel> — scenario <naam>`. Ook van een vastgesteld plan. If-Match: de ETag van het "
            "plan dat u kopieert. Het antwoord is het nieuwe plan, met zijn eigen ETag."
        ),
        request=ScenarioInput,
        responses={201: ps.PlanSerializer},
        parameters=[IF_MATCH],
    )
    def post(self, request, id):
        plan, _member = access.plan_of_user(request.user, id, Role.EDITOR)
        scope = TokenScopeAllowsWrite()
        if not scope.has_permission(request, self):
            raise exceptions.PermissionDenied(scope.message)
        version = expected_version(request, plan)
        data = read(ScenarioInput, request)
        try:
            copy = self.saved(plan, lambda: scenarios.copy_as_scenario(plan, request.user, data["name"], version))
        except scenarios.ScenarioRefused as error:
            raise exceptions.ValidationError({error.field or "non_field_errors": [error.message]}) from None
        copy = Plan.objects.select_related("edition", "organisation").get(pk=copy.pk)
        response = Response(ps.PlanSerializer(copy, context={"request": request}).data, status=status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(f"/api/v1/plans/{copy.pk}")
        response["ETag"] = etag(copy)
        return response


@extend_schema(
    tags=TAGS,
    summary="Twee plannen naast elkaar: per jaar en per domein, met het verschil",
    description=(
        "Dit plan en plan `with` (dezelfde organisatie, dezelfde release) over de jaren die ze allebei hebben: per "
        "jaar incidenteel, structureel, totaal en fte, en per domein per jaar; het verschil is `with` min dit plan. "
        "Elk plan rekent met zijn eigen keuzes en uitgangspunten; de bedragen zijn die van de begroting van elk plan."
    ),
    parameters=[PLAN_ID, WITH],
    responses={200: OpenApiResponse(ComparisonSerializer, description="De vergelijking; ETag van dit plan.")},
)
class PlanComparison(PlanMixin, APIView):
    def get(self, request, id):
        plan = self.plan()
        raw = (request.query_params.get("with") or "").strip()
        try:
            other_id = int(raw)
        except ValueError:
            other_id = 0
        if not 0 < other_id < 2**63:
            raise exceptions.ValidationError(
                {"with": [_("Geef het id van het plan om mee te vergelijken (een geheel getal).")]}
            )
        other = Plan.objects.select_related("edition", "organisation").filter(
            pk=other_id, organisation=plan.organisation
        )
        other = other.first()
        if other is None:
            raise Http404
        try:
            comparison = scenarios.compare(plan, other)
        except scenarios.ScenarioRefused as error:
            raise exceptions.ValidationError({error.field or "non_field_errors": [error.message]}) from None
        return with_etag(Response(comparison_payload(request, comparison)), plan)
