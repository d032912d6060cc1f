"""/api/v1/community/... for the participation part of the community (views next to their URLs)."""

urlpatterns = []
