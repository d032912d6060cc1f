"""/api/v1/community/... for the sessions part of the community (views next to their URLs)."""

urlpatterns = []
