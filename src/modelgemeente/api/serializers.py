"""What the API returns: catalogue resources, and a budget in one shape for the model and for plans.

Field names are snake_case here; the renderer writes them in camelCase (djangorestframework-camel-case)
and the OpenAPI document says the same (drf-spectacular's camelize hook).

`budget_payload(report)` turns any BudgetReport (exports/report.py) into the API's budget shape; the
plan endpoints return a plan's budget with it, so model and plan budgets look alike. It computes no
money: amounts are the engine's, rounded half up to cents by `amount()` like the CSV download.
"""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from modelgemeente.budget.money import round_euro
from modelgemeente.catalog.models import BudgetLine, Development, Domain, Edition, Law, Opgave
from modelgemeente.catalog.templatetags.nl_format import explain
from modelgemeente.core.enums import Category, LineKind
from modelgemeente.exports.report import BudgetReport

AMOUNT_HELP = "Bedrag in euro, decimaal met twee decimalen, als string (geen float)."


def amount(value) -> str:
    """Euros with cents, as a string: rounded half up from the unrounded figure (like exports/csv_export)."""
    return f"{round_euro(value, 2):f}"


def decimal_text(value) -> str | None:
    """A figure of the content (hours, exponent) as a plain decimal string, without trailing zeros."""
    if value is None:
        return None
    text = f"{Decimal(value).normalize():f}"
    return text


class AmountField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", AMOUNT_HELP)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class LinkSerializer(serializers.Serializer):
    href = serializers.URLField()


def href(request, path: str) -> dict:
    return {"href": request.build_absolute_uri(path)}


# Catalogue ---------------------------------------------------------------------------------------------


class EditionSerializer(serializers.ModelSerializer):
    release = serializers.CharField(
        source="release_id", read_only=True, help_text="De release: jaar.nummer (2026.2), of jaar.concept."
    )
    release_number = serializers.IntegerField(
        source="number", read_only=True, allow_null=True, help_text="Volgnummer van de release; leeg voor een concept."
    )
    reference_municipality = serializers.SerializerMethodField()
    hours_per_fte = serializers.SerializerMethodField()
    wage_index_percent = serializers.SerializerMethodField()
    price_index_percent = serializers.SerializerMethodField()
    _links = serializers.SerializerMethodField()

    class Meta:
        model = Edition
        fields = [
            "year",
            "release",
            "release_number",
            "title",
            "status",
            "published_on",
            "introduction",
            "reference_municipality",
            "maturity_target",
            "base_price_year",
            "hours_per_fte",
            "salary_table",
            "wage_index_percent",
            "wage_index_provenance",
            "price_index_percent",
            "price_index_provenance",
            "_links",
        ]

    def get_reference_municipality(self, edition) -> dict:
        return {
            "name": edition.reference_name,
            "inhabitants": edition.reference_inhabitants,
            "employees": edition.reference_employees,
            "departments": edition.reference_departments,
            "provenance": edition.reference_provenance,
        }

    def get_hours_per_fte(self, edition) -> str:
        return decimal_text(edition.hours_per_fte)

    def get_wage_index_percent(self, edition) -> str:
        return decimal_text(edition.wage_index_percent)

    def get_price_index_percent(self, edition) -> str:
        return decimal_text(edition.price_index_percent)

    def get__links(self, edition) -> dict:
        request = self.context["request"]
        base = f"/api/v1/editions/{edition.year}"
        return {
            "self": href(request, base),
            "developments": href(request, f"{base}/developments"),
            "laws": href(request, f"{base}/laws"),
            "opgaven": href(request, f"{base}/opgaven"),
            "budget": href(request, f"{base}/budget"),
            "search": href(request, f"{base}/search"),
            "html": href(request, edition.get_absolute_url()),
            "dataset": href(request, reverse("catalog:dataset", args=[edition.year])),
        }


class ReferenceMunicipalitySerializer(serializers.Serializer):
    name = serializers.CharField()
    inhabitants = serializers.IntegerField()
    employees = serializers.IntegerField()
    departments = serializers.IntegerField()
    provenance = serializers.CharField()


class DomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = Domain
        fields = ["slug", "name", "description"]


class DomainRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Domain
        fields = ["slug", "name"]


class LawRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Law
        fields = ["slug", "name"]


class OpgaveRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Opgave
        fields = ["slug", "name"]


class DevelopmentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Development
        fields = ["slug", "title"]


