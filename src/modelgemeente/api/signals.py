"""/api/v1/signals: signals up (issue 16, part 2). A municipality raises a signal, others support it with their own
impact, the region's representative bundles signals into a regional signal and raises it to the national level,
which answers or closes it. Every step is recorded (`events`).

Who sees what is consultation/access.py, who may do what consultation/services/signals.py, as on the pages:

- a signal is visible to the members of the organisations in any region of the raising organisation, to the
  representatives of those regions and to coordinators (all signals: the national overview); others get 404;
- a regional signal (bundle) to its region's organisations and representatives, and coordinators;
- raising and supporting: an editor or admin of the organisation; bundling and raising a bundle: a representative
  of the region; answering and closing a bundle: a coordinator; closing a signal: a coordinator, or the raiser
  while it is new.

A signal's reach (signal_readings.signal_reach) counts the raiser and the supporters: organisations, the regions
they are in and the inhabitants of their municipalities (CBS, with source and date). Regional signals carry a
version (ETag); raising, answering and closing one need If-Match.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.catalog import releases
from modelgemeente.consultation.access import organisations_in, visible_bundles, visible_signals
from modelgemeente.consultation.models import RegionalSignal, Signal, SignalSupport
from modelgemeente.consultation.services import signals as service
from modelgemeente.consultation.signal_readings import bundle_reach, signal_reach, step_label, with_supports
from modelgemeente.core.enums import SignalStatus, Urgency
from modelgemeente.plans.models import TEXT_LIMIT

from . import consultation_common as cc
from . import maturity_common as mc
from .pagination import hal_pagination
from .plan_serializers import OrganisationRefSerializer
from .serializers import href
from .views import query

TAGS = ["Signalen"]
SIGNAL_ID = cc.id_parameter("het signaal")
BUNDLE_ID = cc.id_parameter("het regionale signaal")
ORGANISATION = OpenApiParameter(
    "organisation", str, OpenApiParameter.PATH, description="Id (slug) van de steunende organisatie."
)
STATUS_HELP = "nieuw, gebundeld, ingebracht, beantwoord of gesloten."


# Output ------------------------------------------------------------------------------------------------------


class ReachSerializer(serializers.Serializer):
    organisations = serializers.IntegerField(help_text="Organisaties die het signaal meldden of steunen.")
    regions = serializers.IntegerField(help_text="Regio's waarin die organisaties zitten.")
    inhabitants = serializers.IntegerField(help_text="Inwoners van hun gemeenten, elke gemeente één keer.")
    inhabitants_source = serializers.CharField(help_text="Bron en peildatum van de inwonertallen.")


class ReachDetailSerializer(ReachSerializer):
    organisation_list = OrganisationRefSerializer(many=True, help_text="De melder eerst, dan de steunende.")
    region_list = cc.RegionRefSerializer(many=True)


class BundleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    region = cc.RegionRefSerializer()
    status = serializers.CharField(help_text=STATUS_HELP)


class SignalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    organisation = OrganisationRefSerializer(help_text="De organisatie die het signaal meldde.")
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField()
    created_at = serializers.DateTimeField()
    support_count = serializers.IntegerField(help_text="Organisaties die het signaal steunen (zonder de melder).")
    reach = ReachSerializer()
    bundle = BundleRefSerializer(allow_null=True, help_text="Het regionale signaal waarin het is gebundeld.")
    answer = serializers.CharField(allow_blank=True, help_text="Het antwoord van het landelijk beraad; leeg zonder.")
    _links = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))


class SupportSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    impact = serializers.CharField(help_text="De gevolgen voor deze organisatie.")
    at = serializers.DateTimeField()


class EventSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="De stap, bv. aangemaakt, gesteund, gebundeld, ingebracht, beantwoord.")
    label = serializers.CharField()
    organisation = OrganisationRefSerializer(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    at = serializers.DateTimeField()


class SignalLinksSerializer(serializers.Serializer):
    release = serializers.CharField(allow_null=True, help_text="De release waaruit de koppelingen komen.")
    law = serializers.CharField(allow_blank=True, help_text="Id van de wet.")
    development = serializers.CharField(allow_blank=True, help_text="Id van de ontwikkeling.")
    budget_lines = serializers.ListField(child=serializers.CharField(), help_text="Regels als <ontwikkeling>/<regel>.")


class SignalDetailSerializer(SignalSerializer):
    description = serializers.CharField()
    impact = serializers.CharField(help_text="De gevolgen voor de melder.")
    links = SignalLinksSerializer()
    version = serializers.IntegerField()
    reach = ReachDetailSerializer()
    supports = SupportSerializer(many=True)
    events = EventSerializer(many=True, help_text="Elke stap, oudste eerst.")


def reach_payload(reach, detail: bool = False) -> dict:
    payload = {
        "organisations": len(reach.organisations),
        "regions": len(reach.regions),
        "inhabitants": reach.inhabitants,
        "inhabitants_source": reach.source,
    }
    if detail:
        payload["organisation_list"] = [mc.organisation_ref(o) for o in reach.organisations]
        payload["region_list"] = [cc.region_ref(r) for r in reach.regions]
    return payload


def bundle_ref(bundle: RegionalSignal | None) -> dict | None:
    if bundle is None:
        return None
    return {"id": bundle.pk, "title": bundle.title, "region": cc.region_ref(bundle.region), "status": bundle.status}


def events_payload(events) -> list[dict]:
    return [
        {
            "kind": e.kind,
            "label": str(step_label(e.kind)),
            "organisation": mc.organisation_ref(e.organisation) if e.organisation else None,
            "note": e.note,
            "at": e.at,
        }
        for e in events.select_related("organisation")
    ]


def signal_payload(request, signal: Signal, detail: bool = False) -> dict:
    reach = signal_reach(signal)
    supports = list(signal.supports.all())
    payload = {
        "id": signal.pk,
        "title": signal.title,
        "organisation": mc.organisation_ref(signal.organisation),
        "urgency": signal.urgency,
        "status": signal.status,
        "status_label": signal.get_status_display(),
        "created_at": signal.created_at,
        "support_count": len(supports),
        "reach": reach_payload(reach, detail),
        "bundle": bundle_ref(signal.bundle),
        "answer": signal.bundle.answer if signal.bundle else "",
        "_links": {
            "self": href(request, f"/api/v1/signals/{signal.pk}"),
            "html": href(request, reverse("consultation:signal", args=[signal.pk])),
        },
    }
    if signal.bundle:
        payload["_links"]["bundle"] = href(request, f"/api/v1/signals/bundles/{signal.bundle_id}")
    if detail:
        payload |= {
            "description": signal.description,
            "impact": signal.impact,
            "links": {
                "release": signal.edition.release_id if signal.edition else None,
                "law": signal.law,
                "development": signal.development,
                "budget_lines": list(signal.budget_lines or []),
            },
            "version": signal.version,
            "supports": [
                {"organisation": mc.organisation_ref(s.organisation), "impact": s.impact, "at": s.at} for s in supports
            ],
            "events": events_payload(signal.events.all()),
        }
    return payload


def signal_response(request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    signal = with_supports(Signal.objects.filter(pk=pk)).select_related("edition").get()
    return Response(SignalDetailSerializer(signal_payload(request, signal, detail=True)).data, status=code)


# The list and raising a signal --------------------------------------------------------------------------------


class SignalQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=SignalStatus.choices, required=False, help_text="Alleen met deze status.")
    region = serializers.SlugField(
        required=False, **cc.SLUG, help_text="Alleen gemeld door organisaties in deze regio."
    )


class SignalInput(serializers.Serializer):
    organisation = serializers.SlugField(**cc.SLUG, help_text="Id (slug) van de organisatie die meldt.")
    title = serializers.CharField(max_length=service.TITLE_LIMIT)
    description = serializers.CharField(max_length=TEXT_LIMIT, help_text="Het knelpunt.")
    impact = serializers.CharField(max_length=TEXT_LIMIT, help_text="De gevolgen voor de gemeente.")
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    release = serializers.CharField(
        required=False,
        max_length=40,
        help_text="Release van de koppelingen, bv. 2026.1; standaard de huidige release van dit jaar.",
    )
    law = serializers.SlugField(required=False, allow_blank=True, **cc.SLUG, help_text="Id van een wet.")
    development = serializers.SlugField(
        required=False, allow_blank=True, **cc.SLUG, help_text="Id van een ontwikkeling."
    )
    budget_lines = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        max_length=200,
        help_text="Begrotingsregels als <ontwikkeling>/<regel>.",
    )


def filtered_signals(user, given: dict):
    signals = visible_signals(user)
    if given.get("status"):
        signals = signals.filter(status=given["status"])
    if given.get("region"):
        region = cc.region_named(given["region"], "region")
        signals = signals.filter(organisation__in=[o.pk for o in organisations_in([region])])
    return signals


def links_release(data: dict, user):
    """The release the links are chosen from: the one named, else this year's current one (as on the page)."""
    if data.get("release"):
        try:
            return releases.resolve(data["release"], user)
        except releases.ReleaseNotFound as error:
            raise exceptions.ValidationError({"release": [str(error)]}) from None
    if data.get("law") or data.get("development") or data.get("budget_lines"):
        return releases.current(timezone.localdate().year, user) or releases.home_release(user)
    return None


