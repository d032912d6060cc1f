"""/api/v1/editions/{year}/releases and /diff (being built: issue 13)."""

from rest_framework.exceptions import NotFound
from rest_framework.views import APIView


class ReleaseList(APIView):
    def get(self, request, year):
        raise NotFound


class Diff(APIView):
    def get(self, request, year):
        raise NotFound
