"""Fixtures of the maturity tests: the synthetic product list and ready-made assessments and measurements.

Data is made through the services, as the pages make it."""

from decimal import Decimal

import pytest

from tests.conftest import TEST_DATA

TEST_PRODUCTS = TEST_DATA / "products" / "producten.yaml"
# The synthetic list per 1,000 inhabitants (tests/data/README.md).
PER_1000 = {
    "geboorteaangifte": Decimal(10),
    "paspoort": Decimal(50),
    "verhuizing": Decimal(100),
    "parkeervergunning": Decimal(40),
    "evenementenvergunning": Decimal(2),
    "grofvuil": Decimal(20),
}


@pytest.fixture(autouse=True)
def test_products(monkeypatch):
    """Every maturity test reads the synthetic product list (6 products), not the shipped one."""
    from modelgemeente.maturity import productlist

    monkeypatch.setattr(productlist, "list_path", lambda: TEST_PRODUCTS)
    productlist.product_list.cache_clear()
    yield productlist.product_list()
    productlist.product_list.cache_clear()
