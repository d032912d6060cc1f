"""Writing accepted proposals into an edition folder's content files (`manage.py write_proposals`).

The files are edited as text, line by line, so that everything a proposal does not change stays byte for
byte as it was (comments, line breaks, the order of keys): the YAML parser only tells where a value is
(its line numbers), it never writes the document back. A changed line's provenance text gets the
proposal's source appended; a new line is appended to `budget_lines`; a text change replaces the summary
or the body paragraph the proposer quoted. The release notes get a credit line per proposal under
"## Voorstellen uit de gemeenschap".

`plan_writes` computes everything without writing; `apply` writes it, validates the folder again with
catalog.services.check_edition, and puts the old files back if the folder no longer validates.
"""

import difflib
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.utils import translation
from django.utils.formats import date_format

from modelgemeente.catalog import content_files
from modelgemeente.catalog.services import ContentErrors, check_edition

from . import services

NOTES_HEADING = "## Voorstellen uit de gemeenschap"
FIELD_LABELS = {
    "amount": "bedrag",
    "hours_per_week": "uren per week",
    "salary_scale": "salarisschaal",
    "driver": "schaalt met",
    "text": "tekst",
}
WIDTH = 78


class WriteError(Exception):
    """The folder would not validate after writing; the files were put back."""


@dataclass
class Planned:
    proposal: object
    file: str  # relative to the edition folder
    credit: str
    warning: str = ""


@dataclass
class WritePlan:
    folder: Path
    originals: dict = field(default_factory=dict)  # relative path -> original text
    changed: dict = field(default_factory=dict)  # relative path -> new text
    planned: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (proposal, reason)

    def diff(self) -> str:
        out = []
        for name in sorted(self.changed):
            out += difflib.unified_diff(
                self.originals[name].splitlines(keepends=True),
                self.changed[name].splitlines(keepends=True),
                fromfile=f"a/{name}",
                tofile=f"b/{name}",
            )
        return "".join(line if line.endswith("\n") else line + "\n" for line in out)


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:  # keep \r\n as it is
        return handle.read()


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


# Locating values in the front matter -------------------------------------------------------------------


def _split(text: str):
    """(front matter start offset in lines, front matter lines, all lines) of a development file."""
    lines = text.splitlines(keepends=True)
    if not lines or not lines[0].startswith("---"):
        raise ValueError("geen YAML-voorwerk")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip("\r\n").rstrip() == "---")
    return lines, end


def _root(lines, end):
    loader = content_files._Loader("".join(lines[1:end]))
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _get(node, key):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return k, v
    return None, None


def _line_index(mark) -> int:
    """The file's line index (0-based) of a mark in the front matter (which starts on file line 1)."""
    return mark.line + 1


def _last_line(node) -> int:
    """The file line index of the last line a node occupies."""
    end = node.end_mark
    return end.line + (0 if end.column else -1) + 1


def _set_scalar(lines, key_node, value_node, key: str, new: str) -> None:
    index = _line_index(value_node.start_mark)
    if _line_index(key_node.start_mark) != index or _last_line(value_node) != index:
        raise ValueError(f"{key} staat niet op één regel")
    body = lines[index].rstrip("\r\n")
    ending = lines[index][len(body) :] or "\n"
    match = re.match(rf"^([ \t]*(?:-[ \t]+)?{re.escape(key)}:[ \t]*)(.*?)([ \t]*(#.*)?)$", body)
    if not match:
        raise ValueError(f"{key} niet gevonden")
    lines[index] = match.group(1) + new + (match.group(3) or "") + ending


def _block(key_indent: str, key: str, text: str) -> list[str]:
    wrapped = textwrap.wrap(" ".join(text.split()), width=WIDTH - len(key_indent) - 2) or [""]
    return [f"{key_indent}{key}: >-\n"] + [f"{key_indent}  {w}\n" for w in wrapped]


def _append_to_text(lines, key_node, value_node, addition: str) -> None:
    """Append a sentence to a text value (provenance.text): a line more in a folded block, or the
    one-line value turned into a folded block."""
    first, last = _line_index(key_node.start_mark), _last_line(value_node)
    indent = re.match(r"^(\s*)", lines[first]).group(1)
    if value_node.style in (">", "|"):
        body_indent = re.match(r"^(\s*)", lines[last]).group(1) or indent + "  "
        extra = [f"{body_indent}{w}\n" for w in textwrap.wrap(addition, width=WIDTH - len(body_indent))]
        if value_node.style == "|":
            extra = [f"{body_indent}{addition}\n"]
        lines[last + 1 : last + 1] = extra
        return
    lines[first : last + 1] = _block(indent, "text", f"{value_node.value} {addition}")


