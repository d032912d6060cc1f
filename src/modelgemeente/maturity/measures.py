"""The calculations of docs/maturity-method.md, in pure Python: from answers to a maturity level, and from product
volumes and digital levels to the unweighted and the volume-weighted digitalisation index.

No Django and no database (an import-linter contract keeps it so), so that pages, API, exports and the property
tests use one implementation. Money is not computed here: a development's cost comes from the budget engine.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

# Answer points: nee 0, deels 1, ja 2 (core.enums.AnswerValue).
MAX_POINTS = 2
# A level is reached when its statements score at least this share of their maximum points.
LEVEL_THRESHOLD = Decimal("0.75")
LOWEST_LEVEL, HIGHEST_LEVEL = 1, 5
# The highest digital level of a product (core.enums.DigitalLevel.PROACTIVE).
TOP_DIGITAL_LEVEL = 5
# Digital level from which a product has an online service, so its login can be checked.
ONLINE_LEVEL = 2
# Peer averages are shown only when at least this many organisations contribute.
PEER_MINIMUM = 5


# Maturity ---------------------------------------------------------------------------------------------------


def level_fulfilment(points: Iterable[int]) -> Decimal:
    """The share of the maximum points that the answers to one level's statements score (0-1)."""
    points = list(points)
    if not points:
        return Decimal(0)
    return Decimal(sum(points)) / Decimal(MAX_POINTS * len(points))


def maturity_level(answers: Mapping[int, list[int | None]]) -> int | None:
    """The level of one dimension from {level: [points of each statement of that level, None if unanswered]}.

    Level L (2-5) is reached when its statements score at least 75% of their maximum and every level below is
    reached; the dimension's level is the highest level reached, at least 1. None while any statement is unanswered.
    """
    if any(p is None for points in answers.values() for p in points):
        return None
    level = LOWEST_LEVEL
    for candidate in range(LOWEST_LEVEL + 1, HIGHEST_LEVEL + 1):
        points = answers.get(candidate, [])
        if not points or level_fulfilment(points) < LEVEL_THRESHOLD:
            break
        level = candidate
    return level


def peer_average(levels: Iterable[int]) -> Decimal | None:
    """The average of the levels, or None when fewer than PEER_MINIMUM organisations contribute."""
    levels = list(levels)
    if len(levels) < PEER_MINIMUM:
        return None
    return Decimal(sum(levels)) / Decimal(len(levels))


# Product digitalisation ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductInput:
    id: str
    volume: Decimal  # requests a year: the organisation's own figure or the list's estimate
    level: int | None  # digital level 0-5, None when not assessed
    needed: str = "geen"  # core.enums.Authentication value the product needs
    offered: str = ""  # the login it offers now ("" when not given)


@dataclass(frozen=True)
class Impact:
    """What raising a product one digital step does to the weighted index."""

    id: str
    volume: Decimal
    level: int
    remaining: int  # steps to the top level
    score: Decimal  # volume x remaining steps: the ranking key
    gain_per_step: Decimal  # points of the weighted index (0-1) that one step adds


@dataclass(frozen=True)
class Mismatch:
    id: str
    kind: str  # one of MISMATCH_KINDS
    needed: str
    offered: str


# too_low: needs a higher assurance level than it offers; not_needed: asks for a login without needing one;
# wrong_means: DigiD where eHerkenning is needed or the reverse (or no login where one is needed);
# higher_than_needed: a remark, not a mismatch.
MISMATCH_KINDS = ("too_low", "not_needed", "wrong_means", "higher_than_needed")


@dataclass(frozen=True)
class Digitalisation:
    unweighted: Decimal | None  # 0-1: Σ level / (n × 5)
    weighted: Decimal | None  # 0-1: Σ(volume × level) / Σ(volume × 5)
    assessed: int  # products with a level
    not_assessed: int
    total_volume: Decimal
    authentication_right: Decimal | None = None  # 0-1, see authentication_right_share
    ranking: list[Impact] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def difference(self) -> Decimal | None:
        if self.unweighted is None or self.weighted is None:
            return None
        return self.weighted - self.unweighted


