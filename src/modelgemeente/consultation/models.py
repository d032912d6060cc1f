"""Regional consultation (the Landelijk ICT Beraad) and collective "+1" provisions (docs/consultation.md).

- A **Region** is a group of municipalities (CBS codes; a municipality may be in several regions). Its members are
  the organisations of those municipalities. People get a role through a RoleAssignment: representative of a
  region, or coordinator of the national level (region empty). Regions are editable data; the seeded list is an
  example and says so.
- **Signals up**: a municipality raises a Signal (with its links to a law, a development or budget lines of a
  release), others support it (SignalSupport, each with its own impact), the region's representative bundles
  signals into a RegionalSignal and raises it to the national level, which answers. Every step is a SignalEvent.
- **Questions down**: the national level asks a Question (or puts a draft policy) to some or all regions with a
  deadline; municipalities give input (QuestionInput) and each region answers once (RegionAnswer, late when after
  the deadline, never refused).
- **One voice**: a Position collects each region's Stance; every save is kept as a PositionVersion; the final
  version is published with its minority notes.
- **Collective provisions**: a Provision with its cost model and the developments and lines it replaces;
  organisations express interest or a conditional Pledge; a plan can join (ProvisionJoin): the replaced lines are
  left out of the plan and the plan's share is added as its own lines marked "gezamenlijke voorziening".

Catalogue content is referred to by stable ids (development and line slugs), never by one release's rows, except
where a signal names the release its links were made in (PROTECT).
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelgemeente.catalog.models import Edition
from modelgemeente.core.enums import (
    ConsultationRole,
    CostKey,
    PledgeKind,
    PositionStatus,
    ProvisionStatus,
    QuestionKind,
    SignalStatus,
    Stance,
    Urgency,
)
from modelgemeente.core.models import Versioned
from modelgemeente.plans.models import TEXT_LIMIT, Organisation, Plan

USER = settings.AUTH_USER_MODEL


class Region(models.Model):
    slug = models.SlugField(_("korte naam in de adresbalk"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True, max_length=TEXT_LIMIT)
    municipality_codes = models.JSONField(_("CBS-codes van de gemeenten"), default=list, blank=True)
    is_example = models.BooleanField(
        _("voorbeeld"),
        default=False,
        help_text=_("Een voorbeeldindeling, geen officiële lijst; beheerders passen haar aan."),
    )
    source_note = models.TextField(_("herkomst van de indeling"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")

    def __str__(self):
        return self.name


class RoleAssignment(models.Model):
    """A representative of a region, or (region empty) a coordinator of the national level."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="consultation_roles")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, blank=True, related_name="roles")
    role = models.CharField(_("rol"), max_length=20, choices=ConsultationRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "region", "role"], name="one_role_per_region"),
            models.CheckConstraint(
                condition=(models.Q(role=ConsultationRole.COORDINATOR, region__isnull=True))
                | (models.Q(role=ConsultationRole.REPRESENTATIVE, region__isnull=False)),
                name="representative_has_region_coordinator_none",
            ),
        ]
        verbose_name = _("rol in het beraad")
        verbose_name_plural = _("rollen in het beraad")

    def __str__(self):
        return f"{self.user}: {self.get_role_display()} {self.region or ''}".strip()


# Signals up ---------------------------------------------------------------------------------------------------


