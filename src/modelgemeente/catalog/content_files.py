"""Reading and validating an edition folder, without touching the database.

`read_edition(path)` returns an `EditionContent` or raises `ContentErrors`
listing every problem found, each with file, line (where known), field and a
Dutch message. The format is documented in docs/content-format.md.

Content files come from pull requests, so reading them must be safe whatever
they contain:

- a file larger than `MAX_FILE_BYTES` is refused on its size, before it is read
  (and the read itself never takes more than that, should the size lie);
- YAML anchors and aliases (`&x`, `*x`) are refused while the YAML is parsed,
  at the first anchor or alias event and before any node or Python object is
  built, so an alias bomb ("billion laughs") costs milliseconds and no memory.
  The content format has no use for them: every value is written out.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import jsonschema
import yaml

from modelgemeente import refdata

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
# The largest edition.yaml or development file the loader reads (bytes). The
# biggest starter file is under 10 kB; 1 MB leaves room for any real text.
MAX_FILE_BYTES = 1_000_000
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*\r?\n?(.*)\Z", re.S)


@dataclass(frozen=True)
class ContentError:
    file: str
    message: str
    line: int | None = None
    field: str = ""

    def __str__(self):
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.message}"


class ContentErrors(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class DevelopmentContent:
    data: dict
    body: str
    file: str
    doc: "_YamlDocument | None" = field(default=None, repr=False, compare=False)

    def line_of(self, path) -> int | None:
        """The line in the file of a field path such as ["budget_lines", 0, "amount"]."""
        return self.doc.line_of(path) if self.doc else None

    def line_of_key(self, path, key) -> int | None:
        """The line of the key `key` in the mapping at `path`."""
        return self.doc.line_of_key(path, key) if self.doc else None


# The edition's maturity model (optional): dimensions, levels, statements and the developments that raise them.
MATURITY_FILE = "maturity.yaml"

# The editors' draft release notes in an edition folder (Markdown); not part of the content hash, since
# notes are written for a release and do not change what the model computes or says.
RELEASE_NOTES_FILE = "release-notes.md"


@dataclass
class EditionContent:
    data: dict
    developments: list[DevelopmentContent] = field(default_factory=list)
    path: str = ""
    content_hash: str = ""
    file: str = ""  # edition.yaml, as shown in messages
    release_notes: str = ""  # release-notes.md: the editors' draft notes for the next release
    doc: "_YamlDocument | None" = field(default=None, repr=False, compare=False)
    maturity: dict | None = None  # maturity.yaml, when the edition has a maturity model

    def line_of(self, path) -> int | None:
        """The line in edition.yaml of a field path such as ["indices", "wage", "percent_per_year"]."""
        return self.doc.line_of(path) if self.doc else None


class _AnchorFound(Exception):
    def __init__(self, mark):
        self.mark = mark


ANCHOR_MESSAGE = "ankers en verwijzingen (&/*) zijn niet toegestaan in inhoudsbestanden"


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit dates (dates stay strings and are checked by pattern),
    and without anchors or aliases."""

    def compose_node(self, parent, index):
        # Every node starts with one parse event; an anchor (&x) or alias (*x) is refused
        # here, before the composer registers or follows it.
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise _AnchorFound(event.start_mark)
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _schema(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


EDITION_SCHEMA = _schema("edition")
DEVELOPMENT_SCHEMA = _schema("development")
MATURITY_SCHEMA = _schema("maturity")


class _YamlDocument:
    """Parsed YAML plus the node tree, so that a field path can be turned into a line."""

    def __init__(self, text: str, file: str, first_line: int = 1):
        self.file = file
        self.first_line = first_line
        loader = _Loader(text)
        try:
            self.node = loader.get_single_node()
            self.data = loader.construct_document(self.node) if self.node is not None else None
        except _AnchorFound as exc:
            raise ContentErrors([ContentError(file, ANCHOR_MESSAGE, exc.mark.line + first_line)]) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + first_line if mark else None
            problem = getattr(exc, "problem", None) or str(exc)
            raise ContentErrors([ContentError(file, f"ongeldige YAML ({problem})", line)]) from None
        finally:
            loader.dispose()

    def line_of(self, path) -> int | None:
        node = self.node
        for key in path:
            if isinstance(node, yaml.MappingNode):
                match = next((v for k, v in node.value if k.value == str(key)), None)
                if match is None:
                    break
                node = match
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
            else:
                break
        return node.start_mark.line + self.first_line if node is not None else None

    def line_of_key(self, path, key) -> int | None:
        node = self.node
        for part in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == str(part)), node)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if k.value == key:
                    return k.start_mark.line + self.first_line
        return self.line_of(path)


