"""URLs of this part of the maturity app (see urls.py)."""

urlpatterns = []
