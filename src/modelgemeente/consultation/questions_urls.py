"""URLs of this part of the consultation app (see urls.py)."""

urlpatterns = []
