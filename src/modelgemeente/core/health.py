"""The health endpoint, GET /gezondheid/ (docs/deploy.md): can this instance serve requests?

It runs `SELECT 1` on the database and a set and get on the cache, and answers JSON:
200 {"status": "ok", "database": "ok", "cache": "ok", "version": "0.1.0"}, or 503 with "fout" for what
failed (the cause goes to the log, never into the answer). Nothing else is revealed: no host, no
library versions, only the application's own version.

HealthCheckMiddleware is the first middleware (settings.MIDDLEWARE), so the endpoint answers before host
validation, the HTTPS redirect, sessions and login: a container's health check on 127.0.0.1 gets an
answer when ALLOWED_HOSTS names only the public host and SECURE_SSL_REDIRECT is on, and no cookie is set.
The route in config/urls.py is the same view, for reverse("health") and for a stack without the middleware.
"""

import logging
import tomllib
from functools import cache

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

PATH = "/gezondheid/"
OK, FAILED = "ok", "fout"
_CACHE_KEY = "health-check"

logger = logging.getLogger(__name__)


@cache
def app_version() -> str | None:
    """The version in pyproject.toml (the image has it), or None where the file is missing."""
    try:
        with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
            return tomllib.load(file)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health check: the database did not answer")
        return False
    return True


def cache_ok() -> bool:
    """Every instance writes the same value, so instances sharing one Redis or Valkey cannot disagree."""
    try:
        django_cache.set(_CACHE_KEY, OK, 30)
        if django_cache.get(_CACHE_KEY) == OK:
            return True
        logger.error("health check: the cache did not keep a value")
    except Exception:
        logger.exception("health check: the cache did not answer")
    return False


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_ok(), "cache": cache_ok()}
    healthy = all(checks.values())
    body = {"status": OK if healthy else FAILED} | {name: OK if ok else FAILED for name, ok in checks.items()}
    version = app_version()
    if version:
        body["version"] = version
    response = JsonResponse(body, status=200 if healthy else 503)
    # It answers before SecurityMiddleware and the CSP middleware: the headers that matter for JSON are set here.
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    return response


class HealthCheckMiddleware:
    """Answers GET and HEAD of exactly /gezondheid/ before the rest of the stack (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)
