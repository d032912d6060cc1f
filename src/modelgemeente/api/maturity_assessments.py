"""/api/v1/maturity/...: the maturity model of a year, an organisation's self-assessments with their gap to the
target and the developments that close it, and the anonymised peer averages (docs/maturity-method.md).

The model and the peer averages are public (averages only when at least 5 organisations shared their
assessment). Assessments follow the permissions of plans (api/maturity_common.py); they are made and saved by
maturity.services.assessments, as on the pages. Answers and targets are named by the stable ids of the model
(dimension id + statement id), which stay the same across releases, never by database keys.
"""

from django.db import IntegrityError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.catalog import releases
from modelgemeente.catalog.models import MaturityDimension, MaturityStatement
from modelgemeente.community.access import this_year
from modelgemeente.core.enums import MATURITY_TARGET, AnswerValue, MaturityLevel
from modelgemeente.maturity import measures, readings
from modelgemeente.maturity.models import Assessment
from modelgemeente.maturity.services import assessments as service
from modelgemeente.plans.models import TEXT_LIMIT

from . import maturity_common as mc
from .pagination import hal_pagination
from .plan_serializers import OrganisationRefSerializer
from .serializers import href
from .views import query

TAGS = ["Digitale volwassenheid"]
ASSESSMENT_ID = mc.id_parameter("de zelfevaluatie")
SLUG = {"max_length": 80}


def level_name(level: int | None) -> str | None:
    return str(MaturityLevel(level).label) if level else None


# The maturity model -------------------------------------------------------------------------------------


class ScaleLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField(help_text="Niveau 1-5.")
    name = serializers.CharField(help_text="Naam van het niveau, bv. gemanaged.")


class AnswerOptionSerializer(serializers.Serializer):
    value = serializers.IntegerField(help_text="Punten in de scoreregel: nee 0, deels 1, ja 2.")
    label = serializers.CharField()


class DimensionLevelSerializer(ScaleLevelSerializer):
    descriptor = serializers.CharField(help_text="Wat dit niveau in deze dimensie betekent.")


class StatementSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Id van de stelling, uniek binnen de dimensie, vast over releases.")
    level = serializers.IntegerField(help_text="Het niveau (2-5) waarvoor de stelling telt.")
    text = serializers.CharField()


class ModelDimensionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Id van de dimensie, vast over releases.")
    name = serializers.CharField()
    description = serializers.CharField()
    levels = DimensionLevelSerializer(many=True)
    statements = StatementSerializer(many=True)
    developments = serializers.ListField(
        child=serializers.CharField(), help_text="Ids van de ontwikkelingen van de release die deze dimensie verhogen."
    )


class MaturityModelSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Jaar van de editie.")
    release = serializers.CharField(help_text="De release waaruit het model komt, bv. 2026.1.")
    introduction = serializers.CharField(allow_blank=True)
    target = serializers.IntegerField(help_text="Het standaarddoel van elke dimensie: 4, gemanaged.")
    scale = ScaleLevelSerializer(many=True, help_text="De schaal 1-5.")
    answers = AnswerOptionSerializer(many=True, help_text="De antwoorden op een stelling met hun punten.")
    dimensions = ModelDimensionSerializer(many=True)


class ModelQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, **mc.YEAR, help_text="Jaar van de editie; standaard het nieuwste jaar met een model."
    )


def scale() -> list[dict]:
    return [{"level": value, "name": str(label)} for value, label in MaturityLevel.choices]


def model_edition(year: int | None, user):
    if year is not None:
        edition = releases.current(year, user)
    else:
        edition = next((e for e in releases.latest_published() if e.maturity_dimensions.exists()), None)
    if edition is None or not edition.maturity_dimensions.exists():
        raise exceptions.NotFound(
            _("Er is geen volwassenheidsmodel van %(year)s.") % {"year": year}
            if year
            else _("Er is nog geen volwassenheidsmodel gepubliceerd.")
        )
    return edition


