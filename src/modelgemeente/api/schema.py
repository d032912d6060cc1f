"""The OpenAPI document: info, and what every operation shares (drf-spectacular settings and hooks).

`declare_shared_responses` (a postprocessing hook) adds to every operation what the middleware and the
exception handler do for every response: the API-Version header, and the problem+json error responses
(400 where an operation takes parameters, 404, 406, 429, 500, and 405 nowhere: only declared methods
are in the document). So the document states exactly what a client can get back.
"""

from django.conf import settings

from .middleware import API_VERSION

# Placeholders, like those in publiccode.yml: replace them once the community has a real address.
CONTACT = {
    "name": "Redactie Open Modelgemeente (placeholder)",
    "email": "redactie@modelgemeente.example.nl",
    "url": "https://github.com/open-modelgemeente/open-modelgemeente",
}


def description() -> str:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    return f"""De open API van Open Modelgemeente: de edities van de Modelgemeente (ontwikkelingen,
begrotingsregels, wetten, opgaven), zoeken, de gemeentelijst en de ICT-begroting van het model,
geschaald naar een eigen gemeente.

Deze API volgt de Nederlandse API Design Rules: paden zonder slash aan het eind, kebab-case paden,
camelCase eigenschappen en query-parameters, de header `API-Version` op elk antwoord, en fouten als
`application/problem+json` (RFC 9457) met `invalidParams` per veld.

**Bedragen** zijn strings met een decimaal bedrag in euro met twee decimalen (`"12345.68"`), nooit
floats; afgerond zoals de pagina's en de CSV-download (half naar boven, vanaf de onafgeronde totalen).

**Paginering**: lange lijsten hebben `page` en `pageSize` en antwoorden in HAL-stijl met `_links`
(self, first, prev, next, last) en `_embedded`.

**Limieten**: anonieme verzoeken hoogstens {rates["anon"]} per clientadres; verzoeken met een
persoonlijke API-token hoogstens {rates["token"]} per gebruiker. Daarboven volgt 429 met `Retry-After`.

**Taal**: Nederlands; `Accept-Language: en` geeft Engelse foutmeldingen en toelichtingen.

**Licenties**: de software valt onder de EUPL-1.2 (zie `info.license`); de inhoud van de Modelgemeente
(teksten, begrotingsregels, bedragen) onder CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).

Documentatie: docs/api.md in de repository."""


def servers() -> list[dict]:
    base = settings.API_PUBLIC_URL.rstrip("/")
    return [{"url": f"{base}/api/v1", "description": "Deze installatie"}]


VERSION_HEADER = {
    "description": "De volledige versie van de API (semver).",
    "schema": {"type": "string", "example": API_VERSION},
    "required": True,
}

LINK = {
    "type": "object",
    "required": ["href"],
    "properties": {"href": {"type": "string", "format": "uri"}},
}

PROBLEM = {
    "type": "object",
    "description": "Een fout volgens RFC 9457 (problem details).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Ongeldige invoer"},
        "status": {"type": "integer", "example": 400},
        "detail": {"type": "string", "example": "Een of meer parameters zijn ongeldig; zie invalidParams."},
        "instance": {"type": "string", "example": "/api/v1/editions/2026/budget"},
        "invalidParams": {
            "type": "array",
            "description": "Alleen bij 400: de ongeldige parameters of velden.",
            "items": {
                "type": "object",
                "required": ["name", "code", "reason"],
                "properties": {
                    "name": {"type": "string", "example": "inhabitants"},
                    "code": {"type": "string", "example": "min_value"},
                    "reason": {
                        "type": "string",
                        "example": "Zorg ervoor dat deze waarde groter is dan of gelijk is aan 1.",
                    },
                },
            },
        },
    },
}

ERRORS = {
    "400": "Ongeldige invoer: zie invalidParams.",
    "404": "Niet gevonden.",
    "406": "Het gevraagde formaat is niet beschikbaar (Accept).",
    "429": "Te veel verzoeken: wacht het aantal seconden van Retry-After.",
    "500": "Interne fout.",
}


def _problem_response(description: str) -> dict:
    return {
        "description": description,
        "headers": {"API-Version": {"$ref": "#/components/headers/API-Version"}},
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def declare_info(result, generator, request, public):
    """info.description (with the throttle rates of these settings), info.contact and servers."""
    result["info"]["description"] = description()
    result["info"]["contact"] = CONTACT
    result["servers"] = servers()
    return result


def declare_shared_responses(result, generator, request, public):
    components = result.setdefault("components", {})
    components.setdefault("headers", {})["API-Version"] = VERSION_HEADER
    schemas = components.setdefault("schemas", {})
    schemas["Problem"] = PROBLEM
    schemas["Link"] = LINK
    schemas["PageLinks"] = {
        "type": "object",
        "required": ["self", "first", "last"],
        "properties": {rel: {"$ref": "#/components/schemas/Link"} for rel in ("self", "first", "prev", "next", "last")},
    }
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "put", "post", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                if code.startswith(("2", "3")):
                    response.setdefault("headers", {})["API-Version"] = {"$ref": "#/components/headers/API-Version"}
            has_input = bool(operation.get("parameters")) or method in ("put", "post", "patch")
            for code, text in ERRORS.items():
                if code == "400" and not has_input:
                    continue
                responses[code] = _problem_response(text)
    return result
