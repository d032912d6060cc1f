"""History stores facts: convert the Dutch lines of existing PlanChange records into records.

Before this migration a change's `details` were Dutch sentences built by
plans/changes.py (model_diff, display) and plan_views.py. Where the format is
known, a line becomes a fact record (see plans/changes.py); any line that
cannot be read back unambiguously is kept as {"text": "<the line>"} and shown
as it was. No record and no line is dropped, and `summary` is kept as it was;
`kind` is set from it. Self-contained on purpose: it uses the historical
models and no code of the app, which may change later.
"""

import ast
import re
from decimal import Decimal, InvalidOperation

from django.db import migrations

ARROW = " → "
SETTINGS_FIELDS = [
    "title",
    "inhabitants",
    "employees",
    "departments",
    "profile_provenance",
    "start_year",
    "horizon",
    "hours_per_fte",
    "wage_index_percent",
    "price_index_percent",
    "assumptions_note",
    "salary_overrides",
]
CHOICE_FIELDS = ["included", "priority", "capacity_type", "start_year", "motivation"]
EXTRA_FIELDS = [
    "description",
    "kind",
    "category",
    "amount",
    "price_year",
    "hours_per_week",
    "salary_scale",
    "offset",
    "spread",
    "reason",
]
KINDS = {
    "Plan aangemaakt": "created",
    "Uitgangspunten gewijzigd": "settings",
    "Keuzes voor ontwikkelingen gewijzigd": "choices",
    "Eigen regel toegevoegd": "extra_added",
    "Eigen regel verwijderd": "extra_deleted",
}
LINES_SUMMARY = re.compile(r"^Regels van (?P<title>.+) aangepast$", re.S)
EXTRA_CHANGED_SUMMARY = "Eigen regel gewijzigd: "
CREATED = re.compile(
    r"^Editie (?P<edition>.+), (?P<n>\d{1,3}(?:\.\d{3})*) inwoners, (?P<first>\d{4})-(?P<last>\d{4})$", re.S
)
DUTCH_INT = re.compile(r"^-?\d{1,3}(?:\.\d{3})*$")
DUTCH_DECIMAL = re.compile(r"^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?$")
STATE = r"model|niet opgenomen|eigen [\d.,]+ uur per week|eigen bedrag € -?[\d.,]+ \(prijspeil \d{4}\)"
NEW_STATE = re.compile(rf"^(?P<state>{STATE})(?: \(reden: (?P<reason>.*)\))?$", re.S)


class Unreadable(Exception):
    pass


def kind_of(summary: str) -> str:
    if summary in KINDS:
        return KINDS[summary]
    if LINES_SUMMARY.match(summary):
        return "lines"
    if summary.startswith(EXTRA_CHANGED_SUMMARY):
        return "extra_changed"
    return ""


def dutch_decimal(text: str) -> str:
    if not DUTCH_DECIMAL.match(text):
        raise Unreadable(text)
    try:
        value = Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation:
        raise Unreadable(text) from None
    return format(value.normalize(), "f")


def value_of(field, text: str):
    """The canonical value of a field from the text the old `display` wrote for it."""
    internal = field.get_internal_type()
    if internal == "BooleanField":
        if text in ("ja", "nee"):
            return text == "ja"
        raise Unreadable(text)
    if text == "(leeg)":
        if internal == "JSONField":
            return {}
        return "" if internal in ("CharField", "TextField") and not field.null else None
    if field.choices:
        by_label = {str(label): value for value, label in field.choices}
        if text in by_label:
            return by_label[text]
        if text in {str(value) for value, _label in field.choices}:
            return text
        raise Unreadable(text)
    if internal in ("PositiveIntegerField", "PositiveSmallIntegerField", "IntegerField"):
        if field.name.endswith("year") and text.isdigit():
            return int(text)
        if DUTCH_INT.match(text):
            return int(text.replace(".", ""))
        raise Unreadable(text)
    if internal == "DecimalField":
        return dutch_decimal(text)
    if internal == "JSONField":
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            raise Unreadable(text) from None
        if not isinstance(value, dict):
            raise Unreadable(text)
        return {str(k): v if isinstance(v, (str, int)) else str(v) for k, v in value.items()}
    return text