class RegionalSignal(Versioned):
    """Signals of a region's municipalities, bundled by its representative and raised to the national level."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="regional_signals")
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting van de regio"), max_length=TEXT_LIMIT)
    status = models.CharField(_("status"), max_length=20, choices=SignalStatus.choices, default=SignalStatus.BUNDLED)
    raised_at = models.DateTimeField(_("ingebracht op"), null=True, blank=True)
    answer = models.TextField(_("antwoord van het landelijk beraad"), blank=True, max_length=TEXT_LIMIT)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("regionaal signaal")
        verbose_name_plural = _("regionale signalen")

    def __str__(self):
        return self.title


class Signal(Versioned):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="signals")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("knelpunt"), max_length=TEXT_LIMIT)
    impact = models.TextField(_("gevolgen voor de gemeente"), max_length=TEXT_LIMIT)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM)
    # The release the links below were chosen from; ids are stable across releases.
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    law = models.SlugField(_("wet"), max_length=80, blank=True)
    development = models.SlugField(_("ontwikkeling"), max_length=80, blank=True)
    budget_lines = models.JSONField(_("begrotingsregels"), default=list, blank=True)  # "development/line" keys
    status = models.CharField(_("status"), max_length=20, choices=SignalStatus.choices, default=SignalStatus.NEW)
    bundle = models.ForeignKey(
        RegionalSignal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("bundel"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")

    def __str__(self):
        return self.title


class SignalSupport(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="supports")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="signal_supports")
    impact = models.TextField(_("gevolgen voor deze gemeente"), max_length=TEXT_LIMIT)
    user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("gesteund op"), auto_now_add=True)

    class Meta:
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["signal", "organisation"], name="one_support_per_organisation")]
        verbose_name = _("steun voor een signaal")
        verbose_name_plural = _("steun voor signalen")

    def __str__(self):
        return f"{self.organisation}: {self.signal}"


class SignalEvent(models.Model):
    """One recorded step of a signal or a regional signal: raised, supported, bundled, raised up, answered..."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    bundle = models.ForeignKey(RegionalSignal, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    kind = models.CharField(_("stap"), max_length=30)
    note = models.TextField(_("toelichting"), blank=True, max_length=TEXT_LIMIT)
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")

    def __str__(self):
        return self.kind


# Questions down -----------------------------------------------------------------------------------------------


