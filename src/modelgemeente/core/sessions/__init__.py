"""The session stores (settings.SESSION_ENGINE): sessions are kept in the database, and read from it in plain SQL.

- `sessions.db`: the database alone (the default);
- `sessions.cached_db`: the database, read through a shared cache (with CACHE_URL; see that module).

Both read a session row as Django's database store does (by its key, not expired), through `core.reads.KeyedRead`:
a signed-in request reads its session before anything else, also for a page that is kept whole, and compiling that
query in the ORM costs several times what the database takes to answer it (docs/performance.md).
"""

from django.utils import timezone

from modelgemeente.core.reads import KeyedRead

_reads: dict[type, KeyedRead] = {}


class KeyedSessionRead:
    """For a subclass of Django's database session store: `_get_session_from_db` in plain SQL."""

    def _get_session_from_db(self):
        session = None
        if self.session_key:
            read = _reads.get(self.model)
            if read is None:
                read = _reads.setdefault(self.model, KeyedRead(self.model._default_manager.all, "session_key"))
            session = read.get(self.session_key)
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None  # as Django's store: a new key when this session is saved
            return None
        return session
