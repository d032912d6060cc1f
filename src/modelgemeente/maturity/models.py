"""Digital maturity, product digitalisation and measurable ambitions of an organisation (docs/maturity-method.md).

- An **Assessment** is an organisation's self-assessment of one year, made against the maturity model of a
  published release (catalog.MaturityDimension/MaturityStatement, PROTECT). It has an Answer per statement and a
  DimensionResult per dimension: the level the scoring rule gives (stored, recomputed by the service on every save)
  and the organisation's target (4, "gemanaged", unless it sets another).
- A **ProductMeasurement** is an organisation's measurement of one year: per product of the product list
  (data/products, referred to by its id) its own yearly volume (or none: the list's estimate is used), its digital
  level 0-5 and the login it offers.
- An **Ambition** is a measurable target per year (weighted index 70% in 2027, level 4 on services by 2028, ...),
  linked to a plan and to the developments of that plan that should get it there.

Every save raises `version` (refused when someone else saved in between) and writes a MaturityChange.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelgemeente.catalog.models import Edition, MaturityDimension, MaturityStatement
from modelgemeente.core.enums import (
    MATURITY_TARGET,
    AmbitionMetric,
    AnswerValue,
    Authentication,
    DigitalLevel,
    MaturityLevel,
)
from modelgemeente.core.models import Versioned
from modelgemeente.plans.models import TEXT_LIMIT, Organisation, Plan


class Assessment(Versioned):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="maturity_assessments")
    year = models.PositiveIntegerField(_("jaar"))
    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="+", verbose_name=_("release van het volwassenheidsmodel")
    )
    share_with_peers = models.BooleanField(
        _("anoniem meetellen in het gemiddelde van andere organisaties"),
        default=True,
        help_text=_("Gemiddelden worden alleen getoond als minstens 5 organisaties meetellen."),
    )
    note = models.TextField(_("toelichting"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["organisation", "-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="one_assessment_per_year")]
        verbose_name = _("zelfevaluatie digitale volwassenheid")
        verbose_name_plural = _("zelfevaluaties digitale volwassenheid")

    def __str__(self):
        return f"{self.organisation} {self.year}"


class DimensionResult(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    dimension = models.ForeignKey(MaturityDimension, on_delete=models.PROTECT, related_name="+")
    # The level the scoring rule gives; empty while a statement of the dimension is unanswered.
    level = models.PositiveSmallIntegerField(_("niveau"), choices=MaturityLevel.choices, null=True, blank=True)
    target = models.PositiveSmallIntegerField(_("doelniveau"), choices=MaturityLevel.choices, default=MATURITY_TARGET)
    note = models.TextField(_("toelichting"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["assessment", "dimension__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "dimension"], name="one_result_per_dimension")]
        verbose_name = _("uitkomst per dimensie")
        verbose_name_plural = _("uitkomsten per dimensie")

    def __str__(self):
        return f"{self.assessment}: {self.dimension}"

    @property
    def gap(self) -> int:
        """Levels still to go to the target (0 when reached or not yet scored)."""
        return max(0, self.target - self.level) if self.level else 0


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(MaturityStatement, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("antwoord"), choices=AnswerValue.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "statement"], name="one_answer_per_statement")]
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")

    def __str__(self):
        return f"{self.statement}: {self.get_value_display()}"


class ProductMeasurement(Versioned):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="product_measurements")
    year = models.PositiveIntegerField(_("jaar"))
    inhabitants = models.PositiveIntegerField(_("inwoners"), validators=[MinValueValidator(1)])
    inhabitants_source = models.TextField(_("herkomst inwonertal"), max_length=TEXT_LIMIT)
    note = models.TextField(_("toelichting"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["organisation", "-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="one_measurement_per_year")]
        verbose_name = _("meting productdigitalisering")
        verbose_name_plural = _("metingen productdigitalisering")

    def __str__(self):
        return f"{self.organisation} {self.year}"


class ProductScore(models.Model):
    measurement = models.ForeignKey(ProductMeasurement, on_delete=models.CASCADE, related_name="scores")
    # The id of the product in data/products/producten.yaml; kept when the list drops the product.
    product = models.SlugField(_("product"), max_length=120)
    volume = models.PositiveIntegerField(
        _("eigen aantal per jaar"), null=True, blank=True, help_text=_("Leeg: de schatting uit de productlijst.")
    )
    volume_source = models.CharField(_("herkomst eigen aantal"), max_length=500, blank=True)
    level = models.PositiveSmallIntegerField(
        _("digitaal niveau"), choices=DigitalLevel.choices, null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    offered_authentication = models.CharField(
        _("inlog die het product nu vraagt"), max_length=30, choices=Authentication.choices, blank=True
    )

    class Meta:
        ordering = ["measurement", "product"]
        constraints = [models.UniqueConstraint(fields=["measurement", "product"], name="one_score_per_product")]
        verbose_name = _("score per product")
        verbose_name_plural = _("scores per product")

    def __str__(self):
        return f"{self.measurement}: {self.product}"


class Ambition(Versioned):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ambitions")
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="ambitions", verbose_name=_("plan")
    )
    title = models.CharField(_("titel"), max_length=200)
    metric = models.CharField(_("maatstaf"), max_length=30, choices=AmbitionMetric.choices)
    # For AmbitionMetric.MATURITY_LEVEL: the id of the dimension (stable across releases).
    dimension = models.SlugField(_("dimensie"), max_length=80, blank=True)
    # Ids of the developments of the plan that should bring the target within reach.
    developments = models.JSONField(_("ontwikkelingen"), default=list, blank=True)
    note = models.TextField(_("toelichting"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["organisation", "title"]
        verbose_name = _("ambitie")
        verbose_name_plural = _("ambities")

    def __str__(self):
        return self.title


class AmbitionTarget(models.Model):
    ambition = models.ForeignKey(Ambition, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveIntegerField(_("jaar"))
    value = models.DecimalField(_("doelwaarde"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["ambition", "year"]
        constraints = [models.UniqueConstraint(fields=["ambition", "year"], name="one_target_per_year")]
        verbose_name = _("doel per jaar")
        verbose_name_plural = _("doelen per jaar")

    def __str__(self):
        return f"{self.ambition} {self.year}: {self.value}"


class MaturityChange(models.Model):
    """The history: who changed which assessment, measurement or ambition, when, and what (facts, not sentences)."""

    class Subject(models.TextChoices):
        ASSESSMENT = "zelfevaluatie", _("zelfevaluatie")
        MEASUREMENT = "meting", _("meting productdigitalisering")
        AMBITION = "ambitie", _("ambitie")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="maturity_changes")
    subject = models.CharField(_("onderwerp"), max_length=20, choices=Subject.choices)
    subject_id = models.PositiveIntegerField()
    version = models.PositiveIntegerField(_("versie"))
    summary = models.CharField(_("samenvatting"), max_length=300)
    details = models.JSONField(_("wijzigingen"), default=list, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingen")

    def __str__(self):
        return self.summary
