"""Decimal helpers and Dutch number formatting, shared by the engine and the pages."""

from decimal import ROUND_HALF_UP, Context, Decimal

# Display rounding of any figure a user could type (up to 10^30 and beyond) must not overflow
# the default 28-digit context.
_DISPLAY = Context(prec=80)


def D(value) -> Decimal:
    """Exact Decimal from an int, str, float (via its shortest repr) or Decimal."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_euro(value, decimals: int = 0) -> Decimal:
    """Round half up for display only; totals are always computed unrounded."""
    return D(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=_DISPLAY)


def fmt_num(value, decimals: int | None = None) -> str:
    """Dutch notation: 1.234,5 (grouping with dots, decimal comma).

    Without decimals: as many as needed, trailing zeros dropped (16 / 16,5 / 0,25).
    """
    value = D(value)
    if decimals is None:
        value = value.normalize()
        decimals = max(0, -value.as_tuple().exponent)
    value = round_euro(value, decimals)
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):.{decimals}f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + ".".join(groups) + ("," + frac if frac else "")


def fmt_eur(value, decimals: int = 0) -> str:
    """€ 5.000 (with a non-breaking space)."""
    return "€\u00a0" + fmt_num(value, decimals)


def fmt_pct(value) -> str:
    return fmt_num(value) + "%"
