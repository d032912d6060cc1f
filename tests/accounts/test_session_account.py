"""A session and its account in one query (accounts/sessions/, accounts.models.Session): the session's data decides who
is signed in, the account column only spares a query, and the upgrade that brings the column signs nobody out."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from modelgemeente.accounts.middleware import AuthenticationMiddleware
from modelgemeente.accounts.models import Session
from modelgemeente.accounts.sessions.db import SessionStore
from modelgemeente.catalog.releases import EDITOR_FLAG

BUDGET = "/editie/2090/begroting/"
BACKEND = "modelgemeente.accounts.backends.AccountBackend"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def key_of(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def reader_of(session_key: str):
    """Who a request with this session cookie is signed in as, through the middleware a page goes through."""
    request = RequestFactory().get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = session_key
    SessionMiddleware(lambda r: None).process_request(request)
    AuthenticationMiddleware(lambda r: None).process_request(request)
    return request.user


def account_queries(queries) -> list[str]:
    """Queries that read accounts on their own (not joined to a session)."""
    table = f'FROM "{settings.AUTH_USER_MODEL.replace(".", "_").lower()}"'
    return [q["sql"] for q in queries.captured_queries if table in q["sql"] and "accounts_session" not in q["sql"]]


@pytest.mark.django_db
def test_a_signed_in_session_names_its_account_and_is_read_with_it_in_one_query(reader):
    client = signed_in(reader)
    assert Session.objects.get(session_key=key_of(client)).user_id == reader.pk
    with CaptureQueriesContext(connection) as queries:
        user = reader_of(key_of(client))
        assert user.pk == reader.pk and user.is_authenticated
    assert len(queries) == 1 and "accounts_session" in queries[0]["sql"]
    assert getattr(user, EDITOR_FLAG) is False


@pytest.mark.django_db
def test_a_kept_page_reads_the_session_with_its_own_queries_and_the_same_rules(test_edition, reader, editor):
    client = signed_in(reader)
    assert "Uitloggen" in client.get(BUDGET).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert "Uitloggen" in client.get(BUDGET).content.decode()
    assert "accounts_session" in queries[0]["sql"] and not account_queries(queries)
    if connection.vendor == "postgresql":
        assert len(queries) == 1  # the session, its account and the releases in one round trip
    # The same rules as a session read on its own: a column that disagrees is not taken, an expired session signs
    # nobody in.
    Session.objects.filter(session_key=key_of(client)).update(user_id=editor.pk)
    with CaptureQueriesContext(connection) as queries:
        assert "Uitloggen" in client.get(BUDGET).content.decode()
    assert len(account_queries(queries)) == 1
    Session.objects.filter(session_key=key_of(client)).update(expire_date=timezone.now() - timedelta(seconds=1))
    page = client.get(BUDGET).content.decode()
    assert "Uitloggen" not in page and "Inloggen" in page


def test_a_session_read_through_the_cache_is_not_sent_along():
    from modelgemeente.accounts.sessions.cached_db import SessionStore as CachedSessionStore

    assert CachedSessionStore("x" * 32).pending_read() is None
    assert SessionStore().pending_read() is None  # no key: nothing to read


@pytest.mark.django_db
def test_a_session_already_read_is_not_read_again(reader):
    store = SessionStore(key_of(signed_in(reader)))
    assert store.pending_read() is not None
    assert store[SESSION_KEY] == str(reader.pk)  # read now, on its own
    assert store.pending_read() is None


@pytest.mark.django_db(transaction=True)
def test_a_session_saved_from_async_code_names_its_account_too(reader):
    from asgiref.sync import async_to_sync

    store = SessionStore()
    store.update({SESSION_KEY: str(reader.pk), BACKEND_SESSION_KEY: BACKEND})
    async_to_sync(store.asave)()
    assert Session.objects.get(session_key=store.session_key).user_id == reader.pk


@pytest.mark.django_db
def test_a_session_without_an_account_names_none():
    store = SessionStore()
    store["step"] = 1
    store.save()
    assert Session.objects.get(session_key=store.session_key).user_id is None
    assert not reader_of(store.session_key).is_authenticated


@pytest.mark.django_db
def test_the_data_decides_who_is_signed_in_not_the_column(reader, editor):
    client = signed_in(reader)
    Session.objects.filter(session_key=key_of(client)).update(user_id=editor.pk)  # a column that disagrees
    with CaptureQueriesContext(connection) as queries:
        assert reader_of(key_of(client)).pk == reader.pk
    assert len(account_queries(queries)) == 1  # the reader, read on their own


@pytest.mark.django_db
def test_a_session_with_an_empty_column_still_signs_in(test_edition, reader):
    client = signed_in(reader)
    Session.objects.filter(session_key=key_of(client)).update(user_id=None)  # as a session written before
    assert reader_of(key_of(client)).pk == reader.pk
    assert "Uitloggen" in client.get(BUDGET).content.decode()


@pytest.mark.django_db
def test_a_changed_password_signs_other_sessions_out(test_edition, reader):
    client = signed_in(reader)
    assert "Uitloggen" in client.get(BUDGET).content.decode()
    reader.set_password("een heel ander wachtwoord 42")
    reader.save()
    assert not reader_of(key_of(client)).is_authenticated  # the session's hash no longer matches
    assert "Inloggen" in client.get(BUDGET).content.decode()


@pytest.mark.django_db
def test_deleting_an_account_deletes_its_sessions(reader, editor):
    mine, theirs = signed_in(reader), signed_in(editor)
    reader.delete()
    assert not Session.objects.filter(session_key=key_of(mine)).exists()
    assert not reader_of(key_of(mine)).is_authenticated
    assert reader_of(key_of(theirs)).pk == editor.pk


@pytest.mark.django_db
def test_a_session_of_an_account_that_no_longer_exists_signs_nobody_in(reader):
    store = SessionStore()
    store.update({SESSION_KEY: "987654", BACKEND_SESSION_KEY: BACKEND, HASH_SESSION_KEY: "x"})
    store.save()
    assert Session.objects.get(session_key=store.session_key).user_id == 987654  # no constraint: saved as it is
    again = SessionStore(store.session_key)
    assert again.load()[SESSION_KEY] == "987654" and again.account is None  # nothing joined: nothing offered
    assert not reader_of(store.session_key).is_authenticated


@pytest.mark.django_db
def test_an_account_is_offered_only_to_its_own_request(reader, editor):
    """The account read with one request's session is never the answer for another request's reader."""
    first, second = signed_in(reader), signed_in(editor)
    assert reader_of(key_of(first)).pk == reader.pk
    assert reader_of(key_of(second)).pk == editor.pk
    from modelgemeente.accounts.backends import AccountBackend

    assert AccountBackend().get_user(editor.pk).pk == editor.pk  # outside a request: read on its own


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_moves_live_sessions_with_their_account_and_back(reader):
    before, after = [("accounts", "0003_api_token")], [("accounts", "0004_session")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = DjangoSessionStore()  # a signed-in session as the site before the upgrade wrote it
        old.update({SESSION_KEY: str(reader.pk), BACKEND_SESSION_KEY: BACKEND})
        old[HASH_SESSION_KEY] = reader.get_session_auth_hash()
        old.save()
        DjangoSession.objects.create(
            session_key="verlopen" * 4, session_data="", expire_date=timezone.now() - timedelta(days=1)
        )

        MigrationExecutor(connection).migrate(after)
        moved = Session.objects.get()
        assert (moved.session_key, moved.user_id) == (old.session_key, reader.pk)
        assert not DjangoSession.objects.exists()  # moved, not copied; the expired one is gone
        assert reader_of(old.session_key).pk == reader.pk  # still signed in, in one query

        MigrationExecutor(connection).migrate(before)  # rolling back brings the live session home
        assert list(DjangoSession.objects.values_list("session_key", flat=True)) == [old.session_key]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_clearsessions_removes_expired_sessions_only(reader, editor):
    from django.core.management import call_command

    live, expired = signed_in(reader), signed_in(editor)
    Session.objects.filter(session_key=key_of(expired)).update(expire_date=timezone.now() - timedelta(seconds=1))
    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == [key_of(live)]
