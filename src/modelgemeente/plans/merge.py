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

`EditSession` is the one place the edit views (choices, a development's lines,
profile and assumptions) go through: it reads the version, snapshot and
conflict choices a posted form carries, and turns a refused save
(StaleVersion) into the merged form to show.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from modelgemeente.core.forms import DutchNumberInput

from .changes import display

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
                display(canon(f, form[name].value()), f),
                display(pending[key], f),
            )
        )
    return MergeState(base_token, pending_token, conflicts, merged=True)


def conflicts_for(form_list, names: list[str], mine: dict, theirs: dict, label_of) -> list[Conflict]:
    fields = {form.add_prefix(name): (form, name, field) for form in form_list for name, field in form.fields.items()}
    found = []
    for key in names:
        form, name, field = fields[key]
        found.append(Conflict(key, label_of(form, name, field), display(mine[key], field), display(theirs[key], field)))
    return found


def posted_version(post) -> int:
    """The plan version a form was loaded at; junk is a bad request, never a 500."""
    try:
        version = int(post.get("version", ""))
    except ValueError:
        version = -1
    if not 0 < version < 2**31:
        raise BadRequest(
            _("Het formulier mist een geldig versienummer. Open de pagina opnieuw; er is niets opgeslagen.")
        )
    return version


def field_label(form, name, field) -> str:
    return str(field.label or name)


class EditSession:
    """One posted edit form: the conflict choices it resolves, the version and snapshot it carries.

    `names` are the posted field names that can be in conflict; `label_of(form, name, field)` names a
    field for the reader. A preview (htmx totals) resolves no conflicts and carries no version. The
    version and snapshot are read when first asked for, so a view checks them where it always did."""

    def __init__(self, post, names, label_of=field_label, *, preview: bool = False):
        self.post = post
        self.label_of = label_of
        self.preview = preview
        self.pending = {} if preview else self._pending(set(names))
        self.data, self.unresolved = resolve(post, self.pending)
        self._version = self._state = None

    def _pending(self, valid_names) -> dict:
        """Conflicts shown earlier and signed into the form: {field name: the colleague's value}."""
        token = self.post.get("pending")
        if not token:
            return {}
        return {name: value for name, value in unsign(token).items() if name in valid_names}

    @property
    def version(self) -> int:
        if self._version is None:
            self._version = posted_version(self.post)
        return self._version

    @property
    def state(self) -> MergeState:
        """The snapshot and open conflicts the posted form carries (a forged snapshot is a 400)."""
        if self._state is None:
            base_token = self.post.get("base", "")
            if base_token:
                unsign(base_token)
            self._state = MergeState(base_token, self.post.get("pending", ""))
        return self._state

    def unresolved_state(self, bound_forms) -> MergeState:
        """Conflicts posted back without a choice: show them again, with the same snapshot."""
        return unresolved_state(
            self.state.base_token, self.state.pending_token, self.pending, self.unresolved, bound_forms, self.label_of
        )

    def merge(self, bound_forms, fresh_forms, names=None, source=None) -> tuple[dict, MergeState]:
        """After StaleVersion: the posted data merged with what is saved now (`fresh_forms`), to bind
        again and show with the returned state."""
        return stale(self.state.base_token, bound_forms, fresh_forms, self.data, self.label_of, names, source)
