"""/api/v1/products...: the municipal product list (UPL) with the login each product needs and its estimated
volume, an organisation's measurements of product digitalisation, and both digitalisation indices of a
measurement, also for a plan at /api/v1/plans/{id}/digitalisation (docs/maturity-method.md, part 3).

The product list is public reference data: every figure says whether it comes from a source or is an
assumption or estimate, and the list names its own source and date. Measurements follow the permissions of
plans (api/maturity_common.py) and are changed by maturity.services.digitalisation; the indices are computed by
maturity.measures through maturity.readings, the same figures as the pages.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.core.enums import Audience, Authentication, Basis, DigitalLevel
from modelgemeente.maturity import productlist, readings
from modelgemeente.maturity.models import ProductMeasurement
from modelgemeente.maturity.services import digitalisation as service
from modelgemeente.plans.models import TEXT_LIMIT

from . import maturity_common as mc
from .pagination import HalPagination, hal_pagination
from .plan_serializers import OrganisationRefSerializer
from .plan_views import PLAN_ID, PlanMixin, with_etag
from .plan_views import TAGS as PLAN_TAGS
from .serializers import href
from .views import query

TAGS = ["Producten"]
PRODUCT_ID = OpenApiParameter("id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Id van het product.")
MEASUREMENT_ID = mc.id_parameter("de meting")
PERCENT = {"max_digits": 4, "decimal_places": 1, "allow_null": True}


# The product list ---------------------------------------------------------------------------------------


class AuthenticationNeedSerializer(serializers.Serializer):
    level = serializers.CharField(help_text="De inlog die het product nodig heeft: geen, digid-... of eherkenning-....")
    label = serializers.CharField()
    basis = serializers.ChoiceField(choices=Basis.choices, help_text="bron (gepubliceerd) of aanname (van ons).")
    note = serializers.CharField(help_text="De bron met document en datum, of de redenering van de aanname.")


class VolumeSerializer(serializers.Serializer):
    value = serializers.DecimalField(
        max_digits=10, decimal_places=2, help_text="Aanvragen per jaar per 1.000 inwoners."
    )
    basis = serializers.ChoiceField(choices=Basis.choices, help_text="bron (statistiek) of schatting.")
    note = serializers.CharField(help_text="De bron (tabel, jaar, berekening) of waarom het een schatting is.")


class ProductSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Id van het product, vast; metingen verwijzen ernaar.")
    name = serializers.CharField()
    upl_name = serializers.CharField(help_text="De naam precies zoals in de Uniforme Productnamenlijst.")
    upl_uri = serializers.CharField(help_text="De URI van het product in de UPL.")
    audience = serializers.ChoiceField(choices=Audience.choices)
    vng_2018 = serializers.BooleanField(help_text="Hoorde bij de producten van de VNG-meting van 2018.")
    needs_login = serializers.BooleanField()
    authentication = AuthenticationNeedSerializer()
    volume_per_1000 = VolumeSerializer()


class ProductListSourceSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="Titel van de productlijst.")
    selection = serializers.CharField(help_text="Hoe de producten zijn gekozen.")
    name = serializers.CharField(help_text="De bron: de UPL.")
    publisher = serializers.CharField()
    url = serializers.CharField()
    version = serializers.CharField(help_text="Versie of datum van het gebruikte UPL-bestand.")
    as_of = serializers.DateField(help_text="Peildatum van de lijst.")
    licence = serializers.CharField()
    obtained = serializers.CharField(help_text="Hoe het bestand is verkregen.")


def product_payload(product: productlist.Product) -> dict:
    return {
        "id": product.id,
        "name": product.name,
        "upl_name": product.upl_name,
        "upl_uri": product.upl_uri,
        "audience": product.audience,
        "vng_2018": product.vng_2018,
        "needs_login": product.needs_login,
        "authentication": {
            "level": product.auth_level,
            "label": str(Authentication(product.auth_level).label),
            "basis": product.auth_basis,
            "note": product.auth_note,
        },
        "volume_per_1000": {
            "value": product.volume_per_1000,
            "basis": product.volume_basis,
            "note": product.volume_note,
        },
    }


def list_source() -> dict:
    found = productlist.product_list()
    keys = ("name", "publisher", "url", "version", "as_of", "licence", "obtained")
    return {"title": found.title, "selection": found.selection} | {key: str(found.source[key]) for key in keys}


class ProductPagination(HalPagination):
    embedded = "products"

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["source"] = ProductListSourceSerializer(list_source()).data
        return response

    def get_paginated_response_schema(self, schema):
        body = super().get_paginated_response_schema(schema)
        body["properties"]["source"] = {"$ref": "#/components/schemas/ProductListSource"}
        body["required"].append("source")
        return body


class ProductQuery(serializers.Serializer):
    audience = serializers.ChoiceField(choices=Audience.choices, required=False, help_text="inwoners of bedrijven.")


@extend_schema(
    tags=TAGS,
    summary="De productlijst van gemeenten (UPL)",
    description=(
        "Producten uit de Uniforme Productnamenlijst die gemeenten leveren, met hun UPL-naam en -URI, de doelgroep, "
        "de inlog die ze nodig hebben en het geschatte aantal aanvragen per 1.000 inwoners, elk met bron of als "
        "aanname of schatting; `source` noemt de bron en peildatum van de lijst. Openbaar."
    ),
    parameters=[ProductQuery],
    responses=ProductSerializer(many=True),
)
class ProductList(generics.GenericAPIView):
    pagination_class = ProductPagination
    serializer_class = ProductSerializer

    def get(self, request):
        audience = query(ProductQuery, request).get("audience")
        rows = [p for p in productlist.products() if not audience or p.audience == audience]
        return mc.page(self, rows, lambda p: ProductSerializer(product_payload(p)).data)


class ProductWithSourceSerializer(ProductSerializer):
    source = ProductListSourceSerializer()


@extend_schema(tags=TAGS, summary="Eén product", parameters=[PRODUCT_ID], responses=ProductWithSourceSerializer)
class ProductDetail(APIView):
    def get(self, request, id):
        product = productlist.product(id)
        if product is None:
            raise exceptions.NotFound(_("Er is geen product met id '%(id)s' in de productlijst.") % {"id": id[:80]})
        return Response(ProductWithSourceSerializer(product_payload(product) | {"source": list_source()}).data)


# Measurements -------------------------------------------------------------------------------------------


class ScoreSerializer(serializers.Serializer):
    product = serializers.CharField(help_text="Id van het product.")
    name = serializers.CharField()
    on_list = serializers.BooleanField(help_text="Het product staat (nog) in de productlijst.")
    audience = serializers.CharField(allow_null=True)
    volume = serializers.IntegerField(help_text="Aanvragen per jaar: het eigen aantal, anders de schatting.")
    volume_estimated = serializers.BooleanField(help_text="Het aantal is de schatting uit de productlijst.")
    volume_source = serializers.CharField(allow_blank=True, help_text="Herkomst van het eigen aantal.")
    level = serializers.IntegerField(allow_null=True, help_text="Digitaal niveau 0-5; null: niet beoordeeld.")
    level_label = serializers.CharField(allow_null=True)
    needed_authentication = serializers.CharField(help_text="De inlog die het product nodig heeft.")
    offered_authentication = serializers.CharField(allow_blank=True, help_text="De inlog die het nu vraagt.")


class MeasurementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = OrganisationRefSerializer()
    year = serializers.IntegerField()
    inhabitants = serializers.IntegerField(help_text="Inwoners waarvoor de schattingen gelden.")
    inhabitants_source = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(help_text="Versie; ook de ETag.")
    updated_at = serializers.DateTimeField()
    unweighted = serializers.DecimalField(**PERCENT, help_text="Ongewogen index in procenten.")
    weighted = serializers.DecimalField(**PERCENT, help_text="Naar aantal gewogen index in procenten.")
    assessed = serializers.IntegerField(help_text="Beoordeelde producten.")
    _links = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))


class MeasurementDetailSerializer(MeasurementSerializer):
    scores = ScoreSerializer(many=True, help_text="Elk product van de lijst, en producten die van de lijst gingen.")


def measurement_links(request, measurement) -> dict:
    base = f"/api/v1/products/measurements/{measurement.pk}"
    return {"self": href(request, base), "digitalisation": href(request, f"{base}/digitalisation")}


def score_payload(row: readings.ProductRow, sources: dict) -> dict:
    return {
        "product": row.product_id,
        "name": row.product.name if row.product else row.product_id,
        "on_list": row.product is not None,
        "audience": row.product.audience if row.product else None,
        "volume": mc.whole(row.volume),
        "volume_estimated": row.volume_estimated,
        "volume_source": sources.get(row.product_id, ""),
        "level": row.level,
        "level_label": str(DigitalLevel(row.level).label) if row.level is not None else None,
        "needed_authentication": row.input.needed,
        "offered_authentication": row.offered,
    }


def measurement_payload(request, measurement, detail: bool = False) -> dict:
    rows = readings.product_rows(measurement)
    result = readings.measurement_result(measurement, rows)
    payload = {
        "id": measurement.pk,
        "organisation": mc.organisation_ref(measurement.organisation),
        "year": measurement.year,
        "inhabitants": measurement.inhabitants,
        "inhabitants_source": measurement.inhabitants_source,
        "note": measurement.note,
        "version": measurement.version,
        "updated_at": measurement.updated_at,
        "unweighted": mc.percent(result.unweighted),
        "weighted": mc.percent(result.weighted),
        "assessed": result.assessed,
        "_links": measurement_links(request, measurement),
    }
    if detail:
        sources = {s.product: s.volume_source for s in measurement.scores.all()}
        payload["scores"] = [score_payload(row, sources) for row in rows]
    return payload


def measurement_response(request, measurement) -> Response:
    data = MeasurementDetailSerializer(measurement_payload(request, measurement, detail=True)).data
    return mc.with_etag(Response(data), measurement)


def measurements():
    return ProductMeasurement.objects.select_related("organisation").prefetch_related("scores")


class MeasurementInput(serializers.Serializer):
    organisation = serializers.SlugField(max_length=80, help_text=mc.ORGANISATION_HELP)
    year = serializers.IntegerField(**mc.YEAR)
    inhabitants = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=service.MAX_INHABITANTS,
        help_text="Standaard de inwoners van de gemeente(n) van de organisatie volgens het CBS.",
    )
    inhabitants_source = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)


class ScoreInput(serializers.Serializer):
    product = serializers.SlugField(max_length=120, help_text="Id van het product.")
    level = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=5, help_text="0-5, null: niet beoordeeld."
    )
    volume = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=service.MAX_VOLUME,
        help_text="Eigen aantal per jaar; null: de schatting uit de productlijst.",
    )
    volume_source = serializers.CharField(required=False, allow_blank=True, max_length=service.SOURCE_LIMIT)
    offered_authentication = serializers.ChoiceField(
        choices=Authentication.choices, required=False, allow_blank=True, help_text="De inlog die het nu vraagt."
    )


class MeasurementPatch(serializers.Serializer):
    scores = serializers.ListField(
        child=ScoreInput(), required=False, max_length=1000, help_text="Per product; andere blijven zoals ze zijn."
    )
    inhabitants = serializers.IntegerField(required=False, min_value=1, max_value=service.MAX_INHABITANTS)
    inhabitants_source = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)
    note = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)


MEASUREMENT_FIELDS = ("inhabitants", "inhabitants_source", "note")


def score_rows(given: list[dict]) -> dict[str, dict]:
    rows = {}
    for index, score in enumerate(given):
        score = dict(score)
        product = score.pop("product")
        if product in rows:
            raise exceptions.ValidationError(
                {
                    "scores": {
                        index: {"product": [_("Product '%(id)s' staat twee keer in de scores.") % {"id": product}]}
                    }
                }
            )
        rows[product] = score
    return rows


def save_measurement(measurement, user, version: int, data: dict) -> None:
    """The scores and the measurement's own fields in one transaction: all or nothing."""
    with transaction.atomic():
        if data.get("scores"):
            try:
                service.save_scores(measurement, user, version, score_rows(data["scores"]))
            except service.MeasurementError as error:
                raise exceptions.ValidationError({"scores": [str(error)]}) from None
        if set(MEASUREMENT_FIELDS) & set(data):
            values = {name: data.get(name, getattr(measurement, name)) for name in MEASUREMENT_FIELDS}
            service.update_measurement(measurement, user, measurement.version, **values)


