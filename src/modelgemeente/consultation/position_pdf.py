"""A position as a PDF (WeasyPrint, from consultation/position_pdf.html): title, status and date in the page
header and footer; the text, the aggregate with the dissent, every region's stance with its reason, the minority
notes and the questions and regional signals it came from."""

from django.template.loader import render_to_string

from modelgemeente.exports.pdf import breakable

from .models import Position
from .services.positions import Reading


def write_position_pdf(position: Position, reading: Reading) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    html = render_to_string("consultation/position_pdf.html", {"position": position, "reading": reading})
    return HTML(string=breakable(html)).write_pdf()
