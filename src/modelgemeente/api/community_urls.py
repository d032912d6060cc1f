"""/api/v1/community/...: each part of the community keeps its own API views and URLs."""

from . import (
    community_needs,
    community_participation,
    community_proposals,
    community_sessions,
    community_themes,
)

urlpatterns = [
    *community_participation.urlpatterns,
    *community_themes.urlpatterns,
    *community_needs.urlpatterns,
    *community_sessions.urlpatterns,
    *community_proposals.urlpatterns,
]
