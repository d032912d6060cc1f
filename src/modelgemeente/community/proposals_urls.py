"""URLs of the proposals part of the community (included by community/urls.py)."""

urlpatterns = []
