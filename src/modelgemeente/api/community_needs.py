"""/api/v1/community/... for the needs part of the community (views next to their URLs)."""

urlpatterns = []