def _number(value: str):
    number = float(value)
    return int(number) if number == int(number) else number


# Edits per proposal ------------------------------------------------------------------------------------


def _edit_line_field(lines, end, line_slug, key, value, source, number) -> str:
    root = _root(lines, end)
    _, budget = _get(root, "budget_lines")
    item = next(
        (
            n
            for n in getattr(budget, "value", [])
            if _get(n, "id")[1] is not None and _get(n, "id")[1].value == line_slug
        ),
        None,
    )
    if item is None:
        raise ValueError(f"regel '{line_slug}' staat niet in dit bestand")
    k, v = _get(item, key)
    if v is None:
        raise ValueError(f"regel '{line_slug}' heeft geen veld {key}")
    old = v.value
    _set_scalar(lines, k, v, key, str(value))
    if key == "driver" and value == "fixed":
        root = _root(lines, end)
        _, budget = _get(root, "budget_lines")
        item = next(n for n in budget.value if _get(n, "id")[1].value == line_slug)
        ek, ev = _get(item, "exponent")
        if ev is not None and ev.value not in ("0", "0.0"):
            _set_scalar(lines, ek, ev, "exponent", "0")
    root = _root(lines, end)
    _, budget = _get(root, "budget_lines")
    item = next(n for n in budget.value if _get(n, "id")[1].value == line_slug)
    _, provenance = _get(item, "provenance")
    tk, tv = _get(provenance, "text")
    if tv is not None:
        _append_to_text(lines, tk, tv, f"Voorstel #{number} uit de gemeenschap: {' '.join(source.split())}")
    return old


def _append_line(lines, end, line: dict) -> None:
    root = _root(lines, end)
    key, budget = _get(root, "budget_lines")
    ordered = {k: line[k] for k in services.NEW_LINE_KEYS if k in line}
    provenance = ordered.get("provenance")
    if provenance:
        ordered["provenance"] = {"type": provenance["type"], "text": provenance["text"]}
    dumped = yaml.safe_dump([ordered], allow_unicode=True, sort_keys=False, width=WIDTH, default_flow_style=False)
    if isinstance(budget, yaml.SequenceNode) and budget.value and budget.flow_style is False:
        first = budget.value[0]
        item_indent = re.match(r"^(\s*)", lines[_line_index(first.start_mark)]).group(1)
        at = _last_line(budget) + 1
        # Trailing blank or comment lines after the last item belong to what follows.
        while at - 1 > _line_index(first.start_mark) and not lines[at - 1].strip():
            at -= 1
    else:
        # An empty list (`budget_lines: []`) becomes a block list.
        item_indent = "  "
        index = _line_index(key.start_mark)
        lines[index] = re.sub(r"\[\s*\]", "", lines[index]).rstrip() + "\n"
        at = index + 1
    lines[at:at] = [item_indent + row + "\n" for row in dumped.splitlines()]


def _edit_text(lines, end, current: str, new: str) -> None:
    root = _root(lines, end)
    key, value = _get(root, "summary")
    if value is not None and " ".join(value.value.split()) == " ".join(current.split()):
        first, last = _line_index(key.start_mark), _last_line(value)
        indent = re.match(r"^(\s*)", lines[first]).group(1)
        lines[first : last + 1] = _block(indent, "summary", new)
        return
    # A paragraph of the body: consecutive non-blank lines whose words equal the current text.
    start = end + 1
    target = " ".join(current.split())
    i = start
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        if " ".join("".join(lines[i:j]).split()) == target:
            lines[i:j] = [w + "\n" for w in textwrap.wrap(" ".join(new.split()), width=WIDTH)]
            return
        i = j
    raise ValueError("de huidige tekst staat niet (meer) in het bestand")


# The plan ----------------------------------------------------------------------------------------------


def _files_by_id(folder: Path) -> dict:
    files = {}
    for path in sorted((folder / "developments").rglob("*.md")):
        text = _read(path)
        match = re.search(r"^id:\s*['\"]?([a-z0-9-]+)", text, re.M)
        if match:
            files[match.group(1)] = path
    return files


