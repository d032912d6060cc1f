"""The shipped product list (data/products/producten.yaml) and its reader (maturity/productlist.py).

The list is reference data: it must validate, cover the scope of the VNG Realisatie 2018 measurement
(56 products, 33 for residents and 23 for businesses), keep the UPL's names and URIs, and say for every
authentication level and volume where it comes from. A broken file gives a Dutch message naming the field.
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from modelgemeente.core.enums import Audience, Authentication, Basis
from modelgemeente.maturity import productlist
from modelgemeente.maturity.productlist import ProductListError

SHIPPED = Path(settings.BASE_DIR) / "data" / "products" / "producten.yaml"
SCHEMA = Path(productlist.__file__).parent / "schemas" / "products.schema.json"


@pytest.fixture
def shipped(monkeypatch):
    """The real list, whatever DATA_DIR the test settings point to."""
    monkeypatch.setattr(productlist, "list_path", lambda: SHIPPED)
    productlist.product_list.cache_clear()
    yield productlist.product_list()
    productlist.product_list.cache_clear()


@pytest.fixture
def broken(settings, tmp_path):
    """Write a changed copy of the shipped list into a DATA_DIR of its own and read it."""

    def read(change) -> str:
        data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
        change(data)
        folder = tmp_path / "products"
        folder.mkdir(exist_ok=True)
        (folder / "producten.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        settings.DATA_DIR = tmp_path  # the reader forgets its cached list when DATA_DIR changes
        with pytest.raises(ProductListError) as error:
            productlist.product_list()
        return str(error.value)

    yield read
    productlist.product_list.cache_clear()


def test_the_shipped_list_validates_and_covers_the_2018_scope(shipped):
    counts = shipped.counts()
    assert counts["products"] >= 56
    assert counts["inwoners"] >= 30
    assert counts["bedrijven"] >= 20
    assert len({p.id for p in shipped.products}) == counts["products"]


def test_counts_add_up(shipped):
    counts = shipped.counts()
    assert counts["inwoners"] + counts["bedrijven"] == counts["products"] == len(shipped.products)
    assert counts["volume_bron"] + counts["volume_schatting"] == counts["products"]
    assert counts["auth_bron"] + counts["auth_aanname"] == counts["products"]
    assert counts["volume_bron"] == sum(p.volume_basis == "bron" for p in shipped.products)


def test_every_product_keeps_its_upl_uri_and_explains_its_figures(shipped):
    for p in shipped.products:
        assert p.upl_uri.startswith("http://standaarden.overheid.nl/owms/terms/"), p.id
        assert p.upl_name == p.upl_name.strip() and p.upl_name, p.id
        assert len(p.auth_note.strip()) >= 10 and len(p.volume_note.strip()) >= 10, p.id
        assert p.volume_per_1000 >= 0, p.id
    assert len({p.upl_uri for p in shipped.products}) == len(shipped.products)


def test_an_estimate_says_it_is_one_and_a_source_shows_its_arithmetic(shipped):
    for p in shipped.products:
        if p.volume_basis == Basis.ESTIMATE:
            assert p.volume_note.startswith("Schatting"), p.id
        else:
            assert "Berekening:" in p.volume_note, p.id
        if p.auth_basis == Basis.ASSUMPTION:
            assert p.auth_note.startswith("Aanname"), p.id


def test_the_list_states_its_source_and_date(shipped):
    assert shipped.source_label() == (
        "Uniforme Productnamenlijst (UPL), versie UPL-actueel.csv, peildatum 30 april 2025"
    )
    assert "nl-portal/nl-portal-docker-compose" in shipped.source["obtained"]


def test_a_product_by_id_with_its_volume_for_a_municipality(shipped):
    birth = productlist.product("geboorteaangifte")
    assert birth.audience == Audience.RESIDENTS
    assert birth.upl_name == "geboorteaangifte"
    assert birth.volume_per_1000 == Decimal("9.2")
    assert birth.estimated_volume(30_000) == Decimal("276.0")
    assert birth.estimated_volume(12_345) == Decimal("113.574")  # unrounded
    assert productlist.product("bestaat-niet") is None
    assert productlist.products() == shipped.products


def test_needs_login_follows_the_authentication_level(shipped):
    report = shipped.get("melding-openbare-ruimte")
    assert report.auth_level == Authentication.NONE and not report.needs_login
    assert shipped.get("verhuizing").needs_login
    assert shipped.get("evenementenvergunning").auth_level.startswith("eherkenning-")


def test_the_schema_enums_are_the_enums_of_the_model():
    product = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]["product"]["properties"]
    assert product["audience"]["enum"] == list(Audience.values)
    assert product["authentication"]["properties"]["level"]["enum"] == list(Authentication.values)
    assert set(product["authentication"]["properties"]["basis"]["enum"]) == {Basis.SOURCE, Basis.ASSUMPTION}
    assert set(product["volume_per_1000"]["properties"]["basis"]["enum"]) == {Basis.SOURCE, Basis.ESTIMATE}


@pytest.mark.parametrize(
    "change, field, words",
    [
        (lambda d: d["products"][3].update(audience="burgers"), "products[3].audience", "ongeldige waarde 'burgers'"),
        (
            lambda d: d["products"][0]["volume_per_1000"].update(value=-1),
            "products[0].volume_per_1000.value",
            "minstens 0",
        ),
        (
            lambda d: d["products"][1]["authentication"].update(basis="bron?"),
            "products[1].authentication.basis",
            "kies uit",
        ),
        (lambda d: d["products"][2].pop("upl_uri"), "products[2].upl_uri", "verplicht veld ontbreekt"),
        (lambda d: d["products"][4].update(id="Paspoort 2"), "products[4].id", "ongeldige vorm"),
        (lambda d: d["products"][5].update(id=d["products"][0]["id"]), "products[5].id", "komt twee keer voor"),
        (lambda d: d["source"].update(as_of="2025-02-30"), "source.as_of", "bestaat niet als datum"),
        (
            lambda d: d["products"][0]["volume_per_1000"].update(basis="aanname"),
            "products[0].volume_per_1000.basis",
            "schatting",
        ),
    ],
)
def test_a_broken_file_gives_a_dutch_message_naming_the_field(broken, change, field, words):
    message = broken(change)
    assert message.startswith("data/products/producten.yaml: ")
    assert f"{field}: " in message
    assert words in message


def test_a_missing_or_unreadable_file_is_a_product_list_error(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    with pytest.raises(ProductListError, match="het bestand ontbreekt"):
        productlist.product_list()
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "producten.yaml").write_text("products: [\n", encoding="utf-8")
    with pytest.raises(ProductListError, match="ongeldige YAML"):
        productlist.product_list()
    (tmp_path / "products" / "producten.yaml").write_text("", encoding="utf-8")
    with pytest.raises(ProductListError, match="bestand: moet een groep velden zijn"):
        productlist.product_list()
    productlist.product_list.cache_clear()
