"""Writing a validated edition to the database, idempotently and atomically.

Rows are matched on their ids from the files (update or create); rows whose id
is no longer in the files are removed. Everything happens in one transaction:
when anything fails, the database keeps exactly what it had.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from . import markdown
from .content_files import EditionContent, read_edition, to_decimal
from .models import BudgetLine, Development, Domain, Edition, Law, Opgave


@dataclass
class LoadResult:
    edition: Edition
    created: bool
    changed: bool
    developments: int
    budget_lines: int


def load_edition(folder) -> LoadResult:
    """Validate the folder (raises ContentErrors) and load it in one transaction."""
    content = read_edition(folder)
    with transaction.atomic():
        return _write(content)


def _sync(model, parent_filter: dict, items: list[dict], defaults_of) -> dict[str, object]:
    """Update-or-create rows by slug under a parent; delete rows not in items."""
    rows = {}
    for order, item in enumerate(items):
        row, _ = model.objects.update_or_create(**parent_filter, slug=item["id"], defaults=defaults_of(item, order))
        rows[item["id"]] = row
    model.objects.filter(**parent_filter).exclude(slug__in=rows).delete()
    return rows


def _write(content: EditionContent) -> LoadResult:
    data = content.data
    ref = data["reference_municipality"]
    existing = Edition.objects.filter(year=data["year"]).first()
    edition, created = Edition.objects.update_or_create(
        year=data["year"],
        defaults=dict(
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
            loaded_at=timezone.now(),
        ),
    )
    changed = existing is None or existing.content_hash != content.content_hash
    parent = {"edition": edition}

    # Developments go first so that removed domains are no longer referenced.
    wanted = {dev.data["id"] for dev in content.developments}
    Development.objects.filter(edition=edition).exclude(slug__in=wanted).delete()

    domains = _sync(Domain, parent, data["domains"], lambda d, i: dict(
        name=d["name"], description=d["description"], order=d.get("order", i)))
    opgaven = _sync(Opgave, parent, data["opgaven"], lambda o, i: dict(
        name=o["name"], description=o["description"], order=i))
    laws = _sync(Law, parent, data["laws"], lambda law, i: dict(
        name=law["name"], in_force=date.fromisoformat(law["in_force"]) if law["in_force"] else None,
        status=law["status"], status_note=law.get("status_note", ""), summary=law["summary"], url=law.get("url", "")))

    developments = _sync(Development, parent, [dev.data for dev in content.developments], lambda d, i: dict(
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
    ))
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
        lines = _sync(BudgetLine, {"development": row}, dev.data["budget_lines"], _line_fields)
        line_count += len(lines)
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
