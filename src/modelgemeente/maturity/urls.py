"""Maturity pages: each part keeps its own list of URLs (organisation pages under /organisaties/<org>/)."""

from . import ambition_urls, assessment_urls, digitalisation_urls

app_name = "maturity"

urlpatterns = [
    *assessment_urls.urlpatterns,
    *digitalisation_urls.urlpatterns,
    *ambition_urls.urlpatterns,
]
