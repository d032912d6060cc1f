"""The authentication backend: Django's ModelBackend (login name and password, `is_active`), which reads the
signed-in reader of each request together with whether they are an editor (catalog.releases.editor_flag): one
query instead of two on every signed-in page, kept ones included, compiled once and run as plain SQL
(core.reads.KeyedRead; docs/performance.md)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from modelgemeente.catalog.releases import editor_flag
from modelgemeente.core.reads import KeyedRead

_ACCOUNT = KeyedRead(lambda: get_user_model()._default_manager.annotate(**editor_flag()))


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user = _ACCOUNT.get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
