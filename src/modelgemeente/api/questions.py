"""/api/v1/questions: questions down (issue 16, part 3). The national level puts a question or a draft policy to all
regions or some, with a deadline; municipalities give input to their region; each region's representative answers
(a late answer is accepted and marked `late`); a coordinator closes the question.

Who sees and may do what is consultation/question_access.py and services/questions.py, as on the pages /vragen/:

- a question is visible to the members of the organisations in the asked regions, their representatives and
  coordinators; others get 404;
- asking and closing: a coordinator; input: an editor or admin of an organisation in an asked region, for that
  region; the answer: a representative of the region;
- inputs are read by the representatives of their region and by the organisation that gave them; coordinators and
  other municipalities see the region's answer, not the inputs behind it.

`answeredCount` of `askedCount` regions answered; `openRegions` still have to.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.consultation.models import Question, QuestionInput, Region, RegionAnswer
from modelgemeente.consultation.question_access import visible_inputs, visible_questions
from modelgemeente.consultation.question_readings import days_left, progress
from modelgemeente.consultation.services import questions as service
from modelgemeente.core.enums import QuestionKind

from . import consultation_common as cc
from . import maturity_common as mc
from .pagination import hal_pagination
from .plan_serializers import OrganisationRefSerializer
from .serializers import href
from .views import query

TAGS = ["Vragen"]
QUESTION_ID = cc.id_parameter("de vraag")
REGION = OpenApiParameter("region", str, OpenApiParameter.PATH, description="Id (slug) van de regio.")
OPEN, CLOSED = "open", "gesloten"


# Output ------------------------------------------------------------------------------------------------------


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="vraag of conceptbeleid.")
    kind_label = serializers.CharField()
    title = serializers.CharField()
    deadline = serializers.DateField(help_text="Uiterste datum voor een antwoord; later wordt aangenomen als te laat.")
    days_left = serializers.IntegerField(help_text="Dagen tot de uiterste datum: 0 op de dag zelf, negatief erna.")
    closed = serializers.BooleanField(help_text="Gesloten: geen inbreng of antwoorden meer.")
    closed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    asked_count = serializers.IntegerField(help_text="Regio's aan wie de vraag is gesteld.")
    answered_count = serializers.IntegerField(help_text="Regio's die antwoordden.")
    late_count = serializers.IntegerField(help_text="Regio's die na de uiterste datum antwoordden.")
    open_regions = cc.RegionRefSerializer(many=True, help_text="Regio's die nog niet antwoordden.")
    _links = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))


class RegionAnswerSerializer(serializers.Serializer):
    text = serializers.CharField()
    answered_at = serializers.DateTimeField(help_text="Tijdstip van de laatste versie.")
    late = serializers.BooleanField(help_text="(Ook) na de uiterste datum gegeven; blijft dan staan.")


class AskedRegionSerializer(serializers.Serializer):
    region = cc.RegionRefSerializer()
    answer = RegionAnswerSerializer(allow_null=True, help_text="Het antwoord van de regio; null: nog open.")


class QuestionInputSerializer(serializers.Serializer):
    region = cc.RegionRefSerializer()
    organisation = OrganisationRefSerializer()
    text = serializers.CharField()
    at = serializers.DateTimeField()


class QuestionDetailSerializer(QuestionSerializer):
    body = serializers.CharField(help_text="De vraag of het conceptbeleid (Markdown).")
    version = serializers.IntegerField()
    regions = AskedRegionSerializer(many=True, help_text="Elke gevraagde regio met haar antwoord.")
    inputs = QuestionInputSerializer(
        many=True,
        help_text="De inbreng die u mag lezen: van de regio's die u vertegenwoordigt en van uw eigen organisaties.",
    )


def answer_payload(answer: RegionAnswer | None) -> dict | None:
    if answer is None:
        return None
    return {"text": answer.text, "answered_at": answer.answered_at, "late": answer.late}


def input_payload(found: QuestionInput) -> dict:
    return {
        "region": cc.region_ref(found.region),
        "organisation": mc.organisation_ref(found.organisation),
        "text": found.text,
        "at": found.at,
    }


def question_payload(request, question: Question, detail: bool = False) -> dict:
    found = progress(question)
    payload = {
        "id": question.pk,
        "kind": question.kind,
        "kind_label": question.get_kind_display(),
        "title": question.title,
        "deadline": question.deadline,
        "days_left": days_left(question),
        "closed": question.closed_at is not None,
        "closed_at": question.closed_at,
        "created_at": question.created_at,
        "asked_count": found.total,
        "answered_count": found.answered,
        "late_count": len(found.late),
        "open_regions": [cc.region_ref(r) for r in found.open],
        "_links": {
            "self": href(request, f"/api/v1/questions/{question.pk}"),
            "html": href(request, reverse("consultation:question", args=[question.pk])),
        },
    }
    if detail:
        inputs = visible_inputs(request.user, question).order_by("region__name", "organisation__name")
        payload |= {
            "body": question.body,
            "version": question.version,
            "regions": [{"region": cc.region_ref(r), "answer": answer_payload(a)} for r, a in found.rows()],
            "inputs": [input_payload(i) for i in inputs],
        }
    return payload


def questions():
    return Question.objects.prefetch_related("regions", Prefetch("answers", RegionAnswer.objects.all()))


def question_response(request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    question = questions().get(pk=pk)
    return Response(QuestionDetailSerializer(question_payload(request, question, detail=True)).data, status=code)


def question_of(request, pk: int) -> Question:
    message = _("Deze vraag bestaat niet of is niet aan uw regio gesteld.")
    return cc.visible(visible_questions(request.user), pk, message)


# The list and asking ------------------------------------------------------------------------------------------


class QuestionQuery(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(OPEN, "open"), (CLOSED, "gesloten")], required=False, help_text="open of gesloten."
    )
    region = serializers.SlugField(required=False, **cc.SLUG, help_text="Alleen gesteld aan deze regio.")


class QuestionAsk(serializers.Serializer):
    kind = serializers.ChoiceField(choices=QuestionKind.choices, default=QuestionKind.QUESTION)
    title = serializers.CharField(max_length=service.TITLE_LIMIT)
    body = serializers.CharField(max_length=service.BODY_LIMIT, help_text="De vraag of het conceptbeleid.")
    deadline = serializers.DateField(help_text="Vandaag of later.")
    regions = serializers.ListField(
        child=serializers.SlugField(**cc.SLUG),
        required=False,
        max_length=cc.IDS["max_length"],
        help_text="Ids van de regio's; of `allRegions`.",
    )
    all_regions = serializers.BooleanField(default=False, help_text="Aan alle regio's.")


def asked(data: dict) -> list[Region]:
    if data["all_regions"]:
        return list(Region.objects.all())
    slugs = list(dict.fromkeys(data.get("regions") or []))
    found = list(Region.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {r.slug for r in found})
    if unknown:
        raise exceptions.ValidationError(
            {"regions": [_("Er is geen regio met id %(ids)s.") % {"ids": ", ".join(f"'{s}'" for s in unknown)}]}
        )
    return found


@extend_schema(tags=TAGS)
class QuestionList(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = hal_pagination("questions")
    serializer_class = QuestionSerializer

    @extend_schema(
        summary="Vragen van het landelijk beraad die u mag zien",
        description=(
            "Gesteld aan uw regio's (voor coördinatoren: alle), nieuwste eerst, met hoeveel regio's antwoordden en "
            "welke nog open zijn."
        ),
        parameters=[QuestionQuery],
        responses={(200, "application/json"): QuestionSerializer(many=True), **cc.READ_ERRORS},
    )
    def get(self, request):
        given = query(QuestionQuery, request)
        rows = visible_questions(request.user)
        if given.get("status") == OPEN:
            rows = rows.filter(closed_at__isnull=True)
        elif given.get("status") == CLOSED:
            rows = rows.filter(closed_at__isnull=False)
        if given.get("region"):
            rows = rows.filter(regions=cc.region_named(given["region"], "region"))
        rows = rows.prefetch_related("regions", "answers").order_by("-created_at", "-pk")
        return mc.page(self, rows, lambda q: QuestionSerializer(question_payload(request, q)).data)

    @extend_schema(
        summary="Een vraag of conceptbeleid aan de regio's voorleggen",
        description="Door een coördinator, aan `regions` of aan alle regio's (`allRegions`), met een uiterste datum.",
        request=QuestionAsk,
        responses={201: QuestionDetailSerializer, **cc.ACT_ERRORS},
    )
    def post(self, request):
        data = mc.read(QuestionAsk, request.data)
        cc.require_write_token(request)
        regions = asked(data)
        question = cc.called(
            lambda: service.ask_question(
                request.user,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                deadline=data["deadline"],
                regions=regions,
            )
        )
        response = question_response(request, question.pk, status.HTTP_201_CREATED)
        return mc.created(request, response, f"/api/v1/questions/{question.pk}")


@extend_schema(
    tags=TAGS,
    summary="Eén vraag met het antwoord van elke regio",
    parameters=[QUESTION_ID],
    responses={200: QuestionDetailSerializer, **cc.READ_ERRORS},
)
class QuestionDetail(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request, id):
        return question_response(request, question_of(request, id).pk)


# Input, answers, closing --------------------------------------------------------------------------------------


class MunicipalInput(serializers.Serializer):
    region = serializers.SlugField(**cc.SLUG, help_text="Id van de gevraagde regio waarvoor de inbreng is.")
    organisation = serializers.SlugField(**cc.SLUG, help_text="Id van uw organisatie in die regio.")
    text = serializers.CharField(max_length=service.INPUT_LIMIT, help_text="De inbreng.")


@extend_schema(
    tags=TAGS,
    summary="Inbreng van uw gemeente voor het antwoord van de regio",
    description=(
        "Een redacteur of beheerder van een organisatie in een gevraagde regio; één inbreng per organisatie per "
        "regio: nog eens vervangt de tekst (200), de eerste keer 201."
    ),
    parameters=[QUESTION_ID],
    request=MunicipalInput,
    responses={200: QuestionInputSerializer, 201: QuestionInputSerializer, **cc.ACT_ERRORS},
)
class InputList(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, id):
        question = question_of(request, id)
        data = mc.read(MunicipalInput, request.data)
        organisation = cc.acting_for(request, data["organisation"])
        region = cc.region_named(data["region"], "region")
        existed = QuestionInput.objects.filter(question=question, region=region, organisation=organisation).exists()
        found = cc.called(lambda: service.give_input(question, region, organisation, request.user, data["text"]))
        found = QuestionInput.objects.select_related("region", "organisation").get(pk=found.pk)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(QuestionInputSerializer(input_payload(found)).data, status=code)


class RegionAnswerText(serializers.Serializer):
    text = serializers.CharField(max_length=service.BODY_LIMIT, help_text="Het antwoord van de regio.")


@extend_schema(
    tags=TAGS,
    summary="Het antwoord van de regio geven of wijzigen",
    description=(
        "Door een vertegenwoordiger van de regio, tot de vraag gesloten is. Na de uiterste datum wordt het antwoord "
        "aangenomen en gemarkeerd als te laat (`late`, blijft staan). De eerste keer 201, daarna 200."
    ),
    parameters=[QUESTION_ID, REGION],
    request=RegionAnswerText,
    responses={200: RegionAnswerSerializer, 201: RegionAnswerSerializer, **cc.ACT_ERRORS},
)
class AnswerDetail(APIView):
    permission_classes = [IsAuthenticated]

    def put(self, request, id, region):
        question = question_of(request, id)
        found = question.regions.filter(slug=region).first()
        if found is None:
            raise exceptions.NotFound(_("Deze vraag is niet aan regio '%(slug)s' gesteld.") % {"slug": region[:80]})
        data = mc.read(RegionAnswerText, request.data)
        cc.require_write_token(request)
        existed = RegionAnswer.objects.filter(question=question, region=found).exists()
        answer = cc.called(lambda: service.answer_question(question, found, request.user, data["text"]))
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(RegionAnswerSerializer(answer_payload(answer)).data, status=code)


@extend_schema(
    tags=TAGS,
    summary="Een vraag sluiten",
    description="Door een coördinator: daarna geen inbreng of antwoorden meer; een ontbrekend antwoord blijft open.",
    parameters=[QUESTION_ID],
    request=None,
    responses={200: QuestionDetailSerializer, **cc.ACT_ERRORS},
)
class QuestionClosure(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, id):
        question = question_of(request, id)
        cc.require_write_token(request)
        cc.called(lambda: service.close_question(question, request.user))
        return question_response(request, question.pk)
