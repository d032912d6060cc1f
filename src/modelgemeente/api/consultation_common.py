"""What the consultation endpoints share (api/regions.py, signals.py, questions.py, positions.py, provisions.py):
finding an object the user may see, acting for an organisation, the refusals of the consultation services as
problem+json, and small pieces of output (a region or organisation by its id, an amount, a percentage).

Who may see and do what is decided by the consultation's own helpers and services (consultation/access.py,
question_access.py, services/*.py), the same as for the pages; these views only translate:

- not visible, or no such object: 404 (its existence is not revealed);
- no token where one is needed: 401; a role the service refuses, or a read-only token for a change: 403;
- a refused change (the service's Dutch message): 400 at the field the service names, else `nonFieldErrors`;
- a stale If-Match or a version saved in between: 412; a final position that is asked to change: 409.

Access to organisations follows api/maturity_common.py: acting for an organisation you are no member of is a 404,
below the editor role a 403, and a change needs a token with write scope.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, serializers

from modelgemeente.consultation.models import Region
from modelgemeente.consultation.services import positions as position_service
from modelgemeente.consultation.services import questions as question_service
from modelgemeente.consultation.services import signals as signal_service
from modelgemeente.consultation.services.common import ConsultationError, StaleVersion

from . import maturity_common as mc
from .plan_views import PreconditionFailed
from .problems import PROBLEM_JSON
from .serializers import amount

MAX_ID = mc.MAX_ID
SLUG = {"max_length": 80}
IDS = {"max_length": 200}
PROBLEMS = {
    **mc.PROBLEM_TEXTS,
    403: "Geen toegang: u hebt niet de rol die hiervoor nodig is (redacteur of beheerder van de organisatie, "
    "vertegenwoordiger van de regio of coördinator), of de API-sleutel mag alleen lezen.",
    409: "Conflict: het standpunt is vastgesteld en verandert niet meer.",
    412: "If-Match is niet de huidige ETag: er is niets gewijzigd.",
}
DENIED = (signal_service.NotAllowed, question_service.QuestionDenied, position_service.NotAllowed, PermissionDenied)


class Conflict(mc.Conflict):
    """A final position that is asked to change (409)."""


# Finding objects ----------------------------------------------------------------------------------------------


def visible(queryset, pk: int, message: str):
    """The object `pk` of `queryset` (what the user may see), else a 404 with `message`."""
    found = queryset.filter(pk=pk).first() if pk <= MAX_ID else None
    if found is None:
        raise exceptions.NotFound(message)
    return found


def region_named(slug: str, field: str | None = None) -> Region:
    """The region by its id; unknown: a 404 (path) or a 400 at `field` (input)."""
    found = Region.objects.filter(slug=slug).first()
    if found is None:
        message = _("Er is geen regio met id '%(slug)s'.") % {"slug": slug[:80]}
        if field:
            raise exceptions.ValidationError({field: [message]})
        raise exceptions.NotFound(message)
    return found


def acting_for(request, organisation_slug: str):
    """The organisation the user acts for: 404 when no member, 403 below the editor role or with a read-only
    token."""
    return mc.organisation_to_change(request, organisation_slug)


require_write_token = mc.require_write_token


# Service refusals ----------------------------------------------------------------------------------------------


def called(call, obj=None):
    """Run a consultation service call and translate its refusal (see the module docstring). `obj` is the versioned
    object whose ETag a 412 names."""
    try:
        return call()
    except DENIED as error:
        raise exceptions.PermissionDenied(str(error)) from None
    except StaleVersion as error:
        if obj is None:
            raise PreconditionFailed(str(error)) from None
        obj.refresh_from_db(fields=["version"])
        raise mc.stale(obj) from None
    except position_service.PositionFinal as error:
        raise Conflict(str(error)) from None
    except ConsultationError as error:
        field = getattr(error, "field", None) or "non_field_errors"
        raise exceptions.ValidationError({field: [str(error)]}) from None


def changed(request, obj, call):
    """A change of a versioned object: write token, If-Match with its current ETag (428, 412), then the call."""
    require_write_token(request)
    version = mc.expected_version(request, obj)
    return called(lambda: call(version), obj)


# Output --------------------------------------------------------------------------------------------------------


def region_ref(region: Region) -> dict:
    return {"slug": region.slug, "name": region.name}


class RegionRefSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="Id van de regio.")
    name = serializers.CharField()


def money(value: Decimal | None) -> str | None:
    """Euros with cents as a string, rounded half up; None stays None."""
    return None if value is None else amount(value)


def percentage(fraction: Decimal | None) -> Decimal | None:
    """A fraction 0-1 as a percentage with two decimals (half up)."""
    if fraction is None:
        return None
    return (Decimal(fraction) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class MoneyField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Bedrag in euro, decimaal met twee decimalen, als string (geen float).")
        super().__init__(**kwargs)


def problems(*codes: int) -> dict:
    return {(code, PROBLEM_JSON): OpenApiResponse(mc.ProblemSerializer, description=PROBLEMS[code]) for code in codes}


READ_ERRORS = problems(401)
ACT_ERRORS = problems(401, 403)
CHANGE_ERRORS = problems(401, 403, 412, 428)
FINAL_CHANGE_ERRORS = problems(401, 403, 409, 412, 428)

ETAG = mc.ETAG
IF_MATCH = mc.IF_MATCH
id_parameter = mc.id_parameter


def slug_parameter(name: str, what: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.PATH, description=f"Id van {what}.")
