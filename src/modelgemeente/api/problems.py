"""Errors as application/problem+json (RFC 9457), for every error under /api.

DRF's own errors (validation, 404 in a view, 405, 406, 429) go through `exception_handler`;
errors Django answers itself (an unknown path, a 500) are turned into the same shape by
`api.middleware.ApiMiddleware`. Titles and details are Dutch (or English with Accept-Language: en).
Validation errors list every field in `invalidParams` as {name, code, reason}, the name in camelCase
as the client sent it.
"""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from djangorestframework_camel_case.util import camelize_re, underscore_to_camel
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_JSON = "application/problem+json"


def titles() -> dict[int, str]:
    """The title per status, in the active language (built per call so the translation is current)."""
    return {
        400: _("Ongeldige invoer"),
        401: _("Niet aangemeld"),
        403: _("Geen toegang"),
        404: _("Niet gevonden"),
        405: _("Methode niet toegestaan"),
        406: _("Formaat niet beschikbaar"),
        409: _("Conflict met de toestand van de bron"),
        412: _("Versie verouderd"),
        415: _("Formaat van de invoer niet ondersteund"),
        428: _("If-Match ontbreekt"),
        429: _("Te veel verzoeken"),
        500: _("Interne fout"),
    }


def default_detail(status_code: int) -> str:
    return {
        400: _("De invoer is ongeldig."),
        404: _("Deze bron bestaat niet."),
        405: _("Deze methode is niet toegestaan op deze bron."),
        500: _("Er ging iets mis aan onze kant. Probeer het later opnieuw."),
    }.get(status_code, _("Het verzoek kon niet worden verwerkt."))


def camel(name: str) -> str:
    return camelize_re.sub(underscore_to_camel, name) if "_" in name else name


def invalid_params(detail, prefix: str = "") -> list[dict]:
    """DRF's error tree ({field: [ErrorDetail]} or [ErrorDetail]) as a flat list of {name, code, reason}."""
    params = []
    if isinstance(detail, dict):
        for field, errors in detail.items():
            name = camel(str(field))
            if field == "non_field_errors":
                name = "nonFieldErrors"
            params += invalid_params(errors, f"{prefix}.{name}" if prefix else name)
    elif isinstance(detail, list):
        for index, errors in enumerate(detail):
            if isinstance(errors, (dict, list)):
                params += invalid_params(errors, f"{prefix}.{index}" if prefix else str(index))
            else:
                params += invalid_params(errors, prefix)
    else:
        params.append(
            {"name": prefix or "nonFieldErrors", "code": getattr(detail, "code", "invalid"), "reason": str(detail)}
        )
    return params


def problem(status_code: int, detail: str = "", instance: str = "", **extra) -> dict:
    body = {
        "type": "about:blank",
        "title": titles().get(status_code, _("Fout")),
        "status": status_code,
        "detail": detail or default_detail(status_code),
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def problem_response(request, status_code: int, detail: str = "", **extra) -> HttpResponse:
    """A plain Django response (for the middleware, outside DRF)."""
    body = problem(status_code, detail, request.path, **extra)
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status_code, content_type=PROBLEM_JSON)


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every API exception as problem+json."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500, turned into problem+json by the middleware
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, exceptions.ValidationError):
        body = problem(
            status.HTTP_400_BAD_REQUEST,
            _("Een of meer parameters zijn ongeldig; zie invalidParams."),
            instance,
            invalid_params=invalid_params(exc.detail),
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
        body = problem(response.status_code, str(detail) if isinstance(detail, str) else "", instance)
    headers = {k: v for k, v in response.headers.items() if k in ("Retry-After", "Allow", "WWW-Authenticate")}
    return Response(body, status=response.status_code, headers=headers, content_type=PROBLEM_JSON)