@extend_schema(tags=TAGS)
class MeasurementList(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = hal_pagination("measurements")
    serializer_class = MeasurementSerializer

    @extend_schema(
        summary="Metingen van productdigitalisering van uw organisaties",
        description="Nieuwste jaar eerst, met beide indexen.",
        parameters=[mc.OrganisationQuery],
        responses={(200, "application/json"): MeasurementSerializer(many=True), **mc.READ_ERRORS},
    )
    def get(self, request):
        given = query(mc.OrganisationQuery, request)
        rows = mc.filtered(mc.of_members(request.user, measurements()), given).order_by("-year", "organisation__name")
        return mc.page(self, rows, lambda m: MeasurementSerializer(measurement_payload(request, m)).data)

    @extend_schema(
        summary="Een meting beginnen",
        description=(
            "Eén per organisatie per jaar, nog zonder scores. Zonder `inhabitants`: de inwoners van de gemeente(n) "
            "van de organisatie volgens het CBS. Rol redacteur of beheerder en een API-sleutel met schrijven."
        ),
        request=MeasurementInput,
        responses={201: MeasurementDetailSerializer, **mc.CREATE_ERRORS},
        parameters=[mc.ETAG],
    )
    def post(self, request):
        data = mc.read(MeasurementInput, request.data)
        organisation = mc.organisation_to_change(request, data["organisation"])
        existing = ProductMeasurement.objects.filter(organisation=organisation, year=data["year"]).first()
        if existing is not None:
            raise mc.Conflict(
                _("%(org)s heeft al een meting van %(year)s (id %(id)s); wijzig die.")
                % {"org": organisation.name, "year": existing.year, "id": existing.pk}
            )
        values = {name: data[name] for name in ("inhabitants", "inhabitants_source") if name in data}
        try:
            measurement = service.start_measurement(organisation, data["year"], request.user, **values)
        except service.MeasurementError as error:
            raise exceptions.ValidationError({"inhabitants": [str(error)]}) from None
        response = measurement_response(request, measurements().get(pk=measurement.pk))
        return mc.created(request, response, f"/api/v1/products/measurements/{measurement.pk}")


@extend_schema(tags=TAGS, parameters=[MEASUREMENT_ID])
class MeasurementDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Eén meting met de score van elk product",
        responses={200: MeasurementDetailSerializer, **mc.READ_ERRORS},
        parameters=[mc.ETAG],
    )
    def get(self, request, id):
        return measurement_response(request, mc.object_of_user(request, measurements(), id))

    @extend_schema(
        summary="Scores, inwoners en toelichting opslaan",
        description=(
            "Per product (met zijn id) het digitaal niveau, het eigen aantal per jaar met herkomst en de inlog die "
            "het nu vraagt; een veld dat u weglaat blijft zoals het is. Alles of niets."
        ),
        request=MeasurementPatch,
        responses={200: MeasurementDetailSerializer, **mc.CHANGE_ERRORS},
        parameters=[mc.IF_MATCH, mc.ETAG],
    )
    def patch(self, request, id):
        measurement, version = mc.object_to_change(request, measurements(), id)
        data = mc.read(MeasurementPatch, request.data)
        mc.saved(
            measurement,
            lambda: save_measurement(measurement, request.user, version, data),
            (service.MeasurementError,),
        )
        return measurement_response(request, measurements().get(pk=measurement.pk))


