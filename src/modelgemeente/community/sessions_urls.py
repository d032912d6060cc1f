"""URLs of the sessions part of the community (included by community/urls.py)."""

urlpatterns = []
