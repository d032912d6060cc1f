"""Consultation pages: each part keeps its own list of URLs."""

from . import positions_urls, provisions_urls, questions_urls, signals_urls

app_name = "consultation"

urlpatterns = [
    *signals_urls.urlpatterns,
    *questions_urls.urlpatterns,
    *positions_urls.urlpatterns,
    *provisions_urls.urlpatterns,
]
