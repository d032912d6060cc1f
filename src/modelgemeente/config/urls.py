from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("account/", include("modelgemeente.accounts.urls")),
    path("", include("modelgemeente.plans.urls")),
    path("", include("modelgemeente.catalog.urls")),
]

handler404 = "modelgemeente.catalog.views.not_found"
handler400 = "modelgemeente.core.http.handle_bad_request"
