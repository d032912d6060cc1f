"""The authentication backend: Django's ModelBackend (login name and password, `is_active`), which reads the
signed-in reader of each request together with whether they are an editor (catalog.releases.editor_flag), kept ones
included (docs/performance.md): taken from the query that read the request's session where that query found it
(accounts/sessions/), else in one query of its own, compiled once and run as plain SQL (core.reads.KeyedRead)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from modelgemeente.catalog.releases import editor_flag
from modelgemeente.core.reads import KeyedRead

from .sessions import offered_account

_ACCOUNT = KeyedRead(lambda: get_user_model()._default_manager.annotate(**editor_flag()))


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user = offered_account(user_id) or _ACCOUNT.get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
