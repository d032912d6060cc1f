"""The plan operations in the OpenAPI document (a postprocessing hook after api.schema's): the problem
responses of authentication (401 with WWW-Authenticate, 403), of the If-Match precondition (412, 428),
and the ETag header on the answers of /plans/{id}..."""

from .schema import _problem_response

ETAG = {
    "description": 'De versie van het plan als sterke ETag, `"<plan-id>-v<versie>"`; stuur hem terug in If-Match.',
    "schema": {"type": "string", "example": '"12-v3"'},
    "required": True,
}
AUTH_ERRORS = {
    "401": "Geen, een onbekende, verlopen of ingetrokken API-sleutel (header WWW-Authenticate: Bearer).",
    "403": "Geen toegang: uw rol in de organisatie is lezer, of de API-sleutel mag alleen lezen.",
}
PRECONDITION_ERRORS = {
    "412": "If-Match is niet de huidige ETag van het plan: er is niets gewijzigd.",
    "428": "If-Match ontbreekt: stuur de ETag van het plan.",
}


def declare_plan_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("headers", {})["ETag"] = ETAG
    for path, path_item in result.get("paths", {}).items():
        if not path.startswith("/plans"):
            continue
        for method, operation in path_item.items():
            if method not in ("get", "put", "post", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            codes = dict(AUTH_ERRORS)
            if method != "get":
                codes |= PRECONDITION_ERRORS
            for code, text in codes.items():
                responses[code] = _problem_response(text)
            responses["401"].setdefault("headers", {})["WWW-Authenticate"] = {
                "description": 'Bearer realm="api"',
                "schema": {"type": "string"},
            }
            if path != "/plans":
                for code, response in responses.items():
                    if code.startswith("2"):
                        response.setdefault("headers", {})["ETag"] = {"$ref": "#/components/headers/ETag"}
    return result
