from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from modelgemeente.core.health import health

urlpatterns = [
    path("gezondheid/", health, name="health"),  # docs/deploy.md; answered first by core.health's middleware
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("account/", include("modelgemeente.accounts.urls")),
    path("api/v1/", include("modelgemeente.api.urls")),
    path("gemeenschap/", include("modelgemeente.community.urls")),
    # The public catalogue first: its pages are the most asked for, and every pattern tried before is time on each
    # of them (its paths, "", "edities/", "editie/...", "verschil/", are no other app's).
    path("", include("modelgemeente.catalog.urls")),
    path("", include("modelgemeente.maturity.urls")),
    path("", include("modelgemeente.consultation.urls")),
    path("", include("modelgemeente.plans.urls")),
    # Browsers ask for /favicon.ico whatever the page links to (base.html links the SVG and this one).
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.ico"))),
]

handler404 = "modelgemeente.catalog.views.not_found"
handler400 = "modelgemeente.core.http.handle_bad_request"
