"""publiccode.yml is valid against the publiccode.yml standard, version 0.4, and agrees with the project.

No publiccode.yml validator installs from PyPI (the reference parser is written in Go), so the file
is checked against a JSON Schema of the standard, tests/schemas/publiccode.schema.json, whose
description cites the standard. Broken copies show that the schema reports what it should.
"""

import copy
import json
import tomllib
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "tests" / "schemas" / "publiccode.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())


def load_publiccode() -> dict:
    return yaml.safe_load((REPO / "publiccode.yml").read_text(encoding="utf-8"))


def problems(document: dict) -> list[str]:
    """Every schema finding, as "path: message", in a stable order."""
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: (list(e.absolute_path), e.message))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in errors]


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(SCHEMA)
    assert "yml.publiccode.tools" in SCHEMA["description"]


def test_publiccode_yml_is_valid_against_the_standard():
    assert problems(load_publiccode()) == []


def test_publiccode_yml_agrees_with_the_project():
    document = load_publiccode()
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert document["softwareVersion"] == pyproject["version"]
    assert document["legal"]["license"] == pyproject["license"]["text"] == package["license"] == "EUPL-1.2"
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in (REPO / "LICENSE").read_text(encoding="utf-8")
    assert set(document["localisation"]["availableLanguages"]) == {"nl", "en"}
    assert set(document["description"]) == {"nl", "en"}


def _without(document, *path):
    broken = copy.deepcopy(document)
    *parents, key = path
    target = broken
    for parent in parents:
        target = target[parent]
    del target[key]
    return broken


def _with(document, value, *path):
    broken = copy.deepcopy(document)
    *parents, key = path
    target = broken
    for parent in parents:
        target = target[parent]
    target[key] = value
    return broken


@pytest.mark.parametrize("key", ["publiccodeYmlVersion", "name", "url", "legal", "maintenance", "localisation"])
def test_a_missing_required_key_is_reported(key):
    assert f"(top): '{key}' is a required property" in problems(_without(load_publiccode(), key))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: _without(d, "legal", "license"), "legal: 'license' is a required property"),
        (lambda d: _without(d, "description", "en", "shortDescription"), "'shortDescription' is a required property"),
        (lambda d: _with(d, "x" * 151, "description", "nl", "shortDescription"), "is too long"),
        (lambda d: _with(d, "Te kort.", "description", "en", "longDescription"), "is too short"),
        (lambda d: _with(d, ["budgeting", "begroting"], "categories"), "'begroting' is not one of"),
        (lambda d: _with(d, "standalone/server", "softwareType"), "'standalone/server' is not one of"),
        (lambda d: _with(d, "alpha", "developmentStatus"), "'alpha' is not one of"),
        (lambda d: _with(d, "0.3", "publiccodeYmlVersion"), "'0.3' is not one of"),
        (lambda d: _with(d, "yes", "localisation", "localisationReady"), "'yes' is not of type 'boolean'"),
        (lambda d: _with(d, "25-11-2026", "releaseDate"), "does not match"),
        (lambda d: _without(d, "maintenance", "contacts"), "maintenance: 'contacts' is a required property"),
        (lambda d: _with(d, "EUPL 1.2 of later", "legal", "license"), "does not match"),
        (lambda d: _with(d, "typo", "descriptoin"), "Additional properties are not allowed ('descriptoin'"),
    ],
)
def test_a_broken_copy_is_reported(change, expected):
    found = problems(change(load_publiccode()))
    assert any(expected in problem for problem in found), found
