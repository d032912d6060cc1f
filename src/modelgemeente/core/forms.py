"""Form fields for numbers as Dutch users type and read them: "30.385", "16,5", "€ 5.000,-".

Typing goes through the one parser, `core.numbers.parse_dutch_number`; showing a value goes
through the one formatter, `budget.money.fmt_num`. The inputs are text inputs with an
`inputmode` (a phone shows a number keyboard): `type=number` would refuse "30.385".
Limits (min/max, number of decimals) are validated as by Django's own fields, with its messages.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy

from modelgemeente import refdata
from modelgemeente.budget.money import fmt_num

from .numbers import MESSAGES, DutchNumberError, parse_dutch_number


class DutchNumberInput(forms.TextInput):
    """A text input that shows a value in Dutch notation (45.000 / 16,5 / 1.234,5).

    Text the user typed is shown back exactly as typed, so a refused value can be corrected.
    `grouping=False` leaves out the thousands points (years: 2027)."""

    inputmode = "decimal"

    def __init__(self, attrs=None, *, grouping: bool = True):
        super().__init__({"inputmode": self.inputmode} | (attrs or {}))
        self.grouping = grouping

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        try:
            text = fmt_num(value)
        except (InvalidOperation, TypeError, ValueError):
            return str(value)
        return text if self.grouping else text.replace(".", "")


class DutchIntegerInput(DutchNumberInput):
    inputmode = "numeric"


class YearInput(DutchIntegerInput):
    """A year is never grouped: 2027, not 2.027."""

    def __init__(self, attrs=None):
        super().__init__(attrs, grouping=False)


class DutchNumberMixin:
    """to_python through the Dutch parser; the parser's messages are the field's error messages
    (translated when shown, and replaceable per field through `error_messages`, like Django's)."""

    decimals_allowed = True
    default_error_messages = {code: gettext_lazy(message) for code, message in MESSAGES.items()}

    def parse(self, value) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            number = Decimal(value)  # a value set in code, not typed
            if not self.decimals_allowed and number != number.to_integral_value():
                raise ValidationError(self.error_messages["not_whole"], code="not_whole")
            return number
        try:
            return parse_dutch_number(str(value), decimals_allowed=self.decimals_allowed)
        except DutchNumberError as error:
            raise ValidationError(self.error_messages[error.code], code=error.code) from None


class DutchDecimalField(DutchNumberMixin, forms.DecimalField):
    widget = DutchNumberInput

    def to_python(self, value):
        return self.parse(value)


class DutchIntegerField(DutchNumberMixin, forms.IntegerField):
    widget = DutchIntegerInput
    decimals_allowed = False

    def to_python(self, value):
        number = self.parse(value)
        return None if number is None else int(number)


class YearField(DutchIntegerField):
    widget = YearInput


def dutch_formfield(db_field, **kwargs):
    """`formfield_callback` for a ModelForm: the model's decimal and integer fields become Dutch
    number fields, with the label, help text, limits and widget the form would otherwise give them
    (give a year `YearInput` in `Meta.widgets`)."""
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", DutchDecimalField)
    elif isinstance(db_field, models.IntegerField) and not db_field.choices:
        kwargs.setdefault("form_class", DutchIntegerField)
    return db_field.formfield(**kwargs)


def municipality_choices(only_with_inhabitants: bool = False) -> list[tuple[str, str]]:
    """The CBS municipality list as choices: 'Name (Province, 30.385 inwoners)'. Used by the plan forms
    and the public cost calculator (which needs inhabitants, so it can leave out a municipality without)."""
    choices = [("", gettext_lazy("— kies een gemeente —"))]
    for m in refdata.municipalities():
        if m.get("inhabitants"):
            choices.append((m["code"], f"{m['name']} ({m['province']}, {fmt_num(m['inhabitants'])} inwoners)"))
        elif not only_with_inhabitants:
            choices.append((m["code"], f"{m['name']} ({m['province']})"))
    return choices


class DutchDateInput(forms.TextInput):
    """A date as a Dutch reader writes it: 31-12-2026. A text input, like the number inputs: typed text
    is shown back exactly as typed, and no browser date picker decides the notation."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "placeholder": "dd-mm-jjjj"} | (attrs or {}))

    def format_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%d-%m-%Y")
        return super().format_value(value)


class DutchDateField(forms.DateField):
    """Day-month-year with a hyphen, slash or point (31-12-2026, 31/12/2026, 31.12.2026), or ISO
    (2026-12-31), in every interface language; a two-digit year is refused rather than guessed."""

    widget = DutchDateInput
    input_formats = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": gettext_lazy("Vul een datum in als dag-maand-jaar, bijvoorbeeld 31-12-2026.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", self.input_formats)
        super().__init__(**kwargs)

    def strptime(self, value, format):
        parsed = super().strptime(value, format)
        if parsed.year < 1000:  # "31-12-26" would be the year 26
            raise ValueError(value)
        return parsed


def on_behalf_field(organisations) -> forms.TypedChoiceField:
    """ "Namens": which of the user's organisations acts, for a form a member of several organisations fills in."""
    return forms.TypedChoiceField(
        label=gettext_lazy("Namens"),
        coerce=int,
        choices=[(o.pk, o.name) for o in organisations],
        error_messages={
            "required": gettext_lazy("Kies uw organisatie."),
            "invalid_choice": gettext_lazy("Kies een van uw organisaties."),
        },
    )
