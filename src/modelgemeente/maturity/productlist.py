"""The municipal product list (reference data in data/products/producten.yaml), read and checked.

Each product comes from the Uniforme Productnamenlijst (UPL) with its exact UPL name and URI, and
carries the authentication it needs and a yearly volume per 1,000 inhabitants; every such figure says
whether it comes from a published source or is our assumption or estimate (data/products/README.md).
The file is validated against schemas/products.schema.json; a broken file gives ProductListError with a
Dutch message naming the field, never a crash.
"""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import jsonschema
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from modelgemeente.catalog.content_files import dutch_message, field_name, to_decimal
from modelgemeente.core.datafiles import read_yaml
from modelgemeente.core.enums import Audience, Authentication, Basis
from modelgemeente.refdata import dutch_date

SCHEMA = jsonschema.Draft202012Validator(
    json.loads((Path(__file__).resolve().parent / "schemas" / "products.schema.json").read_text(encoding="utf-8"))
)
FILE_LABEL = "data/products/producten.yaml"


class ProductListError(Exception):
    pass


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    upl_name: str
    upl_uri: str
    audience: str
    vng_2018: bool
    auth_level: str
    auth_basis: str
    auth_note: str
    volume_per_1000: Decimal
    volume_basis: str
    volume_note: str

    def estimated_volume(self, inhabitants: int) -> Decimal:
        """Yearly requests for a municipality of this size (unrounded)."""
        return self.volume_per_1000 * Decimal(inhabitants) / Decimal(1000)

    @property
    def needs_login(self) -> bool:
        return self.auth_level != Authentication.NONE


@dataclass(frozen=True)
class ProductList:
    title: str
    source: dict
    selection: str
    products: tuple[Product, ...]

    def get(self, product_id) -> Product | None:
        return next((p for p in self.products if p.id == product_id), None)

    def source_label(self) -> str:
        """'Uniforme Productnamenlijst (UPL), versie ..., peildatum 30 april 2025' for provenance texts."""
        source = self.source
        return f"{source['name']}, versie {source['version']}, peildatum {dutch_date(source['as_of'])}"

    def counts(self) -> dict:
        def number(**where) -> int:
            return sum(all(getattr(p, key) == value for key, value in where.items()) for p in self.products)

        return {
            "products": len(self.products),
            "inwoners": number(audience=Audience.RESIDENTS),
            "bedrijven": number(audience=Audience.BUSINESSES),
            "volume_bron": number(volume_basis=Basis.SOURCE),
            "volume_schatting": number(volume_basis=Basis.ESTIMATE),
            "auth_bron": number(auth_basis=Basis.SOURCE),
            "auth_aanname": number(auth_basis=Basis.ASSUMPTION),
        }


def list_path() -> Path:
    return Path(settings.DATA_DIR) / "products" / "producten.yaml"


def _read(path: Path) -> dict:
    # YAML turns 2025-04-30 into a date; the schema checks JSON values, so dates become ISO strings.
    return read_yaml(path, FILE_LABEL, ProductListError, dates_as_text=True)


def _check(data) -> None:
    problems = [f"{field_name(path) or 'bestand'}: {message}" for path, message in map(dutch_message, _errors(data))]
    if not problems:
        problems = _date_problems(data) + _duplicate_ids(data)
    if problems:
        raise ProductListError(f"{FILE_LABEL}: " + "; ".join(problems))


def _errors(data) -> list:
    return sorted(SCHEMA.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))


def _date_problems(data) -> list[str]:
    try:
        date.fromisoformat(data["source"]["as_of"])
    except ValueError:
        return [f"source.as_of: bestaat niet als datum: {data['source']['as_of']!r}"]
    return []


def _duplicate_ids(data) -> list[str]:
    seen, problems = set(), []
    for index, item in enumerate(data["products"]):
        if item["id"] in seen:
            problems.append(f"products[{index}].id: '{item['id']}' komt twee keer voor")
        seen.add(item["id"])
    return problems


# The product fields that the file holds as they are.
PLAIN_FIELDS = ("id", "name", "upl_name", "upl_uri", "audience", "vng_2018")


def _product(item: dict) -> Product:
    auth, volume = item["authentication"], item["volume_per_1000"]
    return Product(
        **{name: item[name] for name in PLAIN_FIELDS},
        auth_level=auth["level"],
        auth_basis=auth["basis"],
        auth_note=auth["note"],
        volume_per_1000=to_decimal(volume["value"]),
        volume_basis=volume["basis"],
        volume_note=volume["note"],
    )


@lru_cache(maxsize=1)
def product_list() -> ProductList:
    """The product list with its source, or ProductListError (Dutch, naming the field) if the file is broken."""
    data = _read(list_path())
    _check(data)
    return ProductList(
        title=data["title"],
        source=data["source"],
        selection=data["selection"],
        products=tuple(_product(item) for item in data["products"]),
    )


def products() -> tuple[Product, ...]:
    return product_list().products


def product(product_id: str) -> Product | None:
    return product_list().get(product_id)


@receiver(setting_changed)
def _forget_list(*, setting, **kwargs):
    """A test that points DATA_DIR elsewhere reads that folder's list."""
    if setting == "DATA_DIR":
        product_list.cache_clear()
