"""URLs of the participation part of the community (included by community/urls.py)."""

urlpatterns = []
