"""Annual integral cost of one FTE per salary scale, derived from a salary table.

Input is the plain data of a salary table file (data/salary/*.yaml): monthly
amounts per scale at a source date, the general increases published after it,
and the surcharges that turn a monthly salary into an annual cost. Output per
scale: the annual cost and the steps of its derivation, in Dutch.
"""

from dataclasses import dataclass
from decimal import Decimal

from .money import D, fmt_eur, fmt_pct

# The sentences of a derivation, per step kind, as format strings. The engine knows Dutch
# (the language of the exports); the web layer passes translated ones.
SALARY_WORDS_NL = {
    "max": "maximum",
    "min": "minimum",
    "start": "{point} schaal {scale} per {date}: {amount} per maand",
    "percent": "+{percent} per {date}",
    "fixed": "+{amount} per maand per {date}",
    "monthly": "= {amount} per maand",
    "annual": "× 12 maanden × (1 + {ikb} IKB) × (1 + {charges} werkgeverslasten){overhead} = {annual} per fte per jaar",
    "overhead": " × (1 + {percent} overhead)",
    "own": "eigen bedrag van de gemeente: {amount} per fte per jaar",
    "own_model": " (model: {amount})",
}


@dataclass(frozen=True)
class ScaleCost:
    scale: int
    monthly_at_source: Decimal
    monthly_now: Decimal
    annual_cost: Decimal
    derivation: tuple[tuple, ...]  # (step kind, {values}) in order; see explain()

    @property
    def steps(self) -> tuple[str, ...]:
        return self.explain_steps(SALARY_WORDS_NL)

    @property
    def explanation(self) -> str:
        return self.explain(SALARY_WORDS_NL)

    def explain(self, words: dict) -> str:
        return "; ".join(self.explain_steps(words))

    def explain_steps(self, words: dict) -> tuple[str, ...]:
        return tuple(_step_text(kind, values, words) for kind, values in self.derivation)


def _step_text(kind: str, values: dict, words: dict) -> str:
    money = {
        k: fmt_eur(v, 2 if k == "amount" and kind in ("start", "monthly") else 0)
        for k, v in values.items()
        if isinstance(v, Decimal)
    }
    if kind == "start":
        return words["start"].format(point=words[values["point"]], scale=values["scale"], date=values["date"], **money)
    if kind == "percent":
        return words["percent"].format(percent=fmt_pct(values["percent"]), date=values["date"])
    if kind == "annual":
        overhead = words["overhead"].format(percent=fmt_pct(values["overhead"])) if values["overhead"] else ""
        return words["annual"].format(
            ikb=fmt_pct(values["ikb"]), charges=fmt_pct(values["charges"]), overhead=overhead, annual=money["annual"]
        )
    if kind == "own":
        model = words["own_model"].format(amount=fmt_eur(values["model"])) if values.get("model") is not None else ""
        return words["own"].format(amount=money["amount"]) + model
    return words[kind].format(**{**values, **money})


def own_scale_cost(scale: int, amount: Decimal, model: Decimal | None) -> ScaleCost:
    """A municipality's own annual cost for a scale, instead of the derived one."""
    return ScaleCost(scale, Decimal(0), Decimal(0), amount, (("own", {"amount": amount, "model": model}),))


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
            (
                "start",
                {"point": "max" if point == "max" else "min", "scale": scale, "date": source_date, "amount": start},
            )
        ]
        for step in table.get("increases", []):
            if "percent" in step:
                monthly = monthly * (1 + D(step["percent"]) / 100)
                steps.append(("percent", {"percent": D(step["percent"]), "date": str(step["date"])}))
            if "fixed" in step:
                monthly = monthly + D(step["fixed"])
                steps.append(("fixed", {"amount": D(step["fixed"]), "date": str(step["date"])}))
        annual = monthly * 12 * (1 + ikb / 100) * (1 + charges / 100) * (1 + overhead / 100)
        steps.append(("monthly", {"amount": monthly}))
        steps.append(("annual", {"ikb": ikb, "charges": charges, "overhead": overhead, "annual": annual}))
        result[scale] = ScaleCost(scale, start, monthly, annual, tuple(steps))
    return result
