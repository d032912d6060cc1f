"""The catalogue and the model budget under /api/v1: anonymous and read-only.

Views only read the query, call the catalogue's functions (the same as the pages) and serialize. An edition
year is served as its current release (catalog.releases.current): the latest published one; a concept
is visible to editors and staff only, as on the pages.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente import refdata
from modelgemeente.budget.engine import Profile
from modelgemeente.catalog import releases
from modelgemeente.catalog.budget_input import estimated_profile, model_report
from modelgemeente.catalog.models import BudgetLine, Development, Edition, Law
from modelgemeente.catalog.page_cache import cached_model_report
from modelgemeente.catalog.search import MAX_QUERY_LENGTH
from modelgemeente.catalog.search import search as search_edition
from modelgemeente.core.cache import get_or_build, make_key, release_stamp

from . import serializers as s
from .pagination import HalPagination, hal_pagination

YEAR = OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH, description="Jaar van de editie, bv. 2026.")
SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="Id van de ontwikkeling.")
CBS_CODE = OpenApiParameter(
    "cbsCode", OpenApiTypes.STR, OpenApiParameter.PATH, description="CBS-gemeentecode, bv. GM0363."
)


def query(serializer_class, request) -> dict:
    """The validated query parameters; invalid ones give a 400 problem with invalidParams."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class EditionMixin:
    def edition(self):
        found = releases.current(self.kwargs["year"], self.request.user)
        if found is None:
            raise NotFound(_("Editie %(year)s bestaat niet.") % {"year": self.kwargs["year"]})
        return found


# Editions ----------------------------------------------------------------------------------------------


@extend_schema(
    tags=["Edities"],
    summary="Alle edities",
    description="Per jaar de huidige release van de editie (de laatst gepubliceerde), nieuwste jaar eerst.",
)
class EditionList(generics.ListAPIView):
    serializer_class = s.EditionSerializer
    pagination_class = hal_pagination("editions")

    def get_queryset(self):
        years = releases.visible(self.request.user).values_list("year", flat=True).distinct()
        current = [releases.current(year, self.request.user) for year in sorted(set(years), reverse=True)]
        return Edition.objects.filter(pk__in=[e.pk for e in current if e])


@extend_schema(tags=["Edities"], summary="Eén editie", parameters=[YEAR])
class EditionDetail(EditionMixin, generics.RetrieveAPIView):
    serializer_class = s.EditionSerializer

    def get_object(self):
        return self.edition()


# Developments, laws, opgaven, domains -------------------------------------------------------------------


class DevelopmentQuery(serializers.Serializer):
    domain = serializers.SlugField(required=False, help_text="Alleen ontwikkelingen van dit domein (id).")
    capacityType = serializers.ChoiceField(  # the query parameter's name (camelCase)
        choices=Development.CapacityType.choices, required=False, help_text="Basiscapaciteit of wendbaarheid."
    )
    collectiveCandidate = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Alleen kandidaten voor een collectieve voorziening."
    )
    law = serializers.SlugField(required=False, help_text="Alleen ontwikkelingen bij deze wet (id).")
    opgave = serializers.SlugField(required=False, help_text="Alleen ontwikkelingen bij deze opgave (id).")


@extend_schema(
    tags=["Ontwikkelingen"],
    summary="Ontwikkelingen van een editie",
    parameters=[YEAR, DevelopmentQuery],
)
class DevelopmentList(EditionMixin, generics.ListAPIView):
    serializer_class = s.DevelopmentListSerializer
    pagination_class = hal_pagination("developments")

    def get_queryset(self):
        edition = self.edition()
        filters = query(DevelopmentQuery, self.request)
        developments = edition.developments.select_related("domain", "edition").order_by(
            "domain__order", "order", "slug"
        )
        if filters.get("domain"):
            developments = developments.filter(domain__slug=filters["domain"])
        if filters.get("capacityType"):
            developments = developments.filter(capacity_type=filters["capacityType"])
        if filters.get("collectiveCandidate") is not None:
            developments = developments.filter(collective_candidate=filters["collectiveCandidate"])
        if filters.get("law"):
            developments = developments.filter(laws__slug=filters["law"])
        if filters.get("opgave"):
            developments = developments.filter(opgaven__slug=filters["opgave"])
        return developments.distinct()


