"""Throttling of API traffic; the rates come from settings (API_THROTTLE_ANON, API_THROTTLE_TOKEN in
the environment, see README "Configuration") and are stated in the OpenAPI description.

DRF's throttles read their rates once, when the class is defined; these read them per request, so a
changed setting (a test's override) takes effect.

Token traffic has one throttle, `accounts.api_auth.TokenRateThrottle` (per user over all their tokens,
scope `token`); it too reads its rate per request.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class RatesFromSettings:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(RatesFromSettings, AnonRateThrottle):
    """Anonymous clients, per client address: scope `anon`."""
