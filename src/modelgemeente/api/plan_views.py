"""Plans under /api/v1/plans, for the user of a personal API token (docs/api.md, "Tokens and plans").

Who may see or change a plan is decided by plans.access (an outsider gets 404, a member reads, an
editor changes), a change is made by plans.services (and so recorded in the plan's history), the input
is checked by the page forms (plans.forms) after the serializers have read its types. These views only
connect them, and add what HTTP needs: the plan's ETag and the If-Match precondition.

ETag: strong, `"<plan id>-v<version>"`; every saved change raises the plan's version. A change needs
`If-Match` with it: none gives 428, another (an older version, another plan, `*`) 412, and nothing is
changed; the service checks the version again inside its transaction, so two clients with the same
ETag cannot both win.
"""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.accounts.api_auth import TokenScopeAllowsWrite
from modelgemeente.catalog.models import BudgetLine
from modelgemeente.core.cache import get_or_build, make_key, plan_stamp
from modelgemeente.core.enums import Role
from modelgemeente.plans import access, services
from modelgemeente.plans.budget import plan_report
from modelgemeente.plans.changes import AdoptedPlan, StaleVersion, SupersededPlan
from modelgemeente.plans.forms import ChoiceForm, ExtraLineForm, LineAdjustmentForm
from modelgemeente.plans.models import CHOICE_FIELDS, EXTRA_FIELDS, ExtraLine, LineAdjustment, Plan

from . import plan_serializers as ps
from . import serializers as s
from .pagination import hal_pagination

TAGS = ["Plannen"]
PLAN_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van het plan.")
DEVELOPMENT = OpenApiParameter(
    "developmentSlug", OpenApiTypes.STR, OpenApiParameter.PATH, description="Id (slug) van de ontwikkeling."
)
LINE = OpenApiParameter("lineSlug", OpenApiTypes.STR, OpenApiParameter.PATH, description="Id (slug) van de regel.")
EXTRA_LINE = OpenApiParameter(
    "extraLineId", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de eigen regel."
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='De ETag van het plan zoals u het las, bv. `"12-v3"`. Zonder: 428; verouderd: 412.',
)
ETAG_HEADER = "ETag"
ETAG_RE = re.compile(r'^"(\d+)-v(\d+)"$')


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "If-Match"
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class Superseded(exceptions.APIException):
    """The plan was moved to another release and is read-only (409)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "superseded"


def etag(plan: Plan) -> str:
    return f'"{plan.pk}-v{plan.version}"'


def with_etag(response: Response, plan: Plan) -> Response:
    response[ETAG_HEADER] = etag(plan)
    return response


def expected_version(request, plan: Plan) -> int:
    """The plan version the client's If-Match names; 428 without If-Match, 412 when it is not the current one."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired(
            _("Stuur If-Match met de ETag van het plan (%(etag)s), zodat u geen nieuwere wijziging overschrijft.")
            % {"etag": etag(plan)}
        )
    for tag in (part.strip() for part in header.split(",")):
        found = ETAG_RE.match(tag)
        if found and int(found[1]) == plan.pk and int(found[2]) == plan.version:
            return plan.version
    raise stale(plan)


def stale(plan: Plan) -> PreconditionFailed:
    return PreconditionFailed(
        _("Het plan is intussen gewijzigd: de huidige ETag is %(etag)s. Lees het plan opnieuw; er is niets gewijzigd.")
        % {"etag": etag(plan)}
    )


def form_errors(form, names: dict | None = None) -> exceptions.ValidationError:
    """A page form's errors as a DRF validation error (400 problem+json with invalidParams)."""
    names = names or {}
    errors = {}
    for field, messages in form.errors.items():
        name = "non_field_errors" if field == "__all__" else names.get(field, field)
        errors.setdefault(name, []).extend(str(m) for m in messages)
    return exceptions.ValidationError(errors)


