"""The server-side cache (core/cache.py): keys that change with what they depend on, a kept public page that is
the rendered one with this visitor's CSRF token and every security header, never a kept page for a visitor with a
session, one language per page, and the Redis backend chosen by CACHE_URL.

On the synthetic edition; the plan pages and exports are in tests/plans/test_cache_invalidation.py, the catalogue's
releases and proposals in tests/catalog/test_page_cache.py."""

import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from modelgemeente.core import cache as page_cache
from modelgemeente.core.cache import get_or_build, make_key, plan_stamp, release_stamp, row_stamp
from modelgemeente.plans.models import Plan

REPO = Path(__file__).resolve().parents[2]
BUDGET = "/editie/2090/begroting/"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Set on every page by the middleware (config/settings.py, docs/security.md): a kept page must carry them too.
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Language",
)


def test_a_value_is_built_once_per_key():
    calls = []

    def build():
        calls.append(1)
        return {"figure": 1}

    key = make_key("test", "a")
    assert get_or_build(key, build) == {"figure": 1}
    assert get_or_build(key, build) == {"figure": 1}
    assert len(calls) == 1
    assert make_key("test", "a") == key and make_key("test", "b") != key and make_key("other", "a") != key


def test_a_cache_that_does_not_answer_builds_instead_of_failing():
    down = ConnectionError("down")
    with (
        mock.patch.object(page_cache.cache, "get", side_effect=down),
        mock.patch.object(page_cache.cache, "set", side_effect=down),
    ):
        assert get_or_build(make_key("test", "down"), lambda: "built") == "built"


@pytest.mark.django_db
def test_a_plan_stamp_follows_the_version_every_field_and_the_organisation(plan, editor):
    plan = Plan.objects.select_related("organisation", "edition").get(pk=plan.pk)
    first = plan_stamp(plan)
    assert plan_stamp(Plan.objects.select_related("organisation", "edition").get(pk=plan.pk)) == first
    plan.version += 1
    assert plan_stamp(plan) != first
    plan.version -= 1
    plan.status = "ingediend"  # a status (or any stored field) is in the stamp, whatever else changed with it
    assert plan_stamp(plan) != first
    plan.status = "concept"
    plan.organisation.name = "Gemeente Hernoemd"  # the name is in the plan's title and exports
    assert plan_stamp(plan) != first
    plan.organisation.name = "Gemeente Voorbeeld"
    assert plan_stamp(plan) == first
    # A deleted plan's id given again (SQLite can, in a rolled-back test) with the same version: another stamp.
    other = Plan(**{f.attname: getattr(plan, f.attname) for f in Plan._meta.concrete_fields})
    other.created_at = plan.created_at.replace(year=plan.created_at.year - 1)
    assert row_stamp(other) != row_stamp(plan)


@pytest.mark.django_db
def test_a_release_stamp_changes_when_a_concept_is_reloaded(test_edition, test_edition_copy):
    from modelgemeente.catalog.services import load_edition

    from ..catalog.test_loader import replace_in

    replace_in(test_edition_copy / "developments" / "energiedashboard.md", "amount: 5000", "amount: 6000")
    concept = load_edition(test_edition_copy).edition
    first = release_stamp(concept)
    assert first != release_stamp(test_edition)
    replace_in(test_edition_copy / "developments" / "energiedashboard.md", "amount: 6000", "amount: 7000")
    load_edition(test_edition_copy)
    concept.refresh_from_db()
    assert release_stamp(concept) != first


