"""/api/v1/community/... for the proposals part of the community (views next to their URLs)."""

urlpatterns = []
