"""Writing a validated edition to the database, idempotently and atomically.

Rows are matched on their ids from the files (update or create); rows whose id
is no longer in the files are removed. Everything happens in one transaction:
when anything fails, the database keeps exactly what it had.

Reloading never touches plan data. Before anything is written, the files are
compared with what the database holds for that edition year, and the load is
refused (ContentErrors, naming file, line, field, old and new value and the
plans concerned) when it would remove, add or change anything a plan computes
with: a used development, a budget line of a used development or one of its
budget fields (`LINE_BUDGET_FIELDS`), a new line in a used development, or the
edition's budget assumptions (`EDITION_BUDGET_FIELDS`). Text may always change,
and new developments may always be added.

Who uses the catalogue is found without importing the apps above it (the
catalogue sits below plans): every foreign key *to* a catalogue model from
another app with `on_delete=PROTECT` (or RESTRICT) marks a use. They are read
from `Model._meta.get_fields(include_hidden=True)`, the reverse relations
Django's delete collector follows (`_meta.related_objects` would miss the plan
models' `related_name="+"`):

- a model that protects `Edition` (today `plans.Plan`) is a *user* of the
  edition; it is named in messages as "<verbose_name> '<str(row)>' van
  <owner>", the owner being its required foreign key to another model outside
  the catalogue (for a plan: its organisation);
- a model that protects `Development` or `BudgetLine` (today PlanDevelopment,
  ExtraLine, LineAdjustment) links a row to the user it points to with its
  foreign key to a user model; a linking model without one counts as a user
  itself.

A new app that protects catalogue rows is thereby covered without a change
here. Should a delete still run into protected rows (a relation the check does
not read, such as one to a domain or law, or a plan created at the same moment),
`_sync` turns the ProtectedError into ContentErrors and the transaction rolls
back.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from . import markdown
from .content_files import ContentError, ContentErrors, EditionContent, field_name, read_edition, to_decimal
from .models import BudgetLine, Development, Domain, Edition, Law, Opgave

# The fields of a budget line a plan computes with (category moves money between budget columns).
LINE_BUDGET_FIELDS = (
    "amount",
    "hours_per_week",
    "salary_scale",
    "driver",
    "exponent",
    "kind",
    "offset",
    "spread",
    "category",
)
# The edition's budget assumptions, with their place in edition.yaml.
EDITION_BUDGET_FIELDS = {
    "reference_inhabitants": ["reference_municipality", "inhabitants"],
    "reference_employees": ["reference_municipality", "employees"],
    "reference_departments": ["reference_municipality", "departments"],
    "base_price_year": ["base_price_year"],
    "hours_per_fte": ["hours_per_fte"],
    "salary_table": ["salary_table"],
    "wage_index_percent": ["indices", "wage", "percent_per_year"],
    "price_index_percent": ["indices", "price", "percent_per_year"],
}
NAMED_USERS = 3
NEW_EDITION_HINT = "Een correctie hoort in een nieuwe editie."


@dataclass
class LoadResult:
    edition: Edition
    created: bool
    changed: bool
    developments: int
    budget_lines: int


def load_edition(folder) -> LoadResult:
    """Validate the folder (raises ContentErrors) and load it in one transaction.

    Raises ContentErrors, with nothing written, when the files would change
    what plans using this edition compute with.
    """
    content = read_edition(folder)
    with transaction.atomic():
        existing = Edition.objects.filter(year=content.data["year"]).first()
        if existing is not None:
            errors = _plan_conflicts(existing, content)
            if errors:
                raise ContentErrors(errors)
        return _write(content, existing)


# Who uses the catalogue ------------------------------------------------------


def _protecting_relations(model) -> list:
    """Reverse relations from models of other apps that protect rows of `model` from deletion.

    Hidden relations included: plan models declare related_name="+", which `related_objects` leaves out.
    These are the relations Django's delete collector follows.
    """
    return [
        rel
        for rel in model._meta.get_fields(include_hidden=True)
        if rel.auto_created
        and not rel.concrete
        and (rel.one_to_many or rel.one_to_one)
        and getattr(rel, "on_delete", None) in (models.PROTECT, models.RESTRICT)
        and rel.related_model._meta.app_label != model._meta.app_label
    ]


class _Usage:
    """Which plans (or other users) use an edition, its developments and its lines; a few queries in all."""

    def __init__(self, edition: Edition):
        edition_relations = _protecting_relations(Edition)
        self.user_models = {rel.related_model for rel in edition_relations}
        self.edition_users: set[tuple] = set()
        for rel in edition_relations:
            pks = rel.related_model._base_manager.filter(**{rel.field.name: edition}).values_list("pk", flat=True)
            self.edition_users |= {(rel.related_model, pk) for pk in pks}
        self.developments = self._links(Development, "edition", edition)
        self.lines = self._links(BudgetLine, "development__edition", edition)
        self._labels: dict[tuple, str] | None = None

    def _links(self, model, to_edition: str, edition) -> dict[int, set[tuple]]:
        """Row id of `model` -> the users whose rows point at it."""
        found = defaultdict(set)
        for rel in _protecting_relations(model):
            link = rel.related_model
            owner = next(
                (f for f in link._meta.concrete_fields if f.many_to_one and f.related_model in self.user_models), None
            )
            rows = link._base_manager.filter(**{f"{rel.field.name}__{to_edition}": edition})
            if owner is not None:
                for target, user_pk in rows.values_list(rel.field.attname, owner.attname):
                    found[target].add((owner.related_model, user_pk))
            else:
                for target, pk in rows.values_list(rel.field.attname, "pk"):
                    found[target].add((link, pk))
        return found

    def any(self) -> bool:
        return bool(self.edition_users or self.developments or self.lines)

    def all_users(self) -> set[tuple]:
        users = set(self.edition_users)
        for group in (self.developments, self.lines):
            for found in group.values():
                users |= found
        return users

    def describe(self, users: set[tuple]) -> str:
        """ "plan 'A' van Gemeente X, plan 'B' van Gemeente Y en 3 andere" """
        if self._labels is None:
            self._labels = _labels(self.all_users())
        names = sorted(self._labels.get(user, "?") for user in users) or ["?"]
        if len(names) <= NAMED_USERS:
            return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
        return ", ".join(names[:NAMED_USERS]) + f" en {len(names) - NAMED_USERS} andere"


def _labels(users: set[tuple]) -> dict[tuple, str]:
    """One query per user model: "plan 'Digitale agenda' van Gemeente Voorbeeld"."""
    by_model = defaultdict(set)
    for model, pk in users:
        by_model[model].add(pk)
    labels = {}
    for model, pks in by_model.items():
        owners = [
            f
            for f in model._meta.concrete_fields
            if f.many_to_one
            and not f.null
            and f.related_model._meta.app_label != Edition._meta.app_label
            and f.related_model._meta.label != settings.AUTH_USER_MODEL
        ]
        for row in model._base_manager.filter(pk__in=pks).select_related(*(f.name for f in owners[:1])):
            label = f"{model._meta.verbose_name} '{row}'"
            if owners:
                label += f" van {getattr(row, owners[0].name)}"
            labels[(model, row.pk)] = label
    return labels


# The check --------------------------------------------------------------------


def _plan_conflicts(edition: Edition, content: EditionContent) -> list[ContentError]:
    """What the files would remove, add or change that plans using this edition compute with."""
    usage = _Usage(edition)
    if not usage.any():
        return []
    errors = []

    def refuse(file, line, field, what, users):
        errors.append(ContentError(file, f"{what} {usage.describe(users)}. {NEW_EDITION_HINT}", line, field))

    def changed(model, name, old, new):
        old, new = _comparable(model, name, old), _comparable(model, name, new)
        return f"van {_shown(old)} naar {_shown(new)}" if old != new else None

    if usage.edition_users:
        new = _edition_fields(content)
        for name, path in EDITION_BUDGET_FIELDS.items():
            if change := changed(Edition, name, getattr(edition, name), new[name]):
                refuse(
                    content.file,
                    content.line_of(path),
                    field_name(path),
                    f"uitgangspunt gewijzigd {change}, maar plannen rekenen ermee: gebruikt door",
                    usage.edition_users,
                )

    rows = {dev.pk: dev for dev in Development.objects.filter(edition=edition).only("pk", "slug", "source_file")}
    lines = defaultdict(dict)  # development pk -> slug -> line
    for line in BudgetLine.objects.filter(development__edition=edition).only(
        "pk", "slug", "development_id", *LINE_BUDGET_FIELDS
    ):
        lines[line.development_id][line.slug] = line
    # A development is used when a plan points at it or at one of its lines; every line then counts.
    dev_users = defaultdict(set, {pk: set(users) for pk, users in usage.developments.items()})
    for dev_pk, dev_lines in lines.items():
        for line in dev_lines.values():
            if line.pk in usage.lines:
                dev_users[dev_pk] |= usage.lines[line.pk]
    files = {dev.data["id"]: dev for dev in content.developments}

    for dev_pk, users in sorted(dev_users.items()):
        row, dev = rows[dev_pk], files.get(rows[dev_pk].slug)
        if dev is None:
            refuse(
                row.source_file,
                None,
                "id",
                f"ontwikkeling '{row.slug}' is verwijderd (bestand ontbreekt of "
                "heeft een ander id), maar wordt gebruikt door",
                users,
            )
            continue
        new_lines = {item["id"]: (i, item) for i, item in enumerate(dev.data["budget_lines"])}
        for slug, line in lines[dev_pk].items():
            if slug not in new_lines:
                refuse(
                    dev.file,
                    dev.line_of_key([], "budget_lines"),
                    "budget_lines",
                    f"begrotingsregel '{slug}' is verwijderd, maar telt mee in de cijfers van plannen: gebruikt door",
                    users,
                )
                continue
            i, item = new_lines[slug]
            new = _line_fields(item, i)
            for name in LINE_BUDGET_FIELDS:
                if change := changed(BudgetLine, name, getattr(line, name), new[name]):
                    path = ["budget_lines", i, name]
                    refuse(
                        dev.file,
                        dev.line_of(path),
                        field_name(path),
                        f"begrotingsregel '{slug}' gewijzigd {change}, maar plannen rekenen ermee: gebruikt door",
                        users,
                    )
        for slug, (i, _item) in new_lines.items():
            if slug not in lines[dev_pk]:
                path = ["budget_lines", i]
                refuse(
                    dev.file,
                    dev.line_of(path),
                    field_name(path),
                    f"nieuwe begrotingsregel '{slug}' zou ongemerkt de totalen van plannen veranderen; "
                    "de ontwikkeling wordt gebruikt door",
                    users,
                )
    return errors


def _comparable(model, name, value):
    """A value as the database would store it, so that 5000 and 5000.00 are the same."""
    if value is None:
        return None
    field = model._meta.get_field(name)
    if isinstance(field, models.DecimalField):
        return Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
    return field.to_python(value)


def _shown(value) -> str:
    if value is None:
        return "(leeg)"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


# Writing ----------------------------------------------------------------------


def _sync(model, parent_filter: dict, items: list[dict], defaults_of, file: str, delete=True) -> dict[str, object]:
    """Update-or-create rows by slug under a parent; delete rows not in items (unless delete=False)."""
    rows = {}
    for order, item in enumerate(items):
        row, _ = model.objects.update_or_create(**parent_filter, slug=item["id"], defaults=defaults_of(item, order))
        rows[item["id"]] = row
    if delete:
        _delete(model.objects.filter(**parent_filter).exclude(slug__in=rows), file)
    return rows


def _delete(queryset, file: str):
    """Delete rows that left the files; rows something still protects are refused (ContentErrors), never a crash."""
    try:
        queryset.delete()
    except (ProtectedError, RestrictedError) as exc:
        # The collector refuses before deleting anything, so the transaction is still usable here.
        protecting = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or []
        kinds = ", ".join(sorted({str(obj._meta.verbose_name_plural) for obj in protecting}))
        name = queryset.model._meta.verbose_name
        raise ContentErrors(
            [
                ContentError(
                    file,
                    f"{name} '{slug}' kan niet worden verwijderd: er verwijzen nog gegevens naar ({kinds}). "
                    f"{NEW_EDITION_HINT}",
                    None,
                    "id",
                )
                for slug in sorted(queryset.values_list("slug", flat=True))
            ]
        ) from None


def _edition_fields(content: EditionContent) -> dict:
    data = content.data
    ref = data["reference_municipality"]
    return dict(
        title=data["title"],
        status=data["status"],
        published_on=date.fromisoformat(data["published_on"]) if data.get("published_on") else None,
        introduction=data["introduction"],
        reference_name=ref["name"],
        reference_inhabitants=ref["inhabitants"],
        reference_employees=ref["employees"],
        reference_departments=ref["departments"],
        reference_provenance=ref["provenance"],
        maturity_target=ref.get("maturity_target"),
        base_price_year=data["base_price_year"],
        hours_per_fte=to_decimal(data["hours_per_fte"]),
        salary_table=data["salary_table"],
        wage_index_percent=to_decimal(data["indices"]["wage"]["percent_per_year"]),
        wage_index_provenance=data["indices"]["wage"]["provenance"],
        price_index_percent=to_decimal(data["indices"]["price"]["percent_per_year"]),
        price_index_provenance=data["indices"]["price"]["provenance"],
        source_path=content.path,
        content_hash=content.content_hash,
    )


def _write(content: EditionContent, existing: Edition | None) -> LoadResult:
    data = content.data
    edition, created = Edition.objects.update_or_create(
        year=data["year"], defaults=dict(_edition_fields(content), loaded_at=timezone.now())
    )
    changed = existing is None or existing.content_hash != content.content_hash
    parent = {"edition": edition}
    edition_file = content.file or "edition.yaml"

    # Removed developments go first; removed domains, opgaven and laws last, once no development refers to them.
    wanted = {dev.data["id"] for dev in content.developments}
    for row in Development.objects.filter(edition=edition).exclude(slug__in=wanted):
        _delete(Development.objects.filter(pk=row.pk), row.source_file)

    domains = _sync(
        Domain,
        parent,
        data["domains"],
        lambda d, i: dict(name=d["name"], description=d["description"], order=d.get("order", i)),
        edition_file,
        delete=False,
    )
    opgaven = _sync(
        Opgave,
        parent,
        data["opgaven"],
        lambda o, i: dict(name=o["name"], description=o["description"], order=i),
        edition_file,
        delete=False,
    )
    laws = _sync(
        Law,
        parent,
        data["laws"],
        lambda law, i: dict(
            name=law["name"],
            in_force=date.fromisoformat(law["in_force"]) if law["in_force"] else None,
            status=law["status"],
            status_note=law.get("status_note", ""),
            summary=law["summary"],
            url=law.get("url", ""),
        ),
        edition_file,
        delete=False,
    )

    developments = _sync(
        Development,
        parent,
        [dev.data for dev in content.developments],
        lambda d, i: dict(
            domain=domains[d["domain"]],
            title=d["title"],
            summary=d["summary"],
            order=d.get("order", i),
            horizon_from=d["horizon"]["from"],
            horizon_to=d["horizon"]["to"],
            capacity_type=d["capacity_type"],
            gemma_components=d.get("gemma_components", []),
            collective_candidate=d["collective_provision"]["candidate"],
            collective_reason=d["collective_provision"]["reason"],
        ),
        edition_file,
    )
    line_count = 0
    for dev in content.developments:
        row = developments[dev.data["id"]]
        row.body_markdown = dev.body
        row.body_html = markdown.render(dev.body)
        row.source_file = dev.file
        row.save(update_fields=["body_markdown", "body_html", "source_file"])
        row.laws.set([laws[x] for x in dev.data["laws"]])
        row.opgaven.set([opgaven[x] for x in dev.data["opgaven"]])
        row.related.set([developments[x] for x in dev.data.get("related", [])])
        lines = _sync(BudgetLine, {"development": row}, dev.data["budget_lines"], _line_fields, dev.file)
        line_count += len(lines)
    for model, rows in ((Domain, domains), (Opgave, opgaven), (Law, laws)):
        _delete(model.objects.filter(**parent).exclude(slug__in=rows), edition_file)
    return LoadResult(edition, created, changed, len(developments), line_count)


def _line_fields(line: dict, order: int) -> dict:
    capacity = "hours_per_week" in line
    return dict(
        description=line["description"],
        kind=line["kind"],
        category=line["category"],
        amount=None if capacity else to_decimal(line["amount"]),
        hours_per_week=to_decimal(line["hours_per_week"]) if capacity else None,
        salary_scale=line["salary_scale"] if capacity else None,
        driver=line["driver"],
        exponent=to_decimal(line["exponent"]),
        offset=line.get("offset", 0),
        spread=line.get("spread", 1),
        provenance_type=line["provenance"]["type"],
        provenance_text=line["provenance"]["text"],
        order=order,
    )
