"""The example regions and collective provisions shipped in data/ (data/regions, data/provisions), read and checked.

Both files are validated against schemas/*.schema.json; on top of that every municipality code must exist in
data/municipalities/gemeenten.yaml, ids must be unique and every replaced line must belong to a replaced
development. A broken file gives SeedDataError with a Dutch message naming the field, never a crash.
`manage.py load_consultation_examples` (services/seeding.py) creates what the files describe.
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import jsonschema
from django.conf import settings

from modelgemeente import refdata
from modelgemeente.catalog.content_files import dutch_message, field_name, to_decimal
from modelgemeente.core.datafiles import read_yaml

SCHEMAS = Path(__file__).resolve().parent / "schemas"
REGIONS_LABEL = "data/regions/regios-voorbeeld.yaml"
PROVISIONS_LABEL = "data/provisions/voorbeelden.yaml"


class SeedDataError(Exception):
    pass


@dataclass(frozen=True)
class RegionSeed:
    slug: str
    name: str
    description: str
    municipality_codes: tuple[str, ...]
    is_example: bool
    source_note: str


@dataclass(frozen=True)
class ProvisionSeed:
    slug: str
    name: str
    description: str
    owner: str
    is_example: bool
    status: str
    build_cost: Decimal
    yearly_cost: Decimal
    write_off_years: int
    cost_key: str
    cost_note: str
    replaces_developments: tuple[str, ...]
    replaces_lines: tuple[str, ...]


def regions_path() -> Path:
    return Path(settings.DATA_DIR) / "regions" / "regios-voorbeeld.yaml"


def provisions_path() -> Path:
    return Path(settings.DATA_DIR) / "provisions" / "voorbeelden.yaml"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


def _read(path: Path, label: str, schema: str) -> dict:
    """The file's data, valid against its schema, or SeedDataError naming the fields."""
    data = read_yaml(path, label, SeedDataError)
    errors = sorted(_validator(schema).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    _raise(label, [f"{field_name(path) or 'bestand'}: {message}" for path, message in map(dutch_message, errors)])
    return data


def _raise(label: str, problems: list[str]) -> None:
    if problems:
        raise SeedDataError(f"{label}: " + "; ".join(problems))


def _duplicate_ids(items: list[dict], field: str) -> list[str]:
    seen, problems = set(), []
    for index, item in enumerate(items):
        if item["id"] in seen:
            problems.append(f"{field}[{index}].id: '{item['id']}' komt twee keer voor")
        seen.add(item["id"])
    return problems


# Checks shared with the admin forms -----------------------------------------------------------------------------


def unknown_municipality_codes(codes) -> list[str]:
    """The codes that are not a municipality in data/municipalities/gemeenten.yaml, in the given order."""
    known = {m["code"] for m in refdata.municipalities()}
    return [code for code in codes if code not in known]


def lines_outside_developments(developments, lines) -> list[str]:
    """The 'development/line' keys whose development is not among the replaced developments."""
    return [key for key in lines if key.split("/", 1)[0] not in set(developments)]


# The files --------------------------------------------------------------------------------------------------------


def example_regions() -> list[RegionSeed]:
    """The regions of data/regions/regios-voorbeeld.yaml, or SeedDataError."""
    data = _read(regions_path(), REGIONS_LABEL, "regions.schema.json")
    problems = _duplicate_ids(data["regions"], "regions")
    for index, region in enumerate(data["regions"]):
        problems += [
            f"regions[{index}].municipalities: gemeentecode '{code}' bestaat niet in data/municipalities/gemeenten.yaml"
            for code in unknown_municipality_codes(region["municipalities"])
        ]
    _raise(REGIONS_LABEL, problems)
    note = f"{data['source'].strip()} {data['explanation'].strip()}"
    return [
        RegionSeed(
            slug=region["id"],
            name=region["name"],
            description=region["description"].strip(),
            municipality_codes=tuple(region["municipalities"]),
            is_example=data["is_example"],
            source_note=note,
        )
        for region in data["regions"]
    ]


def example_provisions() -> list[ProvisionSeed]:
    """The provisions of data/provisions/voorbeelden.yaml, or SeedDataError."""
    data = _read(provisions_path(), PROVISIONS_LABEL, "provisions.schema.json")
    problems = _duplicate_ids(data["provisions"], "provisions")
    for index, item in enumerate(data["provisions"]):
        problems += [
            f"provisions[{index}].replaces_lines: '{key}' hoort niet bij een ontwikkeling in replaces_developments"
            for key in lines_outside_developments(item["replaces_developments"], item["replaces_lines"])
        ]
    _raise(PROVISIONS_LABEL, problems)
    return [
        ProvisionSeed(
            slug=item["id"],
            name=item["name"],
            description=item["description"].strip(),
            owner=item["owner"],
            is_example=item["is_example"],
            status=item["status"],
            build_cost=to_decimal(item["build_cost"]),
            yearly_cost=to_decimal(item["yearly_cost"]),
            write_off_years=item["write_off_years"],
            cost_key=item["cost_key"],
            cost_note=item["cost_note"].strip(),
            replaces_developments=tuple(item["replaces_developments"]),
            replaces_lines=tuple(item["replaces_lines"]),
        )
        for item in data["provisions"]
    ]
