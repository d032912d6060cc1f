"""A row by its key in plain SQL (core/reads.py), as the session and the account of every signed-in request are read:
the same instance the ORM would give, on SQLite and PostgreSQL alike, and the same answer to whoever signs in."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from modelgemeente.accounts.backends import AccountBackend
from modelgemeente.accounts.models import Session
from modelgemeente.catalog.releases import EDITOR_FLAG, EDITORS_GROUP, editor_flag
from modelgemeente.core.reads import KeyedRead, Rows, fetch_together

pytestmark = pytest.mark.django_db

BUDGET = "/editie/2090/begroting/"
FIELDS = [field.attname for field in get_user_model()._meta.concrete_fields]


def accounts():
    return get_user_model()._default_manager.annotate(**editor_flag())


def test_an_account_is_read_as_the_orm_reads_it(reader, editor):
    reader.last_login = timezone.now() - timedelta(days=3)
    reader.save()
    editor.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])  # edits the catalogue
    read = KeyedRead(accounts)
    for user in (reader, editor):
        plain, orm = read.get(user.pk), accounts().get(pk=user.pk)
        assert [getattr(plain, name) for name in FIELDS] == [getattr(orm, name) for name in FIELDS]
        assert getattr(plain, EDITOR_FLAG) is getattr(orm, EDITOR_FLAG)
        assert plain._state.adding is False and plain._state.db == "default"
    assert getattr(read.get(editor.pk), EDITOR_FLAG) is True
    assert getattr(read.get(reader.pk), EDITOR_FLAG) is False
    assert read.get(str(reader.pk)).pk == reader.pk  # a key from a session is text: prepared as the ORM does
    assert read.get(reader.pk + 10_000) is None


def test_a_read_by_a_unique_field_and_its_one_query(reader):
    read = KeyedRead(get_user_model()._default_manager.all, "username")
    read.get("niemand")  # compiled once
    with CaptureQueriesContext(connection) as queries:
        assert read.get(reader.username).pk == reader.pk
    assert len(queries) == 1 and queries[0]["sql"].count("SELECT") == 1


@pytest.mark.parametrize(
    "make, key",
    [
        (lambda: get_user_model().objects.filter(is_active=True), "pk"),
        (lambda: get_user_model().objects.order_by("email"), "pk"),
        (lambda: Group.objects.select_related(None).all()[:1], "pk"),
        (lambda: get_user_model().objects.only("email"), "pk"),
        (lambda: get_user_model().objects.all(), "first_name"),
        (lambda: Group.objects.annotate(members=Count("user")), "pk"),
    ],
)
def test_a_query_the_plain_read_cannot_keep_is_refused(make, key, reader):
    with pytest.raises(ValueError, match="KeyedRead"):
        KeyedRead(make, key).get(reader.pk)


def test_joining_or_leaving_the_editors_group_shows_on_the_next_read(reader):
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    assert getattr(AccountBackend().get_user(reader.pk), EDITOR_FLAG) is False
    reader.groups.add(group)
    assert getattr(AccountBackend().get_user(reader.pk), EDITOR_FLAG) is True
    reader.groups.remove(group)
    assert getattr(AccountBackend().get_user(reader.pk), EDITOR_FLAG) is False


def test_a_deactivated_account_is_signed_out(test_edition, reader):
    client = Client()
    client.force_login(reader)
    assert "Uitloggen" in client.get(BUDGET).content.decode()
    get_user_model().objects.filter(pk=reader.pk).update(is_active=False)
    assert "Uitloggen" not in client.get(BUDGET).content.decode()


def test_an_expired_session_signs_nobody_in_and_is_not_renewed(test_edition, reader):
    client = Client()
    client.force_login(reader)
    key = client.cookies["sessionid"].value
    assert "Uitloggen" in client.get(BUDGET).content.decode()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    page = client.get(BUDGET).content.decode()
    assert "Uitloggen" not in page and "Inloggen" in page


def test_an_unknown_session_key_signs_nobody_in(test_edition, reader):
    client = Client()
    client.cookies["sessionid"] = "x" * 32
    page = client.get(BUDGET).content.decode()
    assert "Uitloggen" not in page and "Inloggen" in page
    assert not Session.objects.filter(session_key="x" * 32).exists()


def test_queries_fetched_together_give_what_each_gives_alone_in_one_round_trip(reader, editor):
    table = connection.ops.quote_name(get_user_model()._meta.db_table)
    by_email = Rows(f"SELECT id, email FROM {table} WHERE email = %s", (reader.email,))  # noqa: S608
    quoted = Rows(f"SELECT id FROM {table} WHERE last_name = %s OR email = %s", ("O'Brien; --", editor.email))  # noqa: S608
    nothing = Rows(f"SELECT id FROM {table} WHERE id < 0")  # noqa: S608
    with CaptureQueriesContext(connection) as queries:
        together = fetch_together([by_email, quoted, nothing])
    assert together == [((reader.pk, reader.email),), ((editor.pk,),), ()]
    assert together == [fetch_together([query])[0] for query in (by_email, quoted, nothing)]
    # PostgreSQL takes the three statements in one round trip; SQLite runs them one after the other, in-process.
    assert len(queries) == (1 if connection.vendor == "postgresql" else 3)


def test_without_client_side_binding_the_queries_go_one_after_the_other(reader, monkeypatch):
    # Server-side binding prepares each text as one statement: several in one text would fail there.
    monkeypatch.setitem(connection.settings_dict.setdefault("OPTIONS", {}), "server_side_binding", True)
    table = connection.ops.quote_name(get_user_model()._meta.db_table)
    one, two = Rows(f"SELECT id FROM {table} WHERE id = %s", (reader.pk,)), Rows("SELECT 1")  # noqa: S608
    with CaptureQueriesContext(connection) as queries:
        assert fetch_together([one, two]) == [((reader.pk,),), ((1,),)]
    assert len(queries) == 2


def test_a_query_of_several_statements_is_refused():
    with pytest.raises(ValueError, match="one statement"):
        fetch_together([Rows("SELECT 1; SELECT 2")])
