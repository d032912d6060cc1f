"""Content files are safe to parse: no YAML anchors or aliases, and a size limit per file."""

import pytest
from django.core.management import CommandError, call_command

from modelgemeente.catalog.content_files import ANCHOR_MESSAGE, MAX_FILE_BYTES, ContentErrors
from modelgemeente.catalog.loader import load_edition
from tests.catalog.test_loader import line_number, replace_in, snapshot

pytestmark = pytest.mark.django_db

ENERGY = "energiedashboard.md"


@pytest.fixture
def loaded(test_edition, test_edition_copy):
    """The synthetic edition in the database, and a copy of its files to break."""
    return test_edition_copy


def rejected(folder, file_name) -> list:
    """The load fails with errors for this file, and the database keeps exactly what it had."""
    before = snapshot()
    with pytest.raises(ContentErrors) as exc:
        load_edition(folder)
    assert snapshot() == before
    errors = [e for e in exc.value.errors if e.file.endswith(file_name)]
    assert errors, [str(e) for e in exc.value.errors]
    return errors


def billion_laughs(levels=9) -> str:
    """An alias bomb in flow style: 9 aliases of 9 aliases ... of 'lol', 9**9 strings once expanded."""
    items = ["&l0 lol"]
    for level in range(1, levels + 1):
        items.append(f"&l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "[" + ", ".join(items) + "]"


def test_a_billion_laughs_bomb_in_a_known_field_is_refused(loaded):
    path = loaded / "developments" / ENERGY
    replace_in(
        path,
        "related: [omgevingsdata]",
        f"related: {billion_laughs()}",
    )
    (error,) = rejected(loaded, ENERGY)
    assert error.message == ANCHOR_MESSAGE
    assert error.line == line_number(path, "related: [&l0")
    assert f"developments/{ENERGY}:{error.line}: ankers en verwijzingen (&/*) zijn niet toegestaan" in str(error)


def test_a_bomb_in_edition_yaml_is_refused(loaded):
    path = loaded / "edition.yaml"
    replace_in(path, "base_price_year: 2090\n", f"base_price_year: 2090\nlol: {billion_laughs()}\n")
    (error,) = rejected(loaded, "edition.yaml")
    assert error.message == ANCHOR_MESSAGE and error.line == line_number(path, "lol: [&l0")


def test_an_anchor_alone_is_refused(loaded):
    path = loaded / "edition.yaml"
    replace_in(path, 'title: "Testeditie 2090"', 'title: &titel "Testeditie 2090"')
    (error,) = rejected(loaded, "edition.yaml")
    assert error.message == ANCHOR_MESSAGE and error.line == line_number(path, "&titel")


def test_an_alias_to_reuse_a_value_is_refused(loaded):
    """A merge key (<<: *x) is the usual way to reuse lines; the format writes every value out instead."""
    path = loaded / "developments" / ENERGY
    replace_in(path, "  - id: dashboard-bouwen\n", "  - &eerste\n    id: dashboard-bouwen\n")
    replace_in(path, "  - id: dashboard-licenties\n", "  - <<: *eerste\n    id: dashboard-licenties\n")
    (error,) = rejected(loaded, ENERGY)
    assert error.message == ANCHOR_MESSAGE and error.line == line_number(path, "- &eerste")


def test_ampersands_and_asterisks_in_text_are_fine(test_edition_copy, db, capsys):
    replace_in(test_edition_copy / "edition.yaml", "Testgemeente\n", "Testgemeente (M&I/Partners)\n")
    replace_in(
        test_edition_copy / "developments" / ENERGY,
        "title: Energiedashboard",
        'title: "Energiedashboard *in beeld* & &meer"',
    )
    call_command("load_edition", str(test_edition_copy), "--check")
    assert "is in orde" in capsys.readouterr().out


def test_a_development_file_over_the_size_limit_is_refused(loaded):
    path = loaded / "developments" / ENERGY
    with path.open("a", encoding="utf-8") as handle:
        handle.write(("Een zin die de tekst erg lang maakt. " * 100 + "\n") * 540)  # about 2 MB
    assert path.stat().st_size > 2 * MAX_FILE_BYTES
    (error,) = rejected(loaded, ENERGY)
    assert error.message == "bestand is te groot (2,0 MB); een inhoudsbestand mag hoogstens 1,0 MB zijn"


def test_edition_yaml_over_the_size_limit_is_refused(loaded):
    path = loaded / "edition.yaml"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("# opvulling\n" * (MAX_FILE_BYTES // 12 + 1))
    (error,) = rejected(loaded, "edition.yaml")
    assert "bestand is te groot" in error.message


def test_command_reports_an_anchor_with_file_and_line(loaded, capsys):
    path = loaded / "edition.yaml"
    replace_in(path, 'title: "Testeditie 2090"', 'title: &titel "Testeditie 2090"')
    with pytest.raises(CommandError, match="Editie niet geladen: 1 fout"):
        call_command("load_edition", str(loaded), "--check")
    assert f"edition.yaml:{line_number(path, '&titel')}: {ANCHOR_MESSAGE}" in capsys.readouterr().err
