"""Benchmark of the budget engine on the full 2026 edition.

Targets (issue 3): < 5 ms to recalculate the whole edition for one
municipality, < 1 s for 342 municipalities. Run:

    .venv/bin/python bench/budget.py

The municipalities are those of data/municipalities/gemeenten.yaml (CBS
inhabitants); employees and departments are estimated in proportion to the
reference municipality, as a new plan does.
"""

import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modelgemeente.config.settings")
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DEBUG", "1")  # a local measurement, not a deployment: no SECRET_KEY needed

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from modelgemeente import refdata  # noqa: E402
from modelgemeente.budget.engine import Profile, compute  # noqa: E402
from modelgemeente.catalog.budget_input import model_budget  # noqa: E402
from modelgemeente.catalog.loader import load_edition  # noqa: E402
from modelgemeente.plans.budget import estimated_profile  # noqa: E402


def profiles(edition):
    out = []
    for municipality in refdata.municipalities():
        employees, departments = estimated_profile(edition, municipality["inhabitants"])
        out.append(Profile(municipality["inhabitants"], employees, departments))
    return out


def main():
    call_command("migrate", verbosity=0)
    edition = load_edition(ROOT / "content" / "editions" / "2026").edition
    scenario = model_budget(edition).result.scenario
    print(f"edition 2026: {len(scenario.lines)} budget lines, {len(scenario.years)} years")

    runs = []
    for _ in range(200):
        start = time.perf_counter()
        result = compute(scenario)
        runs.append(time.perf_counter() - start)
    print(
        f"one municipality:  median {statistics.median(runs) * 1000:.2f} ms, "
        f"p95 {sorted(runs)[int(len(runs) * 0.95)] * 1000:.2f} ms  ({len(result.cells)} cells; target < 5 ms)"
    )

    many = [replace(scenario, profile=p) for p in profiles(edition)]
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        totals = [compute(s).total() for s in many]
        runs.append(time.perf_counter() - start)
    print(
        f"{len(many)} municipalities: median {statistics.median(runs) * 1000:.0f} ms, best {min(runs) * 1000:.0f} ms "
        f"(target < 1000 ms); smallest total € {min(totals):,.0f}, largest € {max(totals):,.0f}"
    )


if __name__ == "__main__":
    main()
