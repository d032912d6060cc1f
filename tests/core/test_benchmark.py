"""The M&I/Partners ICT benchmark figures (data/benchmark/ict-kosten-per-inwoner.yaml) and their reader
(core/benchmark.py): the published figures per book year and size class, with their source."""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from modelgemeente.core import benchmark
from modelgemeente.refdata import ReferenceDataError

SHIPPED = Path(settings.BASE_DIR) / "data" / "benchmark" / "ict-kosten-per-inwoner.yaml"


@pytest.fixture(autouse=True)
def _fresh():
    benchmark.benchmark.cache_clear()
    yield
    benchmark.benchmark.cache_clear()


def test_the_published_figures_per_year():
    figures = {year: benchmark.per_inhabitant(year) for year in benchmark.years()}
    assert figures == {
        2013: Decimal(74),
        2014: Decimal(72),
        2017: Decimal(82),
        2018: Decimal(84),
        2019: Decimal(86),
        2020: Decimal(93),
        2021: Decimal(96),
        2022: Decimal(106),
    }
    assert benchmark.per_inhabitant(2015) is None and benchmark.per_inhabitant(2030) is None


def test_the_2018_size_classes_and_their_figures():
    assert benchmark.size_class(1) == "tot-60k"
    assert benchmark.size_class(59_999) == "tot-60k"
    assert benchmark.size_class(60_000) == "60k-100k"
    assert benchmark.size_class(99_999) == "60k-100k"
    assert benchmark.size_class(100_000) == "vanaf-100k"  # the Modelgemeente: "100.000+"
    assert benchmark.size_class(931_298) == "vanaf-100k"
    figures = {cls: benchmark.class_figure(2018, cls) for cls in ("tot-60k", "60k-100k", "vanaf-100k")}
    assert figures == {"tot-60k": Decimal(84), "60k-100k": Decimal(78), "vanaf-100k": Decimal(89)}
    assert benchmark.class_label("60k-100k") == "60.000 tot 100.000 inwoners"


def test_a_class_without_a_published_figure_has_none():
    assert benchmark.class_figure(2022, "tot-60k") is None
    assert benchmark.class_figure(2017, "tot-60k") is None  # 2017 split at 100,000 only, and not for small ones
    assert benchmark.class_figure(2017, "vanaf-100k") == Decimal(84)
    assert benchmark.class_figure(2013, "tot-100k") == Decimal(62)
    assert benchmark.class_figure(2016, "vanaf-100k") is None


def test_the_source_and_what_was_checked_are_stated():
    assert benchmark.source_label() == "M&I/Partners, ICT-benchmark gemeenten, kennispagina's op mxi.nl"
    data = benchmark.benchmark()
    assert data["checked"] is True and "niet live" in data["check_note"]
    assert all(item["url"].startswith("https://") for item in data["years"])
    components = next(item for item in data["years"] if item["year"] == 2022)["components"]
    assert components == {"personeel": 53, "software": 36}


def write(settings, tmp_path, change):
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    change(data)
    (tmp_path / "benchmark").mkdir()
    (tmp_path / "benchmark" / "ict-kosten-per-inwoner.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    settings.DATA_DIR = tmp_path


def test_a_broken_file_gives_a_dutch_message_naming_the_field(settings, tmp_path):
    def change(data):
        data["years"][1]["per_inhabitant"] = "veel"
        data["years"][2]["classes"] = {"klein": 10}
        data["current_classes"].append("reuzen")

    write(settings, tmp_path, change)
    with pytest.raises(benchmark.BenchmarkError) as error:
        benchmark.per_inhabitant(2013)
    message = str(error.value)
    assert message.startswith("data/benchmark/ict-kosten-per-inwoner.yaml: ")
    assert "years[1].per_inhabitant: moet een getal groter dan 0 zijn" in message
    assert "years[2].classes.klein: onbekende klasse" in message
    assert "current_classes[3]: onbekende klasse 'reuzen'" in message
    assert isinstance(error.value, ReferenceDataError)


def test_a_missing_file_says_so(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    with pytest.raises(benchmark.BenchmarkError, match="het bestand ontbreekt"):
        benchmark.source_label()