@extend_schema(tags=TAGS)
class SignalList(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = hal_pagination("signals")
    serializer_class = SignalSerializer

    @extend_schema(
        summary="Signalen die u mag zien",
        description=(
            "De signalen van organisaties in uw regio's (voor coördinatoren: alle, het landelijk overzicht), "
            "nieuwste eerst, met de status, het bereik (organisaties, regio's, inwoners) en het antwoord."
        ),
        parameters=[SignalQuery],
        responses={(200, "application/json"): SignalSerializer(many=True), **cc.READ_ERRORS},
    )
    def get(self, request):
        signals = filtered_signals(request.user, query(SignalQuery, request))
        rows = with_supports(signals).order_by("-created_at", "-pk")
        return mc.page(self, rows, lambda s: SignalSerializer(signal_payload(request, s)).data)

    @extend_schema(
        summary="Een signaal melden",
        description=(
            "Namens een organisatie die in een regio zit; rol redacteur of beheerder en een API-sleutel met "
            "schrijven. Koppelingen naar een wet, ontwikkeling of begrotingsregels met hun ids uit de release."
        ),
        request=SignalInput,
        responses={201: SignalDetailSerializer, **cc.ACT_ERRORS},
    )
    def post(self, request):
        data = mc.read(SignalInput, request.data)
        organisation = cc.acting_for(request, data["organisation"])
        edition = links_release(data, request.user)
        signal = cc.called(
            lambda: service.raise_signal(
                organisation,
                request.user,
                title=data["title"],
                description=data["description"],
                impact=data["impact"],
                urgency=data["urgency"],
                edition=edition,
                law=data.get("law", ""),
                development=data.get("development", ""),
                budget_lines=data.get("budget_lines", ()),
            )
        )
        return mc.created(request, signal_response(request, signal.pk), f"/api/v1/signals/{signal.pk}")


def signal_of(request, pk: int) -> Signal:
    return cc.visible(visible_signals(request.user), pk, _("Dit signaal bestaat niet of is niet zichtbaar voor u."))


@extend_schema(
    tags=TAGS,
    summary="Eén signaal met steun, bereik en stappen",
    parameters=[SIGNAL_ID],
    responses={200: SignalDetailSerializer, **cc.READ_ERRORS},
)
class SignalDetail(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request, id):
        return signal_response(request, signal_of(request, id).pk)


# Support --------------------------------------------------------------------------------------------------------


class SupportInput(serializers.Serializer):
    impact = serializers.CharField(max_length=TEXT_LIMIT, help_text="De gevolgen voor uw organisatie.")


@extend_schema(tags=TAGS, parameters=[SIGNAL_ID, ORGANISATION])
class SupportDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Een signaal steunen, met de eigen gevolgen",
        description=(
            "Namens een andere organisatie in een regio van de melder (redacteur of beheerder). Nog eens: de gevolgen "
            "worden bijgewerkt (200); de eerste keer 201. Antwoord: het signaal."
        ),
        request=SupportInput,
        responses={200: SignalDetailSerializer, 201: SignalDetailSerializer, **cc.ACT_ERRORS},
    )
    def put(self, request, id, organisation):
        signal = signal_of(request, id)
        supporter = cc.acting_for(request, organisation)
        data = mc.read(SupportInput, request.data)
        existed = SignalSupport.objects.filter(signal=signal, organisation=supporter).exists()
        cc.called(lambda: service.support_signal(signal, supporter, request.user, data["impact"]))
        return signal_response(request, signal.pk, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        summary="De steun van uw organisatie intrekken",
        request=None,
        responses={204: None, **cc.ACT_ERRORS},
    )
    def delete(self, request, id, organisation):
        signal = signal_of(request, id)
        supporter = cc.acting_for(request, organisation)
        cc.called(lambda: service.withdraw_support(signal, supporter, request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT, help_text="Toelichting.")


@extend_schema(
    tags=TAGS,
    summary="Een signaal sluiten",
    description="Een coördinator altijd; de melder (redacteur of beheerder) zolang het nieuw is.",
    parameters=[SIGNAL_ID],
    request=NoteInput,
    responses={200: SignalDetailSerializer, **cc.ACT_ERRORS},
)
class SignalClosure(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, id):
        signal = signal_of(request, id)
        cc.require_write_token(request)
        data = mc.read(NoteInput, request.data)
        cc.called(lambda: service.close_signal(signal, request.user, data.get("note", "")))
        return signal_response(request, signal.pk)


# Regional signals -----------------------------------------------------------------------------------------------


class BundleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    region = cc.RegionRefSerializer()
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField()
    version = serializers.IntegerField(help_text="Versie; ook de ETag.")
    created_at = serializers.DateTimeField()
    raised_at = serializers.DateTimeField(allow_null=True, help_text="Ingebracht bij het landelijk beraad.")
    answered_at = serializers.DateTimeField(allow_null=True)
    answer = serializers.CharField(allow_blank=True, help_text="Het antwoord van het landelijk beraad.")
    signal_count = serializers.IntegerField()
    _links = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))


class BundledSignalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    organisation = OrganisationRefSerializer()
    status = serializers.CharField(help_text=STATUS_HELP)


class BundleDetailSerializer(BundleSerializer):
    summary = serializers.CharField(help_text="Wat de regio inbrengt.")
    signals = BundledSignalSerializer(many=True)
    reach = ReachDetailSerializer(help_text="Alle organisaties die een van de signalen meldden of steunden.")
    events = EventSerializer(many=True)


def bundle_payload(request, bundle: RegionalSignal, detail: bool = False) -> dict:
    signals = list(bundle.signals.select_related("organisation").order_by("created_at", "pk"))
    payload = {
        "id": bundle.pk,
        "title": bundle.title,
        "region": cc.region_ref(bundle.region),
        "status": bundle.status,
        "status_label": bundle.get_status_display(),
        "version": bundle.version,
        "created_at": bundle.created_at,
        "raised_at": bundle.raised_at,
        "answered_at": bundle.answered_at,
        "answer": bundle.answer,
        "signal_count": len(signals),
        "_links": {
            "self": href(request, f"/api/v1/signals/bundles/{bundle.pk}"),
            "html": href(request, reverse("consultation:bundle", args=[bundle.pk])),
        },
    }
    if detail:
        payload |= {
            "summary": bundle.summary,
            "signals": [
                {"id": s.pk, "title": s.title, "organisation": mc.organisation_ref(s.organisation), "status": s.status}
                for s in signals
            ],
            "reach": reach_payload(bundle_reach(bundle), detail=True),
            "events": events_payload(bundle.events.all()),
        }
    return payload


