"""/api/v1/provisions: the catalogue of collective ("+1") provisions (issue 16, part 5), pledges, and plans that join
or leave at /api/v1/plans/{id}/provisions.

The catalogue is public: description, owner, status, the developments and budget lines a provision replaces, its
cost model (one-off build cost written off over some years plus a yearly cost, divided by inhabitants or in equal
parts), how many organisations are interested or pledged and the size of the go point. The live figures per
organisation (share, what the replaced lines cost it alone, saving, pledge limit, within its pledge) are computed by
consultation/provision_figures.py from the budget engine and shown only to those the pages show them to: the
organisation itself, members of organisations in a region of that organisation, their representatives and
coordinators (`Viewer`); others see how many are hidden. Amounts are strings in euro with two decimals.

Pledging (interest or a conditional pledge "we join if our share is at most X per year") is for an editor or admin
of the organisation; joining and leaving with a plan for an editor or admin of the plan's organisation, with the
plan's If-Match (the plan's version goes up; its ETag is returned).
"""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from modelgemeente.consultation import provision_figures as pf
from modelgemeente.consultation.models import Pledge, Provision, ProvisionJoin
from modelgemeente.consultation.regions import inhabitants_source
from modelgemeente.consultation.services import provisions as service
from modelgemeente.core.enums import PledgeKind, ProvisionStatus
from modelgemeente.plans.models import TEXT_LIMIT

from . import consultation_common as cc
from . import maturity_common as mc
from .pagination import hal_pagination
from .plan_serializers import OrganisationRefSerializer
from .plan_views import PLAN_ID, PlanMixin, with_etag
from .plan_views import TAGS as PLAN_TAGS
from .serializers import href
from .views import query

TAGS = ["Gezamenlijke voorzieningen"]
PROVISION_SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="Id (slug) van de voorziening.")
ORGANISATION = OpenApiParameter("organisation", str, OpenApiParameter.PATH, description="Id (slug) van de organisatie.")
STATUS_HELP = "idee, belangstelling, ontwikkeling, beschikbaar of beeindigd."


def not_found(slug: str) -> exceptions.NotFound:
    return exceptions.NotFound(_("Er is geen gezamenlijke voorziening met id '%(slug)s'.") % {"slug": slug[:80]})


def provision_named(slug: str) -> Provision:
    found = Provision.objects.filter(slug=slug).first()
    if found is None:
        raise not_found(slug)
    return found


# The catalogue --------------------------------------------------------------------------------------------------


class CostModelSerializer(serializers.Serializer):
    build_cost = cc.MoneyField(help_text="Eenmalige bouwkosten, euro.")
    write_off_years = serializers.IntegerField(help_text="De bouwkosten worden over zoveel jaar afgeschreven.")
    yearly_cost = cc.MoneyField(help_text="Jaarlijkse kosten, euro.")
    yearly_total = cc.MoneyField(help_text="Per jaar voor alle deelnemers samen: bouw / jaren + jaarlijkse kosten.")
    cost_key = serializers.CharField(help_text="inwoners (naar inwonertal) of gelijk (gelijke delen).")
    cost_key_label = serializers.CharField()
    cost_note = serializers.CharField(help_text="Herkomst van de kosten.")


class ReplacesSerializer(serializers.Serializer):
    developments = serializers.ListField(
        child=serializers.CharField(), help_text="Ids van de vervangen ontwikkelingen."
    )
    lines = serializers.ListField(
        child=serializers.CharField(),
        help_text="Vervangen regels als <ontwikkeling>/<regel>; een ontwikkeling zonder regels hier geheel.",
    )


class GoPointSummarySerializer(serializers.Serializer):
    reached = serializers.BooleanField(help_text="Er is een groep toezeggers voor wie elk deel binnen elke grens valt.")
    size = serializers.IntegerField(help_text="Het kleinste aantal toezeggers waarmee dat lukt; 0 als niet bereikt.")


class ProvisionSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="Id van de voorziening.")
    name = serializers.CharField()
    description = serializers.CharField()
    owner = serializers.CharField()
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField()
    is_example = serializers.BooleanField(help_text="Een voorbeeld met geschatte bedragen, geen echte voorziening.")
    version = serializers.IntegerField()
    cost_model = CostModelSerializer()
    replaces = ReplacesSerializer()
    interested_count = serializers.IntegerField(help_text="Organisaties met belangstelling.")
    pledged_count = serializers.IntegerField(help_text="Organisaties met een voorwaardelijke toezegging.")
    joined_plan_count = serializers.IntegerField(help_text="Plannen die zijn aangesloten.")
    go_point = GoPointSummarySerializer()
    _links = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))


class YearMoneySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = cc.MoneyField()


class ShareSerializer(serializers.Serializer):
    percentage = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="Deel van de kosten in procenten.")
    build = cc.MoneyField(help_text="Deel van de eenmalige bouwkosten.")
    yearly = cc.MoneyField(help_text="Deel per jaar (afschrijving plus jaarlijkse kosten).")


class CostAloneSerializer(serializers.Serializer):
    average = cc.MoneyField(help_text="Gemiddeld per jaar over de jaren hieronder.")
    per_year = YearMoneySerializer(many=True)
    basis = serializers.CharField(
        help_text="plan (uit het nieuwste plan van de organisatie) of model (het model geschaald naar haar inwoners)."
    )
    release = serializers.CharField(help_text="De release waarvan de regels komen.")
    estimated = serializers.BooleanField(help_text="Medewerkers en afdelingen geschat naar verhouding (model).")
    note = serializers.CharField(allow_blank=True)
    lines = serializers.ListField(child=serializers.CharField(), help_text="De vervangen regels die meetellen.")


class ParticipantSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    kind = serializers.CharField(allow_null=True, help_text="belangstelling of toezegging; null: alleen met een plan.")
    kind_label = serializers.CharField()
    max_yearly_share = cc.MoneyField(allow_null=True, help_text="De grens van een toezegging per jaar.")
    note = serializers.CharField(allow_blank=True)
    inhabitants = serializers.IntegerField(help_text="Inwoners van haar gemeenten (CBS).")
    share = ShareSerializer(allow_null=True, help_text="null: inwonertal onbekend.")
    cost_alone = CostAloneSerializer(
        allow_null=True, help_text="Wat de vervangen regels alleen kosten; null: onbekend."
    )
    saving = cc.MoneyField(allow_null=True, help_text="Kosten alleen (gemiddeld per jaar) min het deel per jaar.")
    within_pledge = serializers.BooleanField(allow_null=True, help_text="Deel ≤ grens; null zonder grens of deel.")
    in_go_point = serializers.BooleanField()


class ProspectSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    inhabitants = serializers.IntegerField()
    share = ShareSerializer(allow_null=True, help_text="Het deel als zij naast alle deelnemers meedeed.")
    cost_alone = CostAloneSerializer(allow_null=True)
    saving = cc.MoneyField(allow_null=True)


class MissingSerializer(serializers.Serializer):
    no_pledges = serializers.BooleanField(help_text="Er zijn nog geen toezeggingen.")
    over_limit = OrganisationRefSerializer(
        many=True, help_text="Toezeggers wier deel met alle toezeggers samen boven hun grens ligt (die u mag zien)."
    )
    extra_weight = serializers.IntegerField(
        allow_null=True,
        help_text="Zoveel inwoners (of deelnemers bij gelijke delen) meer zou elk deel binnen de grens brengen.",
    )
    zero_limits = serializers.IntegerField(help_text="Toezeggingen met grens 0, waaraan geen deel voldoet.")


class GoPointSerializer(GoPointSummarySerializer):
    members = OrganisationRefSerializer(many=True, help_text="De toezeggers van het go-punt die u mag zien.")
    hidden_members = serializers.IntegerField(help_text="Toezeggers van het go-punt die u niet mag zien.")
    missing = MissingSerializer(allow_null=True, help_text="Wat er ontbreekt als het go-punt niet is bereikt.")


class TotalsSerializer(serializers.Serializer):
    share = cc.MoneyField()
    alone = cc.MoneyField()
    saving = cc.MoneyField()


class ReplacedLineSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="<ontwikkeling>/<regel>.")
    description = serializers.CharField(allow_null=True, help_text="Omschrijving in de release; null: niet daarin.")


