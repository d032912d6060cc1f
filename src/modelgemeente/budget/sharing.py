"""Dividing a collective provision's cost among its participants, and the "go" point of conditional pledges.

Pure Python, Decimal, like the rest of the budget engine (the only place that computes money). A provision costs
a one-off build amount, written off evenly over `write_off_years`, plus a yearly running cost; the yearly total is
divided by a key: each participant's weight (its inhabitants, or 1 each for equal shares) over the sum of the
weights. A conditional pledge says "we join if our yearly share is at most X"; the go point is the smallest set of
pledgers for whom every share is within every pledge.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .engine import PRECISION


@dataclass(frozen=True)
class CostModel:
    build_cost: Decimal  # one-off
    yearly_cost: Decimal  # running cost per year
    write_off_years: int  # the build cost is spread evenly over this many years

    def __post_init__(self):
        if self.build_cost < 0 or self.yearly_cost < 0:
            raise ValueError("costs cannot be negative")
        if self.write_off_years < 1:
            raise ValueError("write_off_years must be at least 1")

    @property
    def yearly_total(self) -> Decimal:
        """What the provision costs all participants together per year: running cost plus the build cost's write-off."""
        return (self.build_cost / self.write_off_years + self.yearly_cost).quantize(PRECISION)


@dataclass(frozen=True)
class Share:
    participant: str
    weight: Decimal
    fraction: Decimal  # weight / total weight
    build: Decimal  # part of the one-off build cost
    yearly: Decimal  # yearly share: running cost plus the build cost's write-off

    def explanation(self, model: CostModel) -> str:
        return (
            f"({model.build_cost} / {model.write_off_years} + {model.yearly_cost}) × {self.weight} / "
            f"{(self.weight / self.fraction) if self.fraction else 0} = {self.yearly}"
        )


def shares(model: CostModel, weights: Mapping[str, Decimal | int]) -> dict[str, Share]:
    """Each participant's share, by its weight. No participants: no shares."""
    weights = {p: Decimal(w) for p, w in weights.items()}
    if any(w <= 0 for w in weights.values()):
        raise ValueError("every weight must be positive")
    total = sum(weights.values(), Decimal(0))
    out = {}
    for participant, weight in weights.items():
        fraction = weight / total
        out[participant] = Share(
            participant,
            weight,
            fraction,
            (model.build_cost * fraction).quantize(PRECISION),
            (model.yearly_total * fraction).quantize(PRECISION),
        )
    return out


def go_point(model: CostModel, weights: Mapping[str, Decimal | int], limits: Mapping[str, Decimal]) -> list[str] | None:
    """The smallest set of pledgers (by number; ties: the larger total weight, then by name) for whom every share
    is within every pledge, or None when no set works.

    A set S works when for each i in S: yearly_total × w_i / W(S) ≤ limit_i, that is W(S) ≥ t_i with
    t_i = yearly_total × w_i / limit_i. So for each candidate threshold t_k, the pledgers with t_i ≤ t_k may join,
    and the fewest of them reach W ≥ t_k by taking the heaviest first. Trying every t_k finds the smallest set."""
    total = model.yearly_total
    pledgers = [p for p in limits if p in weights]
    if not pledgers:
        return None
    weight = {p: Decimal(weights[p]) for p in pledgers}
    if total == 0:
        return [max(pledgers, key=lambda p: (weight[p], p))]
    threshold = {p: (total * weight[p] / limits[p]) if limits[p] > 0 else None for p in pledgers}
    best = None
    for k in pledgers:
        if threshold[k] is None:
            continue
        allowed = sorted(
            (p for p in pledgers if threshold[p] is not None and threshold[p] <= threshold[k]),
            key=lambda p: (-weight[p], p),
        )
        chosen, reached = [], Decimal(0)
        for p in allowed:
            chosen.append(p)
            reached += weight[p]
            if reached >= threshold[k]:
                break
        if reached < threshold[k] or max(threshold[p] for p in chosen) > reached:
            continue
        key = (len(chosen), -reached, sorted(chosen))
        if best is None or key < best[0]:
            best = (key, sorted(chosen))
    return best[1] if best else None


def missing_weight(
    model: CostModel, weights: Mapping[str, Decimal | int], limits: Mapping[str, Decimal]
) -> Decimal | None:
    """The weight (inhabitants, or participants for equal shares) the pledgers together still lack before every
    share fits every positive limit: max(yearly_total × w_i / limit_i) − Σ w_i, never below 0. None when no pledger
    has a positive limit."""
    payable = [p for p in limits if p in weights and limits[p] > 0]
    if not payable:
        return None
    needed = max(model.yearly_total * Decimal(weights[p]) / limits[p] for p in payable)
    have = sum((Decimal(weights[p]) for p in limits if p in weights), Decimal(0))
    return max(Decimal(0), needed - have)
