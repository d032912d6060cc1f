"""Reading a number as a Dutch user types it: one parser for every number field.

Pure Python (no Django), so it can be tested on its own; `core.forms` wraps it in form fields.

The rules of `parse_dutch_number`:

- Around the number: spaces (also non-breaking and thin spaces) are ignored, as are a leading
  "€" ("€ 5.000", "€5.000"), a minus sign before or after it ("-", "−" or "–": "-€ 5", "€ -5")
  and a trailing ",-", ",–" or ",—" for whole euros ("€ 5.000,-").
- "," is the decimal separator and occurs at most once: "16,5", "1.234,50", ",5".
- "." is the thousands separator, and only between groups of exactly three digits after a first
  group of one to three digits that does not start with 0: "30.385", "1.234.567", "1.234,50".
  A space between such groups is read the same way ("30 385"). So "1.000" is one thousand, also
  in a field that allows decimals.
- Anything else with a "." is refused rather than guessed at: "16.5", "1.50", "0.5", "0.500" and
  "1234.567" could be an English decimal point, so the user is asked to write 16,5 or 30.385
  (code "separators"). The same goes for more than one comma ("1,234,567").
- A "." after the "," is English notation ("1,234.50") and is refused with an explanation
  (code "english").
- Only the digits 0-9: letters, exponents ("1e5"), other symbols or an empty number are refused
  (code "invalid"); so is text longer than MAX_LENGTH characters.
- Where only whole numbers are allowed (`decimals_allowed=False`), a decimal part is refused
  (code "not_whole"), with a hint about the thousands point when it has exactly three digits
  ("30,385", code "not_whole_thousands"); ",-" is fine there.

The result is an exact Decimal that keeps the decimals as typed ("16,50" is Decimal("16.50"),
so a field can still limit the number of decimals); zero is never negative. Every number that
`budget.money.fmt_num` writes is read back as the same value.
"""

import re
from decimal import Decimal

MAX_LENGTH = 200


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages); the form fields translate it when shown."""
    return message


MESSAGES = {
    "invalid": gettext_noop("Vul een getal in, bijvoorbeeld 30.385 of 16,5."),
    "separators": gettext_noop(
        "Gebruik een komma voor decimalen (16,5) en een punt alleen voor duizendtallen (30.385)."
    ),
    "english": gettext_noop(
        "Dit lijkt Engelse notatie. Gebruik een punt voor duizendtallen en een komma voor decimalen, "
        "bijvoorbeeld 1.234,50."
    ),
    "not_whole": gettext_noop("Vul een geheel getal in."),
    "not_whole_thousands": gettext_noop(
        "Vul een geheel getal in. Duizendtallen scheidt u met een punt (30.385), niet met een komma."
    ),
}


class DutchNumberError(ValueError):
    """Text that is not a number a Dutch reader would read one way only. `code` is a key of MESSAGES."""

    def __init__(self, code: str):
        self.code = code
        self.message = MESSAGES[code]
        super().__init__(self.message)


MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash (what word processors make of "-")
_OUTSIDE = re.compile(
    rf"(?P<sign>[{MINUS}]?)\s*(?P<euro>€?)\s*(?P<sign2>[{MINUS}]?)\s*(?P<body>.*?)(?:\s*,\s*[-\u2013\u2014])?",
    re.DOTALL,
)
_BODY = re.compile(r"[0-9.,\s]*")
_DIGITS = re.compile(r"[0-9]+")
_FIRST_GROUP = re.compile(r"[1-9][0-9]{0,2}")
_GROUP = re.compile(r"[0-9]{3}")
_SEPARATOR = re.compile(r"\.|\s+")


def parse_dutch_number(text: str, *, decimals_allowed: bool) -> Decimal:
    """The value of `text` read as a Dutch number (see the module for the rules), or DutchNumberError."""
    if len(text) > MAX_LENGTH:
        raise DutchNumberError("invalid")
    outside = _OUTSIDE.fullmatch(text.strip())
    if outside["sign"] and outside["sign2"]:
        raise DutchNumberError("invalid")
    body = outside["body"]
    if not body or not _BODY.fullmatch(body):
        raise DutchNumberError("invalid")
    whole, comma, fraction = body.partition(",")
    if comma and "." in fraction and "," not in fraction:
        raise DutchNumberError("english")
    if "," in fraction:
        raise DutchNumberError("separators")
    if comma and not _DIGITS.fullmatch(fraction):
        raise DutchNumberError("invalid")
    digits = _whole_digits(whole, empty_allowed=bool(comma))
    if comma and not decimals_allowed:
        raise DutchNumberError("not_whole_thousands" if len(fraction) == 3 else "not_whole")
    negative = bool(outside["sign"] or outside["sign2"])
    value = Decimal(f"{'-' if negative else ''}{digits or '0'}{'.' + fraction if comma else ''}")
    return value.copy_abs() if value.is_zero() else value


def _whole_digits(whole: str, empty_allowed: bool) -> str:
    """The digits before the comma: plain ("30385") or grouped by three ("30.385", "30 385")."""
    if not whole:
        if empty_allowed:  # ",5"
            return ""
        raise DutchNumberError("invalid")
    groups = _SEPARATOR.split(whole)
    if len(groups) == 1:
        if not _DIGITS.fullmatch(whole):
            raise DutchNumberError("invalid")
        return whole
    if _FIRST_GROUP.fullmatch(groups[0]) and all(_GROUP.fullmatch(group) for group in groups[1:]):
        return "".join(groups)
    raise DutchNumberError("separators")