class ReplacedDevelopmentSerializer(serializers.Serializer):
    development = serializers.CharField(help_text="Id van de ontwikkeling.")
    title = serializers.CharField(allow_null=True, help_text="Titel in de release; null: niet daarin.")
    whole = serializers.BooleanField(help_text="Alle regels van de ontwikkeling worden vervangen.")
    lines = ReplacedLineSerializer(many=True)


class ProvisionDetailSerializer(ProvisionSerializer):
    release = serializers.CharField(
        allow_null=True, help_text="De release voor de namen en voor de kosten alleen van organisaties zonder plan."
    )
    replaced = ReplacedDevelopmentSerializer(many=True)
    inhabitants_source = serializers.CharField(help_text="Bron en peildatum van de inwonertallen.")
    participants = ParticipantSerializer(many=True, help_text="De deelnemers die u mag zien, met hun cijfers.")
    hidden_participants = serializers.IntegerField(help_text="Deelnemers die u niet mag zien.")
    without_inhabitants = serializers.IntegerField(help_text="Deelnemers zonder bekend inwonertal (geen deel).")
    go_point = GoPointSerializer()
    totals = TotalsSerializer(allow_null=True, help_text="Sommen over alle deelnemers, als u ze allemaal ziet.")
    prospects = ProspectSerializer(
        many=True, help_text="Uw organisaties (redacteur of beheerder) die nog niet meedoen: wat meedoen zou kosten."
    )


def share_payload(share) -> dict | None:
    if share is None:
        return None
    return {
        "percentage": cc.percentage(share.fraction),
        "build": cc.money(share.build),
        "yearly": cc.money(share.yearly),
    }


def alone_payload(alone) -> dict | None:
    if alone is None:
        return None
    return {
        "average": cc.money(alone.average),
        "per_year": [{"year": year, "amount": cc.money(value)} for year, value in sorted(alone.per_year.items())],
        "basis": "model" if alone.plan is None else "plan",
        "release": alone.edition.release_id,
        "estimated": alone.estimated,
        "note": str(alone.note),
        "lines": list(alone.keys),
    }


def saving(share, alone) -> Decimal | None:
    return None if share is None or alone is None else alone.average - share.yearly


def participant_payload(row) -> dict:
    return {
        "organisation": mc.organisation_ref(row.organisation),
        "kind": row.pledge.kind if row.pledge else None,
        "kind_label": str(row.kind_label),
        "max_yearly_share": cc.money(row.limit),
        "note": row.pledge.note if row.pledge else "",
        "inhabitants": row.inhabitants,
        "share": share_payload(row.share),
        "cost_alone": alone_payload(row.alone),
        "saving": cc.money(row.saving),
        "within_pledge": row.within_pledge,
        "in_go_point": row.in_go_point,
    }


def provision_links(request, provision: Provision) -> dict:
    return {
        "self": href(request, f"/api/v1/provisions/{provision.slug}"),
        "html": href(request, reverse("consultation:provision", args=[provision.slug])),
    }


def provision_payload(request, provision: Provision, figures) -> dict:
    model = figures.model
    return {
        "slug": provision.slug,
        "name": provision.name,
        "description": provision.description,
        "owner": provision.owner,
        "status": provision.status,
        "status_label": provision.get_status_display(),
        "is_example": provision.is_example,
        "version": provision.version,
        "cost_model": {
            "build_cost": cc.money(model.build_cost),
            "write_off_years": model.write_off_years,
            "yearly_cost": cc.money(model.yearly_cost),
            "yearly_total": cc.money(model.yearly_total),
            "cost_key": provision.cost_key,
            "cost_key_label": provision.get_cost_key_display(),
            "cost_note": provision.cost_note,
        },
        "replaces": {
            "developments": list(provision.replaces_developments or []),
            "lines": list(provision.replaces_lines or []),
        },
        "interested_count": figures.interested_count,
        "pledged_count": figures.pledged_count,
        "joined_plan_count": provision.joins.count(),
        "go_point": {"reached": figures.go.reached, "size": figures.go.size},
        "_links": provision_links(request, provision),
    }