def model_payload(edition) -> dict:
    dimensions = edition.maturity_dimensions.order_by("order", "name").prefetch_related("statements", "developments")
    return {
        "year": edition.year,
        "release": edition.release_id,
        "introduction": edition.maturity_introduction,
        "target": int(MATURITY_TARGET),
        "scale": scale(),
        "answers": [{"value": value, "label": str(label)} for value, label in AnswerValue.choices],
        "dimensions": [
            {
                "id": dimension.slug,
                "name": dimension.name,
                "description": dimension.description,
                "levels": [
                    {"level": level["level"], "name": level["name"], "descriptor": dimension.descriptor(level["level"])}
                    for level in scale()
                ],
                "statements": [
                    {"id": s.slug, "level": s.level, "text": s.text}
                    for s in sorted(dimension.statements.all(), key=lambda s: (s.level, s.order))
                ],
                "developments": sorted(d.slug for d in dimension.developments.all()),
            }
            for dimension in dimensions
        ],
    }


@extend_schema(
    tags=TAGS,
    summary="Het volwassenheidsmodel van een jaar",
    description=(
        "De dimensies van de huidige release van het jaar met per niveau (1-5) een omschrijving, de stellingen "
        "per niveau en de ontwikkelingen die de dimensie verhogen. Openbaar."
    ),
    parameters=[ModelQuery],
    responses=MaturityModelSerializer,
)
class MaturityModel(APIView):
    def get(self, request):
        edition = model_edition(query(ModelQuery, request).get("year"), request.user)
        return Response(MaturityModelSerializer(model_payload(edition)).data)


# Assessments --------------------------------------------------------------------------------------------


class AnswerSerializer(serializers.Serializer):
    statement = serializers.CharField(help_text="Id van de stelling.")
    level = serializers.IntegerField(help_text="Het niveau waarvoor de stelling telt.")
    value = serializers.IntegerField(help_text="nee 0, deels 1, ja 2.")
    label = serializers.CharField()


class DimensionResultSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Id van de dimensie.")
    name = serializers.CharField()
    level = serializers.IntegerField(
        allow_null=True, help_text="Het niveau volgens de scoreregel; null tot alles beantwoord is."
    )
    level_name = serializers.CharField(allow_null=True)
    target = serializers.IntegerField(help_text="Het doelniveau (standaard 4).")
    target_name = serializers.CharField()
    gap = serializers.IntegerField(help_text="Niveaus tot het doel (0 als bereikt of nog niet berekend).")
    previous_level = serializers.IntegerField(
        allow_null=True, help_text="Het niveau in de zelfevaluatie van vorig jaar."
    )
    answered = serializers.IntegerField(help_text="Beantwoorde stellingen.")
    statements = serializers.IntegerField(help_text="Stellingen van de dimensie.")
    note = serializers.CharField(allow_blank=True)
    answers = AnswerSerializer(many=True)


class AssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = OrganisationRefSerializer()
    year = serializers.IntegerField()
    release = serializers.CharField(help_text="De release van het volwassenheidsmodel.")
    version = serializers.IntegerField(help_text="Versie; ook de ETag.")
    complete = serializers.BooleanField(help_text="Alle stellingen zijn beantwoord.")
    share_with_peers = serializers.BooleanField(help_text="Telt anoniem mee in de gemiddelden van anderen.")
    note = serializers.CharField(allow_blank=True)
    updated_at = serializers.DateTimeField()
    dimensions = DimensionResultSerializer(many=True)
    _links = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))


def assessment_links(request, assessment) -> dict:
    base = f"/api/v1/maturity/assessments/{assessment.pk}"
    return {
        "self": href(request, base),
        "gap": href(request, f"{base}/gap"),
        "model": href(request, f"/api/v1/maturity/model?year={assessment.edition.year}"),
    }


def previous_levels(assessment) -> dict[str, int | None]:
    previous = Assessment.objects.filter(organisation=assessment.organisation, year=assessment.year - 1).first()
    return {slug: r.level for slug, r in readings.results_by_slug(previous).items()} if previous else {}


