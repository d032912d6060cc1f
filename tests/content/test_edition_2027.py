"""CONTENT TESTS for the concept edition 2027 (content/editions/2027), checked against edition 2026.

A failure here means the 2027 content changed in a way that breaks a promise of the edition: stable ids
across editions, the reviewed corrections (Wpg audit, accessibility decree, BIO2), the new developments with
their laws, the release notes and the 2027 salary table.
"""

import re

import pytest
import yaml

from modelgemeente.budget.salary import derive_scale_costs
from modelgemeente.catalog.content_files import read_edition

from ..conftest import REPO

EDITIONS = REPO / "content" / "editions"
RETIRED = "financiering-buiten-pc-cyclus"
NEW = {
    "wmebv-elektronisch-bestuurlijk-verkeer": "wmebv",
    "eidas2-eudi-wallet": "eidas2",
    "cyberbeveiligingswet-zorgplicht": "cyberbeveiligingswet",
    "digitale-autonomie": None,
    "generatieve-ai-op-de-werkplek": "ai-verordening",
}


@pytest.fixture(scope="module")
def edition_2026():
    return read_edition(EDITIONS / "2026")


@pytest.fixture(scope="module")
def edition_2027():
    return read_edition(EDITIONS / "2027")


@pytest.fixture(scope="module")
def developments_2027(edition_2027):
    return {dev.data["id"]: dev for dev in edition_2027.developments}


@pytest.fixture(scope="module")
def release_notes():
    return (EDITIONS / "2027" / "release-notes.md").read_text(encoding="utf-8")


