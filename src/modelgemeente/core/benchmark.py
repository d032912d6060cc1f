"""The published ICT cost per inhabitant of Dutch municipalities (M&I/Partners ICT Benchmark Gemeenten), read and
checked from data/benchmark/ict-kosten-per-inwoner.yaml (its README gives the sources and what was checked).

Years are book years; amounts are euros per inhabitant in prices of that year. Size classes are defined in the
file; `size_class()` chooses among the classes of the benchmark over 2018 (fewer than 60,000, 60,000 to 100,000,
100,000 or more inhabitants). A broken file gives BenchmarkError with a Dutch message naming the field.
"""

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from modelgemeente.core.datafiles import read_yaml
from modelgemeente.refdata import ReferenceDataError

FILE_LABEL = "data/benchmark/ict-kosten-per-inwoner.yaml"


class BenchmarkError(ReferenceDataError):
    pass


def benchmark_path() -> Path:
    return Path(settings.DATA_DIR) / "benchmark" / "ict-kosten-per-inwoner.yaml"


@lru_cache(maxsize=1)
def benchmark() -> dict:
    """The whole file, checked; or BenchmarkError (Dutch, naming the field)."""
    path = benchmark_path()
    data = read_yaml(path, FILE_LABEL, BenchmarkError)
    problems = _problems(data)
    if problems:
        raise BenchmarkError(f"{FILE_LABEL}: " + "; ".join(problems))
    return data


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _problems(data) -> list[str]:
    if not isinstance(data, dict):
        return ["bestand: moet een groep velden zijn"]
    problems = []
    for name in ("title", "check_note", "notes"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            problems.append(f"{name}: verplicht veld ontbreekt of is geen tekst")
    source = data.get("source")
    if not isinstance(source, dict) or not all(isinstance(source.get(k), str) for k in ("name", "publisher", "url")):
        problems.append("source: moet name, publisher en url bevatten")
    if not isinstance(data.get("checked"), bool):
        problems.append("checked: moet true of false zijn")
    classes = data.get("size_classes")
    if not isinstance(classes, list) or not classes:
        return problems + ["size_classes: moet een lijst met minstens één klasse zijn"]
    ids = set()
    for index, item in enumerate(classes):
        where = f"size_classes[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("name"), str):
            problems.append(f"{where}: moet id en name hebben")
            continue
        if item["id"] in ids:
            problems.append(f"{where}.id: '{item['id']}' komt twee keer voor")
        ids.add(item["id"])
        low, high = item.get("min"), item.get("max")
        if not isinstance(low, int) or low < 0:
            problems.append(f"{where}.min: moet een geheel getal van minstens 0 zijn")
        elif high is not None and (not isinstance(high, int) or high < low):
            problems.append(f"{where}.max: moet leeg zijn of een geheel getal van minstens min")
    current = data.get("current_classes")
    if not isinstance(current, list) or not current:
        problems.append("current_classes: moet een lijst met klassen zijn")
    else:
        problems += [f"current_classes[{i}]: onbekende klasse {c!r}" for i, c in enumerate(current) if c not in ids]
    years = data.get("years")
    if not isinstance(years, list) or not years:
        return problems + ["years: moet een lijst met minstens één jaar zijn"]
    seen = set()
    for index, item in enumerate(years):
        where = f"years[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("year"), int):
            problems.append(f"{where}.year: moet een jaartal zijn")
            continue
        if item["year"] in seen:
            problems.append(f"{where}.year: {item['year']} komt twee keer voor")
        seen.add(item["year"])
        if not _is_number(item.get("per_inhabitant")) or item["per_inhabitant"] <= 0:
            problems.append(f"{where}.per_inhabitant: moet een getal groter dan 0 zijn")
        if not isinstance(item.get("url"), str) or not item["url"].startswith("http"):
            problems.append(f"{where}.url: moet het adres van de bron zijn")
        for cls, value in (item.get("classes") or {}).items():
            if cls not in ids:
                problems.append(f"{where}.classes.{cls}: onbekende klasse")
            elif not _is_number(value) or value <= 0:
                problems.append(f"{where}.classes.{cls}: moet een getal groter dan 0 zijn")
    return problems


def _year(year: int) -> dict | None:
    return next((item for item in benchmark()["years"] if item["year"] == year), None)


def years() -> list[int]:
    """The book years with a published figure, oldest first."""
    return sorted(item["year"] for item in benchmark()["years"])


def per_inhabitant(year: int) -> Decimal | None:
    """The average ICT cost per inhabitant in that book year, or None when the benchmark has no figure for it."""
    item = _year(year)
    return Decimal(str(item["per_inhabitant"])) if item else None


def size_class(inhabitants: int) -> str:
    """The id of the size class (of the benchmark over 2018) for a municipality of this size."""
    classes = {c["id"]: c for c in benchmark()["size_classes"]}
    for class_id in benchmark()["current_classes"]:
        low, high = classes[class_id]["min"], classes[class_id]["max"]
        if inhabitants >= low and (high is None or inhabitants <= high):
            return class_id
    raise BenchmarkError(f"{FILE_LABEL}: current_classes: geen klasse voor {inhabitants} inwoners")


def class_label(class_id: str) -> str:
    """'minder dan 60.000 inwoners' for 'tot-60k'; the id itself when unknown."""
    return next((c["name"] for c in benchmark()["size_classes"] if c["id"] == class_id), class_id)


def class_figure(year: int, class_id: str) -> Decimal | None:
    """The average ICT cost per inhabitant of that size class in that book year, or None when not published."""
    item = _year(year)
    value = (item.get("classes") or {}).get(class_id) if item else None
    return Decimal(str(value)) if value is not None else None


def source_label() -> str:
    """'M&I/Partners, ICT-benchmark gemeenten, kennispagina's op mxi.nl' for provenance texts."""
    return benchmark()["source"]["name"]


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    """A test that points DATA_DIR elsewhere reads that folder's file."""
    if setting == "DATA_DIR":
        benchmark.cache_clear()