def assessment_payload(request, assessment) -> dict:
    results = assessment.results.select_related("dimension").order_by("dimension__order", "dimension__name")
    answers = {a.statement_id: a.value for a in assessment.answers.all()}
    statements = MaturityStatement.objects.filter(dimension__edition=assessment.edition).order_by("level", "order")
    by_dimension = {}
    for statement in statements:
        by_dimension.setdefault(statement.dimension_id, []).append(statement)
    previous = previous_levels(assessment)
    labels = dict(AnswerValue.choices)
    dimensions = []
    for result in results:
        own = by_dimension.get(result.dimension_id, [])
        given = [s for s in own if s.pk in answers]
        dimensions.append(
            {
                "id": result.dimension.slug,
                "name": result.dimension.name,
                "level": result.level,
                "level_name": level_name(result.level),
                "target": result.target,
                "target_name": level_name(result.target),
                "gap": result.gap,
                "previous_level": previous.get(result.dimension.slug),
                "answered": len(given),
                "statements": len(own),
                "note": result.note,
                "answers": [
                    {"statement": s.slug, "level": s.level, "value": answers[s.pk], "label": str(labels[answers[s.pk]])}
                    for s in given
                ],
            }
        )
    return {
        "id": assessment.pk,
        "organisation": mc.organisation_ref(assessment.organisation),
        "year": assessment.year,
        "release": assessment.edition.release_id,
        "version": assessment.version,
        "complete": bool(dimensions) and all(d["level"] is not None for d in dimensions),
        "share_with_peers": assessment.share_with_peers,
        "note": assessment.note,
        "updated_at": assessment.updated_at,
        "dimensions": dimensions,
        "_links": assessment_links(request, assessment),
    }


def assessment_response(request, assessment) -> Response:
    return mc.with_etag(Response(AssessmentSerializer(assessment_payload(request, assessment)).data), assessment)


def assessments():
    return Assessment.objects.select_related("organisation", "edition")


class AssessmentInput(serializers.Serializer):
    organisation = serializers.SlugField(**SLUG, help_text=mc.ORGANISATION_HELP)
    year = serializers.IntegerField(**mc.YEAR, help_text="Het jaar van de zelfevaluatie.")
    release = serializers.CharField(
        required=False,
        max_length=40,
        help_text="Release van het volwassenheidsmodel, bv. 2026.1; standaard de huidige release van het jaar.",
    )


class AnswerInput(serializers.Serializer):
    dimension = serializers.SlugField(**SLUG, help_text="Id van de dimensie.")
    statement = serializers.SlugField(**SLUG, help_text="Id van de stelling binnen de dimensie.")
    value = serializers.IntegerField(min_value=0, max_value=2, help_text="nee 0, deels 1, ja 2.")


class MaturityTargetInput(serializers.Serializer):
    dimension = serializers.SlugField(**SLUG, help_text="Id van de dimensie.")
    target = serializers.IntegerField(min_value=1, max_value=5, help_text="Het doelniveau 1-5.")


class DimensionNoteInput(serializers.Serializer):
    dimension = serializers.SlugField(**SLUG, help_text="Id van de dimensie.")
    note = serializers.CharField(allow_blank=True, max_length=TEXT_LIMIT, help_text="Toelichting bij de dimensie.")


class AssessmentPatch(serializers.Serializer):
    answers = serializers.ListField(
        child=AnswerInput(), required=False, max_length=1000, help_text="Antwoorden; andere blijven zoals ze zijn."
    )
    targets = serializers.ListField(
        child=MaturityTargetInput(),
        required=False,
        max_length=100,
        help_text="Doelniveaus; andere blijven zoals ze zijn.",
    )
    notes = serializers.ListField(
        child=DimensionNoteInput(),
        required=False,
        max_length=100,
        help_text="Toelichting per dimensie; andere blijven zoals ze zijn.",
    )
    share_with_peers = serializers.BooleanField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)


