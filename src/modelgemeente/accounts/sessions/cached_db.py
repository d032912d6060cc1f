"""Sessions read through a shared cache (settings.SESSION_ENGINE with CACHE_URL): Django's `cached_db`, made safe for
a cache server that does not answer, reading the database as the package says.

Django's store reads a session from the cache, else from the database, and writes it to both. As it is, a cache
server that is down turns every signed-in request into a server error (it writes the session it read from the
database back to the cache without a guard), a failed write leaves an older copy in the cache to be read instead,
and a logout deletes the database row before the cached copy, so a failed cache delete could leave a copy that
still signs in once the server is back. Here the database is the truth and the cache never holds more than it:

- reading or writing the cached copy may fail: the database answers, with a warning in the log; a failed write
  removes the older copy where it can (an older copy holds nothing that signs anyone in: a changed password changes
  the hash a session is checked against);
- deleting (a logout, a new session key at login) removes the cached copy before the database row, and again after
  it (a request reading the row in between may have put it back). When the cache cannot be reached to remove a
  copy, the request fails with the session kept whole: a logout is never half done. So while the cache server is
  down, pages are read as usual but signing in and out fail (and /gezondheid/ says the cache is down).
"""

import logging

from django.contrib.sessions.backends import cached_db, db

from . import AccountSessionRead

logger = logging.getLogger(__name__)


class SessionStore(AccountSessionRead, cached_db.SessionStore):
    reads_database_first = False

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            logger.warning("sessions: cache get failed", exc_info=True)
            data = None
        if data is not None:
            return data
        row = self._get_session_from_db()
        if not row:
            return {}
        data = self.decode(row.session_data)
        self._keep(self.cache_key, data, self.get_expiry_age(expiry=row.expire_date))
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            logger.warning("sessions: cache lookup failed", exc_info=True)
        return db.SessionStore.exists(self, session_key)

    def save(self, must_create=False):
        db.SessionStore.save(self, must_create)
        if not self._keep(self.cache_key, self._session, self.get_expiry_age()):
            try:
                self._cache.delete(self.cache_key)  # an older copy must not be read instead
            except Exception:
                logger.warning("sessions: cache delete after a failed set failed", exc_info=True)

    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        key = self.cache_key_prefix + session_key
        self._cache.delete(key)  # first, and not guarded (see above)
        db.SessionStore.delete(self, session_key)
        try:
            self._cache.delete(key)
        except Exception:
            logger.warning("sessions: cache delete after the database failed", exc_info=True)

    def _keep(self, key, data, timeout) -> bool:
        try:
            self._cache.set(key, data, timeout)
        except Exception:
            logger.warning("sessions: cache set failed", exc_info=True)
            return False
        return True
