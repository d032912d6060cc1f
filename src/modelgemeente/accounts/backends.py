"""The authentication backend: Django's ModelBackend (login name and password, `is_active`), which reads the
signed-in reader of each request together with whether they are an editor (catalog.releases.editor_flag): one
query instead of two on every signed-in page, kept ones included (docs/performance.md)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from modelgemeente.catalog.releases import editor_flag


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.annotate(**editor_flag()).get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