# Digitalisation: both indices ---------------------------------------------------------------------------


class AudienceResultSerializer(serializers.Serializer):
    audience = serializers.ChoiceField(choices=Audience.choices)
    unweighted = serializers.DecimalField(**PERCENT)
    weighted = serializers.DecimalField(**PERCENT)
    assessed = serializers.IntegerField()


class ImpactSerializer(serializers.Serializer):
    product = serializers.CharField(help_text="Id van het product.")
    name = serializers.CharField()
    volume = serializers.IntegerField(help_text="Aanvragen per jaar.")
    volume_estimated = serializers.BooleanField(help_text="Het aantal is de schatting uit de productlijst.")
    level = serializers.IntegerField(help_text="Digitaal niveau nu.")
    remaining = serializers.IntegerField(help_text="Stappen tot niveau 5.")
    score = serializers.IntegerField(help_text="Aantal × resterende stappen: de volgorde.")
    gain_per_step = serializers.DecimalField(
        max_digits=6, decimal_places=2, help_text="Procentpunten die één stap aan de gewogen index toevoegt."
    )


class MismatchSerializer(serializers.Serializer):
    product = serializers.CharField(help_text="Id van het product.")
    name = serializers.CharField()
    kind = serializers.CharField(
        help_text="too_low (te laag niveau), not_needed (inlog niet nodig), wrong_means (verkeerd middel of geen "
        "inlog) of higher_than_needed (hoger dan nodig: een opmerking)."
    )
    needed = serializers.CharField()
    offered = serializers.CharField()
    text = serializers.CharField(help_text="Wat er mis is, in woorden.")


