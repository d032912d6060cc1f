"""URLs of product digitalisation (see urls.py): the public product list, and per organisation its measurements."""

from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache

from . import digitalisation_views as views

M = "organisaties/<slug:org>/digitalisering/<int:year>/"

public = [
    path("producten/", views.products, name="products"),
    path("producten/producten.csv", views.products_csv, name="products_csv"),
]

organisation = [
    path("organisaties/<slug:org>/digitalisering/", views.measurements, name="measurements"),
    path(M, views.measurement, name="measurement"),
    path(M + "sjabloon.csv", views.measurement_template, name="measurement_template"),
    path(M + "importeren/", views.measurement_import, name="measurement_import"),
    path(M + "gegevens/", views.measurement_settings, name="measurement_settings"),
]

# An organisation's measurements and forms: browsers and proxies keep no copy.
urlpatterns = public + [URLPattern(p.pattern, never_cache(p.callback), p.default_args, p.name) for p in organisation]