class BudgetLineSerializer(serializers.ModelSerializer):
    """A budget line as the content defines it (for the reference municipality, in base-year prices)."""

    amount = serializers.SerializerMethodField(help_text="Bedrag in euro (geldregel), als string; anders null.")
    hours_per_week = serializers.SerializerMethodField()
    exponent = serializers.SerializerMethodField()

    class Meta:
        model = BudgetLine
        fields = list(BudgetLine.CONTENT_FIELDS)

    def get_amount(self, line) -> str | None:
        return amount(line.amount) if line.amount is not None else None

    def get_hours_per_week(self, line) -> str | None:
        return decimal_text(line.hours_per_week)

    def get_exponent(self, line) -> str:
        return decimal_text(line.exponent)


class DevelopmentListSerializer(serializers.ModelSerializer):
    domain = DomainRefSerializer()
    _links = serializers.SerializerMethodField()

    class Meta:
        model = Development
        fields = [
            "slug",
            "title",
            "summary",
            "domain",
            "horizon_from",
            "horizon_to",
            "capacity_type",
            "collective_candidate",
            "_links",
        ]

    def get__links(self, dev) -> dict:
        request = self.context["request"]
        return {
            "self": href(request, f"/api/v1/editions/{dev.edition.year}/developments/{dev.slug}"),
            "html": href(request, dev.get_absolute_url()),
        }


class DevelopmentSerializer(DevelopmentListSerializer):
    budget_lines = BudgetLineSerializer(many=True)
    laws = LawRefSerializer(many=True)
    opgaven = OpgaveRefSerializer(many=True)
    related = DevelopmentRefSerializer(many=True)

    class Meta(DevelopmentListSerializer.Meta):
        fields = [
            *DevelopmentListSerializer.Meta.fields[:-1],
            "body_markdown",
            "gemma_components",
            "collective_reason",
            "budget_lines",
            "laws",
            "opgaven",
            "related",
            "_links",
        ]


class LawSerializer(serializers.ModelSerializer):
    developments = DevelopmentRefSerializer(many=True)

    class Meta:
        model = Law
        fields = ["slug", "name", "in_force", "status", "status_note", "summary", "url", "developments"]


class OpgaveSerializer(serializers.ModelSerializer):
    developments = DevelopmentRefSerializer(many=True)

    class Meta:
        model = Opgave
        fields = ["slug", "name", "description", "developments"]


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="development, law, opgave of line")
    title = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML-fragment (opgeschoond) met <mark> om de gevonden woorden.")
    corrected = serializers.BooleanField(help_text="Gevonden via de verbeterde zoekterm.")
    url = serializers.CharField(help_text="De pagina van dit resultaat.")


SEARCH_KINDS = [(kind, kind) for kind in ("development", "law", "opgave", "line")]


class SearchGroupSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SEARCH_KINDS)
    heading = serializers.CharField()
    hits = SearchHitSerializer(many=True)


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField()
    total = serializers.IntegerField()
    corrected_query = serializers.CharField(allow_null=True, help_text="'Bedoelde u': de verbeterde zoekvraag.")
    groups = SearchGroupSerializer(many=True)


def search_payload(results, request) -> dict:
    return {
        "query": results.query,
        "total": results.total,
        "corrected_query": results.correction.query if results.correction else None,
        "groups": [
            {
                "kind": group.kind,
                "heading": group.heading,
                "hits": [
                    {
                        "kind": hit.kind,
                        "title": hit.title,
                        "snippet": str(hit.snippet),
                        "corrected": hit.corrected,
                        "url": request.build_absolute_uri(hit.url),
                    }
                    for hit in group.hits
                ],
            }
            for group in results.groups
        ],
    }


class MunicipalitySerializer(serializers.Serializer):
    cbs_code = serializers.CharField(help_text="CBS-gemeentecode, bijvoorbeeld GM0363.")
    name = serializers.CharField()
    province = serializers.CharField(allow_null=True)
    inhabitants = serializers.IntegerField(allow_null=True)


class ReferenceSourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    as_of = serializers.DateField(help_text="Peildatum van de gegevens.")


# Budget ------------------------------------------------------------------------------------------------


class YearAmountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = AmountField()


class YearTotalsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    incidental = AmountField()
    structural = AmountField()
    total = AmountField()
    fte = serializers.CharField(help_text="Capaciteit in fte, twee decimalen, als string.")


class GroupTotalsSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    amounts = YearAmountSerializer(many=True)
    total = AmountField()


class LineYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = AmountField()
    fte = serializers.CharField(help_text="Fte van een capaciteitsregel, twee decimalen; 0.00 voor geldregels.")
    explanation = serializers.CharField(help_text="Hoe de motor dit bedrag berekende (formule met getallen).")


class LineBudgetSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="<ontwikkeling>/<regel>")
    development = serializers.CharField()
    domain = serializers.CharField()
    description = serializers.CharField()
    kind = serializers.ChoiceField(choices=LineKind.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    provenance_label = serializers.CharField(help_text="Herkomst als tekst (bron, schatting, eigen...).")
    provenance_text = serializers.CharField()
    amounts = LineYearSerializer(many=True)
    total = AmountField()


class ProfileSerializer(serializers.Serializer):
    inhabitants = serializers.IntegerField()
    employees = serializers.IntegerField()
    departments = serializers.IntegerField()
    estimated = serializers.ListField(
        child=serializers.ChoiceField(choices=["employees", "departments"]),
        help_text="Welke aantallen geschat zijn, in verhouding tot de referentiegemeente.",
    )


class AssumptionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField()
    provenance = serializers.CharField()


class BudgetSerializer(serializers.Serializer):
    """The shape of a budget (model or plan): for the OpenAPI document; the data comes from budget_payload."""

    title = serializers.CharField()
    subtitle = serializers.CharField()
    currency = serializers.CharField()
    years = serializers.ListField(child=serializers.IntegerField())
    profile = ProfileSerializer()
    reference = ProfileSerializer()
    totals = YearTotalsSerializer(many=True)
    grand_total = AmountField(help_text="Alle jaren samen. " + AMOUNT_HELP)
    by_domain = GroupTotalsSerializer(many=True)
    by_category = GroupTotalsSerializer(many=True)
    by_development = GroupTotalsSerializer(many=True)
    lines = LineBudgetSerializer(many=True)
    assumptions = AssumptionSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())


def _group(rows, years) -> list[dict]:
    return [
        {
            "key": row.key,
            "name": str(_(row.label)) if row.label else row.key,
            "amounts": [{"year": y, "amount": amount(row.amount_in(y))} for y in years],
            "total": amount(row.total),
        }
        for row in rows
    ]


def _profile(profile, estimated=()) -> dict:
    return {
        "inhabitants": profile.inhabitants,
        "employees": profile.employees,
        "departments": profile.departments,
        "estimated": list(estimated),
    }


def budget_payload(report: BudgetReport, *, estimated=()) -> dict:
    """A BudgetReport in the API's budget shape (BudgetSerializer); `estimated` names the profile figures
    that were estimated rather than given."""
    years = list(report.years)
    kinds = {row.key: row for row in report.summary}
    totals = [
        {
            "year": y,
            "incidental": amount(kinds[LineKind.INCIDENTAL.value].amount_in(y)),
            "structural": amount(kinds[LineKind.STRUCTURAL.value].amount_in(y)),
            "total": amount(kinds["total"].amount_in(y)),
            "fte": amount(report.fte.amount_in(y)),
        }
        for y in years
    ]
    lines = []
    for line in report.lines:
        cells = []
        for y in years:
            cell = line.cells.get(y)
            cells.append(
                {
                    "year": y,
                    "amount": amount(cell.amount if cell else 0),
                    "fte": amount(cell.fte if cell else 0),
                    "explanation": explain(cell) if cell else _("Geen bedrag in %(year)s.") % {"year": y},
                }
            )
        lines.append(
            {
                "key": line.key,
                "development": line.development,
                "domain": line.domain,
                "description": line.description,
                "kind": line.kind,
                "category": line.category,
                "provenance_label": line.provenance_type,
                "provenance_text": line.provenance_text,
                "amounts": cells,
                "total": amount(line.total),
            }
        )
    return {
        "title": str(report.title),
        "subtitle": str(report.subtitle),
        "currency": "EUR",
        "years": years,
        "profile": _profile(report.profile, estimated),
        "reference": _profile(report.reference),
        "totals": totals,
        "grand_total": amount(report.grand_total.total),
        "by_domain": _group(report.by_domain, years),
        "by_category": _group(report.by_category, years),
        "by_development": _group(report.by_development, years),
        "lines": lines,
        "assumptions": [
            {"key": a.key, "label": str(_(a.label)), "value": a.value, "provenance": a.provenance}
            for a in report.assumptions
        ],
        "notes": [str(note) for note in report.notes],
    }
