"""Organisations, their members and their multi-year ICT plans.

A plan belongs to one organisation and is visible only to its members. It
starts from an edition of the model: every development of the edition gets a
PlanDevelopment (included or not, priority, start year, motivation); lines can
be excluded or given the municipality's own figure (LineAdjustment), and the
plan can add lines of its own (ExtraLine). Every save raises `version` and
writes a PlanChange, so a second editor working from an older version is
refused instead of overwriting (see plans/changes.py and plans/merge.py).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelgemeente.catalog.models import BudgetLine, Development, Edition
from modelgemeente.core.enums import CapacityType, LineOrigin, PlanStatus, Priority, Role

# Free text a user types (motivation, reason, notes): long enough for a real argument,
# short enough that pages and PDFs stay usable.
TEXT_LIMIT = 4000


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "gemeente", _("gemeente")
        COOPERATION = "samenwerking", _("samenwerkingsverband van gemeenten")

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam in de adresbalk"), max_length=80, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY)
    municipality_codes = models.JSONField(_("CBS-codes van de gemeenten"), default=list, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plans:organisation", args=[self.slug])


ROLE_RANK = {Role.MEMBER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


class Membership(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    since = models.DateTimeField(_("lid sinds"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_user")]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    def allows(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def new_token() -> str:
    return secrets.token_urlsafe(32)


INVITATION_DAYS = 14


def invitation_expiry():
    return timezone.now() + timedelta(days=INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Not accepted, not revoked and not expired: the only invitations that can still be used."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mailadres"))
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("geldig tot"), default=invitation_expiry)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self):
        return f"{self.email} ({self.organisation})"

    def get_absolute_url(self):
        return reverse("plans:accept_invitation", args=[self.token])

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class Plan(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="plans")
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(_("titel"), max_length=200)
    municipality_code = models.CharField(_("gemeente (CBS-code)"), max_length=10, blank=True)
    inhabitants = models.PositiveIntegerField(_("inwoners"))
    employees = models.PositiveIntegerField(_("medewerkers"))
    departments = models.PositiveIntegerField(_("afdelingen"))
    profile_provenance = models.TextField(_("herkomst profiel"), max_length=TEXT_LIMIT)
    # Where each of inhabitants, employees and departments came from: ProfileSource values. The text
    # above is written from these (plans/profile.py) whenever a figure changes.
    profile_sources = models.JSONField(_("herkomst per profielgegeven"), default=dict, blank=True)
    start_year = models.PositiveIntegerField(_("eerste begrotingsjaar"))
    horizon = models.PositiveSmallIntegerField(_("aantal jaren"), default=4)
    hours_per_fte = models.DecimalField(
        _("uren per fte per week"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    wage_index_percent = models.DecimalField(
        _("loonindex % per jaar"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    price_index_percent = models.DecimalField(
        _("prijsindex % per jaar"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    salary_overrides = models.JSONField(_("eigen kosten per fte per schaal"), default=dict, blank=True)
    assumptions_note = models.TextField(_("toelichting eigen uitgangspunten"), blank=True, max_length=TEXT_LIMIT)
    version = models.PositiveIntegerField(_("versie"), default=1)
    # Moving a plan to another release (plans/migration.py) makes a new plan that supersedes this one:
    # the old plan stays as it was, readable and read-only, with its exports.
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("vervangt plan"),
    )
    # Concept, ingediend or vastgesteld (plans/status.py). Changing it is a change of the plan (new version,
    # history); a vastgesteld plan is read-only and serves the exports frozen at adoption (FrozenExport).
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.CONCEPT)
    status_changed_at = models.DateTimeField(_("status gewijzigd op"), null=True, blank=True)
    # The council's decision that made the plan vastgesteld, as the organisation's administrator entered it.
    decision_date = models.DateField(_("datum raadsbesluit"), null=True, blank=True)
    decision_reference = models.CharField(_("kenmerk raadsbesluit"), max_length=100, blank=True)
    # A scenario is a copy of another plan of the same organisation ("ambitieus" against "sober"), compared
    # side by side (plans/scenarios.py). The copy is a plan in its own right; deleting the original keeps it.
    scenario_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scenarios",
        verbose_name=_("scenario van plan"),
    )
    scenario_name = models.CharField(_("naam van het scenario"), max_length=80, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:plan", args=[self.organisation.slug, self.pk])

    @property
    def is_superseded(self) -> bool:
        """Moved to another release: this plan is kept as it was, read-only."""
        try:
            return self.superseded_by is not None
        except Plan.DoesNotExist:
            return False

    @property
    def is_adopted(self) -> bool:
        """Vastgesteld by the council: read-only, its exports frozen (plans/status.py)."""
        return self.status == PlanStatus.ADOPTED

    @property
    def is_read_only(self) -> bool:
        """No change of any kind: vastgesteld, or moved to another release (plans/changes.refuse_if_read_only)."""
        return self.is_adopted or self.is_superseded

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.start_year, self.start_year + self.horizon))


class PlanDevelopment(models.Model):
    CapacityType = CapacityType  # one enum for the catalogue and plans (core/enums.py)

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="choices")
    development = models.ForeignKey(Development, on_delete=models.PROTECT, related_name="+")
    included = models.BooleanField(_("opnemen in plan"), default=True)
    priority = models.CharField(_("prioriteit"), max_length=10, choices=Priority.choices, default=Priority.SHOULD)
    capacity_type = models.CharField(_("basiscapaciteit of wendbaarheid"), max_length=20, choices=CapacityType.choices)
    start_year = models.PositiveIntegerField(_("startjaar"))
    motivation = models.TextField(_("motivering"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["development__domain__order", "development__order", "development__title"]
        constraints = [models.UniqueConstraint(fields=["plan", "development"], name="one_choice_per_development")]
        verbose_name = _("keuze voor een ontwikkeling")
        verbose_name_plural = _("keuzes voor ontwikkelingen")

    def __str__(self):
        return f"{self.plan}: {self.development}"

    @property
    def counts(self) -> bool:
        """In the budget: included, and not put aside as won't-have."""
        return self.included and self.priority != Priority.WONT


