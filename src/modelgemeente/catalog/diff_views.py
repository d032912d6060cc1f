"""The diff between two releases and the 'wat is er nieuw' page of a release (being built: issue 13)."""

from django.http import Http404


def whats_new(request, year, number):
    raise Http404


def diff(request):
    raise Http404
