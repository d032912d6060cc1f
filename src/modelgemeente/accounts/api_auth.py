"""Personal API tokens in Django REST framework: authentication, the write permission, a throttle.

The API (modelgemeente.api) wires these in; accounts only provides them:

- `ApiTokenAuthentication`: `Authorization: Bearer <secret>` gives `request.user` the token's
  owner and `request.auth` the `ApiToken`. No header: not authenticated by this class (an
  anonymous request). A header with an unknown, expired or revoked secret, or of an inactive
  user: 401 with `WWW-Authenticate: Bearer realm="api"`, never a silent anonymous request.
- `TokenScopeAllowsWrite`: GET, HEAD and OPTIONS always pass; any other method only with a
  token of scope `read_write`. A request without a token (also one with a session cookie)
  cannot write: the API changes data with tokens only, so it needs no CSRF protection.
  Whether the user may see or change a particular plan is decided by the plans app, as on
  the pages.
- `TokenRateThrottle` (scope `TOKEN_THROTTLE_SCOPE`, rate in
  `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"]`): counts requests per user over all of
  their tokens, so making more tokens does not raise the limit. Requests without a token are
  left to the API's anonymous throttle.
- `ApiTokenScheme`: tells drf-spectacular that `ApiTokenAuthentication` is the HTTP bearer
  scheme (`bearerAuth` in the OpenAPI document); registered when this module is imported.
"""

from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from . import services
from .models import ApiToken

TOKEN_THROTTLE_SCOPE = "token"  # noqa: S105 (a throttle scope name, not a secret)
BEARER = "Bearer"


class ApiTokenAuthentication(BaseAuthentication):
    keyword = BEARER
    www_authenticate_realm = "api"

    @sensitive_variables("secret", "header")
    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Stuur de API-sleutel als 'Authorization: Bearer <sleutel>', zonder spaties in de sleutel.")
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeError:
            secret = ""
        token = services.authenticate_token(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Deze API-sleutel is onbekend, verlopen of ingetrokken."))
        return (token.user, token)

    def authenticate_header(self, request):
        return f'{self.keyword} realm="{self.www_authenticate_realm}"'


class TokenScopeAllowsWrite(BasePermission):
    message = _(
        "Met deze API-sleutel kunt u alleen lezen. Maak op uw accountpagina een sleutel met lezen en schrijven."
    )

    no_token_message = _("Wijzigen via de API kan alleen met een API-sleutel met lezen en schrijven.")

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        token = request.auth
        if not isinstance(token, ApiToken):
            self.message = self.no_token_message  # one instance per request (APIView.get_permissions)
            return False
        return token.allows_write


class TokenRateThrottle(SimpleRateThrottle):
    scope = TOKEN_THROTTLE_SCOPE

    def get_rate(self):
        """The rate of the current settings (SimpleRateThrottle reads them once, at import)."""
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.user_id}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Persoonlijke API-sleutel, te maken op /account/api-sleutels/ (lezen of lezen en schrijven).",
        }