class LineAdjustment(models.Model):
    """The plan's own choice for one line of the model: leave it out, or use its own figure."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="adjustments")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="+")
    excluded = models.BooleanField(_("niet opnemen"), default=False)
    amount = models.DecimalField(_("eigen bedrag (euro)"), max_digits=14, decimal_places=2, null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("eigen uren per week"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reden"), blank=True, max_length=TEXT_LIMIT)
    price_year = models.PositiveIntegerField(
        _("prijspeil eigen bedrag"),
        null=True,
        blank=True,
        help_text=_(
            "Het prijspeil: het jaar waarvan de prijzen in het eigen bedrag gelden; leeg: het eerste jaar van het plan."
        ),
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "budget_line"], name="one_adjustment_per_line")]
        verbose_name = _("aanpassing van een regel")
        verbose_name_plural = _("aanpassingen van regels")

    def __str__(self):
        return f"{self.plan}: {self.budget_line}"

    @property
    def overrides(self) -> bool:
        return self.amount is not None or self.hours_per_week is not None


class ExtraLine(models.Model):
    """A line the municipality adds itself, under one of the edition's developments."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="extra_lines")
    development = models.ForeignKey(Development, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("omschrijving"), max_length=300)
    kind = models.CharField(_("soort"), max_length=20, choices=BudgetLine.Kind.choices)
    category = models.CharField(_("categorie"), max_length=20, choices=BudgetLine.Category.choices)
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=14, decimal_places=2, null=True, blank=True)
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=6, decimal_places=2, null=True, blank=True)
    salary_scale = models.PositiveSmallIntegerField(_("salarisschaal"), null=True, blank=True)
    offset = models.PositiveSmallIntegerField(_("start (jaren na begin)"), default=0)
    spread = models.PositiveSmallIntegerField(_("spreiding (jaren)"), default=1)
    reason = models.TextField(_("onderbouwing"), max_length=TEXT_LIMIT)
    # Typed by the municipality, or its share in a collective provision (added and removed by the consultation
    # app's services when a plan joins or leaves one).
    origin = models.CharField(_("herkomst"), max_length=20, choices=LineOrigin.choices, default=LineOrigin.OWN)
    price_year = models.PositiveIntegerField(
        _("prijspeil bedrag"),
        null=True,
        blank=True,
        help_text=_(
            "Het prijspeil: het jaar waarvan de prijzen in het bedrag gelden; leeg: het eerste jaar van het plan."
        ),
    )

    class Meta:
        ordering = ["development", "pk"]
        verbose_name = _("eigen regel")
        verbose_name_plural = _("eigen regels")

    def __str__(self):
        return f"{self.plan}: {self.description}"


