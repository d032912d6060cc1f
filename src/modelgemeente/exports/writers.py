"""The export formats of a budget report, and a download response for each."""

from collections.abc import Callable

from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .csv_export import write_csv
from .ods import write_ods
from .odt import write_odt
from .pdf import write_pdf
from .xlsx import write_xlsx

# extension: (label, content type, writer)
FORMATS = {
    "xlsx": ("Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write_xlsx),
    "ods": ("OpenDocument (ODS)", "application/vnd.oasis.opendocument.spreadsheet", write_ods),
    "csv": (_("CSV voor Excel"), "text/csv; charset=utf-8", write_csv),
    "pdf": (_("PDF-rapport"), "application/pdf", write_pdf),
    "odt": (_("Raadsvoorstelteksten (ODT)"), "application/vnd.oasis.opendocument.text", write_odt),
}


def download(make_report: Callable, fmt: str, basename: str) -> HttpResponse:
    """The report as a file. Downloads are Dutch P&C documents whatever the interface language:
    the report (whose generated texts follow the active language) is built and written in Dutch."""
    if fmt not in FORMATS:
        raise Http404("Onbekend exportformaat")
    _, content_type, writer = FORMATS[fmt]
    with translation.override("nl"):
        content = writer(make_report())
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{basename}.{fmt}"'
    return response