def bundle_response(request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    bundle = RegionalSignal.objects.select_related("region").get(pk=pk)
    data = BundleDetailSerializer(bundle_payload(request, bundle, detail=True)).data
    return mc.with_etag(Response(data, status=code), bundle)


class BundleQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=SignalStatus.choices, required=False)
    region = serializers.SlugField(required=False, **cc.SLUG, help_text="Alleen van deze regio.")


class BundleInput(serializers.Serializer):
    region = serializers.SlugField(**cc.SLUG, help_text="Id van de regio die u vertegenwoordigt.")
    title = serializers.CharField(max_length=service.TITLE_LIMIT)
    summary = serializers.CharField(max_length=TEXT_LIMIT, help_text="Wat de regio inbrengt.")
    signals = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=cc.MAX_ID),
        min_length=1,
        max_length=cc.IDS["max_length"],
        help_text="Ids van nieuwe signalen van organisaties in de regio.",
    )


def chosen_signals(user, ids: list[int]) -> list[Signal]:
    found = list(visible_signals(user).filter(pk__in=ids))
    unknown = sorted(set(ids) - {s.pk for s in found})
    if unknown:
        raise exceptions.ValidationError(
            {
                "signals": [
                    _("Deze signalen bestaan niet of zijn niet zichtbaar voor u: %(ids)s.")
                    % {"ids": ", ".join(str(pk) for pk in unknown)}
                ]
            }
        )
    return found


