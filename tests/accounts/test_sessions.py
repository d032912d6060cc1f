"""Sessions read through a shared cache (accounts/sessions/cached_db.py, chosen with CACHE_URL): signed-in pages read no session
from the database, a logout reaches every process at once, and a cache server that does not answer never signs
anyone in or loses a session: pages still work from the database, a logout fails whole."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from modelgemeente.accounts.models import Session
from modelgemeente.accounts.sessions.cached_db import SessionStore

pytestmark = pytest.mark.django_db

BUDGET = "/editie/2090/begroting/"
LOGOUT = "/account/uitloggen/"


class FlakyCache(LocMemCache):
    """Local memory standing in for a shared Redis (one store for every client in this process), which can be
    taken down."""

    down = False

    def _check(self):
        if FlakyCache.down:
            raise ConnectionError("the cache server does not answer")

    def get(self, *args, **kwargs):
        self._check()
        return super().get(*args, **kwargs)

    def set(self, *args, **kwargs):
        self._check()
        return super().set(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check()
        return super().delete(*args, **kwargs)

    def has_key(self, *args, **kwargs):
        self._check()
        return super().has_key(*args, **kwargs)


@pytest.fixture(autouse=True)
def shared_sessions():
    cache = {"BACKEND": "tests.accounts.test_sessions.FlakyCache", "LOCATION": "sessions"}
    with override_settings(
        SESSION_ENGINE="modelgemeente.accounts.sessions.cached_db",
        SESSION_CACHE_ALIAS="sessions",
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, "sessions": cache},
    ):
        FlakyCache.down = False
        caches["sessions"].clear()
        yield
        FlakyCache.down = False


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def session_queries(queries) -> list:
    return [q["sql"] for q in queries.captured_queries if "accounts_session" in q["sql"]]


def test_a_signed_in_page_reads_its_session_from_the_cache(test_edition, reader):
    client = signed_in(reader)
    assert client.get(BUDGET).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        page = client.get(BUDGET).content.decode()
    assert "Uitloggen" in page
    assert session_queries(queries) == []


def test_a_logout_reaches_every_process_at_once(test_edition, reader):
    client = signed_in(reader)
    cookie = client.cookies["sessionid"].value
    other_process = Client()  # the same cookie, served by another worker: one shared cache
    other_process.cookies["sessionid"] = cookie
    assert "Uitloggen" in other_process.get(BUDGET).content.decode()
    assert client.post(LOGOUT).status_code == 302
    assert not Session.objects.filter(session_key=cookie).exists()
    assert caches["sessions"].get("django.contrib.sessions.cached_db" + cookie) is None
    assert "Inloggen" in other_process.get(BUDGET).content.decode()


def test_with_the_cache_down_pages_are_read_from_the_database(test_edition, reader):
    client = signed_in(reader)
    client.get(BUDGET)
    FlakyCache.down = True
    page = client.get(BUDGET)
    assert page.status_code == 200
    assert "Uitloggen" in page.content.decode()


def test_with_the_cache_down_a_logout_fails_whole_and_signs_nobody_in_later(test_edition, reader):
    client = signed_in(reader)
    cookie = client.cookies["sessionid"].value
    client.get(BUDGET)
    FlakyCache.down = True
    client.raise_request_exception = True
    with pytest.raises(ConnectionError):
        client.post(LOGOUT)
    # Nothing half done: the session is in the database and in the cache as before, and signs in as before.
    FlakyCache.down = False
    assert Session.objects.filter(session_key=cookie).exists()
    assert "Uitloggen" in client.get(BUDGET).content.decode()
    # Once the cache answers, the logout works everywhere.
    assert client.post(LOGOUT).status_code == 302
    again = Client()
    again.cookies["sessionid"] = cookie
    assert "Inloggen" in again.get(BUDGET).content.decode()


def test_a_failed_cache_write_leaves_no_older_copy_to_read(reader, monkeypatch):
    store = SessionStore()
    store["step"] = 1
    store.save()
    key = store.session_key
    assert SessionStore(key).load()["step"] == 1  # read back and kept in the cache
    failing = SessionStore(key)
    failing["step"] = 2

    def set_fails(self, *args, **kwargs):
        raise ConnectionError("set failed")

    monkeypatch.setattr(FlakyCache, "set", set_fails)  # only the write fails: the older copy could still be read
    failing.save()
    monkeypatch.undo()
    assert SessionStore(key).load()["step"] == 2  # from the database, not the older copy
