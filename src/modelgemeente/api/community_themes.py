"""/api/v1/community/... for the themes part of the community (views next to their URLs)."""

urlpatterns = []
