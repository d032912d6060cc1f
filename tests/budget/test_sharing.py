"""Dividing a collective provision's cost, and the go point of conditional pledges (budget/sharing.py)."""

from decimal import Decimal
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelgemeente.budget.sharing import CostModel, go_point, missing_weight, shares

MODEL = CostModel(build_cost=Decimal(500_000), yearly_cost=Decimal(100_000), write_off_years=5)  # 200.000 a year


def test_shares_by_inhabitants():
    result = shares(MODEL, {"groot": 150_000, "middel": 50_000})
    assert MODEL.yearly_total == Decimal(200_000)
    assert result["groot"].yearly == Decimal(150_000)
    assert result["middel"].yearly == Decimal(50_000)
    assert result["middel"].build == Decimal(125_000)


def test_equal_shares():
    result = shares(MODEL, {"a": 1, "b": 1, "c": 1, "d": 1})
    assert {s.yearly for s in result.values()} == {Decimal(50_000)}


def test_bad_models_are_refused():
    with pytest.raises(ValueError):
        CostModel(Decimal(-1), Decimal(0), 5)
    with pytest.raises(ValueError):
        CostModel(Decimal(1), Decimal(0), 0)
    with pytest.raises(ValueError):
        shares(MODEL, {"a": 0})


def test_go_point_of_four_pledgers():
    weights = {"groot": 150_000, "middel": 50_000, "klein": 20_000, "dorp": 10_000}
    limits = {"groot": Decimal(120_000), "middel": Decimal(60_000), "klein": Decimal(30_000), "dorp": Decimal(5_000)}
    # groot alone pays 200.000 > 120.000. groot + middel: 150.000 and 50.000: groot still too much.
    # groot + middel + klein (220.000): 136.364 for groot: too much. All four (230.000): groot 130.435: too much.
    assert go_point(MODEL, weights, limits) is None
    limits["groot"] = Decimal(140_000)
    # groot + middel + klein: groot 136.364 ≤ 140.000, middel 45.455 ≤ 60.000, klein 18.182 ≤ 30.000.
    assert go_point(MODEL, weights, limits) == ["groot", "klein", "middel"]


def brute_force(model, weights, limits):
    for size in range(1, len(limits) + 1):
        found = []
        for combo in combinations(sorted(limits), size):
            result = shares(model, {p: weights[p] for p in combo})
            if all(result[p].yearly <= limits[p] for p in combo):
                found.append(combo)
        if found:
            return size
    return None


pledgers = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e", "f"]),
    st.tuples(st.integers(1_000, 200_000), st.integers(1_000, 250_000)),
    min_size=1,
    max_size=6,
)


@given(pledgers)
def test_the_go_point_is_a_working_set_of_the_smallest_size(data):
    weights = {p: w for p, (w, _) in data.items()}
    limits = {p: Decimal(limit) for p, (_, limit) in data.items()}
    found = go_point(MODEL, weights, limits)
    smallest = brute_force(MODEL, weights, limits)
    if smallest is None:
        assert found is None
    else:
        result = shares(MODEL, {p: weights[p] for p in found})
        assert all(result[p].yearly <= limits[p] for p in found)
        assert len(found) == smallest


@given(st.lists(st.integers(1, 1_000_000), min_size=1, max_size=20))
def test_shares_add_up_to_the_yearly_total(weights):
    result = shares(MODEL, {str(i): w for i, w in enumerate(weights)})
    assert abs(sum(s.yearly for s in result.values()) - MODEL.yearly_total) < Decimal("1e-8")


def test_missing_weight_says_how_many_more_inhabitants_the_pledgers_need():
    # 200.000 a year; groot (150.000 inhabitants) pays at most 120.000: the total must reach 250.000 inhabitants.
    weights = {"groot": 150_000, "klein": 20_000}
    limits = {"groot": Decimal(120_000), "klein": Decimal(30_000)}
    assert missing_weight(MODEL, weights, limits) == Decimal(80_000)
    assert missing_weight(MODEL, weights, {"groot": Decimal(0)}) is None
    assert missing_weight(MODEL, weights, {"groot": Decimal(10**9)}) == 0
