"""Reading an organisation's maturity data into the figures of measures.py: the level per dimension of an
assessment, peer averages, a measurement's digitalisation, and the measured value of an ambition per year.

Shared by pages, API, the plan export section and the services (which store the computed levels)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from modelgemeente.catalog.models import MaturityDimension
from modelgemeente.core.enums import AmbitionMetric

from . import measures, productlist
from .models import Assessment, DimensionResult, ProductMeasurement

HUNDRED = Decimal(100)


# Maturity ---------------------------------------------------------------------------------------------------


def dimensions_of(assessment: Assessment):
    return MaturityDimension.objects.filter(edition=assessment.edition).prefetch_related("statements")


def computed_levels(assessment: Assessment, answers: dict[int, int] | None = None) -> dict[int, int | None]:
    """{dimension pk: level by the scoring rule} from {statement pk: points} (default: the saved answers)."""
    if answers is None:
        answers = dict(assessment.answers.values_list("statement_id", "value"))
    levels = {}
    for dimension in dimensions_of(assessment):
        by_level = defaultdict(list)
        for statement in dimension.statements.all():
            by_level[statement.level].append(answers.get(statement.pk))
        levels[dimension.pk] = measures.maturity_level(by_level)
    return levels


def results_by_slug(assessment: Assessment) -> dict[str, DimensionResult]:
    return {r.dimension.slug: r for r in assessment.results.select_related("dimension")}


@dataclass(frozen=True)
class Peers:
    organisations: int  # organisations that shared an assessment of the year
    averages: dict[str, Decimal | None]  # dimension id -> average level, None below the minimum

    @property
    def shown(self) -> bool:
        return self.organisations >= measures.PEER_MINIMUM


def peers(year: int) -> Peers:
    """Anonymised averages per dimension over the organisations that shared their assessment of `year`; only
    dimensions scored by at least PEER_MINIMUM organisations get an average."""
    rows = DimensionResult.objects.filter(
        assessment__year=year, assessment__share_with_peers=True, level__isnull=False
    ).values_list("dimension__slug", "level")
    per_dimension = defaultdict(list)
    for slug, level in rows:
        per_dimension[slug].append(level)
    count = Assessment.objects.filter(year=year, share_with_peers=True).count()
    return Peers(count, {slug: measures.peer_average(levels) for slug, levels in per_dimension.items()})


# Product digitalisation ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductRow:
    product: "productlist.Product | None"  # None: the product left the list; its score is kept
    product_id: str
    volume: Decimal
    volume_estimated: bool
    level: int | None
    offered: str
    input: measures.ProductInput


def product_rows(measurement: ProductMeasurement) -> list[ProductRow]:
    """Every product of the list, with the organisation's score where it has one; then scores of products that
    are no longer on the list. A product without an own volume gets the list's estimate for the inhabitants."""
    scores = {s.product: s for s in measurement.scores.all()}
    rows = []
    for product in productlist.products():
        rows.append(_row(product.id, product, scores.pop(product.id, None), measurement.inhabitants))
    for product_id, score in sorted(scores.items()):
        rows.append(_row(product_id, None, score, measurement.inhabitants))
    return rows


def _row(product_id, product, score, inhabitants) -> ProductRow:
    own = score.volume if score is not None else None
    if own is not None:
        volume, estimated = Decimal(own), False
    else:
        volume, estimated = (product.estimated_volume(inhabitants) if product else Decimal(0)), True
    level = score.level if score is not None else None
    offered = score.offered_authentication if score is not None else ""
    needed = product.auth_level if product else "geen"
    return ProductRow(
        product,
        product_id,
        volume,
        estimated,
        level,
        offered,
        measures.ProductInput(product_id, volume, level, needed, offered),
    )


def measurement_result(
    measurement: ProductMeasurement, rows: list[ProductRow] | None = None
) -> measures.Digitalisation:
    rows = rows if rows is not None else product_rows(measurement)
    return measures.digitalisation(row.input for row in rows)


# Ambitions --------------------------------------------------------------------------------------------------


def actual_values(organisation, metric: str, dimension: str = "") -> dict[int, Decimal | None]:
    """The measured value of a metric per year in which the organisation measured it (percentages 0-100 for the
    indices and the login share, the level 1-5 for maturity)."""
    if metric == AmbitionMetric.MATURITY_LEVEL:
        rows = DimensionResult.objects.filter(assessment__organisation=organisation, dimension__slug=dimension)
        return {
            year: (Decimal(level) if level is not None else None)
            for year, level in rows.values_list("assessment__year", "level").order_by("assessment__year")
        }
    values = {}
    for measurement in organisation.product_measurements.prefetch_related("scores").order_by("year"):
        result = measurement_result(measurement)
        if metric == AmbitionMetric.WEIGHTED_INDEX:
            value = result.weighted
        elif metric == AmbitionMetric.UNWEIGHTED_INDEX:
            value = result.unweighted
        else:
            value = result.authentication_right
        values[measurement.year] = value * HUNDRED if value is not None else None
    return values
