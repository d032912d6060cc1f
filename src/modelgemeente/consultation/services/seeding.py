"""Creating the shipped example regions and provisions (consultation/seed.py) that do not exist yet.

An existing region or provision (same slug) is never changed or deleted: administrators may have edited it.
Running it again creates only what is missing, so it is safe to run after every deploy.
"""

from dataclasses import asdict, dataclass, field

from django.db import transaction

from ..models import Provision, Region
from ..seed import ProvisionSeed, RegionSeed


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)  # slugs
    existing: list[str] = field(default_factory=list)  # slugs, left as they are


def _create_missing(model, seeds) -> SeedReport:
    """Create a `model` row for every seed whose slug is not taken; the seed's fields are the model's fields."""
    report = SeedReport()
    taken = set(model.objects.filter(slug__in=[s.slug for s in seeds]).values_list("slug", flat=True))
    for seed in seeds:
        if seed.slug in taken:
            report.existing.append(seed.slug)
            continue
        model.objects.create(**{k: list(v) if isinstance(v, tuple) else v for k, v in asdict(seed).items()})
        taken.add(seed.slug)
        report.created.append(seed.slug)
    return report


@transaction.atomic
def create_missing_examples(
    regions: list[RegionSeed], provisions: list[ProvisionSeed]
) -> tuple[SeedReport, SeedReport]:
    """Create the regions and provisions that do not exist yet, all or nothing; report per kind."""
    return _create_missing(Region, regions), _create_missing(Provision, provisions)