@extend_schema(
    tags=["Ontwikkelingen"],
    summary="Eén ontwikkeling met begrotingsregels, wetten en opgaven",
    parameters=[YEAR, SLUG],
)
class DevelopmentDetail(EditionMixin, generics.RetrieveAPIView):
    serializer_class = s.DevelopmentSerializer

    def get_object(self):
        return get_object_or_404(
            Development.objects.select_related("domain", "edition").prefetch_related(
                Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("order")),
                Prefetch("laws", queryset=Law.objects.order_by("in_force", "name")),
                "opgaven",
                "related",
            ),
            edition=self.edition(),
            slug=self.kwargs["slug"],
        )


@extend_schema(tags=["Ontwikkelingen"], summary="Domeinen van een editie", parameters=[YEAR])
class DomainList(EditionMixin, generics.ListAPIView):
    serializer_class = s.DomainSerializer
    pagination_class = hal_pagination("domains")

    def get_queryset(self):
        return self.edition().domains.order_by("order", "name")


@extend_schema(tags=["Wetten en opgaven"], summary="Wetten van een editie", parameters=[YEAR])
class LawList(EditionMixin, generics.ListAPIView):
    serializer_class = s.LawSerializer
    pagination_class = hal_pagination("laws")

    def get_queryset(self):
        return (
            self.edition()
            .laws.order_by("in_force", "name", "slug")
            .prefetch_related(Prefetch("developments", queryset=Development.objects.order_by("slug")))
        )


@extend_schema(tags=["Wetten en opgaven"], summary="Opgaven (kapstok) van een editie", parameters=[YEAR])
class OpgaveList(EditionMixin, generics.ListAPIView):
    serializer_class = s.OpgaveSerializer
    pagination_class = hal_pagination("opgaven")

    def get_queryset(self):
        return (
            self.edition()
            .opgaven.order_by("order", "name")
            .prefetch_related(Prefetch("developments", queryset=Development.objects.order_by("slug")))
        )


# Search ------------------------------------------------------------------------------------------------


class SearchQuery(serializers.Serializer):
    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH, help_text="Zoekwoorden: hele woorden en woordbeginnen (docs/search.md)."
    )


@extend_schema(
    tags=["Zoeken"],
    summary="Zoeken in een editie",
    description="Ontwikkelingen, wetten, opgaven en begrotingsregels, gegroepeerd per soort zoals op de zoekpagina.",
    parameters=[YEAR, SearchQuery],
    responses=s.SearchSerializer,
)
class Search(EditionMixin, APIView):
    def get(self, request, year):
        edition = self.edition()
        q = query(SearchQuery, request)["q"]
        return Response(s.search_payload(search_edition(edition, q), request))


# Budget ------------------------------------------------------------------------------------------------


class BudgetQuery(serializers.Serializer):
    # The limits of a plan's profile (plans/forms.py).
    inhabitants = serializers.IntegerField(
        required=False, min_value=1, max_value=5_000_000, help_text="Aantal inwoners; standaard de referentiegemeente."
    )
    employees = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        help_text="Aantal medewerkers; zonder: geschat in verhouding tot de referentiegemeente.",
    )
    departments = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=1_000,
        help_text="Aantal afdelingen; zonder: geschat in verhouding tot de referentiegemeente.",
    )
    startYear = serializers.IntegerField(  # the query parameter's name (camelCase)
        required=False,
        min_value=2020,
        max_value=2100,
        help_text="Eerste begrotingsjaar: alle ontwikkelingen starten dan; standaard het prijspeiljaar van de editie.",
    )


