"""Merging a stale edit with what colleagues saved in the meantime, field by field.

Every edit form carries, next to the plan version, a signed snapshot of the
values it showed (`base`). When the version is stale, three values per field
are compared: the snapshot (what the user started from), the user's input
(`mine`) and what is saved now (`theirs`):

- only the colleague changed it: the colleague's value stays;
- only this user changed it: this user's value is taken;
- both changed it to different values: a conflict; the user chooses, and the
  save is refused until every conflict has a choice.

The merged values are shown in the form (not yet saved, answered with 409),
together with what the others changed. Saving that form saves only this
user's changes on top of the current version, so nothing a colleague saved is
overwritten without a choice. Values are compared in a canonical text form
(see `canon`), the same for a saved value and for typed input; for a number it is
the Dutch text the field shows (45.000, 36,5, 2027), which the field also reads
back, so merged values and a colleague's value chosen in a conflict can be
posted again as they are.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from modelgemeente.core.forms import DutchNumberInput

SALT = "modelgemeente.plans.merge"
MINE, THEIRS = "mine", "theirs"


def canon(field: forms.Field, value) -> str:
    """A field value as comparable text: '1'/'' for yes/no, '' for empty, a number as its Dutch number
    field shows it (45.000, 36,5, 2027: what the field reads back), other numbers as plain digits."""
    if isinstance(field, forms.BooleanField):
        return "1" if value else ""
    if value is None:
        return ""
    if isinstance(field.widget, DutchNumberInput) and not isinstance(value, str):
        return field.widget.format_value(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, str):
        return value.strip()
    return str(value)


def as_data(field: forms.Field, text: str):
    """A canonical value as a browser would post it (a checkbox is absent when off; a number is
    already in the field's own Dutch notation, see `canon`)."""
    if isinstance(field, forms.BooleanField):
        return "on" if text else None
    return text


def saved_values(form_list, names=None) -> dict[str, str]:
    """The canonical initial (saved) values of unbound forms, by the field's name in the posted data."""
    values = {}
    for form in form_list:
        for name, form_field in form.fields.items():
            if names is None or name in names:
                values[form.add_prefix(name)] = canon(form_field, form[name].initial)
    return values


def posted_values(form_list, names=None, source=None) -> dict[str, str]:
    """The canonical values of valid bound forms: cleaned input, or `source(form, name)` when given
    (for values changed after cleaning, such as a bulk action on the choices page)."""
    values = {}
    for form in form_list:
        for name, form_field in form.fields.items():
            if names is None or name in names:
                value = source(form, name) if source else form.cleaned_data.get(name)
                values[form.add_prefix(name)] = canon(form_field, value)
    return values


def sign(values: dict) -> str:
    return signing.dumps(values, salt=SALT, compress=True)


def unsign(token: str | None) -> dict:
    try:
        values = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        raise BadRequest(
            _("Het formulier is ongeldig of verouderd. Open de pagina opnieuw; er is niets opgeslagen.")
        ) from None
    if not isinstance(values, dict):
        raise BadRequest(_("Het formulier is ongeldig of verouderd. Open de pagina opnieuw; er is niets opgeslagen."))
    return values


@dataclass
class Conflict:
    name: str  # the field's name in the posted data
    label: str
    mine: str  # as shown to a reader
    theirs: str


def three_way(base: dict | None, mine: dict, theirs: dict) -> tuple[dict, list[str]]:
    """Merged values and the names of the fields both sides changed to different values.

    Without a snapshot (`base` None: a client that did not send one) every difference is a conflict."""
    merged, conflicts = {}, []
    for name, current in theirs.items():
        own = mine.get(name, current)
        start = base.get(name, current) if base is not None else None
        if own == current or (start is not None and own == start):
            merged[name] = current
        elif current == start:
            merged[name] = own
        else:
            merged[name] = own
            conflicts.append(name)
    return merged, conflicts


def resolve(data, pending: dict) -> tuple[dict, list[str]]:
    """Apply the user's choices for earlier conflicts to the posted data.

    `pending` is {name: colleague's value}, signed into the form when the conflict was shown. The
    choice for a field comes as `keep-<name>` = mine | theirs. Returns the data to validate and the
    names still without a choice."""
    data = data.copy()
    unresolved = []
    for name, theirs in pending.items():
        choice = data.get(f"keep-{name}")
        if choice == THEIRS:
            if theirs:
                data[name] = theirs
            else:
                data.pop(name, None)
        elif choice != MINE:
            unresolved.append(name)
    return data, unresolved


@dataclass
class MergeState:
    """What an edit form carries between requests: the snapshot it started from, and the conflicts
    still waiting for a choice (signed, so a forged value is refused)."""

    base_token: str
    pending_token: str = ""
    conflicts: list[Conflict] = field(default_factory=list)
    merged: bool = False  # True when the form shows input merged with a colleague's changes

    @classmethod
    def start(cls, fresh_forms, names=None) -> "MergeState":
        return cls(sign(saved_values(fresh_forms, names)))

    @classmethod
    def after_conflict(cls, theirs: dict, conflicts: list[Conflict]) -> "MergeState":
        pending = sign({c.name: theirs[c.name] for c in conflicts}) if conflicts else ""
        return cls(sign(theirs), pending, conflicts, merged=True)


def rebind(form_list, merged: dict, data) -> dict:
    """Posted data with the merged values put in place of the user's, ready to bind again."""
    data = data.copy()
    fields = {form.add_prefix(name): field for form in form_list for name, field in form.fields.items()}
    for name, text in merged.items():
        value = as_data(fields[name], text)
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def display_value(field: forms.Field, text: str) -> str:
    """A canonical value as a reader sees it: the choice label, ja/nee, (leeg)."""
    if isinstance(field, forms.BooleanField):
        return _("ja") if text else _("nee")
    if not text:
        return _("(leeg)")
    choices = getattr(field, "choices", None)
    if choices:
        return str(dict((str(k), v) for k, v in choices).get(text, text))
    return text


def stale(base_token, bound_forms, fresh_forms, data, label_of, names=None, source=None) -> tuple[dict, MergeState]:
    """A save from an old version: the user's input merged with what is saved now (see the module)."""
    base = unsign(base_token) if base_token else None
    mine = posted_values(bound_forms, names, source)
    theirs = saved_values(fresh_forms, names)
    merged, conflict_names = three_way(base, mine, theirs)
    conflicts = conflicts_for(bound_forms, conflict_names, mine, theirs, label_of)
    return rebind(bound_forms, merged, data), MergeState.after_conflict(theirs, conflicts)


def unresolved_state(base_token, pending_token, pending, unresolved, bound_forms, label_of) -> MergeState:
    """Conflicts posted back without a choice: show them again, with the same snapshot."""
    fields = {form.add_prefix(name): (form, name, f) for form in bound_forms for name, f in form.fields.items()}
    conflicts = []
    for key in unresolved:
        form, name, f = fields[key]
        conflicts.append(
            Conflict(
                key,
                label_of(form, name, f),
                display_value(f, canon(f, form[name].value())),
                display_value(f, pending[key]),
            )
        )
    return MergeState(base_token, pending_token, conflicts, merged=True)


def conflicts_for(form_list, names: list[str], mine: dict, theirs: dict, label_of) -> list[Conflict]:
    fields = {form.add_prefix(name): (form, name, field) for form in form_list for name, field in form.fields.items()}
    found = []
    for key in names:
        form, name, field = fields[key]
        found.append(
            Conflict(
                key, label_of(form, name, field), display_value(field, mine[key]), display_value(field, theirs[key])
            )
        )
    return found