class ChangeKind(models.TextChoices):
    """What a PlanChange did; its label is the change's title in the history."""

    CREATED = "created", _("Plan aangemaakt")
    SETTINGS = "settings", _("Uitgangspunten gewijzigd")
    CHOICES = "choices", _("Keuzes voor ontwikkelingen gewijzigd")
    LINES = "lines", _("Regels aangepast")
    EXTRA_ADDED = "extra_added", _("Eigen regel toegevoegd")
    EXTRA_CHANGED = "extra_changed", _("Eigen regel gewijzigd")
    EXTRA_DELETED = "extra_deleted", _("Eigen regel verwijderd")
    MIGRATED = "migrated", _("Overgezet naar een andere release")
    SHARED_JOINED = "shared_joined", _("Aangesloten bij een gezamenlijke voorziening")
    SHARED_LEFT = "shared_left", _("Gezamenlijke voorziening verlaten")
    STATUS = "status", _("Status gewijzigd")
    SCENARIO = "scenario", _("Scenario gemaakt")


class PlanChange(models.Model):
    """One saved change to a plan: who, when, what kind, and the facts (plans/changes.py), which are
    rendered in the reader's language. `summary` only holds the Dutch title of a change recorded
    before history stored facts (and is kept for it); a new change has a `kind` instead."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField(_("versie na wijziging"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    kind = models.CharField(_("soort wijziging"), max_length=20, choices=ChangeKind.choices, blank=True)
    summary = models.CharField(_("samenvatting (oud formaat)"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=list, blank=True)
    # The plan's totals per year right after this change, as the budget engine gave them: {"2027":
    # {"incidental": "12000.00", "structural": "...", "fte": "1.20"}, ...}. The summary page of an export shows
    # the change against the previous version from these; empty for changes saved before they were kept.
    totals = models.JSONField(_("totalen na wijziging"), default=dict, blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingen")

    def __str__(self):
        return f"{self.plan} v{self.version}: {self.summary or self.get_kind_display()}"


# The fields a user edits, per model: the services save and record exactly these, the forms show them
# (the settings form without salary_overrides, which has its own fields).
SETTINGS_FIELDS = [
    "title",
    "inhabitants",
    "employees",
    "departments",
    "profile_provenance",
    "start_year",
    "horizon",
    "hours_per_fte",
    "wage_index_percent",
    "price_index_percent",
    "assumptions_note",
    "salary_overrides",
]
CHOICE_FIELDS = ["included", "priority", "capacity_type", "start_year", "motivation"]
ADJUSTMENT_FIELDS = ["excluded", "amount", "hours_per_week", "price_year", "reason"]
EXTRA_FIELDS = [
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


class FrozenExport(models.Model):
    """A plan's export as it was when the plan was vastgesteld: served instead of a fresh one from then on,
    so the council's document never changes (plans/status.py). One per plan and format."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="frozen_exports")
    fmt = models.CharField(_("formaat"), max_length=10)
    version = models.PositiveIntegerField(_("versie van het plan"))
    content = models.BinaryField(_("inhoud"))
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "fmt"], name="one_frozen_export_per_format")]
        verbose_name = _("vastgelegde export")
        verbose_name_plural = _("vastgelegde exports")

    def __str__(self):
        return f"{self.plan} ({self.fmt}, v{self.version})"
