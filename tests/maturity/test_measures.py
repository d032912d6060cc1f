"""The calculations of docs/maturity-method.md: the scoring rule and the digitalisation indices (property tests)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from modelgemeente.maturity import measures
from modelgemeente.maturity.measures import ProductInput

# Scoring rule ------------------------------------------------------------------------------------------------

YES, PARTLY, NO = 2, 1, 0


def answers(**levels):
    return {int(k[1:]): v for k, v in levels.items()}


def test_yes_and_partly_reach_a_level_two_partly_do_not():
    assert measures.maturity_level(answers(l2=[YES, PARTLY], l3=[NO, NO], l4=[NO, NO], l5=[NO, NO])) == 2
    assert measures.maturity_level(answers(l2=[PARTLY, PARTLY], l3=[YES, YES], l4=[YES, YES], l5=[YES, YES])) == 1


def test_a_level_counts_only_when_every_level_below_is_reached():
    # Level 4 fully met, level 3 not: the dimension is at level 2.
    assert measures.maturity_level(answers(l2=[YES, YES], l3=[YES, NO], l4=[YES, YES], l5=[YES, YES])) == 2


def test_all_yes_is_level_5_and_all_no_is_level_1():
    assert measures.maturity_level(answers(l2=[YES, YES], l3=[YES, YES], l4=[YES, YES], l5=[YES, YES])) == 5
    assert measures.maturity_level(answers(l2=[NO, NO], l3=[NO, NO], l4=[NO, NO], l5=[NO, NO])) == 1


def test_an_unanswered_statement_gives_no_level():
    assert measures.maturity_level(answers(l2=[YES, None], l3=[YES, YES], l4=[NO, NO], l5=[NO, NO])) is None


points = st.lists(st.sampled_from([NO, PARTLY, YES]), min_size=1, max_size=4)


@given(st.fixed_dictionaries({2: points, 3: points, 4: points, 5: points}))
def test_the_level_is_between_1_and_5_and_never_falls_when_an_answer_improves(by_level):
    level = measures.maturity_level(by_level)
    assert 1 <= level <= 5
    for lvl, values in by_level.items():
        for i, value in enumerate(values):
            if value < YES:
                better = {k: list(v) for k, v in by_level.items()}
                better[lvl][i] = value + 1
                assert measures.maturity_level(better) >= level


def test_peer_averages_need_five_organisations():
    assert measures.peer_average([3, 4, 2, 4]) is None
    assert measures.peer_average([3, 4, 2, 4, 2]) == Decimal("3")


# Digitalisation indices ----------------------------------------------------------------------------------------


def test_weighted_and_unweighted_index_of_the_seed_example():
    """A product asked for 20 times a year that is fully digital, and a permit asked for 1,000 times on paper."""
    products = [ProductInput("klein", Decimal(20), 5), ProductInput("vergunning", Decimal(1000), 0)]
    result = measures.digitalisation(products)
    assert result.unweighted == Decimal("0.5")
    assert result.weighted == Decimal(100) / Decimal(5100)  # (20 × 5) / (1.020 × 5) ≈ 2%
    assert [i.id for i in result.ranking] == ["vergunning"]
    assert result.ranking[0].score == Decimal(5000)


levels = st.integers(min_value=0, max_value=5)
volumes = st.integers(min_value=1, max_value=1_000_000).map(Decimal)


@given(st.lists(levels, min_size=1, max_size=30), volumes)
def test_with_equal_volumes_the_weighted_index_equals_the_unweighted_one(product_levels, volume):
    products = [ProductInput(f"p{i}", volume, level) for i, level in enumerate(product_levels)]
    result = measures.digitalisation(products)
    assert result.weighted == result.unweighted


@given(
    st.lists(
        st.tuples(volumes, st.integers(min_value=0, max_value=4)), min_size=2, max_size=20, unique_by=lambda t: t[0]
    )
)
def test_raising_the_highest_volume_product_one_step_moves_the_weighted_index_most(pairs):
    products = [ProductInput(f"p{i}", v, level) for i, (v, level) in enumerate(pairs)]
    before = measures.weighted_index((p.volume, p.level) for p in products)
    gains = {}
    for i, product in enumerate(products):
        raised = [*products[:i], ProductInput(product.id, product.volume, product.level + 1), *products[i + 1 :]]
        gains[product.id] = measures.weighted_index((p.volume, p.level) for p in raised) - before
    biggest = max(products, key=lambda p: p.volume)
    assert gains[biggest.id] == max(gains.values())
    assert all(gains[biggest.id] > g for pid, g in gains.items() if pid != biggest.id)
    # and the ranking's gain per step is that same rise
    by_id = {i.id: i for i in measures.ranking(products)}
    assert abs(by_id[biggest.id].gain_per_step - gains[biggest.id]) < Decimal("1e-20")  # same up to Decimal precision


@given(st.lists(st.tuples(volumes, levels), min_size=1, max_size=20))
def test_both_indices_stay_between_0_and_1(pairs):
    result = measures.digitalisation(ProductInput(f"p{i}", v, lvl) for i, (v, lvl) in enumerate(pairs))
    assert 0 <= result.weighted <= 1
    assert 0 <= result.unweighted <= 1


def test_products_without_a_level_are_left_out_and_counted():
    result = measures.digitalisation([ProductInput("a", Decimal(10), 5), ProductInput("b", Decimal(1000), None)])
    assert (result.weighted, result.unweighted, result.assessed, result.not_assessed) == (1, 1, 1, 1)


def test_ranking_is_by_volume_times_remaining_levels():
    products = [
        ProductInput("veel-bijna-klaar", Decimal(1000), 4),  # 1.000 × 1
        ProductInput("weinig-op-papier", Decimal(300), 0),  # 300 × 5 = 1.500
        ProductInput("klaar", Decimal(5000), 5),
    ]
    assert [i.id for i in measures.ranking(products)] == ["weinig-op-papier", "veel-bijna-klaar"]


# Logins ------------------------------------------------------------------------------------------------------


def test_login_mismatches():
    check = measures.authentication_mismatch
    assert check("digid-substantieel", "digid-basis") == "too_low"
    assert check("geen", "digid-basis") == "not_needed"
    assert check("eherkenning-eh3", "digid-substantieel") == "wrong_means"
    assert check("digid-basis", "geen") == "wrong_means"
    assert check("digid-basis", "digid-substantieel") == "higher_than_needed"
    assert check("digid-midden", "digid-midden") is None
    assert check("digid-midden", "") is None


def test_mismatches_are_only_checked_for_products_with_an_online_service():
    products = [
        ProductInput("online", Decimal(1), 3, "digid-substantieel", "digid-basis"),
        ProductInput("papier", Decimal(1), 1, "digid-substantieel", "digid-basis"),
    ]
    assert [(m.id, m.kind) for m in measures.mismatches(products)] == [("online", "too_low")]


def test_share_of_login_products_at_the_right_level():
    products = [
        ProductInput("goed", Decimal(1), 3, "digid-midden", "digid-midden"),
        ProductInput("hoger", Decimal(1), 3, "digid-basis", "digid-midden"),
        ProductInput("te-laag", Decimal(1), 3, "digid-substantieel", "digid-basis"),
        ProductInput("niet-online", Decimal(1), 1, "digid-basis", ""),
        ProductInput("geen-inlog-nodig", Decimal(1), 3, "geen", "geen"),
    ]
    assert measures.authentication_right_share(products) == Decimal("0.5")
