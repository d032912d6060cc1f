"""Loading editions: idempotency and rejection of bad files, on the synthetic edition (tests/data/editions/2090).

That the real editions load and hold their seed figures is checked in tests/content/."""

import re

import pytest
from django.core.management import CommandError, call_command

from modelgemeente.catalog.content_files import ContentErrors, read_edition
from modelgemeente.catalog.loader import load_edition
from modelgemeente.catalog.models import BudgetLine, Development, Domain, Edition, Law, Opgave

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything a load could change, to prove a failed load changed nothing."""
    return {
        "editions": list(Edition.objects.values_list("year", "content_hash", "loaded_at")),
        "developments": list(
            Development.objects.order_by("pk").values_list("pk", "slug", "title", "summary", "body_markdown")
        ),
        "lines": list(
            BudgetLine.objects.order_by("pk").values_list("pk", "slug", "amount", "hours_per_week", "salary_scale")
        ),
        "domains": list(Domain.objects.order_by("pk").values_list("pk", "slug", "name")),
        "laws": list(Law.objects.order_by("pk").values_list("pk", "slug", "in_force")),
        "opgaven": list(Opgave.objects.order_by("pk").values_list("pk", "slug")),
    }


def test_loading_twice_is_idempotent(test_edition):
    before = snapshot()
    result = load_edition(test_edition.source_path)
    after = snapshot()
    assert not result.created and not result.changed
    # Only the load time moves; every row keeps its primary key and content.
    assert [e[:2] for e in before["editions"]] == [e[:2] for e in after["editions"]]
    for key in ("developments", "lines", "domains", "laws", "opgaven"):
        assert before[key] == after[key], key


def test_reload_applies_changes_and_removes_what_is_gone(test_edition_copy, db):
    load_edition(test_edition_copy)
    path = test_edition_copy / "developments" / "energiedashboard.md"
    text = path.read_text()
    path.write_text(text.replace("title: Energiedashboard", "title: Energiedashboard zichtbaar"))
    (test_edition_copy / "developments" / "klantcontact.md").unlink()
    for other in test_edition_copy.glob("developments/*.md"):  # drop references to the removed file
        other.write_text(re.sub(r"\bklantcontact,? ?", "", other.read_text()).replace(", ]", "]"))
    result = load_edition(test_edition_copy)
    assert result.changed
    assert Development.objects.get(slug="energiedashboard").title == "Energiedashboard zichtbaar"
    assert not Development.objects.filter(slug="klantcontact").exists()
    assert Development.objects.get(slug="digitaal-loket").related.count() == 0


def replace_in(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_number(path, needle, occurrence=1):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            occurrence -= 1
            if occurrence == 0:
                return number
    raise AssertionError(needle)


def assert_rejected(folder, file_name, field, message_part, line=None):
    """The load fails with this error, and the database keeps exactly what it had."""
    before = snapshot()
    with pytest.raises(ContentErrors) as exc:
        load_edition(folder)
    assert snapshot() == before
    matching = [e for e in exc.value.errors if e.file.endswith(file_name) and e.field == field]
    assert matching, [str(e) for e in exc.value.errors]
    assert message_part in matching[0].message, str(matching[0])
    if line is not None:
        assert matching[0].line == line, str(matching[0])
    return matching[0]


@pytest.fixture
def loaded(test_edition, test_edition_copy):
    """The synthetic edition in the database, and a copy of its files to break."""
    return test_edition_copy


def test_unknown_domain_is_rejected(loaded):
    path = loaded / "developments" / "energiedashboard.md"
    replace_in(path, "domain: ruimte", "domain: heelal")
    error = assert_rejected(
        loaded, "energiedashboard.md", "domain", "onbekend domein 'heelal'", line_number(path, "domain: heelal")
    )
    assert "kanalen" in error.message  # lists the valid choices
    assert "editions/2090/developments/energiedashboard.md:4: domain: onbekend domein" in str(error)


def test_negative_hours_are_rejected(loaded):
    path = loaded / "developments" / "energiedashboard.md"
    replace_in(path, "hours_per_week: 4", "hours_per_week: -4")
    assert_rejected(
        loaded,
        "energiedashboard.md",
        "budget_lines[2].hours_per_week",
        "moet groter dan 0 zijn",
        line_number(path, "hours_per_week: -4"),
    )


def test_missing_field_is_rejected(loaded):
    path = loaded / "developments" / "energiedashboard.md"
    replace_in(path, "capacity_type: wendbaarheid\n", "")
    assert_rejected(loaded, "energiedashboard.md", "capacity_type", "verplicht veld ontbreekt", 2)


def test_missing_provenance_of_a_line_is_rejected(loaded):
    path = loaded / "developments" / "energiedashboard.md"
    text = path.read_text()
    start = text.index("    provenance:\n      type: estimate")
    end = text.index("\n  - id: dashboard-beheer")
    path.write_text(text[:start] + text[end + 1 :])
    assert_rejected(loaded, "energiedashboard.md", "budget_lines[1].provenance", "verplicht veld ontbreekt")


def test_bad_yaml_is_rejected_with_its_line(loaded):
    path = loaded / "developments" / "energiedashboard.md"
    replace_in(path, "capacity_type: wendbaarheid", "capacity_type: [wendbaarheid")
    before = snapshot()
    with pytest.raises(ContentErrors) as exc:
        load_edition(loaded)
    assert snapshot() == before
    error = next(e for e in exc.value.errors if e.file.endswith("energiedashboard.md"))
    assert "ongeldige YAML" in error.message
    assert error.line is not None and error.line >= line_number(path, "capacity_type: [")


def test_duplicate_development_id_is_rejected(loaded):
    source = loaded / "developments" / "energiedashboard.md"
    copy = loaded / "developments" / "energiedashboard-kopie.md"
    copy.write_text(source.read_text())
    before = snapshot()
    with pytest.raises(ContentErrors) as exc:
        load_edition(loaded)
    assert snapshot() == before
    (error,) = [e for e in exc.value.errors if e.field == "id"]
    assert "komt ook voor in" in error.message and "energiedashboard" in error.message
    assert error.line == 2


def test_duplicate_budget_line_id_is_rejected(loaded):
    path = loaded / "developments" / "energiedashboard.md"
    replace_in(path, "- id: dashboard-licenties", "- id: dashboard-bouwen")
    assert_rejected(
        loaded,
        "energiedashboard.md",
        "budget_lines[1].id",
        "komt twee keer voor",
        line_number(path, "- id: dashboard-bouwen", occurrence=2),
    )


def test_unknown_salary_scale_is_rejected(loaded):
    path = loaded / "developments" / "energiedashboard.md"
    replace_in(path, "salary_scale: 10", "salary_scale: 21")
    error = assert_rejected(
        loaded,
        "energiedashboard.md",
        "budget_lines[2].salary_scale",
        "onbekende salarisschaal 21",
        line_number(path, "salary_scale: 21"),
    )
    assert "8, 10, 12" in error.message  # the scales of the synthetic salary table


def test_money_and_capacity_together_is_rejected(loaded):
    path = loaded / "developments" / "energiedashboard.md"
    replace_in(path, "    hours_per_week: 4\n", "    hours_per_week: 4\n    amount: 100\n")
    assert_rejected(loaded, "energiedashboard.md", "budget_lines[2]", "óf een bedrag")


def test_unknown_law_and_opgave_are_rejected(loaded):
    path = loaded / "developments" / "energiedashboard.md"
    replace_in(path, "laws: [wet-digitale-dienst]", "laws: [wet-digitale-dienst, klimaatwet-2099]")
    assert_rejected(loaded, "energiedashboard.md", "laws[1]", "onbekende wet 'klimaatwet-2099'")


def test_missing_front_matter_is_rejected(loaded):
    path = loaded / "developments" / "energiedashboard.md"
    path.write_text("# Alleen tekst\n\nGeen voorwerk.\n")
    assert_rejected(loaded, "energiedashboard.md", "", "YAML-voorwerk", 1)


def test_errors_in_edition_yaml_are_rejected(loaded):
    path = loaded / "edition.yaml"
    replace_in(
        path,
        "    in_force: 2089-01-01\n",
        "    in_force: 2089-02-30\n",
    )
    assert_rejected(
        loaded, "edition.yaml", "laws[1].in_force", "bestaat niet als datum", line_number(path, "in_force: 2089-02-30")
    )


def test_unknown_salary_table_is_rejected(loaded):
    replace_in(loaded / "edition.yaml", "salary_table: synthetisch-2090", "salary_table: cao-rijk-1999")
    assert_rejected(loaded, "edition.yaml", "salary_table", "salaristabel 'cao-rijk-1999' bestaat niet")


def test_all_errors_are_reported_at_once(loaded):
    replace_in(loaded / "developments" / "energiedashboard.md", "domain: ruimte", "domain: heelal")
    replace_in(loaded / "developments" / "omgevingsdata.md", "capacity_type:", "capaciteit:")
    with pytest.raises(ContentErrors) as exc:
        read_edition(loaded)
    files = {e.file.rsplit("/", 1)[-1] for e in exc.value.errors}
    assert {"energiedashboard.md", "omgevingsdata.md"} <= files


def test_a_failure_while_writing_rolls_everything_back(loaded, monkeypatch):
    replace_in(loaded / "developments" / "energiedashboard.md", "title: Energiedashboard", "title: Gewijzigd")
    before = snapshot()
    from modelgemeente.catalog import loader

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "_line_fields", fail)
    with pytest.raises(RuntimeError):
        load_edition(loaded)
    assert snapshot() == before


def test_command_reports_file_line_and_field(loaded, capsys):
    path = loaded / "developments" / "energiedashboard.md"
    replace_in(path, "salary_scale: 10", "salary_scale: 21")
    with pytest.raises(CommandError, match="Editie niet geladen: 1 fout"):
        call_command("load_edition", str(loaded))
    err = capsys.readouterr().err
    expected_line = line_number(path, "salary_scale: 21")
    assert (
        f"developments/energiedashboard.md:{expected_line}: budget_lines[2].salary_scale: onbekende salarisschaal 21"
        in err
    )


def test_command_check_mode_loads_nothing(test_edition_copy, db, capsys):
    call_command("load_edition", str(test_edition_copy), "--check")
    assert "is in orde" in capsys.readouterr().out
    assert not Edition.objects.exists()
