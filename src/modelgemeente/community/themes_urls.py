"""URLs of the themes part of the community (included by community/urls.py)."""

urlpatterns = []
