"""URLs of the needs part of the community (included by community/urls.py)."""

urlpatterns = []