def unknown(name: str, index: int, field: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({name: {index: {field: [message]}}})


def statement_answers(assessment, given: list[dict]) -> dict[int, int]:
    """{statement pk: points} from [{dimension, statement, value}] by the model's ids; an unknown id is a 400."""
    statements = {
        (s.dimension.slug, s.slug): s.pk
        for s in MaturityStatement.objects.filter(dimension__edition=assessment.edition).select_related("dimension")
    }
    answers = {}
    for index, answer in enumerate(given):
        pk = statements.get((answer["dimension"], answer["statement"]))
        if pk is None:
            message = _("Het model van release %(release)s heeft geen stelling '%(id)s' in dimensie '%(dimension)s'.")
            raise unknown(
                "answers",
                index,
                "statement",
                message
                % {
                    "release": assessment.edition.release_id,
                    "id": answer["statement"],
                    "dimension": answer["dimension"],
                },
            )
        if pk in answers:
            message = _("Stelling '%(id)s' van dimensie '%(dimension)s' staat twee keer in de antwoorden.")
            raise unknown(
                "answers", index, "statement", message % {"id": answer["statement"], "dimension": answer["dimension"]}
            )
        answers[pk] = answer["value"]
    return answers


def by_dimension(assessment, given: list[dict], name: str, value: str) -> dict[int, object]:
    """{dimension pk: the item's `value`} from [{dimension, <value>}] by the model's ids; an unknown id is a 400."""
    dimensions = dict(MaturityDimension.objects.filter(edition=assessment.edition).values_list("slug", "pk"))
    found = {}
    for index, item in enumerate(given):
        if item["dimension"] not in dimensions:
            message = _("Het model van release %(release)s heeft geen dimensie '%(id)s'.")
            raise unknown(
                name, index, "dimension", message % {"release": assessment.edition.release_id, "id": item["dimension"]}
            )
        if dimensions[item["dimension"]] in found:
            message = _("Dimensie '%(id)s' staat twee keer in %(list)s.") % {"id": item["dimension"], "list": name}
            raise unknown(name, index, "dimension", message)
        found[dimensions[item["dimension"]]] = item[value]
    return found


def assessment_release(data: dict, user):
    if data.get("release"):
        try:
            return releases.resolve(data["release"], user)
        except releases.ReleaseNotFound as error:
            raise exceptions.ValidationError({"release": [str(error)]}) from None
    edition = releases.current(data["year"], user)
    if edition is None:
        raise exceptions.ValidationError(
            {"release": [_("Er is geen release van %(year)s; geef de release van het model.") % {"year": data["year"]}]}
        )
    return edition


@extend_schema(tags=TAGS)
class AssessmentList(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = hal_pagination("assessments")
    serializer_class = AssessmentSerializer

    @extend_schema(
        summary="Zelfevaluaties van uw organisaties",
        description="Van de organisaties waarvan de gebruiker van de API-sleutel lid is; nieuwste jaar eerst.",
        parameters=[mc.OrganisationQuery],
        responses={(200, "application/json"): AssessmentSerializer(many=True), **mc.READ_ERRORS},
    )
    def get(self, request):
        given = query(mc.OrganisationQuery, request)
        rows = mc.filtered(mc.of_members(request.user, assessments()), given).order_by("-year", "organisation__name")
        return mc.page(self, rows, lambda a: AssessmentSerializer(assessment_payload(request, a)).data)

    @extend_schema(
        summary="Een zelfevaluatie beginnen",
        description=(
            "Eén per organisatie per jaar, met het model van een gepubliceerde release. Het doel per dimensie is "
            "dat van vorig jaar, anders 4. Rol redacteur of beheerder en een API-sleutel met schrijven."
        ),
        request=AssessmentInput,
        responses={201: AssessmentSerializer, **mc.CREATE_ERRORS},
        parameters=[mc.ETAG],
    )
    def post(self, request):
        data = mc.read(AssessmentInput, request.data)
        organisation = mc.organisation_to_change(request, data["organisation"])
        edition = assessment_release(data, request.user)
        existing = Assessment.objects.filter(organisation=organisation, year=data["year"]).first()
        if existing is not None:
            raise mc.Conflict(already(existing))
        try:
            assessment = service.start_assessment(organisation, data["year"], edition, request.user)
        except service.AssessmentError as error:
            raise exceptions.ValidationError({"release": [str(error)]}) from None
        except IntegrityError:
            raise mc.Conflict(already(Assessment.objects.get(organisation=organisation, year=data["year"]))) from None
        response = assessment_response(request, assessments().get(pk=assessment.pk))
        return mc.created(request, response, f"/api/v1/maturity/assessments/{assessment.pk}")


def already(assessment) -> str:
    return _("%(org)s heeft al een zelfevaluatie van %(year)s (id %(id)s); wijzig die.") % {
        "org": assessment.organisation.name,
        "year": assessment.year,
        "id": assessment.pk,
    }


@extend_schema(tags=TAGS, parameters=[ASSESSMENT_ID])
class AssessmentDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Eén zelfevaluatie met niveau, doel en gat per dimensie",
        responses={200: AssessmentSerializer, **mc.READ_ERRORS},
        parameters=[mc.ETAG],
    )
    def get(self, request, id):
        return assessment_response(request, mc.object_of_user(request, assessments(), id))

    @extend_schema(
        summary="Antwoorden, doelniveaus, delen en toelichting opslaan",
        description=(
            "Antwoorden per stelling en doelniveaus per dimensie, genoemd met de ids van het model; wat u niet "
            "stuurt blijft zoals het is. Het niveau per dimensie wordt opnieuw berekend (scoreregel: "
            "docs/maturity-method.md)."
        ),
        request=AssessmentPatch,
        responses={200: AssessmentSerializer, **mc.CHANGE_ERRORS},
        parameters=[mc.IF_MATCH, mc.ETAG],
    )
    def patch(self, request, id):
        assessment, version = mc.object_to_change(request, assessments(), id)
        data = mc.read(AssessmentPatch, request.data)
        answers = statement_answers(assessment, data.get("answers", []))
        targets = by_dimension(assessment, data.get("targets", []), "targets", "target")
        notes = by_dimension(assessment, data.get("notes", []), "notes", "note")
        mc.saved(
            assessment,
            lambda: service.save_assessment(
                assessment,
                request.user,
                version,
                answers=answers,
                targets=targets,
                share_with_peers=data.get("share_with_peers"),
                note=data.get("note"),
                notes=notes,
            ),
            (service.AssessmentError,),
        )
        return assessment_response(request, assessments().get(pk=assessment.pk))


# Gap to plan --------------------------------------------------------------------------------------------


class CostSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="Euro, uit de rekenmotor.")


class GapDevelopmentSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Id (slug) van de ontwikkeling.")
    title = serializers.CharField()
    in_plan = serializers.BooleanField(help_text="De ontwikkeling telt mee in het plan.")
    in_release = serializers.BooleanField(help_text="De release van het plan heeft deze ontwikkeling.")
    note = serializers.CharField(allow_blank=True, help_text="Bv. waarom er geen bedrag is.")
    costs = CostSerializer(many=True, help_text="Kosten per planjaar voor dit plan, leeg zonder plan.")
    total = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)


class GapDimensionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Id van de dimensie.")
    name = serializers.CharField()
    level = serializers.IntegerField(allow_null=True)
    target = serializers.IntegerField()
    gap = serializers.IntegerField()
    developments = GapDevelopmentSerializer(many=True)


class GapSerializer(serializers.Serializer):
    assessment = serializers.IntegerField()
    plan = serializers.IntegerField(allow_null=True, help_text="Het plan waarvoor de kosten gelden.")
    cost_source = serializers.CharField(help_text="Waar de bedragen vandaan komen.")
    dimensions = GapDimensionSerializer(many=True)


class GapQuery(serializers.Serializer):
    plan = serializers.IntegerField(
        required=False, min_value=1, max_value=mc.MAX_ID, help_text="Id van een plan van dezelfde organisatie."
    )