def field_change(model, fields, obj: dict, rest: str) -> dict:
    """'<verbose name>: <old> → <new>' of one of `fields` as a record; exactly one reading or Unreadable."""
    found = []
    for name in fields:
        field = model._meta.get_field(name)
        head = f"{field.verbose_name}: "
        if not rest.startswith(head):
            continue
        values = rest[len(head) :]
        if values.count(ARROW) != 1:
            continue
        old, new = values.split(ARROW)
        try:
            found.append({"object": obj, "field": name, "old": value_of(field, old), "new": value_of(field, new)})
        except Unreadable:
            continue
    if len(found) != 1:
        raise Unreadable(rest)
    return found[0]


def one(candidates):
    candidates = list(candidates)
    if len(candidates) != 1:
        raise Unreadable(candidates)
    return candidates[0]


def development_of(developments, text: str, separator: str):
    """The development whose title starts `text` followed by `separator`, and the rest of the text."""
    dev = one(d for d in developments if text.startswith(d.title + separator))
    return dev, text[len(dev.title + separator) :]


def line_state(text: str) -> dict:
    """The facts an old 'model / niet opgenomen / eigen …' text tells (a left-out line hid its figure)."""
    if text == "model":
        return {"excluded": False, "amount": None, "hours_per_week": None, "price_year": None}
    if text == "niet opgenomen":
        return {"excluded": True}
    hours = re.fullmatch(r"eigen (?P<h>[\d.,]+) uur per week", text)
    if hours:
        return {"excluded": False, "amount": None, "hours_per_week": dutch_decimal(hours["h"]), "price_year": None}
    amount = re.fullmatch(r"eigen bedrag € (?P<a>-?[\d.,]+) \(prijspeil (?P<y>\d{4})\)", text)
    if amount:
        return {
            "excluded": False,
            "amount": dutch_decimal(amount["a"]),
            "hours_per_week": None,
            "price_year": int(amount["y"]),
        }
    raise Unreadable(text)


