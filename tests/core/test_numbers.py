"""Reading numbers as Dutch users type them: every way a Dutch user writes a number is read as
meant, and what could be read two ways is refused with a message instead of being guessed."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelgemeente.budget.money import fmt_eur, fmt_num
from modelgemeente.core.numbers import MESSAGES, DutchNumberError, parse_dutch_number

READ = [
    # typed, decimals allowed?, value
    ("30.385", False, 30385),
    ("30385", False, 30385),
    (" 12 ", False, 12),
    ("1.234.567", False, 1234567),
    ("30 385", False, 30385),
    ("30\u00a0385", False, 30385),
    ("45.000", True, 45000),
    ("1.000", True, 1000),  # a point between groups of three is always thousands, also where decimals are allowed
    ("16,5", True, Decimal("16.5")),
    ("1.234,50", True, Decimal("1234.50")),
    ("0,25", True, Decimal("0.25")),
    (",5", True, Decimal("0.5")),
    ("€ 5.000", True, 5000),
    ("€5.000", False, 5000),
    ("€\u00a05.000", True, 5000),
    ("€5.000,-", False, 5000),
    ("€ 5.000,—", True, 5000),
    ("5.000,–", True, 5000),
    ("€ 5.000,00", True, Decimal("5000.00")),
    ("-0,5", True, Decimal("-0.5")),
    ("−1.000", False, -1000),  # the minus sign U+2212
    ("€ -5", True, -5),
    ("-€ 5", True, -5),
    ("-0", False, 0),
    ("007", False, 7),
]

REFUSED = [
    # typed, decimals allowed?, code of the message
    ("16.5", True, "separators"),
    ("1.50", True, "separators"),
    ("0.5", True, "separators"),
    ("0.500", True, "separators"),  # not thousands: a grouped number never starts with 0
    ("1.2345", True, "separators"),
    ("1234.567", True, "separators"),
    ("16.", True, "separators"),
    (".5", True, "separators"),
    ("1..000", True, "separators"),
    ("1,234,567", True, "separators"),
    ("1,234.50", True, "english"),
    ("abc", True, "invalid"),
    ("12 euro", True, "invalid"),
    ("1e5", True, "invalid"),
    ("5,", True, "invalid"),
    ("€", True, "invalid"),
    ("--5", True, "invalid"),
    ("-€ -5", True, "invalid"),
    ("½", True, "invalid"),
    ("²", True, "invalid"),
    ("５", True, "invalid"),  # full-width digit
    ("1" * 201, True, "invalid"),
    ("16,5", False, "not_whole"),
    ("1.234,50", False, "not_whole"),
    ("30,385", False, "not_whole_thousands"),
]


@pytest.mark.parametrize("text, decimals, value", READ)
def test_known_ways_of_writing_a_number(text, decimals, value):
    result = parse_dutch_number(text, decimals_allowed=decimals)
    assert result == value and isinstance(result, Decimal)


@pytest.mark.parametrize("text, decimals, code", REFUSED)
def test_ambiguous_or_wrong_numbers_are_refused_with_a_dutch_message(text, decimals, code):
    with pytest.raises(DutchNumberError) as refused:
        parse_dutch_number(text, decimals_allowed=decimals)
    assert refused.value.code == code and str(refused.value) == MESSAGES[code]


def test_the_messages_say_what_to_type():
    assert MESSAGES["separators"] == (
        "Gebruik een komma voor decimalen (16,5) en een punt alleen voor duizendtallen (30.385)."
    )
    assert MESSAGES["invalid"] == "Vul een getal in, bijvoorbeeld 30.385 of 16,5."
    assert MESSAGES["not_whole"] == "Vul een geheel getal in."
    assert "1.234,50" in MESSAGES["english"]


def test_typed_decimals_are_kept_so_a_field_can_limit_them():
    assert parse_dutch_number("16,50", decimals_allowed=True).as_tuple().exponent == -2
    assert parse_dutch_number("1,000", decimals_allowed=True).as_tuple().exponent == -3


# Property tests ------------------------------------------------------------------------------

# Up to 25 significant digits (fmt_num normalizes in the default 28-digit context); far beyond any field's limits.
decimals = st.integers(0, 10).flatmap(lambda places: st.decimals(min_value=-(10**15), max_value=10**15, places=places))
integers = st.integers(min_value=-(10**15), max_value=10**15)


@settings(max_examples=500)
@given(st.one_of(decimals, integers.map(Decimal)))
def test_what_the_dutch_formatter_writes_is_read_back_as_the_same_value(value):
    assert parse_dutch_number(fmt_num(value), decimals_allowed=True) == value


@settings(max_examples=300)
@given(integers)
def test_whole_numbers_round_trip_formatted_plain_and_as_euros(number):
    assert parse_dutch_number(fmt_num(number), decimals_allowed=False) == number
    assert parse_dutch_number(str(number), decimals_allowed=False) == number
    assert parse_dutch_number(fmt_eur(number), decimals_allowed=False) == number  # "€ 5.000" with a no-break space
    assert parse_dutch_number(fmt_eur(number) + ",-", decimals_allowed=False) == number


@settings(max_examples=300)
@given(st.from_regex(r"[0-9]{1,40}", fullmatch=True), st.booleans())
def test_plain_digits_are_read_as_they_are(digits, decimals):
    assert parse_dutch_number(digits, decimals_allowed=decimals) == Decimal(digits)


@settings(max_examples=300)
@given(st.from_regex(r"[0-9]{1,12}", fullmatch=True), st.from_regex(r"[0-9]{1,6}", fullmatch=True))
def test_a_comma_is_the_decimal_separator(whole, fraction):
    assert parse_dutch_number(f"{whole},{fraction}", decimals_allowed=True) == Decimal(f"{whole}.{fraction}")


@settings(max_examples=300)
@given(st.integers(0, 10**9), st.sampled_from([1, 2, 4, 5]))
def test_a_point_not_followed_by_three_digits_is_never_guessed(whole, decimals):
    text = f"{whole}.{'5' * decimals}"
    with pytest.raises(DutchNumberError) as refused:
        parse_dutch_number(text, decimals_allowed=True)
    assert refused.value.code == "separators"


@settings(max_examples=300)
@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_english_amounts_with_cents_are_never_read_as_a_number(value):
    with pytest.raises(DutchNumberError):
        parse_dutch_number(f"{value:,.2f}", decimals_allowed=True)  # 1,234.50


@settings(max_examples=300)
@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=3), st.sampled_from(["", " ", "\u00a0", "\t", "  \u202f"])
)
def test_surrounding_spaces_do_not_matter(value, space):
    text = fmt_num(value)
    assert parse_dutch_number(f"{space}{text}{space}", decimals_allowed=True) == value


@settings(max_examples=1000)
@given(st.text(max_size=40), st.booleans())
def test_any_text_gives_a_number_or_a_dutch_message_never_another_error(text, decimals):
    try:
        value = parse_dutch_number(text, decimals_allowed=decimals)
    except DutchNumberError as refused:
        assert refused.code in MESSAGES
    else:
        assert value.is_finite() and (decimals or value == value.to_integral_value())
