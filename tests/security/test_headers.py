"""Security headers on every response: Content-Security-Policy without inline script, no framing,
no sniffing, a strict referrer, an isolated window, and HSTS on HTTPS (directly or via a trusted proxy).
On the synthetic edition."""

import re

import pytest
from django.test import override_settings

from modelgemeente.catalog.models import Development

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


@pytest.fixture
def urls(test_edition):
    development = Development.objects.filter(domain__edition=test_edition).first()
    return {
        "home": ("/", 200),
        "development": (development.get_absolute_url(), 200),
        "login": ("/account/inloggen/", 200),
        "not found": ("/bestaat-niet/", 404),
        "budget xlsx": ("/editie/2090/begroting.xlsx", 200),
        "admin login": ("/beheer/login/", 200),
    }


def directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def test_every_response_carries_the_security_headers(client, urls):
    for name, (path, status) in urls.items():
        response = client.get(path)
        assert response.status_code == status, name
        policy = directives(response["Content-Security-Policy"])
        assert policy == directives(CSP), name
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"], name
        assert "'unsafe-inline'" not in policy["style-src"], name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        assert "Strict-Transport-Security" not in response, name  # plain HTTP: no HSTS


def test_hsts_over_https(client, urls):
    for name, (path, status) in urls.items():
        response = client.get(path, secure=True)
        assert response.status_code == status, name
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains", name


def test_hsts_behind_a_trusted_proxy_only(client):
    forwarded = {"HTTP_X_FORWARDED_PROTO": "https"}
    # Without the setting anyone could claim HTTPS with this header: it is ignored.
    assert "Strict-Transport-Security" not in client.get("/account/inloggen/", **forwarded)
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        response = client.get("/account/inloggen/", **forwarded)
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "Strict-Transport-Security" not in client.get("/account/inloggen/")


def test_cookies_are_secure(client, settings):
    """Outside DEBUG, session and CSRF cookies are only sent over HTTPS; the session cookie is not for scripts."""
    response = client.get("/account/inloggen/", secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY


def test_pages_hold_no_inline_script_or_style(client, urls, editor, plan):  # noqa: F811
    """What the policy forbids is not in the pages either (so nothing silently breaks)."""
    client.force_login(editor)
    base = f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/"
    paths = [path for path, status in urls.values() if status == 200 and not path.endswith(".xlsx")]
    for path in [*paths, base, base + "ontwikkelingen/", base + "uitgangspunten/", "/mijn/"]:
        html = client.get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert "<style" not in html, path
        assert not re.search(r"\s(on[a-z]+|style)=", html), path
