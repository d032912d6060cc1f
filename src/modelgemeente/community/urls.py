"""/gemeenschap/: each part of the community keeps its own list of URLs."""

from . import needs_urls, participation_urls, proposals_urls, sessions_urls, themes_urls

app_name = "community"

urlpatterns = [
    *participation_urls.urlpatterns,
    *themes_urls.urlpatterns,
    *needs_urls.urlpatterns,
    *sessions_urls.urlpatterns,
    *proposals_urls.urlpatterns,
]
