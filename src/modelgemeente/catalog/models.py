"""The catalogue: editions of the model and what they contain.

An edition is loaded from content files (content/editions/<year>/) by the
`load_edition` command; see docs/content-format.md. Rows that come from files
are never edited in the app: the files in git are the source of truth.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from modelgemeente.core.enums import (
    CapacityType,
    Category,
    Driver,
    EditionStatus,
    LineKind,
    MaturityLevel,
    ProvenanceType,
)


class ImmutableRelease(Exception):
    """Raised when something tries to change a published release."""


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(number__isnull=False)

    def concepts(self):
        return self.filter(number__isnull=True)


class Edition(models.Model):
    """One release of a year's edition, or that year's concept (number empty).

    A year's edition goes through the statuses of `EditionStatus`; each step publishes a release
    (catalog.services.publish_release): the concept becomes release `<year>.<number>`, with its date, who published it
    and its release notes, and never changes again. A correction after publication is a new release of
    the same year with its reason. Every release has its own rows (domains, developments, lines, laws,
    opgaven), matched across releases by their ids from the files (`slug`), so that two releases can be
    compared and a plan, pinned to one release, can move to another (plans/migration.py).
    """

    Status = EditionStatus

    year = models.PositiveIntegerField(_("jaar"))
    number = models.PositiveSmallIntegerField(_("releasenummer"), null=True, blank=True)
    title = models.CharField(_("titel"), max_length=200)
    status = models.CharField(_("status"), max_length=30, choices=EditionStatus.choices, default=EditionStatus.CONCEPT)
    published_on = models.DateField(_("gepubliceerd op"), null=True, blank=True)
    published_at = models.DateTimeField(_("tijdstip van publicatie"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gepubliceerd door"),
    )
    release_notes = models.TextField(_("releasenotes (Markdown)"), blank=True)
    correction_reason = models.TextField(_("reden van de correctie"), blank=True)
    introduction = models.TextField(_("inleiding"))
    reference_name = models.CharField(_("naam referentiegemeente"), max_length=100)
    reference_inhabitants = models.PositiveIntegerField(_("inwoners referentiegemeente"))
    reference_employees = models.PositiveIntegerField(_("medewerkers referentiegemeente"))
    reference_departments = models.PositiveIntegerField(_("afdelingen referentiegemeente"))
    reference_provenance = models.TextField(_("herkomst referentiegemeente"))
    maturity_target = models.PositiveSmallIntegerField(_("ambitie digitale volwassenheid"), null=True, blank=True)
    maturity_introduction = models.TextField(_("inleiding volwassenheidsmodel"), blank=True)
    base_price_year = models.PositiveIntegerField(_("prijspeil (basisjaar)"))
    hours_per_fte = models.DecimalField(_("uren per fte per week"), max_digits=5, decimal_places=2)
    salary_table = models.CharField(_("salaristabel"), max_length=100)
    wage_index_percent = models.DecimalField(_("loonindex % per jaar"), max_digits=5, decimal_places=2)
    wage_index_provenance = models.TextField(_("herkomst loonindex"))
    price_index_percent = models.DecimalField(_("prijsindex % per jaar"), max_digits=5, decimal_places=2)
    price_index_provenance = models.TextField(_("herkomst prijsindex"))
    source_path = models.CharField(_("bronmap"), max_length=500)
    content_hash = models.CharField(_("controlegetal inhoud"), max_length=64)
    loaded_at = models.DateTimeField(_("geladen op"))

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", models.F("number").desc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="release_number_unique_per_year"),
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(number__isnull=True), name="one_concept_per_year"
            ),
        ]
        verbose_name = _("editie (release)")
        verbose_name_plural = _("edities (releases)")

    def __str__(self):
        return f"{self.title} ({self.release_label})"

    def save(self, *args, **kwargs):
        # A published release never changes: only a concept row is written (publishing is the last
        # write of a concept, done by catalog.services.publish_release).
        if self.pk and Edition.objects.filter(pk=self.pk, number__isnull=False).exists():
            raise ImmutableRelease(f"release {self.release_id} is gepubliceerd en verandert niet meer")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:edition", args=[self.year])

    @property
    def is_published(self) -> bool:
        return self.number is not None

    @property
    def is_correction(self) -> bool:
        return bool(self.correction_reason)

    @property
    def release_id(self) -> str:
        """How URLs and the API name a release: 2026.2, or 2027.concept."""
        return f"{self.year}.{self.number}" if self.is_published else f"{self.year}.concept"

    @property
    def release_title(self) -> str:
        """What a council document names as its source: 'Modelgemeente 2026 (release 2026.2, begroting
        vastgesteld, 1 juli 2026)', or the concept's 'Modelgemeente 2027 (concept 2027, niet gepubliceerd)'."""
        if not self.is_published:
            return str(
                _("%(title)s (%(label)s, niet gepubliceerd)") % {"title": self.title, "label": self.release_label}
            )
        return str(
            _("%(title)s (%(label)s, %(status)s, %(date)s)")
            % {
                "title": self.title,
                "label": self.release_label,
                "status": self.get_status_display(),
                "date": date_format(self.published_on, "j F Y"),
            }
        )

    @property
    def release_label(self) -> str:
        if self.is_published:
            return str(_("release %(id)s") % {"id": self.release_id})
        return str(_("concept %(year)s") % {"year": self.year})


class Domain(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="domains")
    slug = models.SlugField(_("id"), max_length=80)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"))
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["edition", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="domain_unique_per_edition")]
        verbose_name = _("domein")
        verbose_name_plural = _("domeinen")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:domain", args=[self.edition.year, self.slug])


class Opgave(models.Model):
    """A recognisable long-term administrative task: the 'kapstok'."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="opgaven")
    slug = models.SlugField(_("id"), max_length=80)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"))
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["edition", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="opgave_unique_per_edition")]
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaven")

    def __str__(self):
        return self.name


