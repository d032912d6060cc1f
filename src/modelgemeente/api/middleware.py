"""Everything under /api: the API-Version header, the language, and problem+json for every error.

DRF views answer their own errors as problem+json (api.problems.exception_handler). What Django
answers itself never reaches DRF: a path that does not exist (also a path with a trailing slash:
the API has none, and no redirect is made), a 500 (logged by Django as usual). This middleware turns those into problem+json,
so a client never gets an HTML error page under /api.
"""

from django.conf import settings
from django.utils import translation

from .problems import PROBLEM_JSON, problem_response

API_PREFIX = "/api/"
API_VERSION = "1.0.0"  # the full version of /api/v1 (semver); also info.version of the OpenAPI document
API_LANGUAGES = ("nl", "en")


def api_language(request) -> str:
    """Dutch, unless the client asks for English first in Accept-Language (an API client states what it
    wants; the pages ignore the header on purpose, see ChosenLanguageMiddleware)."""
    for part in request.headers.get("Accept-Language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in API_LANGUAGES:
            return code
        if code == "*":
            break
    return settings.LANGUAGE_CODE


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        language = api_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(PROBLEM_JSON):
            response = problem_response(request, response.status_code)
        response["API-Version"] = API_VERSION
        response["Content-Language"] = language
        vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
        if "Accept-Language" not in vary:
            response["Vary"] = ", ".join([*vary, "Accept-Language"])
        return response