class Reader:
    """Reads the old lines of one plan's changes, with the plan's developments, lines and own lines."""

    def __init__(self, apps, plan):
        self.apps = apps
        self.plan = plan
        development_model = apps.get_model("catalog", "Development")
        self.developments = list(development_model.objects.filter(edition_id=plan.edition_id))
        self.extras = list(apps.get_model("plans", "ExtraLine").objects.filter(plan_id=plan.pk))
        self.budget_lines = apps.get_model("catalog", "BudgetLine")

    def extra_key(self, dev, *descriptions):
        matches = [e.pk for e in self.extras if e.development_id == dev.pk and e.description in descriptions]
        return matches[0] if len(matches) == 1 else None

    def read(self, kind: str, summary: str, line: str) -> list[dict]:
        if kind == "created":
            match = CREATED.match(line)
            if not match:
                raise Unreadable(line)
            first, last = int(match["first"]), int(match["last"])
            values = {
                "edition": match["edition"],
                "inhabitants": int(match["n"].replace(".", "")),
                "start_year": first,
                "horizon": last - first + 1,
            }
            return [{"object": {"kind": "plan"}, "action": "created", "values": values}]
        if kind == "settings":
            return [field_change(self.apps.get_model("plans", "Plan"), SETTINGS_FIELDS, {"kind": "plan"}, line)]
        if kind == "choices":
            model = self.apps.get_model("plans", "PlanDevelopment")
            found = []
            for dev in self.developments:
                if line.startswith(dev.title + ", "):
                    obj = {"kind": "development", "key": dev.slug, "label": dev.title}
                    try:
                        found.append(field_change(model, CHOICE_FIELDS, obj, line[len(dev.title) + 2 :]))
                    except Unreadable:
                        continue
            return [one(found)]
        if kind == "lines":
            return self.read_lines(summary, line)
        if kind == "extra_changed":
            description = summary[len(EXTRA_CHANGED_SUMMARY) :]
            dev, rest = development_of(self.developments, line, ", ")
            if not rest.startswith(description + ", "):
                raise Unreadable(line)
            model = self.apps.get_model("plans", "ExtraLine")
            record = field_change(model, EXTRA_FIELDS, {}, rest[len(description) + 2 :])
            names = (description, record["new"]) if record["field"] == "description" else (description,)
            key = self.extra_key(dev, *names)
            record["object"] = {"kind": "extra_line", "key": key, "label": description, "within": dev.title}
            return [record]
        if kind == "extra_added":
            dev, rest = development_of(self.developments, line, ": ")
            labels = {
                str(label): value
                for value, label in self.apps.get_model("plans", "ExtraLine")._meta.get_field("kind").choices
            }
            splits = [(label, rest.split(f" ({label}) – ")) for label in labels if rest.count(f" ({label}) – ") == 1]
            label, (description, reason) = one(splits)
            values = {"description": description, "kind": labels[label], "reason": reason}
            obj = {"kind": "extra_line", "key": self.extra_key(dev, description), "label": description}
            return [{"object": obj | {"within": dev.title}, "action": "added", "values": values}]
        if kind == "extra_deleted":
            dev, description = development_of(self.developments, line, ": ")
            obj = {"kind": "extra_line", "key": None, "label": description, "within": dev.title}
            return [{"object": obj, "action": "deleted", "values": {"description": description}}]
        raise Unreadable(line)

    def read_lines(self, summary: str, line: str) -> list[dict]:
        title = LINES_SUMMARY.match(summary)["title"]
        dev = one(d for d in self.developments if d.title == title)
        if not line.startswith(title + ", "):
            raise Unreadable(line)
        rest = line[len(title) + 2 :]
        found = []
        for budget_line in self.budget_lines.objects.filter(development_id=dev.pk):
            head = f"{budget_line.description}: "
            if not rest.startswith(head) or ARROW not in rest[len(head) :]:
                continue
            old_text, new_text = rest[len(head) :].split(ARROW, 1)
            new = NEW_STATE.match(new_text)
            if not new:
                continue
            try:
                old_state, new_state = line_state(old_text), line_state(new["state"])
            except Unreadable:
                continue
            obj = {
                "kind": "budget_line",
                "key": f"{dev.slug}/{budget_line.slug}",
                "label": budget_line.description,
                "within": dev.title,
            }
            records = []
            for name in ("excluded", "amount", "hours_per_week", "price_year"):
                if name not in new_state:
                    continue
                if name not in old_state:
                    if new_state[name] not in (None, False):
                        records.append({"object": obj, "field": name, "new": new_state[name]})
                elif old_state[name] != new_state[name]:
                    records.append({"object": obj, "field": name, "old": old_state[name], "new": new_state[name]})
            if new["reason"] is not None:
                records.append(
                    {"object": obj, "field": "reason", "new": new["reason"]}
                )  # the old reason was not written
            if records:
                found.append(records)
        return one(found)


def convert(apps, schema_editor):
    PlanChange = apps.get_model("plans", "PlanChange")
    readers = {}
    for change in PlanChange.objects.select_related("plan").order_by("pk").iterator():
        kind = kind_of(change.summary)
        if change.plan_id not in readers:
            readers[change.plan_id] = Reader(apps, change.plan)
        details = []
        for line in change.details or []:
            if not isinstance(line, str):
                details.append(line)  # already a record
                continue
            try:
                details += readers[change.plan_id].read(kind, change.summary, line)
            except (Unreadable, KeyError, ValueError, TypeError):
                details.append({"text": line})
        change.kind = change.kind or kind
        change.details = details
        change.save(update_fields=["kind", "details"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_change_facts"),
        ("catalog", "0002_pg_trgm"),
    ]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]