class Law(models.Model):
    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("in werking")
        EXPECTED = "expected", _("verwacht")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="laws")
    slug = models.SlugField(_("id"), max_length=80)
    name = models.CharField(_("naam"), max_length=200)
    in_force = models.DateField(_("in werking per"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    status_note = models.TextField(_("toelichting status"), blank=True)
    summary = models.TextField(_("samenvatting"))
    url = models.URLField(_("vindplaats"), max_length=500, blank=True)

    class Meta:
        ordering = ["edition", "in_force", "name"]
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="law_unique_per_edition")]
        verbose_name = _("wet")
        verbose_name_plural = _("wetten")

    def __str__(self):
        return self.name


class Development(models.Model):
    CapacityType = CapacityType

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="developments")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="developments")
    slug = models.SlugField(_("id"), max_length=80)
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"))
    body_markdown = models.TextField(_("tekst (Markdown)"))
    body_html = models.TextField(_("tekst (HTML, opgeschoond)"))
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    horizon_from = models.PositiveIntegerField(_("horizon vanaf"))
    horizon_to = models.PositiveIntegerField(_("horizon tot en met"))
    capacity_type = models.CharField(_("basiscapaciteit of wendbaarheid"), max_length=20, choices=CapacityType.choices)
    gemma_components = models.JSONField(_("GEMMA-referentiecomponenten"), default=list, blank=True)
    collective_candidate = models.BooleanField(_("kandidaat collectieve voorziening"))
    collective_reason = models.TextField(_("toelichting collectieve voorziening"))
    laws = models.ManyToManyField(Law, related_name="developments", blank=True, verbose_name=_("wetten"))
    opgaven = models.ManyToManyField(Opgave, related_name="developments", blank=True, verbose_name=_("opgaven"))
    related = models.ManyToManyField("self", symmetrical=False, blank=True, verbose_name=_("gerelateerd"))
    source_file = models.CharField(_("bronbestand"), max_length=500)

    class Meta:
        ordering = ["edition", "domain__order", "order", "title"]
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="development_unique_per_edition")]
        verbose_name = _("ontwikkeling")
        verbose_name_plural = _("ontwikkelingen")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalog:development", args=[self.edition.year, self.slug])


