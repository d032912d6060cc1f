"""Throttling of API traffic; the rates come from settings (API_THROTTLE_ANON, API_THROTTLE_TOKEN in
the environment, see README "Configuration") and are stated in the OpenAPI description.

DRF's throttles read their rates once, when the class is defined; these read them per request, so a
changed setting (a test's override) takes effect.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class RatesFromSettings:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(RatesFromSettings, AnonRateThrottle):
    """Anonymous clients, per client address: scope `anon`."""


class TokenThrottle(RatesFromSettings, UserRateThrottle):
    """Authenticated clients (the personal API tokens to come), per user: scope `token`.

    UserRateThrottle also counts anonymous requests per address; the anonymous throttle does that already,
    so this one counts only authenticated requests."""

    scope = "token"

    def allow_request(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return True
        return super().allow_request(request, view)