class DigitalisationSerializer(serializers.Serializer):
    measurement = serializers.IntegerField(help_text="Id van de meting.")
    organisation = OrganisationRefSerializer()
    year = serializers.IntegerField()
    inhabitants = serializers.IntegerField()
    unweighted = serializers.DecimalField(
        **PERCENT, help_text="Σ niveau / (n × 5), in procenten; elk product telt even zwaar."
    )
    weighted = serializers.DecimalField(**PERCENT, help_text="Σ(aantal × niveau) / Σ(aantal × 5), in procenten.")
    difference = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, help_text="Gewogen min ongewogen."
    )
    authentication_right = serializers.DecimalField(
        **PERCENT, help_text="Van de producten die inlog nodig hebben: procent online met de juiste inlog."
    )
    assessed = serializers.IntegerField()
    not_assessed = serializers.IntegerField()
    total_volume = serializers.IntegerField(help_text="Aanvragen per jaar van de beoordeelde producten.")
    estimated_volumes = serializers.IntegerField(help_text="Beoordeelde producten met de geschatte aantallen.")
    by_audience = AudienceResultSerializer(many=True)
    ranking = ImpactSerializer(many=True, help_text="Wat de gewogen index het meest verhoogt per stap.")
    mismatches = MismatchSerializer(many=True, help_text="Producten waarvan de inlog niet past bij wat nodig is.")
    product_list = serializers.CharField(help_text="De productlijst met versie en peildatum.")
    _links = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))


