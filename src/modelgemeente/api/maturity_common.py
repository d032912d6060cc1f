"""What the maturity and product endpoints share (api/maturity_assessments.py, maturity_ambitions.py,
products.py): access by id for a token's user, the ETag and If-Match of a versioned object, service errors as
problem+json, and the error responses these operations declare in the OpenAPI document.

Access is that of plans (plans/access.py; maturity/access.py does the same for the pages, by organisation
slug): an assessment, measurement or ambition of an organisation the user is no member of does not exist (404);
a member reads; a change needs the editor or admin role and a token with write scope (403 otherwise); no token
is 401.

Versions, as for a plan (api/plan_views.py): the ETag is strong, `"<id>-v<version>"`; a change needs If-Match
with it (none: 428; another: 412, and nothing changes). The service checks the version again inside its
transaction (maturity/services/history.py), so a save in between is a 412 too.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from modelgemeente.accounts.api_auth import TokenScopeAllowsWrite
from modelgemeente.core.enums import Role
from modelgemeente.maturity.services.history import StaleVersion
from modelgemeente.plans.access import membership, visible_plans
from modelgemeente.plans.models import Organisation

from . import plan_views
from .plan_views import PreconditionFailed, PreconditionRequired
from .problems import PROBLEM_JSON

# Ids in the database are 64-bit; a longer number in a path names nothing (and must not reach the database).
MAX_ID = 2**63 - 1
CENT = Decimal("0.01")
YEAR = {"min_value": 2000, "max_value": 2100}
ORGANISATION_HELP = "Id (slug) van de organisatie."


class Conflict(exceptions.APIException):
    """The request clashes with what exists (409), e.g. a second assessment of the same year."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


# Access -------------------------------------------------------------------------------------------------


def of_members(user, queryset):
    """The objects of the organisations `user` is a member of (any role)."""
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(organisation__memberships__user=user)


def object_of_user(request, queryset, pk: int, role: str = Role.MEMBER):
    """An object by id for the request's user, as plan_of_user gives a plan: no member of its organisation (or
    no such object): 404; a member whose role is below `role`: 403."""
    if pk > MAX_ID:
        raise exceptions.NotFound()
    found = get_object_or_404(of_members(request.user, queryset.select_related("organisation")), pk=pk)
    membership(request, found.organisation.slug, role)
    return found


def organisation_to_change(request, slug: str) -> Organisation:
    """The organisation a new object is for: 404 when the user is no member of it, 403 below the editor role
    or with a read-only token."""
    organisation = membership(request, slug, Role.EDITOR).organisation
    require_write_token(request)
    return organisation


def require_write_token(request) -> None:
    scope = TokenScopeAllowsWrite()
    if not scope.has_permission(request, None):
        raise exceptions.PermissionDenied(scope.message)


def object_to_change(request, queryset, pk: int):
    """The object and the version If-Match names, for a change (404, 403, 428 or 412 before anything else)."""
    found = object_of_user(request, queryset, pk, Role.EDITOR)
    require_write_token(request)
    return found, expected_version(request, found)


def plan_of_organisation(user, organisation, pk: int | None):
    """The plan `pk` of the organisation (None for None), for a query parameter or a field `plan`: a plan the user
    cannot see or of another organisation is a 400 at `plan`."""
    if pk is None:
        return None
    plan = visible_plans(user).filter(pk=pk, organisation=organisation).first()
    if plan is None:
        raise exceptions.ValidationError(
            {"plan": [_("%(org)s heeft geen plan met dit id.") % {"org": organisation.name}]}
        )
    return plan


# Versions -----------------------------------------------------------------------------------------------


etag = plan_views.etag  # "<id>-v<version>", for any versioned object
with_etag = plan_views.with_etag


