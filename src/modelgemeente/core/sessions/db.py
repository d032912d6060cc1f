"""Sessions in the database (the default SESSION_ENGINE): Django's store, read in plain SQL (see the package)."""

from django.contrib.sessions.backends import db

from . import KeyedSessionRead


class SessionStore(KeyedSessionRead, db.SessionStore):
    pass