def detail_payload(request, provision: Provision) -> dict:
    figures = pf.figures(provision, request.user)
    release = pf.current_release()
    missing = figures.go.missing
    return provision_payload(request, provision, figures) | {
        "release": release.release_id if release else None,
        "replaced": [
            {
                "development": r.slug,
                "title": r.development.title if r.development else None,
                "whole": r.whole,
                "lines": [{"key": key, "description": row.description if row else None} for key, row in r.lines],
            }
            for r in pf.replaces(provision, release)
        ],
        "inhabitants_source": inhabitants_source(),
        "participants": [participant_payload(row) for row in figures.shown],
        "hidden_participants": figures.hidden_count,
        "without_inhabitants": len(figures.without_weight),
        "go_point": {
            "reached": figures.go.reached,
            "size": figures.go.size,
            "members": [mc.organisation_ref(p.organisation) for p in figures.go_visible_members],
            "hidden_members": figures.go_hidden_count,
            "missing": None
            if missing is None
            else {
                "no_pledges": missing.no_pledges,
                "over_limit": [
                    mc.organisation_ref(p.organisation)
                    for p in missing.over_limit
                    if p.organisation.pk in figures.visible
                ],
                "extra_weight": missing.extra_weight,
                "zero_limits": missing.zero_limits,
            },
        },
        "totals": None if figures.totals is None else {k: cc.money(v) for k, v in figures.totals.items()},
        "prospects": [
            {
                "organisation": mc.organisation_ref(p.organisation),
                "inhabitants": p.inhabitants,
                "share": share_payload(p.share),
                "cost_alone": alone_payload(p.alone),
                "saving": cc.money(saving(p.share, p.alone)),
            }
            for p in figures.prospects
        ],
    }


class ProvisionQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProvisionStatus.choices, required=False, help_text=STATUS_HELP)


@extend_schema(
    tags=TAGS,
    summary="De catalogus van gezamenlijke voorzieningen",
    description=(
        "Elke voorziening met eigenaar, status, wat ze vervangt, het kostenmodel, hoeveel organisaties "
        "belangstelling hebben of iets toezegden en of het go-punt is bereikt. Openbaar; voorbeelden staan als "
        "voorbeeld gemarkeerd (`isExample`)."
    ),
    parameters=[ProvisionQuery],
    responses=ProvisionSerializer(many=True),
)
class ProvisionList(generics.GenericAPIView):
    pagination_class = hal_pagination("provisions")
    serializer_class = ProvisionSerializer

    def get(self, request):
        given = query(ProvisionQuery, request)
        rows = Provision.objects.order_by("name", "slug")
        if given.get("status"):
            rows = rows.filter(status=given["status"])
        return mc.page(self, rows, lambda p: ProvisionSerializer(provision_payload(request, p, pf.summary(p))).data)


@extend_schema(
    tags=TAGS,
    summary="Eén voorziening met de cijfers per deelnemer",
    description=(
        "Per deelnemer die u mag zien (uw eigen organisatie, organisaties in uw regio's; coördinatoren alle): het "
        "deel (uit de rekenmotor), wat de vervangen regels alleen kosten (uit haar nieuwste plan, anders het model "
        "geschaald naar haar inwoners: een schatting), de besparing, de grens van haar toezegging en of het deel "
        "daarbinnen valt; het go-punt: de kleinste groep toezeggers voor wie elk deel binnen elke grens valt, of wat "
        "er ontbreekt. Openbaar; zonder API-sleutel alleen aantallen."
    ),
    parameters=[PROVISION_SLUG],
    responses=ProvisionDetailSerializer,
)
class ProvisionDetail(APIView):
    def get(self, request, slug):
        return Response(ProvisionDetailSerializer(detail_payload(request, provision_named(slug))).data)


# Pledges --------------------------------------------------------------------------------------------------------


class PledgeInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=PledgeKind.choices, help_text="belangstelling, of toezegging (meedoen als het deel ≤ de grens is)."
    )
    max_yearly_share = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        allow_null=True,
        help_text='Bij een toezegging: het hoogste deel per jaar in euro, als string (bv. "12500.00").',
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)


class PledgeSerializer(serializers.Serializer):
    provision = serializers.CharField(help_text="Id van de voorziening.")
    organisation = OrganisationRefSerializer()
    kind = serializers.CharField(help_text="belangstelling of toezegging.")
    kind_label = serializers.CharField()
    max_yearly_share = cc.MoneyField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()
    _links = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))