@extend_schema(tags=TAGS)
class BundleList(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = hal_pagination("bundles")
    serializer_class = BundleSerializer

    @extend_schema(
        summary="Regionale signalen die u mag zien",
        description="Van uw regio's; voor coördinatoren alle. Nieuwste eerst.",
        parameters=[BundleQuery],
        responses={(200, "application/json"): BundleSerializer(many=True), **cc.READ_ERRORS},
    )
    def get(self, request):
        given = query(BundleQuery, request)
        bundles = visible_bundles(request.user)
        if given.get("status"):
            bundles = bundles.filter(status=given["status"])
        if given.get("region"):
            bundles = bundles.filter(region=cc.region_named(given["region"], "region"))
        rows = bundles.order_by("-created_at", "-pk")
        return mc.page(self, rows, lambda b: BundleSerializer(bundle_payload(request, b)).data)

    @extend_schema(
        summary="Signalen bundelen tot een regionaal signaal",
        description="Door een vertegenwoordiger van de regio, van nieuwe signalen van organisaties in de regio.",
        request=BundleInput,
        responses={201: BundleDetailSerializer, **cc.ACT_ERRORS},
        parameters=[cc.ETAG],
    )
    def post(self, request):
        data = mc.read(BundleInput, request.data)
        region = cc.region_named(data["region"], "region")
        cc.require_write_token(request)
        signals = chosen_signals(request.user, data["signals"])
        bundle = cc.called(
            lambda: service.bundle_signals(
                region, request.user, title=data["title"], summary=data["summary"], signals=signals
            )
        )
        response = bundle_response(request, bundle.pk, status.HTTP_201_CREATED)
        return mc.created(request, response, f"/api/v1/signals/bundles/{bundle.pk}")


def bundle_of(request, pk: int) -> RegionalSignal:
    return cc.visible(
        visible_bundles(request.user), pk, _("Dit regionale signaal bestaat niet of is niet zichtbaar voor u.")
    )


@extend_schema(
    tags=TAGS,
    summary="Eén regionaal signaal met zijn signalen, bereik en stappen",
    parameters=[BUNDLE_ID, cc.ETAG],
    responses={200: BundleDetailSerializer, **cc.READ_ERRORS},
)
class BundleDetail(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request, id):
        return bundle_response(request, bundle_of(request, id).pk)


class BundleAnswerInput(serializers.Serializer):
    answer = serializers.CharField(max_length=TEXT_LIMIT, help_text="Het antwoord van het landelijk beraad.")


def bundle_step(summary: str, description: str, request_serializer):
    return extend_schema(
        tags=TAGS,
        summary=summary,
        description=description,
        parameters=[BUNDLE_ID, cc.IF_MATCH, cc.ETAG],
        request=request_serializer,
        responses={200: BundleDetailSerializer, **cc.CHANGE_ERRORS},
    )


@bundle_step(
    "Een regionaal signaal inbrengen bij het landelijk beraad",
    "Door een vertegenwoordiger van de regio; de signalen gaan mee (status ingebracht).",
    None,
)
class BundleSubmission(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, id):
        bundle = bundle_of(request, id)
        cc.changed(request, bundle, lambda version: service.raise_bundle(bundle, request.user, version))
        return bundle_response(request, bundle.pk)


@bundle_step(
    "Een ingebracht regionaal signaal beantwoorden",
    "Door een coördinator; nog eens: het antwoord wordt vervangen. De signalen gaan mee (status beantwoord).",
    BundleAnswerInput,
)
class BundleAnswer(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, id):
        bundle = bundle_of(request, id)
        data = mc.read(BundleAnswerInput, request.data)
        cc.changed(
            request, bundle, lambda version: service.answer_bundle(bundle, request.user, version, data["answer"])
        )
        return bundle_response(request, bundle.pk)


@bundle_step("Een regionaal signaal sluiten", "Door een coördinator; de signalen worden ook gesloten.", NoteInput)
class BundleClosure(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, id):
        bundle = bundle_of(request, id)
        data = mc.read(NoteInput, request.data)
        cc.changed(
            request, bundle, lambda version: service.close_bundle(bundle, request.user, version, data.get("note", ""))
        )
        return bundle_response(request, bundle.pk)
