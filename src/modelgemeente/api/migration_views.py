"""/api/v1/plans/{id}/migration-preview (being built: issue 13)."""

from rest_framework.exceptions import NotFound
from rest_framework.views import APIView


class MigrationPreview(APIView):
    def get(self, request, id):
        raise NotFound