def pledge_payload(request, pledge: Pledge) -> dict:
    return {
        "provision": pledge.provision.slug,
        "organisation": mc.organisation_ref(pledge.organisation),
        "kind": pledge.kind,
        "kind_label": pledge.get_kind_display(),
        "max_yearly_share": cc.money(pledge.max_yearly_share),
        "note": pledge.note,
        "version": pledge.version,
        "updated_at": pledge.updated_at,
        "_links": {"provision": href(request, f"/api/v1/provisions/{pledge.provision.slug}")},
    }


@extend_schema(tags=TAGS, parameters=[PROVISION_SLUG, ORGANISATION])
class PledgeDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Belangstelling of een voorwaardelijke toezegging van uw organisatie",
        description=(
            "Redacteur of beheerder van de organisatie, met een API-sleutel met schrijven. Een toezegging heeft "
            "`maxYearlyShare` nodig. De eerste keer 201, een wijziging 200."
        ),
        request=PledgeInput,
        responses={200: PledgeSerializer, 201: PledgeSerializer, **cc.ACT_ERRORS},
    )
    def put(self, request, slug, organisation):
        provision = provision_named(slug)
        found = cc.acting_for(request, organisation)
        data = mc.read(PledgeInput, request.data)
        existed = Pledge.objects.filter(provision=provision, organisation=found).exists()
        pledge = cc.called(
            lambda: service.pledge(
                provision,
                found,
                request.user,
                kind=data["kind"],
                max_yearly_share=data.get("max_yearly_share"),
                note=data.get("note", ""),
            )
        )
        pledge = Pledge.objects.select_related("provision", "organisation").get(pk=pledge.pk)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(PledgeSerializer(pledge_payload(request, pledge)).data, status=code)

    @extend_schema(
        summary="De belangstelling of toezegging intrekken",
        description="Een aangesloten plan blijft aangesloten tot het de voorziening verlaat.",
        request=None,
        responses={204: None, **cc.ACT_ERRORS},
    )
    def delete(self, request, slug, organisation):
        provision = provision_named(slug)
        found = cc.acting_for(request, organisation)
        pledge = Pledge.objects.filter(provision=provision, organisation=found).select_related("organisation").first()
        if pledge is None:
            raise exceptions.NotFound(
                _("%(org)s heeft geen belangstelling of toezegging voor deze voorziening.") % {"org": found.name}
            )
        cc.called(lambda: service.withdraw_pledge(pledge, request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)


# Plans that join ------------------------------------------------------------------------------------------------


class JoinEffectSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    before = cc.MoneyField(help_text="Totaal van het plan zonder deze deelname.")
    replaced = cc.MoneyField(help_text="De vervangen regels, zoals ze in het plan telden.")
    shared = cc.MoneyField(help_text="De regel(s) van het deel in de voorziening.")
    after = cc.MoneyField(help_text="Totaal van het plan nu.")
    difference = cc.MoneyField(help_text="Nu min zonder: negatief is een besparing.")


class JoinSerializer(serializers.Serializer):
    provision = serializers.CharField(help_text="Id van de voorziening.")
    name = serializers.CharField()
    yearly_share = cc.MoneyField(help_text="Het deel per jaar bij het aansluiten (geïndexeerd in het plan).")
    at = serializers.DateTimeField()
    excluded_lines = serializers.ListField(
        child=serializers.CharField(), help_text="De regels die het plan daarvoor weglaat (<ontwikkeling>/<regel>)."
    )
    shared_lines = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids van de eigen regels 'gezamenlijke voorziening'."
    )
    effect = JoinEffectSerializer(many=True, help_text="Per planjaar het plan zonder en met de voorziening.")
    _links = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))