class BudgetLine(models.Model):
    """One line of the ICT budget of a development (method: docs/budget-method.md)."""

    # The fields of a line as its content file gives them, in that order: the admin and the API show these.
    CONTENT_FIELDS = (
        "slug",
        "description",
        "kind",
        "category",
        "amount",
        "hours_per_week",
        "salary_scale",
        "driver",
        "exponent",
        "offset",
        "spread",
        "provenance_type",
        "provenance_text",
    )

    # The enums are defined once, in core/enums.py; these names keep `BudgetLine.Kind.STRUCTURAL` readable.
    Kind = LineKind
    Category = Category
    Driver = Driver
    ProvenanceType = ProvenanceType

    development = models.ForeignKey(Development, on_delete=models.CASCADE, related_name="budget_lines")
    slug = models.SlugField(_("id"), max_length=80)
    description = models.CharField(_("omschrijving"), max_length=300)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("categorie"), max_length=20, choices=Category.choices)
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=14, decimal_places=2, null=True, blank=True)
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=6, decimal_places=2, null=True, blank=True)
    salary_scale = models.PositiveSmallIntegerField(_("salarisschaal"), null=True, blank=True)
    driver = models.CharField(_("schaalt met"), max_length=20, choices=Driver.choices)
    exponent = models.DecimalField(_("exponent"), max_digits=4, decimal_places=3)
    offset = models.PositiveSmallIntegerField(_("start (jaren na begin)"), default=0)
    spread = models.PositiveSmallIntegerField(_("spreiding (jaren)"), default=1)
    provenance_type = models.CharField(_("herkomst"), max_length=20, choices=ProvenanceType.choices)
    provenance_text = models.TextField(_("toelichting herkomst"))
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["development", "order"]
        constraints = [
            models.UniqueConstraint(fields=["development", "slug"], name="budget_line_unique_per_development")
        ]
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")

    def __str__(self):
        return self.description

    @property
    def is_capacity(self) -> bool:
        return self.hours_per_week is not None

    def scaling_label(self) -> str:
        if self.driver == self.Driver.FIXED or self.exponent == 0:
            return str(_("vast, gelijk voor elke gemeente"))
        driver = self.get_driver_display()
        if self.exponent == 1:
            return str(_("%(driver)s, evenredig") % {"driver": driver})
        exponent = format(self.exponent.normalize(), "f").replace(".", ",")
        return str(
            _("%(driver)s, met schaalvoordeel (exponent %(exponent)s)") % {"driver": driver, "exponent": exponent}
        )

    def planning_label(self) -> str:
        start = self.offset + 1
        if self.kind == self.Kind.STRUCTURAL:
            return str(_("elk jaar vanaf jaar %(start)s") % {"start": start})
        if self.spread == 1:
            return str(_("eenmalig in jaar %(start)s") % {"start": start})
        return str(_("verdeeld over jaar %(start)s t/m %(end)s") % {"start": start, "end": start + self.spread - 1})


class MaturityDimension(models.Model):
    """One dimension of the edition's maturity model (maturity.yaml; docs/maturity-method.md): a plain-Dutch
    descriptor per level 1-5 and the developments of the edition that raise it."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="maturity_dimensions")
    slug = models.SlugField(_("id"), max_length=80)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"))
    levels = models.JSONField(_("omschrijving per niveau"), default=dict)  # {"1": "...", ..., "5": "..."}
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    developments = models.ManyToManyField(
        Development, related_name="maturity_dimensions", blank=True, verbose_name=_("ontwikkelingen die dit verhogen")
    )

    class Meta:
        ordering = ["edition", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="dimension_unique_per_edition")]
        verbose_name = _("dimensie van digitale volwassenheid")
        verbose_name_plural = _("dimensies van digitale volwassenheid")

    def __str__(self):
        return self.name

    def descriptor(self, level: int) -> str:
        return self.levels.get(str(level), "")


class MaturityStatement(models.Model):
    """A statement of the self-assessment, answered nee/deels/ja; it counts towards one level of its dimension."""

    dimension = models.ForeignKey(MaturityDimension, on_delete=models.CASCADE, related_name="statements")
    slug = models.SlugField(_("id"), max_length=80)
    level = models.PositiveSmallIntegerField(_("niveau"), choices=MaturityLevel.choices)
    text = models.TextField(_("stelling"))
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["dimension", "level", "order"]
        constraints = [models.UniqueConstraint(fields=["dimension", "slug"], name="statement_unique_per_dimension")]
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")

    def __str__(self):
        return self.text