def digitalisation_payload(request, measurement) -> dict:
    rows = readings.product_rows(measurement)
    result = readings.measurement_result(measurement, rows)
    by_id = {row.product_id: row for row in rows}

    def name(product_id: str) -> str:
        row = by_id[product_id]
        return row.product.name if row.product else product_id

    return {
        "measurement": measurement.pk,
        "organisation": mc.organisation_ref(measurement.organisation),
        "year": measurement.year,
        "inhabitants": measurement.inhabitants,
        "unweighted": mc.percent(result.unweighted),
        "weighted": mc.percent(result.weighted),
        "difference": mc.percent(result.difference),
        "authentication_right": mc.percent(result.authentication_right),
        "assessed": result.assessed,
        "not_assessed": result.not_assessed,
        "total_volume": mc.whole(result.total_volume),
        "estimated_volumes": sum(1 for row in rows if row.level is not None and row.volume_estimated),
        "by_audience": [
            {
                "audience": audience,
                "unweighted": mc.percent(found.unweighted),
                "weighted": mc.percent(found.weighted),
                "assessed": found.assessed,
            }
            for audience, found in sorted(service.audience_results(rows).items())
        ],
        "ranking": [
            {
                "product": impact.id,
                "name": name(impact.id),
                "volume": mc.whole(impact.volume),
                "volume_estimated": by_id[impact.id].volume_estimated,
                "level": impact.level,
                "remaining": impact.remaining,
                "score": mc.whole(impact.score),
                "gain_per_step": (impact.gain_per_step * 100).quantize(mc.CENT),
            }
            for impact in result.ranking
        ],
        "mismatches": [
            {
                "product": m.id,
                "name": name(m.id),
                "kind": m.kind,
                "needed": m.needed,
                "offered": m.offered,
                "text": service.mismatch_text(m.kind, m.needed, m.offered),
            }
            for m in result.mismatches
        ],
        "product_list": productlist.product_list().source_label(),
        "_links": measurement_links(request, measurement),
    }


