"""The API's one JSON parser (settings: REST_FRAMEWORK DEFAULT_PARSER_CLASSES)."""

from django.utils.translation import gettext as _
from djangorestframework_camel_case.parser import CamelCaseJSONParser
from rest_framework import exceptions


class JSONParser(CamelCaseJSONParser):
    """camelCase JSON, where an unreadable body, also one nested too deep for Python's JSON decoder
    (RecursionError), is a 400 problem with a Dutch message instead of an English one or a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except (exceptions.ParseError, RecursionError):
            raise exceptions.ParseError(_("De inhoud van het verzoek is geen geldige JSON.")) from None