def read(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class PlanMixin:
    permission_classes = [IsAuthenticated]

    def plan(self) -> Plan:
        plan, _member = access.plan_of_user(self.request.user, self.kwargs["id"])
        return plan

    def writable_plan(self) -> tuple[Plan, int]:
        """The plan, for a change: 404 for an outsider, 403 for a reader, a read-only token or a vastgesteld
        plan, 409 for a plan moved to another release, 428/412 without the current ETag in If-Match."""
        plan, _member = access.plan_of_user(self.request.user, self.kwargs["id"], Role.EDITOR)
        if plan.is_superseded:
            raise Superseded(str(SupersededPlan(plan.superseded_by)))
        if plan.is_adopted:
            raise exceptions.PermissionDenied(str(AdoptedPlan()))
        scope = TokenScopeAllowsWrite()
        if not scope.has_permission(self.request, self):
            raise exceptions.PermissionDenied(scope.message)
        return plan, expected_version(self.request, plan)

    def saved(self, plan: Plan, call):
        """Run a service call; a version saved in between (a race after the If-Match check) is a 412."""
        try:
            result = call()
        except StaleVersion:
            plan.refresh_from_db(fields=["version"])
            raise stale(plan) from None
        except services.NotInPlan:
            raise Http404 from None
        except SupersededPlan as error:
            raise Superseded(str(error)) from None
        except AdoptedPlan as error:
            raise exceptions.PermissionDenied(str(error)) from None
        plan.refresh_from_db(fields=["version"])
        return result


@extend_schema(
    tags=TAGS,
    summary="Plannen die u mag zien",
    description="De plannen van de organisaties waarvan de gebruiker van de API-sleutel lid is.",
)
class PlanList(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ps.PlanListSerializer
    pagination_class = hal_pagination("plans")

    def get_queryset(self):
        return access.visible_plans(self.request.user)


@extend_schema(
    tags=TAGS,
    summary="Eén plan met keuzes, aanpassingen en eigen regels",
    parameters=[PLAN_ID],
    responses={200: OpenApiResponse(ps.PlanSerializer, description="Het plan; de header ETag is zijn versie.")},
)
class PlanDetail(PlanMixin, APIView):
    def get(self, request, id):
        plan = self.plan()
        return with_etag(Response(ps.PlanSerializer(plan, context={"request": request}).data), plan)


@extend_schema(
    tags=TAGS,
    summary="De begroting van een plan",
    description="Dezelfde vorm als de begroting van het model; dezelfde bedragen als de planpagina en de downloads.",
    parameters=[PLAN_ID],
    responses={200: OpenApiResponse(s.BudgetSerializer, description="De begroting; ETag is die van het plan.")},
)
class PlanBudget(PlanMixin, APIView):
    def get(self, request, id):
        plan = self.plan()
        # Kept per plan version and language (core/cache.py), like the plan's pages and downloads.
        key = make_key("api-plan-budget", get_language(), plan_stamp(plan))
        return with_etag(Response(get_or_build(key, lambda: s.budget_payload(plan_report(plan)))), plan)


@extend_schema(
    tags=TAGS,
    summary="De keuze voor een ontwikkeling wijzigen",
    parameters=[PLAN_ID, DEVELOPMENT, IF_MATCH],
    request=ps.ChoiceInput,
    responses={200: ps.ChoiceSerializer},
)
class ChoiceDetail(PlanMixin, APIView):
    def patch(self, request, id, developmentSlug):
        plan, version = self.writable_plan()
        choice = get_object_or_404(plan.choices.select_related("development"), development__slug=developmentSlug)
        given = read(ps.ChoiceInput, request)
        data = {name: getattr(choice, name) for name in CHOICE_FIELDS} | given
        form = ChoiceForm(data=data, instance=choice)
        if not form.is_valid():
            raise form_errors(form)
        values = {name: form.cleaned_data[name] for name in CHOICE_FIELDS}
        self.saved(plan, lambda: services.save_choices(plan, request.user, version, {developmentSlug: values}))
        choice = plan.choices.select_related("development").get(pk=choice.pk)
        return with_etag(Response(ps.ChoiceSerializer(choice).data), plan)


@extend_schema(
    tags=TAGS,
    summary="Een regel van het model aanpassen: weglaten of een eigen bedrag of eigen uren",
    description=(
        "Een eigen bedrag (`amount`) geldt voor een geldregel, eigen uren (`hoursPerWeek`) voor een "
        "capaciteitsregel. Weglaten of een eigen getal vraagt een reden. `amount` en `hoursPerWeek` op null "
        "en `excluded` false: weer de regel van het model."
    ),
    parameters=[PLAN_ID, DEVELOPMENT, LINE, IF_MATCH],
    request=ps.AdjustmentInput,
    responses={200: ps.AdjustmentSerializer},
)
class AdjustmentDetail(PlanMixin, APIView):
    def patch(self, request, id, developmentSlug, lineSlug):
        plan, version = self.writable_plan()
        if not plan.choices.filter(development__slug=developmentSlug).exists():
            raise Http404
        line = get_object_or_404(
            BudgetLine.objects.select_related("development"),
            development__edition=plan.edition,
            development__slug=developmentSlug,
            slug=lineSlug,
        )
        given = read(ps.AdjustmentInput, request)
        own_name, other = ("hours_per_week", "amount") if line.is_capacity else ("amount", "hours_per_week")
        if given.get(other) is not None:
            raise exceptions.ValidationError(
                {
                    other: [
                        _("Deze regel is een capaciteitsregel: geef eigen uren per week (hoursPerWeek).")
                        if line.is_capacity
                        else _("Deze regel is een geldregel: geef een eigen bedrag (amount).")
                    ]
                }
            )
        current = plan.adjustments.filter(budget_line=line).first() or LineAdjustment(plan=plan, budget_line=line)
        data = {
            "excluded": given.get("excluded", current.excluded),
            "own": given.get(own_name, getattr(current, own_name)),
            "reason": given.get("reason", current.reason),
            "price_year": given.get("price_year", current.price_year),
        }
        form = LineAdjustmentForm(data=data, line=line, plan=plan)
        if not form.is_valid():
            raise form_errors(form, {"own": own_name})
        figures = {line.slug: form.cleaned_data}
        self.saved(plan, lambda: services.save_line_adjustments(plan, request.user, version, line.development, figures))
        saved = plan.adjustments.filter(budget_line=line).first() or LineAdjustment(plan=plan, budget_line=line)
        return with_etag(Response(ps.AdjustmentSerializer(saved).data), plan)


def extra_line_form(plan: Plan, data: dict, instance: ExtraLine | None = None) -> dict:
    form = ExtraLineForm(data=data, plan=plan, instance=instance)
    if not form.is_valid():
        raise form_errors(form)
    return {name: form.cleaned_data.get(name) for name in EXTRA_FIELDS}


@extend_schema(
    tags=TAGS,
    summary="Een eigen regel toevoegen",
    description="Een bedrag (`amount`, met `priceYear`) óf uren per week met een salarisschaal.",
    parameters=[PLAN_ID, IF_MATCH],
    request=ps.NewExtraLineInput,
    responses={201: ps.ExtraLineSerializer},
)
class ExtraLineList(PlanMixin, APIView):
    def post(self, request, id):
        plan, version = self.writable_plan()
        given = dict(read(ps.NewExtraLineInput, request))
        slug = given.pop("development")
        choice = plan.choices.select_related("development").filter(development__slug=slug).first()
        if choice is None:
            raise exceptions.ValidationError({"development": [_("Dit plan heeft geen ontwikkeling met dit id.")]})
        data = {"offset": 0, "spread": 1} | given
        values = extra_line_form(plan, data)
        extra = self.saved(
            plan, lambda: services.add_extra_line(plan, request.user, choice.development, values, version)
        )
        response = Response(ps.ExtraLineSerializer(extra).data, status=status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(f"/api/v1/plans/{plan.pk}/extra-lines/{extra.pk}")
        return with_etag(response, plan)


@extend_schema(tags=TAGS, parameters=[PLAN_ID, EXTRA_LINE, IF_MATCH])
class ExtraLineDetail(PlanMixin, APIView):
    def extra_line(self, plan: Plan) -> ExtraLine:
        return get_object_or_404(plan.extra_lines.select_related("development"), pk=self.kwargs["extraLineId"])

    @extend_schema(
        summary="Een eigen regel wijzigen", request=ps.ExtraLinePatch, responses={200: ps.ExtraLineSerializer}
    )
    def patch(self, request, id, extraLineId):
        plan, version = self.writable_plan()
        extra = self.extra_line(plan)
        data = {name: getattr(extra, name) for name in EXTRA_FIELDS} | read(ps.ExtraLinePatch, request)
        values = extra_line_form(plan, data, instance=ExtraLine.objects.get(pk=extra.pk))
        self.saved(plan, lambda: services.update_extra_line(plan, request.user, extra, values, None, version))
        return with_etag(Response(ps.ExtraLineSerializer(self.extra_line(plan)).data), plan)

    @extend_schema(summary="Een eigen regel verwijderen", request=None, responses={204: None})
    def delete(self, request, id, extraLineId):
        plan, version = self.writable_plan()
        extra = self.extra_line(plan)
        self.saved(plan, lambda: services.delete_extra_line(plan, request.user, extra, version))
        return with_etag(Response(status=status.HTTP_204_NO_CONTENT), plan)