def gap_payload(assessment, plan, gaps) -> dict:
    return {
        "assessment": assessment.pk,
        "plan": plan.pk if plan else None,
        "cost_source": (
            _("Kosten van de rekenmotor voor plan '%(plan)s' (release %(release)s), alsof de ontwikkeling meetelt.")
            % {"plan": plan.title, "release": plan.edition.release_id}
            if plan
            else _("Geen plan gekozen: geen kosten.")
        ),
        "dimensions": [
            {
                "id": gap.dimension.slug,
                "name": gap.dimension.name,
                "level": gap.result.level,
                "target": gap.result.target,
                "gap": gap.result.gap,
                "developments": [development_payload(d, plan) for d in gap.developments],
            }
            for gap in gaps
        ],
    }


def development_payload(development, plan) -> dict:
    return {
        "id": development.slug,
        "title": development.title,
        "in_plan": development.in_plan,
        "in_release": development.in_release,
        "note": development.note,
        "costs": [{"year": year, "amount": amount} for year, amount in sorted(development.costs.items())],
        "total": development.total if plan and development.in_release else None,
    }


@extend_schema(
    tags=TAGS,
    summary="Het gat naar het doel, met de ontwikkelingen die het dichten en hun kosten",
    description=(
        "Alleen dimensies onder hun doel. Met `plan`: per ontwikkeling of ze in het plan meetelt en haar kosten "
        "per jaar voor dat plan, berekend door de rekenmotor."
    ),
    parameters=[ASSESSMENT_ID, GapQuery],
    responses={200: GapSerializer, **mc.READ_ERRORS},
)
class AssessmentGap(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request, id):
        assessment = mc.object_of_user(request, assessments(), id)
        plan = mc.plan_of_organisation(request.user, assessment.organisation, query(GapQuery, request).get("plan"))
        gaps = service.gap(assessment, plan)
        return Response(GapSerializer(gap_payload(assessment, plan, gaps)).data)


# Peers --------------------------------------------------------------------------------------------------


class PeerDimensionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Id van de dimensie.")
    name = serializers.CharField(allow_null=True)
    average = serializers.DecimalField(
        max_digits=3, decimal_places=2, allow_null=True, help_text="Gemiddeld niveau; null onder het minimum."
    )


class PeersSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    organisations = serializers.IntegerField(help_text="Organisaties die hun zelfevaluatie van het jaar delen.")
    minimum = serializers.IntegerField(help_text="Gemiddelden alleen vanaf zoveel organisaties.")
    shown = serializers.BooleanField(help_text="Er doen genoeg organisaties mee om gemiddelden te tonen.")
    dimensions = PeerDimensionSerializer(many=True)


class PeersQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, **mc.YEAR, help_text="Jaar van de zelfevaluaties; standaard dit jaar."
    )


def peers_payload(year: int, user) -> dict:
    found = readings.peers(year)
    edition = releases.current(year, user)
    names = dict(edition.maturity_dimensions.order_by("order", "name").values_list("slug", "name")) if edition else {}
    ids = [*names, *sorted(set(found.averages) - set(names))]
    return {
        "year": year,
        "organisations": found.organisations,
        "minimum": measures.PEER_MINIMUM,
        "shown": found.shown,
        "dimensions": [
            {"id": slug, "name": names.get(slug), "average": found.averages.get(slug) if found.shown else None}
            for slug in ids
        ],
    }


@extend_schema(
    tags=TAGS,
    summary="Anonieme gemiddelden van deelnemende organisaties",
    description=(
        "Het gemiddelde niveau per dimensie over de organisaties die hun zelfevaluatie van het jaar delen, "
        "alleen als minstens 5 organisaties meedoen; anders alleen hun aantal. Openbaar; wie meedoet wordt niet "
        "getoond."
    ),
    parameters=[PeersQuery],
    responses=PeersSerializer,
)
class Peers(APIView):
    def get(self, request):
        year = query(PeersQuery, request).get("year") or this_year()
        return Response(PeersSerializer(peers_payload(year, request.user)).data)
