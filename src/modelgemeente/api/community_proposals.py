"""/api/v1/community/proposals: proposals and comments on the content (docs/community.md).

Reading is public (hidden proposals are left out); making one needs a personal API token with write scope
and goes through the same service and checks as the page (community.services.create_proposal); too many in
a period gives 429.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.accounts.api_auth import TokenScopeAllowsWrite
from modelgemeente.catalog import releases
from modelgemeente.community import access, services
from modelgemeente.community.models import Proposal
from modelgemeente.core.enums import ProposalField, ProposalKind, ProposalStatus

from .pagination import hal_pagination

TAGS = ["Gemeenschap"]


class TooManyProposals(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "too_many_proposals"


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(" + "|".join(ProposalKind.values) + ")$",
        "description": "Soort: comment (opmerking), change (wijziging) of new_line (nieuwe regel).",
    }
)
class ProposalKindField(serializers.ChoiceField):
    """The kind of a proposal, as an inline enum (the name 'kind' is also a budget line's)."""

    def __init__(self, **kwargs):
        super().__init__(choices=ProposalKind.choices, **kwargs)


class ProposalSerializer(serializers.ModelSerializer):
    kind = ProposalKindField(read_only=True)
    organisation = serializers.CharField(source="organisation.name", allow_null=True, default=None, read_only=True)
    release = serializers.CharField(source="edition.release_id", read_only=True)
    proposed_value = serializers.JSONField(read_only=True, allow_null=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "kind",
            "release",
            "development_slug",
            "line_slug",
            "field",
            "current_value",
            "proposed_value",
            "reasoning",
            "source",
            "organisation",
            "created_at",
            "status",
            "written_at",
        ]
        read_only_fields = fields


class ProposalQuery(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ProposalStatus.choices, required=False, help_text="Alleen met deze status."
    )
    development = serializers.SlugField(required=False, max_length=80, help_text="Alleen over deze ontwikkeling (id).")


class ProposalInput(serializers.Serializer):
    edition = serializers.IntegerField(min_value=2000, max_value=2999, help_text="Jaar van de editie die u las.")
    kind = ProposalKindField()
    development_slug = serializers.SlugField(max_length=80)
    line_slug = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    field = serializers.ChoiceField(choices=ProposalField.choices, required=False, allow_blank=True, default="")
    proposed_value = serializers.JSONField(required=False, allow_null=True, default=None)
    current_text = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    reasoning = serializers.CharField(max_length=20000)
    source = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    estimated_hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=0, max_value=999, required=False, allow_null=True, default=None
    )
    organisation = serializers.SlugField(required=False, allow_blank=True, help_text="Id (slug) van uw organisatie.")


def public_proposals():
    return Proposal.objects.filter(hidden_at__isnull=True).select_related("organisation", "edition")


@extend_schema(tags=TAGS)
class ProposalList(generics.ListAPIView):
    serializer_class = ProposalSerializer
    pagination_class = hal_pagination("proposals")

    def get_queryset(self):
        query = ProposalQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        proposals = public_proposals().order_by("-created_at", "-pk")
        if query.validated_data.get("status"):
            proposals = proposals.filter(status=query.validated_data["status"])
        if query.validated_data.get("development"):
            proposals = proposals.filter(development_slug=query.validated_data["development"])
        return proposals

    @extend_schema(summary="Voorstellen en opmerkingen", parameters=[ProposalQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Een voorstel of opmerking indienen",
        request=ProposalInput,
        responses={
            (201, "application/json"): ProposalSerializer,
            (401, "application/problem+json"): OpenApiResponse(
                response=OpenApiTypes.OBJECT, description="Geen, een onbekende, verlopen of ingetrokken API-sleutel."
            ),
            (403, "application/problem+json"): OpenApiResponse(
                response=OpenApiTypes.OBJECT, description="De API-sleutel mag alleen lezen."
            ),
        },
        description="Met een API-sleutel met lezen en schrijven. Te veel voorstellen in korte tijd: 429.",
    )
    def post(self, request):
        if not IsAuthenticated().has_permission(request, self):
            raise exceptions.NotAuthenticated()
        allows_write = TokenScopeAllowsWrite()
        if not allows_write.has_permission(request, self):
            raise exceptions.PermissionDenied(allows_write.message)
        data = ProposalInput(data=request.data)
        data.is_valid(raise_exception=True)
        data = data.validated_data
        edition = releases.current(data["edition"], request.user)
        if edition is None:
            raise exceptions.ValidationError({"edition": [_("Deze editie bestaat niet.")]})
        organisation = None
        if data.get("organisation"):
            organisation = access.member_organisations(request.user).filter(slug=data.get("organisation")).first()
            if organisation is None:
                raise exceptions.ValidationError({"organisation": [_("U bent geen lid van deze organisatie.")]})
        try:
            proposal = services.create_proposal(
                request.user,
                edition=edition,
                kind=data["kind"],
                development_slug=data["development_slug"],
                line_slug=data.get("line_slug", ""),
                field=data["field"],
                proposed_value=data["proposed_value"],
                current_text=data["current_text"],
                reasoning=data["reasoning"],
                source=data["source"],
                estimated_hours=data["estimated_hours"],
                organisation=organisation,
            )
        except services.ProposalRateLimited as exc:
            raise TooManyProposals(exc.message) from None
        except services.ProposalError as exc:
            raise exceptions.ValidationError({exc.field or "non_field_errors": [exc.message]}) from None
        response = Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(f"/api/v1/community/proposals/{proposal.pk}")
        return response


@extend_schema(
    tags=TAGS,
    summary="Eén voorstel",
    parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van het voorstel.")],
)
class ProposalDetail(APIView):
    def get(self, request, id):
        proposal = get_object_or_404(public_proposals(), pk=id)
        return Response(ProposalSerializer(proposal).data)

    serializer_class = ProposalSerializer


urlpatterns = [
    path("proposals", ProposalList.as_view(), name="proposals"),
    path("proposals/<int:id>", ProposalDetail.as_view(), name="proposal"),
]