# Whole public pages ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_kept_page_is_the_rendered_page_with_every_security_header(
    client, test_edition, django_assert_max_num_queries
):
    rendered = client.get(BUDGET)
    assert rendered.status_code == 200
    with django_assert_max_num_queries(1):  # the releases (core.cache: read on every request); nothing rendered
        kept = client.get(BUDGET)
    assert kept.status_code == 200
    strip = lambda html: CSRF_FIELD.sub("", html)  # noqa: E731
    assert strip(kept.content.decode()) == strip(rendered.content.decode())
    for name in SECURITY_HEADERS:
        assert kept[name] == rendered[name], name
    assert kept["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in kept["Content-Security-Policy"]
    assert "Cookie" in kept["Vary"]
    assert kept["Content-Language"] == "nl"


@pytest.mark.django_db
def test_a_kept_page_gets_each_visitor_a_csrf_token_that_works(test_edition):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(BUDGET)  # rendered and kept
    page = second.get(BUDGET)  # kept
    token = CSRF_FIELD.search(page.content.decode())[1]
    assert page_cache.CSRF_PLACEHOLDER not in page.content.decode()
    assert token != CSRF_FIELD.search(first.get(BUDGET).content.decode())[1]
    assert "csrftoken" in second.cookies
    # The language switch of the kept page posts with the token it carries.
    response = second.post("/i18n/setlang/", {"language": "en", "next": BUDGET, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "IT budget of the Modelgemeente" in second.get(BUDGET).content.decode()
    refused = Client(enforce_csrf_checks=True).post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token})
    assert refused.status_code == 403  # the token belongs to the second visitor's cookie only


def test_a_page_with_the_visitor_s_token_outside_a_form_field_is_not_kept(rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    request = rf.get("/")
    token = get_token(request)
    field = HttpResponse(f'<form><input type="hidden" name="csrfmiddlewaretoken" value="{token}"></form>')
    kept = page_cache._entry(request, field, page_cache.ANONYMOUS)
    assert kept is not None and token.encode() not in kept["content"]
    assert page_cache.CSRF_PLACEHOLDER.encode() in kept["content"]
    elsewhere = HttpResponse(f'<div data-csrf="{get_token(request)}"></div>')  # another mask of the same secret
    assert page_cache._entry(request, elsewhere, page_cache.ANONYMOUS) is None


@pytest.mark.django_db
def test_dutch_and_english_readers_get_their_own_page(client, test_edition):
    dutch = client.get(BUDGET).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(BUDGET)
    assert "IT budget of the Modelgemeente" in english.content.decode() and english["Content-Language"] == "en"
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert client.get(BUDGET).content.decode().count("ICT-begroting van de Modelgemeente") == dutch.count(
        "ICT-begroting van de Modelgemeente"
    )
    assert "IT budget" not in client.get(BUDGET).content.decode()


@pytest.mark.django_db
def test_a_visitor_with_a_session_never_gets_the_anonymous_page(client, test_edition, reader):
    assert "Inloggen" in client.get(BUDGET).content.decode()  # kept for anonymous visitors
    client.force_login(reader)
    page = client.get(BUDGET).content.decode()
    assert "Uitloggen" in page and "Inloggen" not in page and "Mijn plannen" in page
    client.logout()
    page = client.get(BUDGET).content.decode()
    assert "Inloggen" in page and "Uitloggen" not in page


@pytest.mark.django_db
def test_signed_in_readers_share_one_kept_page_with_their_own_working_token(
    test_edition, reader, editor, django_assert_max_num_queries
):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(reader)
    second.force_login(editor)
    rendered = first.get(BUDGET)
    # Kept: the session with its account and whether it reads concepts (accounts/sessions/), and the releases, in
    # one round trip on PostgreSQL (two statements on SQLite); nothing rendered.
    with django_assert_max_num_queries(1 if connection.vendor == "postgresql" else 2):
        kept = second.get(BUDGET)
    strip = lambda html: CSRF_FIELD.sub("", html)  # noqa: E731
    assert strip(kept.content.decode()) == strip(rendered.content.decode())
    page = kept.content.decode()
    assert "Uitloggen" in page and "Mijn plannen" in page and "Inloggen" not in page
    assert reader.email not in page and editor.email not in page
    for name in SECURITY_HEADERS:
        assert kept[name] == rendered[name], name
    # The logout button of the kept page carries the second reader's own token, and it works.
    token = CSRF_FIELD.search(page)[1]
    assert first.post("/account/uitloggen/", {"csrfmiddlewaretoken": token}).status_code == 403
    assert second.post("/account/uitloggen/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert "Inloggen" in second.get(BUDGET).content.decode()
    assert "Uitloggen" in first.get(BUDGET).content.decode()  # the first reader is still signed in


def test_a_page_that_names_its_reader_is_not_kept_for_other_readers(rf, reader):
    from django.http import HttpResponse

    request = rf.get("/")
    request.user = reader
    named = HttpResponse(f"<p>Ingelogd als {reader.email}</p>")
    assert page_cache._entry(request, named, page_cache.SIGNED_IN) is None
    assert page_cache._entry(request, HttpResponse("<p>Ingelogd</p>"), page_cache.SIGNED_IN) is not None


def test_a_reader_with_messages_waiting_gets_a_rendered_page(rf, reader):
    from django.contrib.auth.models import AnonymousUser

    def request_with(cookies: dict, user, session: dict):
        request = rf.get("/")
        request.COOKIES.update(cookies)
        request.user, request.session = user, session
        return request

    session_cookie = {settings.SESSION_COOKIE_NAME: "x"}
    assert page_cache.viewer(request_with({}, AnonymousUser(), {})) == page_cache.ANONYMOUS
    assert page_cache.viewer(request_with(session_cookie, reader, {})) == page_cache.SIGNED_IN
    # Messages in the cookie or, when they do not fit there, in the session; a session without an account.
    assert page_cache.viewer(request_with({"messages": "x"}, AnonymousUser(), {})) is None
    assert page_cache.viewer(request_with(session_cookie, reader, {page_cache.SESSION_MESSAGES: "x"})) is None
    assert page_cache.viewer(request_with(session_cookie, AnonymousUser(), {})) is None


@pytest.mark.django_db
def test_made_up_query_parameters_are_rendered_and_not_kept(client, test_edition):
    assert client.get(BUDGET + "?utm=x").status_code == 200
    assert client.get(BUDGET + "?utm=y").status_code == 200
    # LocMemCache (the test settings have no CACHE_URL): the fragments of the page are kept, the page is not.
    assert any(":mg:model-budget:" in key for key in cache._cache)
    assert not any(":mg:page:" in key for key in cache._cache), "a page with an unknown query parameter was kept"
    assert client.get(BUDGET + "?release=1").status_code == 200
    assert any(":mg:page:" in key for key in cache._cache)


# The backend chosen by CACHE_URL ----------------------------------------------------------------------------------


def run_settings(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO / "src"),
        "DJANGO_SETTINGS_MODULE": "modelgemeente.config.settings",
        "SECRET_KEY": "test-only-key-for-the-cache-settings-test-0123456789",
        "LOG_FORMAT": "text",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=REPO, capture_output=True, text=True, timeout=120
    )


CHOSEN = (
    "import django; django.setup(); from django.conf import settings; from django.core.cache import caches; "
    "print(type(caches['default']).__name__, settings.SESSION_ENGINE)"
)


def test_cache_url_chooses_redis_and_local_memory_is_the_default(tmp_path):
    # Sessions are read through the cache only when it is shared: with local memory per process a logout would not
    # reach the other processes.
    redis = run_settings(CHOSEN, CACHE_URL="redis://127.0.0.1:6379/15", VAR_DIR=str(tmp_path))
    assert redis.returncode == 0, redis.stderr
    assert redis.stdout.split() == ["RedisCache", "modelgemeente.accounts.sessions.cached_db"]
    local = run_settings(CHOSEN, VAR_DIR=str(tmp_path))
    assert local.returncode == 0, local.stderr
    assert local.stdout.split() == ["LocMemCache", "modelgemeente.accounts.sessions.db"]


def redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_connect_timeout=1).ping())
    except Exception:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_a_value_makes_the_round_trip_through_redis(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from decimal import Decimal\n"
        "from modelgemeente.core.cache import get_or_build, make_key\n"
        "key = make_key('test-round-trip', __import__('uuid').uuid4().hex)\n"
        "calls = []\n"
        "build = lambda: calls.append(1) or {'total': Decimal('684578.63856'), 'html': 'tabel'}\n"
        "first, second = get_or_build(key, build), get_or_build(key, build)\n"
        "assert first == second == {'total': Decimal('684578.63856'), 'html': 'tabel'}, (first, second)\n"
        "assert len(calls) == 1\n"
        "from django.core.cache import cache; cache.delete(key)\n"
        "print('ok')\n"
    )
    result = run_settings(code, CACHE_URL="redis://127.0.0.1:6379/15", VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
