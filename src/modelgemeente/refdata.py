"""Reference data shipped in data/: each file states its source and date.

Only reading and checking lives here; anything that turns these figures into
money is done by the budget engine.
"""

from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings


class ReferenceDataError(Exception):
    pass


def salary_table_path(table_id: str) -> Path:
    return Path(settings.DATA_DIR) / "salary" / f"{table_id}.yaml"


@lru_cache(maxsize=16)
def salary_table(table_id: str) -> dict:
    """The salary table with this id, or ReferenceDataError if there is none."""
    path = salary_table_path(table_id)
    if not table_id or "/" in table_id or not path.is_file():
        raise ReferenceDataError(f"salaristabel '{table_id}' bestaat niet in data/salary/")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("scales"), dict) or not data["scales"]:
        raise ReferenceDataError(f"salaristabel '{table_id}' heeft geen schalen")
    return data


def salary_scales(table_id: str) -> list[int]:
    return sorted(int(scale) for scale in salary_table(table_id)["scales"])


def municipalities_path() -> Path:
    return Path(settings.DATA_DIR) / "municipalities" / "gemeenten.yaml"


@lru_cache(maxsize=1)
def municipality_table() -> dict:
    """All Dutch municipalities with CBS code, name, province and inhabitants, with source and date."""
    path = municipalities_path()
    if not path.is_file():
        raise ReferenceDataError("gemeentelijst data/municipalities/gemeenten.yaml ontbreekt")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("municipalities"), list):
        raise ReferenceDataError("gemeentelijst heeft geen lijst 'municipalities'")
    return data


def municipalities() -> list[dict]:
    return municipality_table()["municipalities"]


def municipality(code: str) -> dict | None:
    return next((m for m in municipalities() if m["code"] == code), None)


def municipality_source() -> str:
    """'CBS ..., peildatum 1 januari 2025' for provenance texts."""
    table = municipality_table()
    return f"{table['source']['name']}, peildatum {dutch_date(table['as_of'])}"


MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def dutch_date(value) -> str:
    """'2024-01-01' (or a date) as '1 januari 2024', the way dates are written in Dutch documents."""
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"
