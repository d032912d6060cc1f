"""Moving a plan to another release: preview and confirm (being built: issue 13)."""

from django.http import Http404


def migrate(request, org, pk):
    raise Http404
