"""Plans under /api/v1/plans: what a plan looks like in the API, and the input of its changes.

The input serializers only read types (decimal strings, years, choices, lengths: the model fields'
limits, TEXT_LIMIT from plans.models); the rules a page enforces (a start year inside the plan's
years, a reason with an own figure, an amount or hours) are checked by the page forms themselves, in
api.plan_views, so the API and the pages refuse the same input with the same Dutch messages.
"""

from rest_framework import serializers

from modelgemeente.catalog.models import BudgetLine
from modelgemeente.core.enums import CapacityType, PlanStatus, Priority
from modelgemeente.plans.forms import MAX_HORIZON
from modelgemeente.plans.models import TEXT_LIMIT, ExtraLine, LineAdjustment, Plan, PlanDevelopment

from .serializers import href

AMOUNT = {"max_digits": 14, "decimal_places": 2, "min_value": 0, "max_value": 999_999_999}
HOURS = {"max_digits": 6, "decimal_places": 2, "min_value": 0, "max_value": 200}
YEAR = {"min_value": 2000, "max_value": 2100}


def plan_links(request, plan: Plan) -> dict:
    base = f"/api/v1/plans/{plan.pk}"
    page = plan.get_absolute_url()
    return {
        "self": href(request, base),
        "budget": href(request, f"{base}/budget"),
        "html": href(request, page),
        "xlsx": href(request, f"{page}plan.xlsx"),
        "pdf": href(request, f"{page}plan.pdf"),
        "status": href(request, f"{base}/status"),
        "scenarios": href(request, f"{base}/scenarios"),
    }


class OrganisationRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class PlanListSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer()
    edition = serializers.IntegerField(source="edition.year", help_text="Jaar van de editie.")
    status = serializers.ChoiceField(
        choices=PlanStatus.choices, help_text="concept, ingediend of vastgesteld (dan alleen te lezen)."
    )
    scenario_of = serializers.IntegerField(
        source="scenario_of_id", allow_null=True, help_text="Id van het plan waarvan dit een scenario (kopie) is."
    )
    scenario_name = serializers.CharField(help_text="Naam van het scenario; leeg als het plan geen scenario is.")
    _links = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "title",
            "organisation",
            "edition",
            "version",
            "status",
            "status_changed_at",
            "scenario_of",
            "scenario_name",
            "start_year",
            "horizon",
            "updated_at",
            "_links",
        ]

    def get__links(self, plan) -> dict:
        return plan_links(self.context["request"], plan)


class ChoiceSerializer(serializers.ModelSerializer):
    development = serializers.CharField(source="development.slug", help_text="Id (slug) van de ontwikkeling.")
    title = serializers.CharField(source="development.title")

    class Meta:
        model = PlanDevelopment
        fields = ["development", "title", "included", "priority", "capacity_type", "start_year", "motivation"]


class AdjustmentSerializer(serializers.ModelSerializer):
    key = serializers.SerializerMethodField(help_text="<ontwikkeling>/<regel>")
    development = serializers.CharField(source="budget_line.development.slug")
    line = serializers.CharField(source="budget_line.slug")
    amount = serializers.DecimalField(**AMOUNT, allow_null=True, help_text="Eigen bedrag in euro (geldregel).")
    hours_per_week = serializers.DecimalField(**HOURS, allow_null=True, help_text="Eigen uren per week.")

    class Meta:
        model = LineAdjustment
        fields = ["key", "development", "line", "excluded", "amount", "hours_per_week", "price_year", "reason"]

    def get_key(self, adjustment) -> str:
        return f"{adjustment.budget_line.development.slug}/{adjustment.budget_line.slug}"


class ExtraLineSerializer(serializers.ModelSerializer):
    development = serializers.CharField(source="development.slug")
    amount = serializers.DecimalField(**AMOUNT, allow_null=True)
    hours_per_week = serializers.DecimalField(**HOURS, allow_null=True)

    class Meta:
        model = ExtraLine
        fields = [
            "id",
            "development",
            "description",
            "kind",
            "category",
            "amount",
            "price_year",
            "hours_per_week",
            "salary_scale",
            "offset",
            "spread",
            "reason",
        ]


class PlanSerializer(PlanListSerializer):
    municipality_code = serializers.CharField(help_text="CBS-code van de gemeente; leeg als niet gekozen.")
    years = serializers.ListField(child=serializers.IntegerField())
    choices = serializers.SerializerMethodField()
    adjustments = serializers.SerializerMethodField()
    extra_lines = serializers.SerializerMethodField()

    class Meta(PlanListSerializer.Meta):
        fields = [
            *PlanListSerializer.Meta.fields[:-1],
            "municipality_code",
            "inhabitants",
            "employees",
            "departments",
            "years",
            "choices",
            "adjustments",
            "extra_lines",
            "_links",
        ]

    def get_choices(self, plan) -> ChoiceSerializer(many=True):
        rows = plan.choices.select_related("development").order_by("development__slug")
        return ChoiceSerializer(rows, many=True).data

    def get_adjustments(self, plan) -> AdjustmentSerializer(many=True):
        rows = plan.adjustments.select_related("budget_line__development").order_by(
            "budget_line__development__slug", "budget_line__slug"
        )
        return AdjustmentSerializer(rows, many=True).data

    def get_extra_lines(self, plan) -> ExtraLineSerializer(many=True):
        return ExtraLineSerializer(plan.extra_lines.select_related("development").order_by("pk"), many=True).data


# Input -------------------------------------------------------------------------------------------------


class ChoiceInput(serializers.Serializer):
    included = serializers.BooleanField(required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    capacity_type = serializers.ChoiceField(choices=CapacityType.choices, required=False)
    start_year = serializers.IntegerField(required=False, **YEAR, help_text="Een van de jaren van het plan.")
    motivation = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)


class AdjustmentInput(serializers.Serializer):
    excluded = serializers.BooleanField(required=False, help_text="De regel niet opnemen.")
    amount = serializers.DecimalField(
        **AMOUNT, required=False, allow_null=True, help_text="Eigen bedrag (geldregel), decimaal als string."
    )
    hours_per_week = serializers.DecimalField(
        **HOURS, required=False, allow_null=True, help_text="Eigen uren per week (capaciteitsregel)."
    )
    price_year = serializers.IntegerField(required=False, allow_null=True, **YEAR)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)


class ExtraLineInput(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=BudgetLine.Kind.choices)
    category = serializers.ChoiceField(choices=BudgetLine.Category.choices)
    amount = serializers.DecimalField(**AMOUNT, required=False, allow_null=True)
    price_year = serializers.IntegerField(required=False, allow_null=True, **YEAR)
    hours_per_week = serializers.DecimalField(**HOURS, required=False, allow_null=True)
    salary_scale = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=30)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=MAX_HORIZON)
    spread = serializers.IntegerField(required=False, min_value=1, max_value=MAX_HORIZON)
    reason = serializers.CharField(max_length=TEXT_LIMIT)


class NewExtraLineInput(ExtraLineInput):
    development = serializers.SlugField(help_text="Id (slug) van de ontwikkeling waaronder de regel valt.")


class ExtraLinePatch(ExtraLineInput):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
