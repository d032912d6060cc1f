"""The Dutch number form fields: typed text through the one parser, values shown in Dutch notation
(years without a thousands point), and Django's limits and messages kept."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from modelgemeente.core.forms import (
    DutchDecimalField,
    DutchIntegerField,
    DutchNumberInput,
    YearField,
    YearInput,
    dutch_formfield,
)
from modelgemeente.plans.models import Plan


def messages(field, text):
    with pytest.raises(ValidationError) as refused:
        field.clean(text)
    return refused.value.messages


def test_decimal_field_reads_dutch_numbers():
    field = DutchDecimalField(required=False, decimal_places=2)
    assert field.clean("1.234,50") == Decimal("1234.50")
    assert field.clean("€ 5.000,-") == 5000
    assert field.clean("16,5") == Decimal("16.5")
    assert field.clean("   ") is None and field.clean("") is None


def test_integer_field_reads_dutch_numbers_and_gives_an_int():
    field = DutchIntegerField()
    assert field.clean("30.385") == 30385 and isinstance(field.clean("30.385"), int)
    assert messages(field, "16,5") == ["Vul een geheel getal in."]
    assert messages(field, "") == ["Dit veld is verplicht."]


def test_ambiguous_input_gets_the_parsers_message():
    field = DutchDecimalField()
    assert messages(field, "16.5") == [
        "Gebruik een komma voor decimalen (16,5) en een punt alleen voor duizendtallen (30.385)."
    ]
    assert messages(field, "twaalf") == ["Vul een getal in, bijvoorbeeld 30.385 of 16,5."]


def test_limits_and_djangos_messages_are_kept():
    field = DutchDecimalField(min_value=Decimal(1), max_value=Decimal(60), decimal_places=2)
    assert messages(field, "0,5") == ["Zorg ervoor dat deze waarde minstens 1 is."]
    assert messages(field, "1.000") == ["Zorg ervoor dat deze waarde hoogstens 60 is."]
    assert len(messages(field, "1,234")) == 1  # three decimals where two are allowed: refused, not read as 1234
    assert messages(YearField(min_value=2020), "2.019") == ["Zorg ervoor dat deze waarde minstens 2020 is."]


def test_a_message_can_be_replaced_per_field_like_djangos():
    field = DutchIntegerField(error_messages={"not_whole": "Alleen hele jaren."})
    assert messages(field, "2,5") == ["Alleen hele jaren."]


@pytest.mark.parametrize(
    "value, shown",
    [
        (Decimal("45000"), "45.000"),
        (Decimal("16.50"), "16,5"),
        (Decimal("1234.5"), "1.234,5"),
        (30385, "30.385"),
        (Decimal("-0.25"), "-0,25"),
        (None, None),
        ("", None),
        ("16.5", "16.5"),  # typed text is shown back as typed, to be corrected
    ],
)
def test_the_input_shows_values_in_dutch_notation(value, shown):
    assert DutchNumberInput().format_value(value) == shown


def test_a_year_is_never_grouped():
    assert YearInput().format_value(2027) == "2027"
    assert 'value="2027"' in YearField().widget.render("year", 2027)


def test_the_inputs_are_text_inputs_with_a_number_keyboard():
    decimal = DutchDecimalField().widget.render("amount", Decimal("45000"))
    assert 'type="text"' in decimal and 'inputmode="decimal"' in decimal and 'value="45.000"' in decimal
    whole = DutchIntegerField().widget.render("inhabitants", 30385)
    assert 'inputmode="numeric"' in whole and 'value="30.385"' in whole
    assert "min=" not in whole and "step=" not in decimal


def test_model_forms_get_dutch_fields_with_the_models_labels_and_limits():
    class SettingsForm(forms.ModelForm):
        class Meta:
            model = Plan
            fields = ["title", "inhabitants", "start_year", "hours_per_fte"]
            formfield_callback = dutch_formfield
            widgets = {"start_year": YearInput}

    form = SettingsForm()
    assert isinstance(form.fields["title"], forms.CharField)
    assert isinstance(form.fields["inhabitants"], DutchIntegerField) and form.fields["inhabitants"].min_value == 0
    assert isinstance(form.fields["start_year"].widget, YearInput)
    hours = form.fields["hours_per_fte"]
    assert isinstance(hours, DutchDecimalField) and str(hours.label) == "Uren per fte per week"
    assert (hours.max_digits, hours.decimal_places, hours.required) == (5, 2, False)


@settings(max_examples=300)
@given(st.integers(0, 8).flatmap(lambda places: st.decimals(min_value=-(10**12), max_value=10**12, places=places)))
def test_what_a_decimal_input_shows_its_field_reads_back(value):
    field = DutchDecimalField()
    assert field.clean(field.widget.format_value(value)) == value


@settings(max_examples=300)
@given(st.integers(-(10**12), 10**12))
def test_what_a_number_or_year_input_shows_its_field_reads_back(number):
    for field in (DutchIntegerField(), YearField()):
        assert field.clean(field.widget.format_value(number)) == number
