"""The session stores (settings.SESSION_ENGINE): sessions are kept in the database (accounts.models.Session), and a
signed-in request reads its session and its account in one plain query; for a kept catalogue page in the same round
trip as the page's own stamps (`pending_read`, `take_read`; core.reads.fetch_with_session).

- `sessions.db`: the database alone (the default);
- `sessions.cached_db`: the database, read through a shared cache (with CACHE_URL; see that module).

A signed-in request reads its session and its account before anything else, also for a page that is kept whole.
The session row is read with the account its `user` column names and whether that account is an editor (the same
columns as accounts/backends.py reads), through `core.reads.KeyedRead`: compiling that query in the ORM would cost
several times what the database takes to answer it (docs/performance.md). The account read here is only offered to
the authentication backend for the account the session's data names (`offered_account`); Django's checks of that
account (active, the session's password hash) are made as before.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache as once

from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import F
from django.utils import timezone

from modelgemeente.catalog.releases import EDITOR_FLAG, editor_flag
from modelgemeente.core.reads import KeyedRead

from ..models import Session

_ACCOUNT = "account_"  # the prefix of the account's columns on the session row


@once
def _account_fields() -> tuple[str, ...]:
    return tuple(field.attname for field in get_user_model()._meta.concrete_fields)


def _sessions():
    columns = {f"{_ACCOUNT}{name}": F(f"user__{name}") for name in _account_fields()}
    return Session.objects.annotate(**columns, **editor_flag("user_id"))


_READ = KeyedRead(_sessions, "session_key")

# The session store of the request whose reader is being looked up (accounts/middleware.py sets it around Django's
# auth.get_user), so the backend can take the account read with the session instead of reading it again.
_reading: ContextVar = ContextVar("session_being_read", default=None)


@contextmanager
def offering_account_of(session_store):
    """While the reader of a request is looked up: the account read with its session is offered to the backend."""
    token = _reading.set(session_store)
    try:
        yield
    finally:
        _reading.reset(token)


def offered_account(user_id):
    """The account read with the session of the request being signed in, if it is the one `user_id` names."""
    store = _reading.get()
    account = getattr(store, "account", None)
    return account if account is not None and account.pk == user_id else None


class AccountSessionRead:
    """For a subclass of Django's database session store: the session row and its account in one query, which a
    kept page sends with its own (core.reads.fetch_with_session: `pending_read`, `take_read`)."""

    account = None  # the account read with the session, if its row named one that exists
    reads_database_first = True  # the cached store reads its cache first: nothing to send along

    @classmethod
    def get_model_class(cls):
        return Session

    def _get_session_from_db(self):
        return self._accept(_READ.get(self.session_key) if self.session_key else None)

    def pending_read(self):
        """The query that reads this session, while it has yet to be read from the database, else None."""
        if not self.reads_database_first or not self.session_key or hasattr(self, "_session_cache"):
            return None
        return _READ.query(self.session_key)

    def take_read(self, rows):
        """This session as `pending_read`'s rows give it, as Django's database store loads it."""
        session = self._accept(_READ.instance(rows))
        self._session_cache = self.decode(session.session_data) if session else {}

    def _accept(self, session):
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None  # as Django's store: a new key when this session is saved
            self.account = None
            return None
        self.account = _account_of(session)
        return session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session

    async def acreate_model_instance(self, data):
        session = await super().acreate_model_instance(data)
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session


def _account_of(session):
    """The account joined to the session row, or None where the row names none or one that no longer exists (its
    key is the session's own column, so a column the account always has tells)."""
    fields = _account_fields()
    if session.user_id is None or getattr(session, f"{_ACCOUNT}{_present_field()}") is None:
        return None
    account = get_user_model().from_db(
        session._state.db, fields, [getattr(session, f"{_ACCOUNT}{name}") for name in fields]
    )
    setattr(account, EDITOR_FLAG, getattr(session, EDITOR_FLAG))
    return account


@once
def _present_field() -> str:
    """A column every account has a value in (the account's key on the session row is the session's own column)."""
    for field in get_user_model()._meta.concrete_fields:
        if not field.null and not field.primary_key:
            return field.attname
    raise ImproperlyConfigured("accounts.sessions: the user model needs a column that is never empty besides its key")


def _user_id(value):
    if value is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return None
