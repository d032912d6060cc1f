"""The open dataset of an edition as a download (catalog/dataset.py builds it)."""

from django.http import HttpResponse

from .dataset import cached_dataset, download_name
from .views import get_edition


def dataset_download(request, year):
    """Published editions for everyone, drafts only for staff (like every catalogue page)."""
    edition = get_edition(request, year)
    response = HttpResponse(cached_dataset(edition), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{download_name(edition)}"'
    return response
