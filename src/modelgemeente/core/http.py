"""Responses shared by the apps."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, message: str = "") -> HttpResponse:
    """A 400 page in the site's layout that says, in Dutch, what was wrong with the request.

    For input that no form produces (a tampered URL or POST): a form's own errors stay next to its
    fields. `message` is shown as text (escaped); without one the page gives a general explanation.
    """
    return render(request, "400.html", {"message": message}, status=400)


def handle_bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """Django's handler400. A `BadRequest` raised by our own views carries a Dutch message meant for
    the user (e.g. "Het formulier mist een geldig versienummer"); other causes (a SuspiciousOperation
    from Django itself) may carry internals, so they get the general text."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import BadRequest

    if not hasattr(request, "user"):
        # Refused before AuthenticationMiddleware (a Host not in ALLOWED_HOSTS): the layout asks who is there.
        request.user = AnonymousUser()
    message = str(exception) if type(exception) is BadRequest else ""
    return bad_request(request, message)
