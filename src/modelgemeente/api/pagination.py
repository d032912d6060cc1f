"""Pages of a long list, HAL style as in the Dutch API strategy (docs/api.md, "Pagination"):

    {"_links": {"self": {"href": ...}, "first": ..., "prev": ..., "next": ..., "last": ...},
     "_embedded": {"<resource>": [...]}, "page": 1, "pageSize": 20, "totalCount": 342, "totalPages": 18}

`page` and `pageSize` are query parameters; a bad value is a 400 with invalidParams, a page past the
last one a 404. `prev` and `next` are left out on the first and last page.
"""

import math

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PageQuery(serializers.Serializer):
    page = serializers.IntegerField(required=False, min_value=1, max_value=1_000_000, default=1)
    pageSize = serializers.IntegerField(  # the query parameter's name (camelCase)
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE
    )


def link(href: str | None) -> dict | None:
    return {"href": href} if href else None


class HalPagination(BasePagination):
    embedded = "items"  # set per list by `hal_pagination(name)`

    def paginate_queryset(self, queryset, request, view=None):
        query = PageQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        self.page, self.page_size = query.validated_data["page"], query.validated_data["pageSize"]
        self.count = (
            queryset.count() if hasattr(queryset, "count") and not isinstance(queryset, list) else len(queryset)
        )
        self.pages = max(1, math.ceil(self.count / self.page_size))
        if self.page > self.pages:
            raise NotFound(
                _("Pagina %(page)s bestaat niet; de laatste pagina is %(last)s.")
                % {"page": self.page, "last": self.pages}
            )
        self.request = request
        start = (self.page - 1) * self.page_size
        return list(queryset[start : start + self.page_size])

    def _url(self, page: int) -> str:
        url = self.request.build_absolute_uri()
        url = replace_query_param(url, "page", page)
        return url

    def get_paginated_response(self, data):
        links = {
            "self": link(self._url(self.page)),
            "first": link(self._url(1)),
            "prev": link(self._url(self.page - 1)) if self.page > 1 else None,
            "next": link(self._url(self.page + 1)) if self.page < self.pages else None,
            "last": link(self._url(self.pages)),
        }
        body = {
            "_links": {name: value for name, value in links.items() if value},
            "_embedded": {self.embedded: data},
            "page": self.page,
            "page_size": self.page_size,
            "total_count": self.count,
            "total_pages": self.pages,
        }
        headers = {"X-Total-Count": str(self.count)}
        return Response(body, headers=headers)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": "Paginanummer, vanaf 1.",
                "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1},
            },
            {
                "name": "pageSize",
                "required": False,
                "in": "query",
                "description": f"Aantal per pagina (standaard {DEFAULT_PAGE_SIZE}, hoogstens {MAX_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
            },
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["_links", "_embedded", "page", "pageSize", "totalCount", "totalPages"],
            "properties": {
                "_links": {"$ref": "#/components/schemas/PageLinks"},
                "_embedded": {
                    "type": "object",
                    "required": [self.embedded],
                    "properties": {self.embedded: schema},
                },
                "page": {"type": "integer", "example": 1},
                "pageSize": {"type": "integer", "example": DEFAULT_PAGE_SIZE},
                "totalCount": {"type": "integer", "example": 342},
                "totalPages": {"type": "integer", "example": 18},
            },
        }


def hal_pagination(name: str) -> type[HalPagination]:
    """A pagination class whose page lists its items under `_embedded.<name>`."""
    return type(f"HalPagination_{name}", (HalPagination,), {"embedded": name})
