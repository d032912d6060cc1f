"""Annual integral cost of one FTE per salary scale, derived from a salary table.

Input is the plain data of a salary table file (data/salary/*.yaml): monthly
amounts per scale at a source date, the general increases published after it,
and the surcharges that turn a monthly salary into an annual cost. Output per
scale: the annual cost and the steps of its derivation, in Dutch.
"""

from dataclasses import dataclass
from decimal import Decimal

from .money import D, fmt_eur, fmt_pct


@dataclass(frozen=True)
class ScaleCost:
    scale: int
    monthly_at_source: Decimal
    monthly_now: Decimal
    annual_cost: Decimal
    steps: tuple[str, ...]

    @property
    def explanation(self) -> str:
        return "; ".join(self.steps)


def derive_scale_costs(table: dict) -> dict[int, ScaleCost]:
    """Annual integral cost per scale, unrounded, with the derivation."""
    integral = table["integral_cost"]
    point = integral.get("salary_point", "max")
    ikb = D(integral["ikb_percent"])
    charges = D(integral["employer_charges_percent"])
    overhead = D(integral.get("overhead_percent", 0))
    source_date = str(table["source"]["date"])
    result = {}
    for scale, bounds in sorted((int(k), v) for k, v in table["scales"].items()):
        start = D(bounds[point])
        monthly = start
        steps = [
            f"{'maximum' if point == 'max' else 'minimum'} schaal {scale} per {source_date}: {fmt_eur(start, 2)} per maand"
        ]
        for step in table.get("increases", []):
            if "percent" in step:
                monthly = monthly * (1 + D(step["percent"]) / 100)
                steps.append(f"+{fmt_pct(step['percent'])} per {step['date']}")
            if "fixed" in step:
                monthly = monthly + D(step["fixed"])
                steps.append(f"+{fmt_eur(step['fixed'])} per maand per {step['date']}")
        annual = monthly * 12 * (1 + ikb / 100) * (1 + charges / 100) * (1 + overhead / 100)
        steps.append(f"= {fmt_eur(monthly, 2)} per maand")
        steps.append(
            f"× 12 maanden × (1 + {fmt_pct(ikb)} IKB) × (1 + {fmt_pct(charges)} werkgeverslasten)"
            + (f" × (1 + {fmt_pct(overhead)} overhead)" if overhead else "")
            + f" = {fmt_eur(annual)} per fte per jaar"
        )
        result[scale] = ScaleCost(scale, start, monthly, annual, tuple(steps))
    return result