def field_name(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def dutch_message(error: jsonschema.ValidationError) -> tuple[list, str]:
    """Translate a schema error into (field path, Dutch message)."""
    path = list(error.absolute_path)
    v, value = error.validator, error.validator_value
    if v == "required":
        missing = [name for name in value if name not in (error.instance or {})]
        return path + missing[:1], "verplicht veld ontbreekt"
    if v == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        return path + extra[:1], "onbekend veld (controleer de spelling; zie docs/content-format.md)"
    if v == "type":
        names = {
            "string": "tekst",
            "integer": "een geheel getal",
            "number": "een getal",
            "boolean": "true of false",
            "array": "een lijst",
            "object": "een groep velden",
            "null": "leeg",
        }
        wanted = " of ".join(names.get(t, t) for t in (value if isinstance(value, list) else [value]))
        return path, f"moet {wanted} zijn, niet {error.instance!r}"
    if v == "enum":
        return path, f"ongeldige waarde {error.instance!r}; kies uit: {', '.join(map(str, value))}"
    if v in ("minimum", "exclusiveMinimum"):
        strict = "groter dan" if v == "exclusiveMinimum" else "minstens"
        return path, f"moet {strict} {value} zijn, niet {error.instance}"
    if v in ("maximum", "exclusiveMaximum"):
        strict = "kleiner dan" if v == "exclusiveMaximum" else "hoogstens"
        return path, f"moet {strict} {value} zijn, niet {error.instance}"
    if v == "minLength":
        return path, f"is te kort (minimaal {value} tekens)"
    if v == "maxLength":
        return path, f"is te lang (maximaal {value} tekens)"
    if v == "minItems":
        return path, f"moet minstens {value} element(en) bevatten"
    if v == "pattern":
        return path, f"heeft een ongeldige vorm: {error.instance!r}"
    if v == "uniqueItems":
        return path, "bevat een waarde twee keer"
    if v == "oneOf" and path and "budget_lines" in path:
        return path, (
            "geef óf een bedrag (amount), óf uren per week met een salarisschaal "
            "(hours_per_week en salary_scale), niet beide en niet geen van beide"
        )
    if v == "oneOf" and path and path[-1] == "in_force":
        return path, f"moet een datum (JJJJ-MM-DD) of null zijn, niet {error.instance!r}"
    return path, f"ongeldige waarde ({error.message})"


def _schema_errors(validator, doc: _YamlDocument, data) -> list[ContentError]:
    errors = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path, message = dutch_message(error)
        if error.validator in ("additionalProperties",) and len(path) > len(error.absolute_path):
            line = doc.line_of_key(list(error.absolute_path), path[-1])
        else:
            line = doc.line_of(path)
        errors.append(ContentError(doc.file, message, line, field_name(path)))
    return errors


def _check_date(value, doc, path, errors):
    if isinstance(value, str):
        try:
            date.fromisoformat(value)
        except ValueError:
            errors.append(
                ContentError(doc.file, f"bestaat niet als datum: {value!r}", doc.line_of(path), field_name(path))
            )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",") + " MB"


