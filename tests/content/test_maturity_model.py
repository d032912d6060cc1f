"""CONTENT TESTS: the maturity model of the real editions (content/editions/<year>/maturity.yaml).

The format is fixed (docs/content-format.md, docs/maturity-method.md): seven dimensions, a descriptor for each
level 1-5, exactly two statements for each of the levels 2-5, and for each dimension the developments of that
edition that raise it. Ids of dimensions and statements are stable across editions, so assessments of different
years can be compared.
"""

import re
from collections import Counter

import pytest
import yaml

from ..conftest import REPO

EDITIONS_DIR = REPO / "content" / "editions"
YEARS = ["2026", "2027"]
DIMENSIONS = [
    "strategie-en-leiderschap",
    "dienstverlening",
    "data-en-informatie",
    "architectuur-en-it",
    "informatieveiligheid-en-privacy",
    "mensen-en-vaardigheden",
    "portfolio-en-sturing",
]
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def read_model(year):
    return yaml.safe_load((EDITIONS_DIR / year / "maturity.yaml").read_text(encoding="utf-8"))


def development_ids(year):
    ids = set()
    for path in (EDITIONS_DIR / year / "developments").glob("*.md"):
        front_matter = path.read_text(encoding="utf-8").split("---", 2)[1]
        ids.add(yaml.safe_load(front_matter)["id"])
    return ids


def all_dimensions():
    return [(year, dimension) for year in YEARS for dimension in read_model(year)["dimensions"]]


DIMENSION_CASES = pytest.mark.parametrize(
    ("year", "dimension"), all_dimensions(), ids=lambda value: value if isinstance(value, str) else value["id"]
)


@pytest.mark.parametrize("year", YEARS)
def test_the_model_has_the_seven_dimensions_in_order(year):
    model = read_model(year)
    assert set(model) == {"introduction", "dimensions"}
    assert len(model["introduction"]) >= 20
    assert [dimension["id"] for dimension in model["dimensions"]] == DIMENSIONS


@pytest.mark.parametrize("year", YEARS)
def test_there_are_56_statements(year):
    """The release notes say so: 7 dimensions × 8 statements."""
    assert sum(len(dimension["statements"]) for dimension in read_model(year)["dimensions"]) == 56


@DIMENSION_CASES
def test_a_dimension_has_a_name_a_description_and_five_level_descriptors(year, dimension):
    assert set(dimension) == {"id", "name", "description", "levels", "statements", "developments"}
    assert dimension["name"].strip()
    assert len(dimension["description"]) >= 40
    assert sorted(dimension["levels"]) == [1, 2, 3, 4, 5]
    descriptors = list(dimension["levels"].values())
    assert all(isinstance(text, str) and len(text) >= 60 for text in descriptors)
    assert len(set(descriptors)) == 5


@DIMENSION_CASES
def test_a_dimension_has_two_statements_for_each_level_from_2_to_5(year, dimension):
    statements = dimension["statements"]
    assert all(set(statement) == {"id", "level", "text"} for statement in statements)
    assert Counter(statement["level"] for statement in statements) == {2: 2, 3: 2, 4: 2, 5: 2}
    levels = [statement["level"] for statement in statements]
    assert levels == sorted(levels), "statements are listed from level 2 up"
    ids = [statement["id"] for statement in statements]
    assert len(set(ids)) == len(ids), f"duplicate statement id in {dimension['id']}"
    assert all(re.match(SLUG, sid) for sid in ids)
    texts = [statement["text"] for statement in statements]
    assert len(set(texts)) == len(texts)
    assert all(text.endswith(".") and len(text) >= 30 for text in texts)


@DIMENSION_CASES
def test_a_dimension_names_at_least_three_developments_of_its_own_edition(year, dimension):
    developments = dimension["developments"]
    assert 3 <= len(developments) <= 8
    assert len(set(developments)) == len(developments)
    assert set(developments) <= development_ids(year), set(developments) - development_ids(year)


def test_the_retired_development_is_only_in_2026():
    def named(year):
        return {
            development for dimension in read_model(year)["dimensions"] for development in dimension["developments"]
        }

    assert "financiering-buiten-pc-cyclus" in named("2026")
    assert "financiering-buiten-pc-cyclus" not in named("2027")
    new_in_2027 = development_ids("2027") - development_ids("2026")
    assert new_in_2027 <= named("2027"), "every new development of 2027 raises some dimension"


def test_dimension_and_statement_ids_are_stable_from_2026_to_2027():
    def keys(year):
        return {
            (dimension["id"], statement["id"], statement["level"])
            for dimension in read_model(year)["dimensions"]
            for statement in dimension["statements"]
        }

    assert keys("2026") == keys("2027")


def test_the_2027_model_follows_the_bio2():
    security = {dimension["id"]: dimension for dimension in read_model("2027")["dimensions"]}[
        "informatieveiligheid-en-privacy"
    ]
    policy = {statement["id"]: statement["text"] for statement in security["statements"]}["beveiligingsbeleid-bio"]
    assert "BIO2" in policy