@extend_schema(
    tags=["Begroting"],
    summary="De ICT-begroting van het model, geschaald naar een gemeente",
    description=(
        "Alle ontwikkelingen van de editie, startend in `startYear`, voor vier jaar: totalen per jaar "
        "(incidenteel, structureel, totaal, fte), per domein, per categorie en per ontwikkeling, en per regel "
        "het bedrag per jaar met de toelichting van de rekenmotor. Dezelfde berekening als de begrotingspagina "
        "en de downloads. Zonder `employees` of `departments` worden die geschat in verhouding tot de "
        "referentiegemeente; `profile.estimated` zegt welke."
    ),
    parameters=[YEAR, BudgetQuery],
    responses=s.BudgetSerializer,
)
class Budget(EditionMixin, APIView):
    def get(self, request, year):
        edition = self.edition()
        given = query(BudgetQuery, request)
        profile, estimated = None, []
        if {"inhabitants", "employees", "departments"} & set(given):
            inhabitants = given.get("inhabitants", edition.reference_inhabitants)
            employees, departments = estimated_profile(edition, inhabitants)
            if "employees" in given:
                employees = given["employees"]
            else:
                estimated.append("employees")
            if "departments" in given:
                departments = given["departments"]
            else:
                estimated.append("departments")
            profile = Profile(inhabitants, employees, departments)
        if profile is None and "startYear" not in given:
            # The release's own budget: the same for every caller, kept per release and language (core/cache.py).
            key = make_key("api-model-budget", get_language(), release_stamp(edition))
            return Response(get_or_build(key, lambda: s.budget_payload(cached_model_report(edition))))
        report = model_report(edition, profile, given.get("startYear"))
        return Response(s.budget_payload(report, estimated=estimated))


# Municipalities (reference data) -----------------------------------------------------------------------


def source_payload() -> dict:
    table = refdata.municipality_table()
    return {"name": table["source"]["name"], "url": table["source"].get("url"), "as_of": str(table["as_of"])}


def municipality_payload(row: dict) -> dict:
    return {
        "cbs_code": row["code"],
        "name": row["name"],
        "province": row.get("province"),
        "inhabitants": row.get("inhabitants"),
    }


class MunicipalityQuery(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=100, help_text="Deel van de naam (hoofdletterongevoelig).")
    province = serializers.CharField(required=False, max_length=100, help_text="Provincie, bv. Utrecht.")


class MunicipalityPagination(HalPagination):
    embedded = "municipalities"

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["source"] = source_payload()
        return response

    def get_paginated_response_schema(self, schema):
        body = super().get_paginated_response_schema(schema)
        body["properties"]["source"] = {"$ref": "#/components/schemas/ReferenceSource"}
        body["required"].append("source")
        return body


@extend_schema(
    tags=["Gemeenten"],
    summary="Gemeenten van Nederland (CBS) met inwonertal",
    description="Referentiegegevens met hun bron en peildatum (`source`).",
    parameters=[MunicipalityQuery],
    responses=s.MunicipalitySerializer(many=True),
)
class MunicipalityList(generics.GenericAPIView):
    pagination_class = MunicipalityPagination
    serializer_class = s.MunicipalitySerializer

    def get(self, request):
        filters = query(MunicipalityQuery, request)
        rows = refdata.municipalities()
        if filters.get("name"):
            needle = filters["name"].casefold()
            rows = [row for row in rows if needle in row["name"].casefold()]
        if filters.get("province"):
            wanted = filters["province"].casefold()
            rows = [row for row in rows if (row.get("province") or "").casefold() == wanted]
        rows = sorted(rows, key=lambda row: row["code"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response([municipality_payload(row) for row in page])


@extend_schema(
    tags=["Gemeenten"],
    summary="Eén gemeente",
    parameters=[CBS_CODE],
    responses=inline_serializer(
        "MunicipalityWithSource",
        fields={
            "cbs_code": serializers.CharField(),
            "name": serializers.CharField(),
            "province": serializers.CharField(allow_null=True),
            "inhabitants": serializers.IntegerField(allow_null=True),
            "source": s.ReferenceSourceSerializer(),
        },
    ),
)
class MunicipalityDetail(APIView):
    def get(self, request, cbsCode):  # the path parameter keeps its camelCase name
        row = refdata.municipality(cbsCode.upper())
        if row is None:
            raise NotFound(_("Er is geen gemeente met CBS-code %(code)s.") % {"code": cbsCode})
        return Response(municipality_payload(row) | {"source": source_payload()})
