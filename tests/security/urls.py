"""The site's URLs plus views that fail, for the error-page tests."""

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.urls import path

from modelgemeente.config.urls import handler400, handler404  # noqa: F401
from modelgemeente.config.urls import urlpatterns as site_urlpatterns
from modelgemeente.core.http import bad_request


def fails(request):
    raise RuntimeError("geheime details uit de traceback")


def suspicious(request):
    raise SuspiciousOperation("geheime details van de controle")


def rejects(request):
    raise BadRequest("Het formulier mist een geldig versienummer.")


def refuses(request):
    return bad_request(request, "Het jaar <2099> valt buiten dit plan.")


urlpatterns = [
    path("test/fout/", fails),
    path("test/verdacht/", suspicious),
    path("test/ongeldig/", refuses),
    path("test/afgewezen/", rejects),
    *site_urlpatterns,
]