def unweighted_index(levels: Iterable[int]) -> Decimal | None:
    """Every product counts equally, as the published measurements do."""
    levels = list(levels)
    if not levels:
        return None
    return Decimal(sum(levels)) / Decimal(len(levels) * TOP_DIGITAL_LEVEL)


def weighted_index(items: Iterable[tuple[Decimal, int]]) -> Decimal | None:
    """Σ(volume × level) / Σ(volume × 5) over (volume, level) pairs; None when the total volume is 0."""
    items = list(items)
    total = sum((Decimal(v) for v, _ in items), Decimal(0))
    if total <= 0:
        return None
    return sum((Decimal(v) * level for v, level in items), Decimal(0)) / (total * TOP_DIGITAL_LEVEL)


def ranking(products: Iterable[ProductInput]) -> list[Impact]:
    """Products below the top level, by volume × remaining levels (largest first, then by id)."""
    assessed = [p for p in products if p.level is not None]
    total = sum((p.volume for p in assessed), Decimal(0))
    out = []
    for p in assessed:
        remaining = TOP_DIGITAL_LEVEL - p.level
        if remaining <= 0 or p.volume <= 0:
            continue
        gain = p.volume / (total * TOP_DIGITAL_LEVEL) if total > 0 else Decimal(0)
        out.append(Impact(p.id, p.volume, p.level, remaining, p.volume * remaining, gain))
    return sorted(out, key=lambda i: (-i.score, i.id))


def _family(value: str) -> str:
    return value.split("-")[0]


def _rank(value: str) -> int:
    order = {
        "geen": 0,
        "digid-basis": 1,
        "digid-midden": 2,
        "digid-substantieel": 3,
        "digid-hoog": 4,
        "eherkenning-eh1": 1,
        "eherkenning-eh2": 2,
        "eherkenning-eh2plus": 3,
        "eherkenning-eh3": 4,
        "eherkenning-eh4": 5,
    }
    return order.get(value, 0)


def authentication_mismatch(needed: str, offered: str) -> str | None:
    """One of MISMATCH_KINDS, or None when the login offered fits what the product needs."""
    if not offered or offered == needed:
        return None
    if needed == "geen":
        return "not_needed"
    if offered == "geen" or _family(offered) != _family(needed):
        return "wrong_means"
    return "too_low" if _rank(offered) < _rank(needed) else "higher_than_needed"


def mismatches(products: Iterable[ProductInput]) -> list[Mismatch]:
    """Login mismatches of the products that have an online service (level 2 or higher)."""
    out = []
    for p in products:
        if p.level is None or p.level < ONLINE_LEVEL:
            continue
        kind = authentication_mismatch(p.needed, p.offered)
        if kind:
            out.append(Mismatch(p.id, kind, p.needed, p.offered))
    return out


def authentication_right_share(products: Iterable[ProductInput]) -> Decimal | None:
    """Of the products that need a login: the share offered online (level 2+) with a login of the right means at
    least at the needed level. None when no product needs a login."""
    needing = [p for p in products if p.needed != "geen" and p.level is not None]
    if not needing:
        return None
    right = [
        p
        for p in needing
        if p.level >= ONLINE_LEVEL
        and p.offered
        and authentication_mismatch(p.needed, p.offered) in (None, "higher_than_needed")
    ]
    return Decimal(len(right)) / Decimal(len(needing))


def digitalisation(products: Iterable[ProductInput]) -> Digitalisation:
    products = list(products)
    assessed = [p for p in products if p.level is not None]
    return Digitalisation(
        unweighted=unweighted_index(p.level for p in assessed),
        weighted=weighted_index((p.volume, p.level) for p in assessed),
        assessed=len(assessed),
        not_assessed=len(products) - len(assessed),
        total_volume=sum((p.volume for p in assessed), Decimal(0)),
        authentication_right=authentication_right_share(assessed),
        ranking=ranking(assessed),
        mismatches=mismatches(assessed),
    )
