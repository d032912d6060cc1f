"""Reading a YAML data file (reference data, examples) with a Dutch message when it is missing or not YAML."""

import json
from pathlib import Path

import yaml


def read_yaml(path: Path, label: str, error: type[Exception], dates_as_text: bool = False):
    """The file's data, or `error` with a Dutch message naming `label`. With `dates_as_text`, YAML dates
    (2025-04-30) become ISO strings, as a JSON Schema expects."""
    if not path.is_file():
        raise error(f"{label}: het bestand ontbreekt ({path})")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise error(f"{label}: ongeldige YAML ({exc})") from None
    return json.loads(json.dumps(data, default=str)) if dates_as_text else data
