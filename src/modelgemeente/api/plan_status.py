"""/api/v1/plans/{id}/status: a plan's status in the P&C cycle and its next step (plans/status.py).

GET for a member; PUT to take a step, with If-Match like every plan change: concept <-> ingediend by an editor,
ingediend -> vastgesteld by an administrator of the organisation with `confirm: true` (and optionally the council
decision's date and reference). Adoption is final: afterwards every change of the plan is a 403 (the plan's
downloads are frozen as they were). The page and the API refuse the same steps with the same Dutch messages.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.core.enums import PlanStatus
from modelgemeente.plans import access
from modelgemeente.plans import status as statuses
from modelgemeente.plans.models import Membership, Plan

from .plan_views import IF_MATCH, PLAN_ID, TAGS, PlanMixin, read, with_etag
from .serializers import href


class StepSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PlanStatus.choices)
    allowed = serializers.BooleanField(help_text="Of u (met uw rol) deze stap mag zetten.")


class FrozenExportSerializer(serializers.Serializer):
    format = serializers.CharField(help_text="xlsx, ods, csv, pdf, ...")
    version = serializers.IntegerField(help_text="De versie van het plan bij het vaststellen.")
    created_at = serializers.DateTimeField()
    _links = serializers.DictField(child=serializers.DictField())


class PlanStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PlanStatus.choices)
    status_changed_at = serializers.DateTimeField(allow_null=True)
    decision_date = serializers.DateField(allow_null=True, help_text="Datum van het raadsbesluit (vastgesteld).")
    decision_reference = serializers.CharField(help_text="Kenmerk van het raadsbesluit; leeg als niet opgegeven.")
    next = StepSerializer(many=True, help_text="De stappen die vanuit deze status mogelijk zijn.")
    frozen_exports = FrozenExportSerializer(
        many=True, help_text="De downloads zoals ze bij het vaststellen werden vastgelegd; leeg voor de vaststelling."
    )
    _links = serializers.DictField(child=serializers.DictField())


class StatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=PlanStatus.choices, help_text="De nieuwe status.")
    confirm = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Verplicht true bij vastgesteld: het plan kan daarna niet meer wijzigen.",
    )
    decision_date = serializers.DateField(required=False, allow_null=True, help_text="Alleen bij vastgesteld.")
    decision_reference = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=statuses.DECISION_REFERENCE_LIMIT,
        help_text="Alleen bij vastgesteld.",
    )


def payload(request, plan: Plan, member: Membership) -> dict:
    base = f"/api/v1/plans/{plan.pk}"
    page = plan.get_absolute_url()
    frozen = plan.frozen_exports.defer("content").order_by("fmt") if plan.is_adopted else []
    return {
        "status": plan.status,
        "status_changed_at": plan.status_changed_at,
        "decision_date": plan.decision_date,
        "decision_reference": plan.decision_reference,
        "next": []
        if plan.is_superseded
        else [{"status": s, "allowed": a} for s, a in statuses.next_steps(plan, member)],
        "frozen_exports": [
            {
                "format": item.fmt,
                "version": item.version,
                "created_at": item.created_at,
                "_links": {"download": href(request, f"{page}plan.{item.fmt}")},
            }
            for item in frozen
        ],
        "_links": {
            "self": href(request, f"{base}/status"),
            "plan": href(request, base),
            "html": href(request, f"{page}status/"),
        },
    }


@extend_schema(tags=TAGS, parameters=[PLAN_ID])
class PlanStatusView(PlanMixin, APIView):
    @extend_schema(
        summary="De status van een plan (concept, ingediend, vastgesteld)",
        responses={200: OpenApiResponse(PlanStatusSerializer, description="De status; ETag is die van het plan.")},
    )
    def get(self, request, id):
        plan, member = access.plan_of_user(request.user, id)
        return with_etag(Response(payload(request, plan, member)), plan)

    @extend_schema(
        summary="De status van een plan wijzigen",
        description=(
            "concept → ingediend en terug: redacteur. ingediend → vastgesteld: beheerder van de organisatie, met "
            "`confirm: true` en desgewenst `decisionDate` en `decisionReference`. Vastgesteld is definitief: het plan "
            "is daarna alleen te lezen (elke wijziging: 403) en zijn downloads zijn vastgelegd zoals ze toen waren. "
            "Eén wijziging in de geschiedenis van het plan; nieuwe ETag."
        ),
        request=StatusInput,
        responses={200: PlanStatusSerializer},
        parameters=[IF_MATCH],
    )
    def put(self, request, id):
        plan, version = self.writable_plan()
        data = read(StatusInput, request)
        try:
            role = statuses.required_role(plan.status, data["status"])
        except statuses.StatusRefused as error:
            raise exceptions.ValidationError({error.field or "non_field_errors": [error.message]}) from None
        try:
            plan, member = access.plan_of_user(request.user, id, role)
        except DjangoPermissionDenied as error:  # with the role that is needed, as the page says it
            raise exceptions.PermissionDenied(str(error)) from None
        try:
            self.saved(
                plan,
                lambda: statuses.change_status(
                    plan,
                    request.user,
                    version,
                    data["status"],
                    confirmed=data["confirm"],
                    decision_date=data.get("decision_date"),
                    decision_reference=data.get("decision_reference", ""),
                ),
            )
        except statuses.StatusRefused as error:
            raise exceptions.ValidationError({error.field or "non_field_errors": [error.message]}) from None
        plan = Plan.objects.select_related("edition", "organisation").get(pk=plan.pk)
        return with_etag(Response(payload(request, plan, member)), plan)