def expected_version(request, obj) -> int:
    """The version If-Match names, read as plan_views reads a plan's (the ETag has the same form); 428 without
    If-Match, 412 when it is not the current one, with messages about this object instead of a plan."""
    try:
        return plan_views.expected_version(request, obj)
    except PreconditionRequired:
        raise PreconditionRequired(
            _("Stuur If-Match met de huidige ETag (%(etag)s), zodat u geen nieuwere wijziging overschrijft.")
            % {"etag": etag(obj)}
        ) from None
    except PreconditionFailed:
        raise stale(obj) from None


def stale(obj) -> PreconditionFailed:
    return PreconditionFailed(
        _("Dit is intussen gewijzigd: de huidige ETag is %(etag)s. Lees het opnieuw; er is niets gewijzigd.")
        % {"etag": etag(obj)}
    )


def saved(obj, call, errors: tuple = ()):
    """Run a service call: a version saved in between is a 412; a service's refusal (`errors`, with a Dutch
    message) a 400 at the error's `field`, if it names one."""
    try:
        return call()
    except StaleVersion:
        obj.refresh_from_db(fields=["version"])
        raise stale(obj) from None
    except errors as error:
        raise exceptions.ValidationError({getattr(error, "field", None) or "non_field_errors": [str(error)]}) from None


# Input and output ---------------------------------------------------------------------------------------


def read(serializer_class, data) -> dict:
    if not isinstance(data, dict):
        raise exceptions.ValidationError({"non_field_errors": [_("Stuur een JSON-object.")]})
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def page(view, rows, serialize) -> Response:
    """A HAL page of `rows`, each item as `serialize(row)` makes it."""
    return view.get_paginated_response([serialize(row) for row in view.paginate_queryset(rows)])


def created(request, response: Response, path: str) -> Response:
    response.status_code = status.HTTP_201_CREATED
    response["Location"] = request.build_absolute_uri(path)
    return response


def percent(share: Decimal | None) -> Decimal | None:
    """A share 0-1 as a percentage with one decimal (half up), None stays None."""
    if share is None:
        return None
    return (share * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def whole(value: Decimal) -> int:
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def organisation_ref(organisation: Organisation) -> dict:
    return {"slug": organisation.slug, "name": organisation.name}


class OrganisationQuery(serializers.Serializer):
    organisation = serializers.SlugField(required=False, max_length=80, help_text="Alleen van deze organisatie (id).")
    year = serializers.IntegerField(required=False, **YEAR, help_text="Alleen van dit jaar.")


def filtered(queryset, given: dict):
    if given.get("organisation"):
        queryset = queryset.filter(organisation__slug=given["organisation"])
    if given.get("year"):
        queryset = queryset.filter(year=given["year"])
    return queryset


# The OpenAPI document -----------------------------------------------------------------------------------


class ProblemSerializer(serializers.Serializer):
    """The component `Problem`, which api.schema.declare_shared_responses fills in completely."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()


PROBLEM_TEXTS = {
    401: "Geen, een onbekende, verlopen of ingetrokken API-sleutel (header WWW-Authenticate: Bearer).",
    403: "Geen toegang: uw rol in de organisatie is lezer, of de API-sleutel mag alleen lezen.",
    409: "Conflict: bestaat al voor dit jaar.",
    412: "If-Match is niet de huidige ETag: er is niets gewijzigd.",
    428: "If-Match ontbreekt: stuur de ETag.",
}


def problems(*codes: int) -> dict:
    return {(code, PROBLEM_JSON): OpenApiResponse(ProblemSerializer, description=PROBLEM_TEXTS[code]) for code in codes}


READ_ERRORS = problems(401)
CREATE_ERRORS = problems(401, 403, 409)
CHANGE_ERRORS = problems(401, 403, 412, 428)

ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    required=True,
    description='De versie als sterke ETag, `"<id>-v<versie>"`; stuur hem terug in If-Match.',
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='De ETag zoals u hem las, bv. `"12-v3"`. Zonder: 428; verouderd: 412.',
)


def id_parameter(what: str) -> OpenApiParameter:
    return OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=f"Id van {what}.")