def section(markdown: str, heading: str) -> str:
    """The text under a '## heading' up to the next '## '."""
    match = re.search(rf"^## {re.escape(heading)}[^\n]*\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f"section '{heading}' missing"
    return match.group(1)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_edition_yaml_is_a_2027_concept(edition_2027):
    data = edition_2027.data
    assert (data["year"], data["title"]) == (2027, "Modelgemeente 2027")
    # The spring content version keeps the 2026 price level and table, so that unchanged lines cost the same
    # (the summer budget version moves to 2027 and cao-gemeenten-2027); the release notes say so.
    assert (data["base_price_year"], data["salary_table"]) == (2026, "cao-gemeenten-2026")
    notes = (EDITIONS / "2027" / "release-notes.md").read_text(encoding="utf-8")
    assert "prijspeil 2026" in notes and "cao-gemeenten-2027" in notes
    assert "status" not in data and "published_on" not in data, "the app manages the edition lifecycle"
    for index in ("wage", "price"):
        assert len(data["indices"][index]["provenance"]) > 40


def test_every_2026_development_and_line_id_is_kept_except_the_retired_one(edition_2026, developments_2027):
    for dev in edition_2026.developments:
        dev_id = dev.data["id"]
        if dev_id == RETIRED:
            assert dev_id not in developments_2027
            continue
        assert dev_id in developments_2027, dev_id
        lines_2027 = {line["id"] for line in developments_2027[dev_id].data["budget_lines"]}
        missing = {line["id"] for line in dev.data["budget_lines"]} - lines_2027
        assert not missing, f"{dev_id}: {missing}"
    assert RETIRED in {dev.data["id"] for dev in edition_2026.developments}


def test_no_development_still_points_at_the_retired_one(developments_2027):
    for dev_id, dev in developments_2027.items():
        assert RETIRED not in dev.data.get("related", []), dev_id
        for related in dev.data.get("related", []):
            assert related in developments_2027, f"{dev_id} -> {related}"


def test_the_retired_development_is_explained_under_vervallen(release_notes):
    assert f"`{RETIRED}`" in section(release_notes, "Vervallen")


def test_release_notes_have_the_sections_and_name_every_new_development(release_notes):
    for heading in ("Nieuw", "Gewijzigd", "Vervallen", "Uitgangspunten", "Controle van de bronnen"):
        section(release_notes, heading)
    new = section(release_notes, "Nieuw")
    for dev_id in NEW:
        assert f"`{dev_id}`" in new, dev_id
    assert "niet gecontroleerd" in section(release_notes, "Controle van de bronnen").lower()


@pytest.mark.parametrize("dev_id, law", NEW.items())
def test_new_developments_exist_with_their_laws(developments_2027, edition_2027, dev_id, law):
    assert dev_id in developments_2027
    laws = {item["id"] for item in edition_2027.data["laws"]}
    dev = developments_2027[dev_id]
    assert set(dev.data["laws"]) <= laws
    if law:
        assert law in dev.data["laws"]
    assert dev.data["budget_lines"]


def test_new_laws_have_their_dates(edition_2027):
    laws = {item["id"]: item for item in edition_2027.data["laws"]}
    assert laws["wmebv"]["in_force"] == "2026-01-01" and laws["wmebv"]["status"] == "in_force"
    assert "2027" in laws["wmebv"]["status_note"]
    assert laws["eidas2"]["in_force"] == "2024-05-20"
    assert laws["cyberbeveiligingswet"]["status"] == "expected"
    assert "nog niet bekend" in laws["wet-versterking-participatie"]["status_note"]
    assert "2 augustus 2026" in flat(laws["ai-verordening"]["status_note"])


def test_cyberbeveiligingswet_has_a_security_monitoring_line(developments_2027):
    lines = {line["id"]: line for line in developments_2027["cyberbeveiligingswet-zorgplicht"].data["budget_lines"]}
    soc = lines["security-monitoring-soc"]
    assert soc["kind"] == "structural" and soc["amount"] > 0
    assert "zorgplicht" in soc["provenance"]["text"]


def test_wpg_audit_is_every_four_years(developments_2027):
    dev = developments_2027["wet-politiegegevens"]
    text = flat(dev.body)
    assert "vier jaar" in text and "twee jaar" not in text
    lines = {line["id"]: line for line in dev.data["budget_lines"]}
    audit = lines["externe-wpg-audit"]
    assert audit["amount"] == 4000 and "vier jaar" in flat(audit["provenance"]["text"])
    assert "interne-wpg-audit" in lines


def test_accessibility_decree_has_its_official_name(edition_2027):
    texts = [(EDITIONS / "2027" / "edition.yaml").read_text(encoding="utf-8")]
    texts += [dev.body + yaml.safe_dump(dev.data, allow_unicode=True) for dev in edition_2027.developments]
    for text in texts:
        for match in re.finditer(r"besluit digitale toegankelijkheid", flat(text), re.I):
            before = flat(text)[max(0, match.start() - 10) : match.start()]
            assert before.lower().endswith("tijdelijk "), flat(text)[match.start() - 40 : match.end()]


def test_bio2_is_not_described_as_to_be_renewed(edition_2027):
    for dev in edition_2027.developments:
        text = flat(dev.body + yaml.safe_dump(dev.data, allow_unicode=True)).lower()
        assert "vernieuwde bio" not in text, dev.data["id"]
        assert not re.search(r"\bbio\b[^.]*wordt vernieuwd", text), dev.data["id"]
    security = next(dev for dev in edition_2027.developments if dev.data["id"] == "informatiebeveiliging-en-privacy")
    assert "BIO2" in security.body and "2025" in security.body


def test_re_estimated_lines_show_their_calculation(developments_2027):
    cleanup = {line["id"]: line for line in developments_2027["archiefwet-en-woo"].data["budget_lines"]}
    cleanup = cleanup["opschonen-en-migreren"]
    assert cleanup["amount"] > 60000 and "×" in cleanup["provenance"]["text"]
    plans = {line["id"]: line for line in developments_2027["omgevingswet-en-wkb"].data["budget_lines"]}
    plans = plans["omzetten-bestemmingsplannen"]
    assert plans["amount"] > 90000 and "×" in plans["provenance"]["text"]


def test_the_2027_salary_table_exists_has_a_source_and_is_labelled_derived():
    table = yaml.safe_load((REPO / "data/salary/cao-gemeenten-2027.yaml").read_text(encoding="utf-8"))
    assert table["id"] == "cao-gemeenten-2027"
    assert table["status"] == "derived"
    assert table["source"]["name"] and table["source"]["date"] and table["source"]["url"].startswith("https://")
    assert "afgeleid" in table["notes"].lower()
    assert all(step.get("source") for step in table["increases"])
    costs_2027 = derive_scale_costs(table)
    costs_2026 = derive_scale_costs(yaml.safe_load((REPO / "data/salary/cao-gemeenten-2026.yaml").read_text()))
    assert set(costs_2027) == set(costs_2026)
    assert all(costs_2027[scale].annual_cost > costs_2026[scale].annual_cost for scale in costs_2026)
