"""Django's AuthenticationMiddleware, which lets the authentication backend take the account that was read with the
request's session (accounts/sessions/): a signed-in request then makes one query for both, not two."""

from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.utils.functional import SimpleLazyObject

from .sessions import offering_account_of


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))


def get_user(request):
    """django.contrib.auth.middleware.get_user, with the request's session store offered to the backend
    (sessions.offered_account) while Django's auth.get_user reads and checks the reader."""
    if not hasattr(request, "_cached_user"):
        with offering_account_of(request.session):
            request._cached_user = auth.get_user(request)
    return request._cached_user
