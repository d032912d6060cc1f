"""Sessions in the database (the default SESSION_ENGINE): Django's store, with the session and its account read in
one query (see the package)."""

from django.contrib.sessions.backends import db

from . import AccountSessionRead


class SessionStore(AccountSessionRead, db.SessionStore):
    pass