@extend_schema(
    tags=TAGS,
    summary="Beide digitaliseringsindexen van een meting",
    description=(
        "De ongewogen index (elk product even zwaar, zoals gepubliceerde metingen) naast de naar aantal gewogen "
        "index, per doelgroep; de producten die de gewogen index per stap het meest verhogen (aantal × resterende "
        "niveaus); en de producten waarvan de inlog niet past. Een product zonder eigen aantal telt met de "
        "schatting uit de productlijst."
    ),
    parameters=[MEASUREMENT_ID],
    responses={200: DigitalisationSerializer, **mc.READ_ERRORS},
)
class MeasurementDigitalisation(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request, id):
        measurement = mc.object_of_user(request, measurements(), id)
        return Response(DigitalisationSerializer(digitalisation_payload(request, measurement)).data)


class PlanDigitalisationQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        **mc.YEAR,
        help_text="Jaar van de meting; standaard de nieuwste tot en met het laatste planjaar.",
    )


class PlanDigitalisationSerializer(DigitalisationSerializer):
    plan = serializers.IntegerField(help_text="Id van het plan.")


def plan_measurement(plan, year: int | None) -> ProductMeasurement:
    found = measurements().filter(organisation=plan.organisation)
    found = found.filter(year=year) if year else found.filter(year__lte=plan.years[-1]).order_by("-year")
    measurement = found.first()
    if measurement is None:
        names = {"org": plan.organisation.name, "year": year}
        raise exceptions.NotFound(
            _("%(org)s heeft geen meting van de productdigitalisering van %(year)s.") % names
            if year
            else _("%(org)s heeft nog geen meting van de productdigitalisering.") % names
        )
    return measurement


@extend_schema(
    tags=PLAN_TAGS,
    summary="Digitalisering van de producten van de organisatie van een plan",
    description=(
        "Beide indexen (ongewogen en naar aantal gewogen) in procenten, de producten die de gewogen index het meest "
        "verhogen en de inlogfouten, uit de meting van het jaar (standaard de nieuwste tot en met het laatste "
        "planjaar). 404 als de organisatie die meting niet heeft."
    ),
    parameters=[PLAN_ID, PlanDigitalisationQuery],
    responses={200: OpenApiResponse(PlanDigitalisationSerializer, description="De indexen; ETag is die van het plan.")},
)
class PlanDigitalisation(PlanMixin, APIView):
    def get(self, request, id):
        plan = self.plan()
        measurement = plan_measurement(plan, query(PlanDigitalisationQuery, request).get("year"))
        data = digitalisation_payload(request, measurement) | {"plan": plan.pk}
        data["_links"]["plan"] = href(request, f"/api/v1/plans/{plan.pk}")
        return with_etag(Response(PlanDigitalisationSerializer(data).data), plan)