def _format_value(field_name: str, value) -> str:
    if field_name == "amount":
        return "€ " + f"{float(value):,.0f}".replace(",", ".")
    if field_name == "hours_per_week":
        return str(value).replace(".", ",")
    return str(value)


def _credit(proposal, target: str, what: str) -> str:
    review = proposal.reviews.order_by("-at", "-pk").first()
    with translation.override("nl"):
        when = date_format(review.at, "j F Y") if review else ""
    who = f" van {proposal.organisation.name}" if proposal.organisation else ""
    return f"- `{target}`: {what} (voorstel #{proposal.pk}{who}, aangenomen op {when})."


def plan_writes(folder, proposals) -> WritePlan:
    """What writing these proposals into the folder changes (nothing is written yet)."""
    folder = Path(folder)
    plan = WritePlan(folder)
    files = _files_by_id(folder)
    for proposal in proposals:
        path = files.get(proposal.development_slug)
        if path is None:
            plan.skipped.append((proposal, "de ontwikkeling staat niet in deze map"))
            continue
        name = str(path.relative_to(folder))
        if name not in plan.originals:
            plan.originals[name] = _read(path)
        text = plan.changed.get(name, plan.originals[name])
        lines, end = _split(text)
        value = services.accepted_value(proposal)
        target = proposal.development_slug + (f"/{proposal.line_slug}" if proposal.line_slug else "")
        warning = ""
        try:
            if proposal.kind == "new_line":
                _append_line(lines, end, value)
                target = f"{proposal.development_slug}/{value['id']}"
                what = f"nieuwe regel '{value['description']}'"
            elif proposal.field == "text":
                _edit_text(lines, end, proposal.current_value, value)
                what = "tekst aangepast"
            else:
                stored = _number(value) if proposal.field in ("amount", "hours_per_week", "salary_scale") else value
                old = _edit_line_field(
                    lines, end, proposal.line_slug, proposal.field, stored, proposal.source, proposal.pk
                )
                if str(old) != str(proposal.current_value) and _maybe_float(old) != _maybe_float(
                    proposal.current_value
                ):
                    warning = (
                        f"let op: in het bestand staat {old}, het voorstel las {proposal.current_value} in de release"
                    )
                what = (
                    f"{FIELD_LABELS[proposal.field]} {_format_value(proposal.field, old)} → "
                    f"{_format_value(proposal.field, value)}"
                )
        except (ValueError, StopIteration) as exc:
            plan.skipped.append((proposal, str(exc)))
            continue
        plan.changed[name] = "".join(lines)
        plan.planned.append(Planned(proposal, name, _credit(proposal, target, what), warning))
    if plan.planned:
        _add_credits(plan)
    return plan


def _maybe_float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _add_credits(plan: WritePlan) -> None:
    name = content_files.RELEASE_NOTES_FILE
    path = plan.folder / name
    original = _read(path) if path.is_file() else ""
    plan.originals[name] = original
    credits = [p.credit + "\n" for p in plan.planned]
    lines = original.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    heading = next((i for i, line in enumerate(lines) if line.rstrip() == NOTES_HEADING), None)
    if heading is None:
        if lines and lines[-1].strip():
            lines.append("\n")
        lines += [NOTES_HEADING + "\n", "\n", *credits]
    else:
        nxt = next((i for i in range(heading + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        at = nxt
        while at > heading + 1 and not lines[at - 1].strip():
            at -= 1
        block = credits + (["\n"] if nxt < len(lines) else [])
        lines[at:nxt] = (["\n"] if at == heading + 1 else []) + block
    plan.changed[name] = "".join(lines)


def apply(plan: WritePlan) -> None:
    """Write the planned files; validate the folder; put every file back and raise WriteError if invalid."""
    written = []
    try:
        for name, text in plan.changed.items():
            _write(plan.folder / name, text)
            written.append(name)
        check_edition(plan.folder)
    except (ContentErrors, OSError) as exc:
        for name in written:
            path = plan.folder / name
            if plan.originals.get(name) == "" and name == content_files.RELEASE_NOTES_FILE:
                path.unlink(missing_ok=True)
            else:
                _write(path, plan.originals[name])
        raise WriteError(str(exc)) from exc