def _read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes, refused on its size before reading (and never reading more than the limit)."""

    def too_big(size):
        return ContentErrors(
            [
                ContentError(
                    display,
                    f"bestand is te groot ({_megabytes(size)}); een inhoudsbestand mag hoogstens "
                    f"{_megabytes(MAX_FILE_BYTES)} zijn",
                )
            ]
        )

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise too_big(size)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or exc
        raise ContentErrors([ContentError(display, f"bestand kan niet worden gelezen ({reason})")]) from None
    if len(data) > MAX_FILE_BYTES:  # the size on disk was not the whole story (a device, a growing file)
        raise too_big(len(data))
    return data


def _decode(data: bytes, display: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ContentErrors([ContentError(display, "bestand is geen geldige UTF-8-tekst")]) from None


def _read_edition_yaml(folder: Path, display_root: Path) -> tuple[_YamlDocument, bytes, list[ContentError]]:
    path = folder / "edition.yaml"
    display = str(path.relative_to(display_root)) if path.is_relative_to(display_root) else str(path)
    if not path.is_file():
        raise ContentErrors([ContentError(display, "edition.yaml ontbreekt in deze map")])
    raw = _read_bytes(path, display)
    doc = _YamlDocument(_decode(raw, display), display)
    data = doc.data
    if not isinstance(data, dict):
        raise ContentErrors([ContentError(display, "edition.yaml moet een groep velden bevatten", 1)])
    errors = _schema_errors(EDITION_SCHEMA, doc, data)
    if errors:
        return doc, raw, errors
    if folder.name.isdigit() and int(folder.name) != data["year"]:
        errors.append(
            ContentError(
                display, f"jaar {data['year']} past niet bij de mapnaam {folder.name}", doc.line_of(["year"]), "year"
            )
        )
    for kind in ("domains", "opgaven", "laws"):
        seen = set()
        for i, item in enumerate(data[kind]):
            if item["id"] in seen:
                errors.append(
                    ContentError(
                        display,
                        f"id '{item['id']}' komt twee keer voor",
                        doc.line_of([kind, i, "id"]),
                        f"{kind}[{i}].id",
                    )
                )
            seen.add(item["id"])
    for i, law in enumerate(data["laws"]):
        _check_date(law["in_force"], doc, ["laws", i, "in_force"], errors)
        if law["status"] == "in_force" and law["in_force"] is None:
            errors.append(
                ContentError(
                    display,
                    "een wet die in werking is heeft een datum nodig",
                    doc.line_of(["laws", i, "in_force"]),
                    f"laws[{i}].in_force",
                )
            )
    try:
        refdata.salary_scales(data["salary_table"])
    except refdata.ReferenceDataError as exc:
        errors.append(ContentError(display, str(exc), doc.line_of(["salary_table"]), "salary_table"))
    return doc, raw, errors


def _read_development(text: str, display: str) -> tuple[_YamlDocument | None, str, list[ContentError]]:
    match = FRONT_MATTER.match(text)
    if not match:
        return (
            None,
            "",
            [ContentError(display, "het bestand moet beginnen met YAML-voorwerk tussen twee regels '---'", 1)],
        )
    doc = _YamlDocument(match.group(1) or "", display, first_line=2)
    if not isinstance(doc.data, dict):
        return None, "", [ContentError(display, "het voorwerk moet een groep velden bevatten", 2)]
    return doc, match.group(2), _schema_errors(DEVELOPMENT_SCHEMA, doc, doc.data)


def read_edition(folder) -> EditionContent:
    """Read and validate an edition folder; raise ContentErrors with all problems."""
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise ContentErrors([ContentError(str(folder), "map bestaat niet")])
    display_root = folder.parent.parent.parent if len(folder.parents) >= 3 else folder.parent
    ed_doc, raw, errors = _read_edition_yaml(folder, display_root)
    edition = ed_doc.data
    hasher = hashlib.sha256(raw)

    dev_dir = folder / "developments"
    files = sorted(dev_dir.rglob("*.md")) if dev_dir.is_dir() else []
    if not files:
        errors.append(
            ContentError(str(dev_dir.relative_to(display_root)), "geen ontwikkelingen gevonden (bestanden *.md)")
        )
    parsed: list[tuple[_YamlDocument, DevelopmentContent]] = []
    for path in files:
        display = str(path.relative_to(display_root))
        try:
            raw = _read_bytes(path, display)
            # The hash names each file relative to the edition folder, so the same files give the same hash
            # wherever the folder is (another checkout, a copy).
            hasher.update(str(path.relative_to(folder)).encode() + b"\0" + raw)
            doc, body, file_errors = _read_development(_decode(raw, display), display)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        errors.extend(file_errors)
        if doc is not None and not file_errors:
            parsed.append((doc, DevelopmentContent(doc.data, body.strip(), display, doc)))

    maturity_doc = None
    maturity_path = folder / MATURITY_FILE
    if maturity_path.is_file():
        display = str(maturity_path.relative_to(display_root))
        try:
            raw = _read_bytes(maturity_path, display)
            hasher.update(MATURITY_FILE.encode() + b"\0" + raw)
            maturity_doc, maturity_errors = _read_maturity(_decode(raw, display), display)
            errors.extend(maturity_errors)
        except ContentErrors as exc:
            errors.extend(exc.errors)

    notes = ""
    notes_path = folder / RELEASE_NOTES_FILE
    if notes_path.is_file():
        display = str(notes_path.relative_to(display_root))
        try:
            notes = _decode(_read_bytes(notes_path, display), display).strip()
        except ContentErrors as exc:
            errors.extend(exc.errors)

    if isinstance(edition, dict) and not any(e.file.endswith("edition.yaml") for e in errors):
        errors.extend(_cross_check(edition, parsed))
    if maturity_doc is not None and not errors:
        errors.extend(_cross_check_maturity(maturity_doc, {dev.data["id"] for _, dev in parsed}))
    if errors:
        raise ContentErrors(errors)
    return EditionContent(
        edition,
        [dev for _, dev in parsed],
        path=str(folder),
        content_hash=hasher.hexdigest(),
        file=ed_doc.file,
        doc=ed_doc,
        release_notes=notes,
        maturity=maturity_doc.data if maturity_doc is not None else None,
    )


def _read_maturity(text: str, display: str) -> tuple["_YamlDocument | None", list[ContentError]]:
    doc = _YamlDocument(text, display)
    if not isinstance(doc.data, dict):
        return None, [ContentError(display, "maturity.yaml moet een groep velden bevatten", 1)]
    # Level keys may be written as 1: or "1": ; the schema and the database use strings.
    for dimension in doc.data.get("dimensions") or []:
        if isinstance(dimension, dict) and isinstance(dimension.get("levels"), dict):
            dimension["levels"] = {str(key): value for key, value in dimension["levels"].items()}
    errors = _schema_errors(MATURITY_SCHEMA, doc, doc.data)
    return (None if errors else doc), errors


def _cross_check_maturity(doc: "_YamlDocument", development_ids: set[str]) -> list[ContentError]:
    """Unique ids, a statement for every level 2-5, and developments that exist in the edition."""
    errors = []

    def err(path, message):
        errors.append(ContentError(doc.file, message, doc.line_of(path), field_name(path)))

    seen = set()
    for i, dimension in enumerate(doc.data["dimensions"]):
        if dimension["id"] in seen:
            err(["dimensions", i, "id"], f"id '{dimension['id']}' komt twee keer voor")
        seen.add(dimension["id"])
        statement_ids = set()
        for j, statement in enumerate(dimension["statements"]):
            if statement["id"] in statement_ids:
                err(["dimensions", i, "statements", j, "id"], f"stelling-id '{statement['id']}' komt twee keer voor")
            statement_ids.add(statement["id"])
        missing = sorted({2, 3, 4, 5} - {s["level"] for s in dimension["statements"]})
        if missing:
            err(
                ["dimensions", i, "statements"],
                "elk niveau van 2 tot en met 5 heeft minstens één stelling nodig; er ontbreken stellingen voor niveau "
                + ", ".join(map(str, missing)),
            )
        for j, slug in enumerate(dimension["developments"]):
            if slug not in development_ids:
                err(["dimensions", i, "developments", j], f"onbekende ontwikkeling '{slug}' in deze editie")
    return errors


def _cross_check(edition: dict, parsed) -> list[ContentError]:
    """References between files: domains, laws, opgaven, related, ids, salary scales."""
    errors = []
    domains = {d["id"] for d in edition["domains"]}
    laws = {law["id"] for law in edition["laws"]}
    opgaven = {o["id"] for o in edition["opgaven"]}
    scales = set(refdata.salary_scales(edition["salary_table"]))
    first_file = {}
    for doc, dev in parsed:
        data = dev.data

        def err(path, message, doc=doc):
            errors.append(ContentError(doc.file, message, doc.line_of(path), field_name(path)))

        if data["id"] in first_file:
            err(["id"], f"id '{data['id']}' komt ook voor in {first_file[data['id']]}")
        first_file.setdefault(data["id"], doc.file)
        if data["domain"] not in domains:
            err(["domain"], f"onbekend domein '{data['domain']}'; kies uit: {', '.join(sorted(domains))}")
        for i, law in enumerate(data["laws"]):
            if law not in laws:
                err(["laws", i], f"onbekende wet '{law}'; wetten staan in edition.yaml")
        for i, opgave in enumerate(data["opgaven"]):
            if opgave not in opgaven:
                err(["opgaven", i], f"onbekende opgave '{opgave}'; opgaven staan in edition.yaml")
        if data["horizon"]["from"] > data["horizon"]["to"]:
            err(["horizon"], "het beginjaar ligt na het eindjaar")
        if len(dev.body.split()) < 20:
            errors.append(
                ContentError(doc.file, "de tekst onder het voorwerk ontbreekt of is te kort (minimaal 20 woorden)")
            )
        line_ids = set()
        for i, line in enumerate(data["budget_lines"]):
            if line["id"] in line_ids:
                err(["budget_lines", i, "id"], f"regel-id '{line['id']}' komt twee keer voor in deze ontwikkeling")
            line_ids.add(line["id"])
            if "salary_scale" in line and line["salary_scale"] not in scales:
                err(
                    ["budget_lines", i, "salary_scale"],
                    f"onbekende salarisschaal {line['salary_scale']}; de salaristabel '{edition['salary_table']}' kent: "
                    + ", ".join(map(str, sorted(scales))),
                )
            if line["kind"] == "structural" and line.get("spread", 1) != 1:
                err(["budget_lines", i, "spread"], "spreiding geldt alleen voor incidentele regels")
            if line["driver"] == "fixed" and line["exponent"] != 0:
                err(["budget_lines", i, "exponent"], "een vast bedrag (driver: fixed) heeft exponent 0")
    all_ids = set(first_file)
    for doc, dev in parsed:
        for i, rel in enumerate(dev.data.get("related", [])):
            if rel not in all_ids:
                errors.append(
                    ContentError(
                        doc.file, f"onbekende ontwikkeling '{rel}'", doc.line_of(["related", i]), f"related[{i}]"
                    )
                )
            elif rel == dev.data["id"]:
                errors.append(
                    ContentError(
                        doc.file,
                        "een ontwikkeling kan niet aan zichzelf gerelateerd zijn",
                        doc.line_of(["related", i]),
                        f"related[{i}]",
                    )
                )
    return errors


def to_decimal(value) -> Decimal:
    return Decimal(str(value))