class Question(Versioned):
    kind = models.CharField(_("soort"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.QUESTION)
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("vraag of conceptbeleid"), max_length=20_000)
    deadline = models.DateField(_("uiterste datum voor antwoord"))
    regions = models.ManyToManyField(Region, related_name="questions", verbose_name=_("gesteld aan"))
    reminder_sent_on = models.DateField(_("herinnering verstuurd op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("vraag van het landelijk beraad")
        verbose_name_plural = _("vragen van het landelijk beraad")

    def __str__(self):
        return self.title


class QuestionInput(models.Model):
    """A municipality's input to its region's answer."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="inputs")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="question_inputs")
    text = models.TextField(_("inbreng"), max_length=TEXT_LIMIT)
    user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("gegeven op"), auto_now=True)

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(fields=["question", "region", "organisation"], name="one_input_per_organisation")
        ]
        verbose_name = _("inbreng van een gemeente")
        verbose_name_plural = _("inbreng van gemeenten")

    def __str__(self):
        return f"{self.organisation}: {self.question}"


class RegionAnswer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(_("antwoord van de regio"), max_length=20_000)
    answered_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    answered_at = models.DateTimeField(_("beantwoord op"))
    late = models.BooleanField(_("na de uiterste datum"), default=False)

    class Meta:
        ordering = ["answered_at"]
        constraints = [models.UniqueConstraint(fields=["question", "region"], name="one_answer_per_region")]
        verbose_name = _("antwoord van een regio")
        verbose_name_plural = _("antwoorden van regio's")

    def __str__(self):
        return f"{self.region}: {self.question}"


# One voice ----------------------------------------------------------------------------------------------------


class Position(Versioned):
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("standpunt"), max_length=20_000)
    status = models.CharField(_("status"), max_length=20, choices=PositionStatus.choices, default=PositionStatus.DRAFT)
    minority_notes = models.TextField(_("minderheidsstandpunten"), blank=True, max_length=20_000)
    questions = models.ManyToManyField(Question, blank=True, related_name="positions", verbose_name=_("vragen"))
    signals = models.ManyToManyField(
        RegionalSignal, blank=True, related_name="positions", verbose_name=_("regionale signalen")
    )
    published_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("standpunt")
        verbose_name_plural = _("standpunten")

    def __str__(self):
        return self.title


class RegionStance(models.Model):
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="stances")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="stances")
    stance = models.CharField(_("opstelling"), max_length=20, choices=Stance.choices)
    reason = models.TextField(_("reden"), max_length=TEXT_LIMIT)
    user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("gegeven op"), auto_now=True)

    class Meta:
        ordering = ["region__name"]
        constraints = [models.UniqueConstraint(fields=["position", "region"], name="one_stance_per_region")]
        verbose_name = _("opstelling van een regio")
        verbose_name_plural = _("opstellingen van regio's")

    def __str__(self):
        return f"{self.region}: {self.get_stance_display()}"


class PositionVersion(models.Model):
    """A position as it was after a save: text, stances and aggregate (JSON), so every version can be shown."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    status = models.CharField(_("status"), max_length=20, choices=PositionStatus.choices)
    snapshot = models.JSONField(_("inhoud"))
    user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        ordering = ["position", "-number"]
        constraints = [models.UniqueConstraint(fields=["position", "number"], name="one_position_version")]
        verbose_name = _("versie van een standpunt")
        verbose_name_plural = _("versies van standpunten")

    def __str__(self):
        return f"{self.position} v{self.number}"


# Collective provisions ----------------------------------------------------------------------------------------


class Provision(Versioned):
    slug = models.SlugField(_("korte naam in de adresbalk"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), max_length=TEXT_LIMIT)
    owner = models.CharField(_("eigenaar"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=ProvisionStatus.choices, default=ProvisionStatus.IDEA)
    is_example = models.BooleanField(_("voorbeeld"), default=False)
    build_cost = models.DecimalField(
        _("eenmalige bouwkosten (euro)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    yearly_cost = models.DecimalField(
        _("jaarlijkse kosten (euro)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    write_off_years = models.PositiveSmallIntegerField(
        _("afschrijving bouwkosten (jaren)"), default=5, validators=[MinValueValidator(1)]
    )
    cost_key = models.CharField(
        _("verdeelsleutel"), max_length=20, choices=CostKey.choices, default=CostKey.INHABITANTS
    )
    cost_note = models.TextField(_("herkomst van de kosten"), max_length=TEXT_LIMIT)
    # Stable ids of the catalogue: the developments and the lines ("development/line") taking part replaces.
    replaces_developments = models.JSONField(_("vervangt ontwikkelingen"), default=list, blank=True)
    replaces_lines = models.JSONField(_("vervangt begrotingsregels"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gezamenlijke voorziening")
        verbose_name_plural = _("gezamenlijke voorzieningen")

    def __str__(self):
        return self.name


class Pledge(Versioned):
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="pledges")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pledges")
    kind = models.CharField(_("soort"), max_length=20, choices=PledgeKind.choices, default=PledgeKind.INTEREST)
    max_yearly_share = models.DecimalField(
        _("doen mee als ons deel per jaar ten hoogste is (euro)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    note = models.TextField(_("toelichting"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["provision", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["provision", "organisation"], name="one_pledge_per_organisation")
        ]
        verbose_name = _("belangstelling of toezegging")
        verbose_name_plural = _("belangstelling en toezeggingen")

    def __str__(self):
        return f"{self.organisation}: {self.provision}"


class ProvisionJoin(models.Model):
    """A plan takes part in a provision: which model lines it left out and which own lines it added for that,
    so that leaving again undoes exactly this and nothing the user changed by hand."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="provision_joins")
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="joins")
    excluded_lines = models.JSONField(_("weggelaten regels"), default=list)  # line keys
    extra_line_ids = models.JSONField(_("toegevoegde regels"), default=list)  # plans.ExtraLine pks
    yearly_share = models.DecimalField(_("deel per jaar bij aansluiten"), max_digits=14, decimal_places=2)
    user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("aangesloten op"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "provision"], name="one_join_per_plan")]
        verbose_name = _("deelname van een plan")
        verbose_name_plural = _("deelnames van plannen")

    def __str__(self):
        return f"{self.plan}: {self.provision}"
