"""/api/v1/plans/{id}/migration-preview?to=<release>: what moving a plan to another release would do.

Read-only: the same preview as the plan's page "Overzetten naar een andere release" (plans/migration.py)
with the default decisions, which keep every own figure. Moving the plan itself is done on that page.
Who may read it: a member of the plan's organisation (404 for anyone else, as for the plan itself).
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.catalog import releases
from modelgemeente.plans import migration

from .plan_views import PLAN_ID, TAGS, PlanMixin, with_etag
from .serializers import href

TO = OpenApiParameter(
    "to",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=True,
    description="De release waarnaar het plan zou gaan: `2027.1`, een jaar (`2027`: de huidige release van dat jaar).",
)


class MigrationOptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class MigrationItemSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Vaste sleutel van het onderdeel, bv. `adj:<ontwikkeling>/<regel>`.")
    kind = serializers.ChoiceField(choices=["choice", "adjustment", "extra", "new"])
    status = serializers.ChoiceField(
        choices=[migration.KEPT, migration.DECIDE, migration.ORPHANED, migration.LAPSES, migration.NEW],
        help_text="kept: gaat mee; decide: model gewijzigd, kies; orphaned: bestaat niet meer, kies; "
        "lapses: vervalt zonder iets mee te nemen; new: nieuwe ontwikkeling.",
    )
    label = serializers.CharField()
    within = serializers.CharField()
    old_model = serializers.CharField()
    new_model = serializers.CharField()
    mine = serializers.CharField()
    options = MigrationOptionSerializer(many=True)
    decision = serializers.CharField(help_text="De standaardkeuze (behoudt altijd een eigen gegeven).")
    under = serializers.CharField(help_text="Bij een vervallen eigen gegeven: de ontwikkeling waaronder het komt.")


class MigrationTotalSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    before = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="Totaal nu, in euro.")
    after = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="Totaal na overzetten, in euro.")
    difference = serializers.DecimalField(max_digits=16, decimal_places=2)


class MigrationPreviewSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    version = serializers.IntegerField()
    release = serializers.CharField(help_text="De release van het plan nu.")
    to = serializers.CharField(help_text="De release waarnaar het plan zou gaan.")
    to_is_published = serializers.BooleanField(help_text="Alleen naar een gepubliceerde release kan een plan.")
    items = MigrationItemSerializer(many=True)
    totals = MigrationTotalSerializer(many=True)
    _links = serializers.DictField(child=serializers.DictField())


def cents(value):
    return f"{value:.2f}"


def payload(request, result: migration.MigrationPreview) -> dict:
    plan = result.plan
    return {
        "plan": plan.pk,
        "version": plan.version,
        "release": plan.edition.release_id,
        "to": result.target.release_id,
        "to_is_published": result.target.is_published,
        "items": [
            {
                "key": item.key,
                "kind": item.kind,
                "status": item.status,
                "label": item.label,
                "within": item.within,
                "old_model": item.old_model,
                "new_model": item.new_model,
                "mine": item.mine,
                "options": [{"value": value, "label": label} for value, label in item.options],
                "decision": item.decision,
                "under": item.under,
            }
            for item in result.items
        ],
        "totals": [
            {"year": year, "before": cents(before), "after": cents(after), "difference": cents(diff)}
            for year, before, after, diff in result.totals
        ],
        "_links": {
            "self": href(request, f"/api/v1/plans/{plan.pk}/migration-preview?to={result.target.release_id}"),
            "plan": href(request, f"/api/v1/plans/{plan.pk}"),
            "html": href(request, f"{plan.get_absolute_url()}naar-release/?naar={result.target.release_id}"),
        },
    }


@extend_schema(
    tags=TAGS,
    summary="Voorvertoning: een plan naar een andere release overzetten",
    description=(
        "Wat er met elk eigen gegeven van het plan gebeurt als het naar release `to` gaat (meegenomen, te "
        "kiezen, vervallen, nieuw), met de standaardkeuzes (die nooit een eigen gegeven weglaten) en de "
        "totalen per jaar nu en erna, berekend met de begrotingsmethode. Verandert niets; overzetten "
        "gebeurt op de pagina van het plan."
    ),
    parameters=[PLAN_ID, TO],
    responses={
        200: OpenApiResponse(MigrationPreviewSerializer, description="De voorvertoning; ETag is die van het plan.")
    },
)
class MigrationPreview(PlanMixin, APIView):
    def get(self, request, id):
        plan = self.plan()
        release_id = (request.query_params.get("to") or "").strip()
        if not release_id:
            raise exceptions.ValidationError({"to": [_("Geef de release waarnaar het plan zou gaan, bv. 2027.1.")]})
        try:
            target = releases.resolve(release_id[:40], request.user)
        except releases.ReleaseNotFound as error:
            raise exceptions.ValidationError({"to": [error.message]}) from None
        if target.pk == plan.edition_id:
            raise exceptions.ValidationError(
                {"to": [_("Dit plan staat al op release %(id)s.") % {"id": target.release_id}]}
            )
        result = migration.preview(plan, target)
        return with_etag(Response(payload(request, result)), plan)