def join_payload(request, join: ProvisionJoin) -> dict:
    effect = pf.join_effect(join)
    base = f"/api/v1/plans/{join.plan_id}"
    return {
        "provision": join.provision.slug,
        "name": join.provision.name,
        "yearly_share": cc.money(join.yearly_share),
        "at": join.at,
        "excluded_lines": list(join.excluded_lines),
        "shared_lines": list(join.extra_line_ids),
        "effect": [
            {
                "year": year,
                "before": cc.money(before),
                "replaced": cc.money(replaced),
                "shared": cc.money(shared),
                "after": cc.money(after),
                "difference": cc.money(difference),
            }
            for year, before, replaced, shared, after, difference in effect.rows()
        ],
        "_links": {
            "self": href(request, f"{base}/provisions/{join.provision.slug}"),
            "plan": href(request, base),
            "provision": href(request, f"/api/v1/provisions/{join.provision.slug}"),
        },
    }


class JoinInput(serializers.Serializer):
    provision = serializers.SlugField(**cc.SLUG, help_text="Id van de voorziening.")


def joins_of(plan):
    return plan.provision_joins.select_related("provision", "plan").order_by("provision__name")


@extend_schema(tags=PLAN_TAGS, parameters=[PLAN_ID])
class PlanProvisionList(PlanMixin, APIView):
    @extend_schema(
        operation_id="plans_provisions_list",
        summary="Gezamenlijke voorzieningen waarbij het plan is aangesloten",
        description="Per voorziening het deel en per planjaar het plan zonder en met de voorziening.",
        responses={200: OpenApiResponse(JoinSerializer(many=True), description="De deelnames; ETag van het plan.")},
    )
    def get(self, request, id):
        plan = self.plan()
        return with_etag(Response([JoinSerializer(join_payload(request, j)).data for j in joins_of(plan)]), plan)

    @extend_schema(
        summary="Met het plan aansluiten bij een gezamenlijke voorziening",
        description=(
            "De vervangen regels gaan uit het plan; het deel per jaar (uit de rekenmotor) komt erin als eigen regel "
            "met herkomst 'gezamenlijke voorziening'. Eén wijziging in de geschiedenis van het plan; nieuwe ETag."
        ),
        request=JoinInput,
        responses={201: JoinSerializer},
        parameters=[mc.IF_MATCH],
    )
    def post(self, request, id):
        plan, version = self.writable_plan()
        data = mc.read(JoinInput, request.data)
        provision = Provision.objects.filter(slug=data["provision"]).first()
        if provision is None:
            raise exceptions.ValidationError({"provision": [str(not_found(data["provision"]).detail)]})
        join = cc.called(lambda: service.join_provision(plan, provision, request.user, version), plan)
        plan.refresh_from_db(fields=["version"])
        join = joins_of(plan).get(pk=join.pk)
        response = Response(JoinSerializer(join_payload(request, join)).data, status=status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(f"/api/v1/plans/{plan.pk}/provisions/{provision.slug}")
        return with_etag(response, plan)


@extend_schema(tags=PLAN_TAGS, parameters=[PLAN_ID, PROVISION_SLUG])
class PlanProvisionDetail(PlanMixin, APIView):
    def join(self, plan, slug: str) -> ProvisionJoin:
        found = joins_of(plan).filter(provision__slug=slug).first()
        if found is None:
            raise exceptions.NotFound(
                _("Dit plan is niet aangesloten bij voorziening '%(slug)s'.") % {"slug": slug[:80]}
            )
        return found

    @extend_schema(
        summary="De deelname van het plan aan één voorziening",
        responses={200: OpenApiResponse(JoinSerializer, description="De deelname; ETag van het plan.")},
    )
    def get(self, request, id, slug):
        plan = self.plan()
        return with_etag(Response(JoinSerializer(join_payload(request, self.join(plan, slug))).data), plan)

    @extend_schema(
        summary="De voorziening verlaten",
        description=(
            "De weggelaten regels tellen weer mee en de regels van het deel gaan eruit, precies zoals bij het "
            "aansluiten; een eigen wijziging blijft. Nieuwe ETag."
        ),
        request=None,
        responses={204: None},
        parameters=[mc.IF_MATCH],
    )
    def delete(self, request, id, slug):
        plan, version = self.writable_plan()
        join = self.join(plan, slug)
        cc.called(lambda: service.leave_provision(join, request.user, version), plan)
        plan.refresh_from_db(fields=["version"])
        return with_etag(Response(status=status.HTTP_204_NO_CONTENT), plan)
