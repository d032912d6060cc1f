"""Writing a validated edition folder into its year's concept, idempotently and atomically.

The files always go into the concept of their year (catalog.models.Edition with no release number);
a published release is never written (catalog/releases.py publishes a concept and that is its last
write). When the year has no concept yet, one is made: for a year that has published releases, the
files then start the next release (a correction, or the next status), and the published ones stay as
they are. Loading files that are identical to the latest published release makes no concept, and an
archived year takes no new content at all: both say so.

Rows are matched on their ids from the files (update or create); rows whose id is no longer in the
files are removed. Everything happens in one transaction: when anything fails, the database keeps
exactly what it had.

Plans are pinned to published releases (plans.services), so loading never changes a plan's figures.
As a safety net the foreign keys from plan data to catalogue rows are PROTECT: should a concept row
still be in use (a relation made outside the services), deleting it is refused, `_delete` turns
Django's ProtectedError into ContentErrors, and the transaction rolls back.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from . import markdown
from .content_files import MATURITY_FILE, ContentError, ContentErrors, EditionContent, read_edition, to_decimal
from .models import (
    BudgetLine,
    Development,
    Domain,
    Edition,
    EditionStatus,
    Law,
    MaturityDimension,
    MaturityStatement,
    Opgave,
)

NEW_RELEASE_HINT = (
    "Een gepubliceerde release verandert niet meer; laad de wijziging in het concept en publiceer dat als "
    "correctie (met reden) of als de volgende status."
)


@dataclass
class LoadResult:
    edition: Edition
    created: bool
    changed: bool
    developments: int
    budget_lines: int
    # Set when nothing was loaded because the files equal this published release.
    same_as: Edition | None = None
    # The latest published release of the year, when the files went into a concept next to it.
    published: Edition | None = None


def load_edition(folder) -> LoadResult:
    """Validate the folder (raises ContentErrors) and load it into its year's concept in one transaction."""
    content = read_edition(folder)
    year = content.data["year"]
    with transaction.atomic():
        concept = Edition.objects.concepts().select_for_update().filter(year=year).first()
        latest = Edition.objects.published().filter(year=year).order_by("-number").first()
        if concept is None and latest is not None:
            if latest.status == EditionStatus.ARCHIVED:
                raise ContentErrors(
                    [
                        ContentError(
                            content.file,
                            f"editie {year} is gearchiveerd (release {latest.release_id}) en krijgt geen nieuwe "
                            "inhoud meer; zet wijzigingen in de editie van een volgend jaar",
                            content.line_of(["year"]),
                            "year",
                        )
                    ]
                )
            if latest.content_hash == content.content_hash:
                developments = latest.developments.count()
                lines = BudgetLine.objects.filter(development__edition=latest).count()
                return LoadResult(latest, False, False, developments, lines, same_as=latest)
        result = _write(content, concept)
        result.published = latest
        return result


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
                    f"{NEW_RELEASE_HINT}",
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


def _write(content: EditionContent, concept: Edition | None) -> LoadResult:
    """Write the files into the concept (made when there is none)."""
    data = content.data
    fields = dict(
        _edition_fields(content),
        maturity_introduction=(content.maturity or {}).get("introduction", ""),
        release_notes=content.release_notes,
        loaded_at=timezone.now(),
    )
    created = concept is None
    changed = created or concept.content_hash != content.content_hash or concept.release_notes != content.release_notes
    if created:
        edition = Edition.objects.create(year=data["year"], number=None, status=EditionStatus.CONCEPT, **fields)
    else:
        edition = concept
        for name, value in fields.items():
            setattr(edition, name, value)
        edition.save()
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
    _write_maturity(edition, content.maturity, str(Path(edition_file).with_name(MATURITY_FILE)), developments)
    return LoadResult(edition, created, changed, len(developments), line_count)


def _write_maturity(edition: Edition, maturity: dict | None, file: str, developments: dict) -> None:
    """Dimensions and their statements by id, with the developments that raise each dimension."""
    dimensions = (maturity or {}).get("dimensions", [])
    rows = _sync(
        MaturityDimension,
        {"edition": edition},
        dimensions,
        lambda d, i: dict(name=d["name"], description=d["description"], levels=d["levels"], order=i),
        file,
        delete=False,
    )
    for item in dimensions:
        row = rows[item["id"]]
        _sync(
            MaturityStatement,
            {"dimension": row},
            item["statements"],
            lambda st, i: dict(level=st["level"], text=st["text"], order=i),
            file,
        )
        row.developments.set([developments[slug] for slug in item["developments"]])
    gone = MaturityDimension.objects.filter(edition=edition).exclude(slug__in=rows)
    _delete(MaturityStatement.objects.filter(dimension__in=gone), file)
    _delete(gone, file)


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
