"""CONTENT TEST: the real 2026 edition builds as an open dataset with every line (catalog/dataset.py).
A failure here means the content changed; see the note in test_editions.py."""

import io
import json
import time
import zipfile
from decimal import Decimal

from modelgemeente.budget.money import round_euro
from modelgemeente.catalog.budget_input import model_budget
from modelgemeente.catalog.dataset import edition_dataset


def test_2026_dataset_builds_with_all_160_lines(edition):
    started = time.monotonic()
    data = edition_dataset(edition)
    seconds = time.monotonic() - started
    archive = zipfile.ZipFile(io.BytesIO(data))
    lines = json.loads(archive.read("budget_lines.json"))
    assert len(lines) == 160 and len({line["id"] for line in lines}) == 160
    assert len(archive.read("budget_lines.csv").decode("utf-8").rstrip("\r\n").split("\r\n")) >= 161
    assert len(json.loads(archive.read("model_budget.json"))) == 160 * 4
    assert all(line["provenance_type"] in ("source", "estimate") and line["provenance_text"] for line in lines)
    totals = {row["year"]: Decimal(row["total"]) for row in json.loads(archive.read("model_budget_totals.json"))}
    per_year = model_budget(edition).result.per_year()
    assert totals == {year: round_euro(amount, 2) for year, amount in per_year.items()}
    assert round_euro(totals[2026]) == Decimal(3_061_542)  # test_editions.py: the model totals to the euro
    assert "Modelgemeente 2026" in archive.read("README.md").decode("utf-8")
    assert seconds < 10, f"building the dataset took {seconds:.1f} s"
