"""Finding releases: the current one of a year, one named by its id, the one before it.

An Edition row is one release of a year's edition, or the year's concept (catalog/models.py). What
publishing does lives in catalog/services.py; this module only reads, plus `copy_release`, which the
publishing service uses to start a concept from the latest release when none was loaded.
"""

import re
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from .models import BudgetLine, Development, Domain, Edition, Law, MaturityDimension, MaturityStatement, Opgave

# The Django group whose members move editions through their statuses (and see concepts).
EDITORS_GROUP = "redactie"

RELEASE_ID = re.compile(r"^(?P<year>\d{4})(?:\.(?P<number>\d{1,4}|concept))?$")


class ReleaseNotFound(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# The attribute on an account read with `editor_flag` (accounts/backends.py does, for the signed-in reader of every
# request): whether it was in the editors group when it was read.
EDITOR_FLAG = "in_editors_group"


def editor_flag(account: str = "pk") -> dict:
    """An annotation for a query of accounts (or of rows that point to one: `account` is the field that holds its
    key): whether each is in the editors group, read in the same query."""
    through = get_user_model().groups.through
    return {EDITOR_FLAG: Exists(through.objects.filter(user=OuterRef(account), group__name=EDITORS_GROUP))}


def is_editor(user) -> bool:
    """May move editions through their statuses and read concepts: superusers and the editors group. Asked on every
    signed-in request for a kept catalogue page (reads_concepts): read with the account itself where it was loaded
    with `editor_flag` (a request's reader, accounts/backends.py), otherwise in plain SQL (a fifth of the ORM's
    time)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    flag = getattr(user, EDITOR_FLAG, None)  # (request.user is a lazy wrapper: no vars())
    if flag is not None:
        return flag
    with connection.cursor() as cursor:
        cursor.execute(_editor_sql(), [user.pk, EDITORS_GROUP])
        return cursor.fetchone() is not None


@cache
def _editor_sql() -> str:
    q = connection.ops.quote_name
    through = get_user_model().groups.through._meta
    group = Group._meta
    user_column, group_column = q(through.get_field("user").column), q(through.get_field("group").column)
    return (
        f"SELECT 1 FROM {q(through.db_table)} m JOIN {q(group.db_table)} g ON g.{q(group.pk.column)} = m.{group_column}"  # noqa: S608 (names from the models, values as parameters)
        f" WHERE m.{user_column} = %s AND g.{q(group.get_field('name').column)} = %s"
    )


def editors_group() -> Group:
    return Group.objects.get_or_create(name=EDITORS_GROUP)[0]


def reads_concepts(user) -> bool:
    """Editors and staff read concepts besides the published releases."""
    return getattr(user, "is_staff", False) or is_editor(user)


def visible(user):
    """Releases the user may read: every published release; concepts for editors and staff."""
    releases = Edition.objects.all()
    return releases if reads_concepts(user) else releases.published()


def current(year: int, user=None) -> Edition | None:
    """The release a year's pages show: its latest published release; for editors, the concept when
    nothing of that year is published yet."""
    releases = visible(user).filter(year=year)
    return releases.published().order_by("-number").first() or releases.concepts().first()


def latest_published():
    """Per year, the latest published release, newest year first."""
    latest = {}
    for release in Edition.objects.published().order_by("-year", "-number"):
        latest.setdefault(release.year, release)
    return list(latest.values())


def home_release(user=None) -> Edition | None:
    """The release the home page and the main menu show: the newest year's current release; for
    editors a concept when nothing is published yet."""
    newest = Edition.objects.published().order_by("-year", "-number").first()
    return newest or visible(user).first()


def resolve(release_id: str, user=None) -> Edition:
    """'2026' (the year's current release), '2026.2' or '2027.concept'; ReleaseNotFound otherwise."""
    match = RELEASE_ID.match((release_id or "").strip())
    if not match:
        raise ReleaseNotFound(
            _("'%(id)s' is geen release: gebruik een jaar (2026), een release (2026.2) of een concept (2027.concept).")
            % {"id": release_id}
        )
    year, number = int(match["year"]), match["number"]
    releases = visible(user).filter(year=year)
    if number is None:
        found = current(year, user)
    elif number == "concept":
        found = releases.concepts().first()
    else:
        found = releases.filter(number=int(number)).first()
    if found is None:
        raise ReleaseNotFound(_("Release %(id)s bestaat niet (of is niet zichtbaar).") % {"id": release_id})
    return found


def previous(release: Edition) -> Edition | None:
    """The published release before this one: the same year's previous number, else the latest release of
    the most recent earlier year. For a concept: the latest release of its year, else of an earlier year."""
    published = Edition.objects.published()
    if release.is_published:
        same_year = published.filter(year=release.year, number__lt=release.number).order_by("-number").first()
    else:
        same_year = published.filter(year=release.year).order_by("-number").first()
    return same_year or published.filter(year__lt=release.year).order_by("-year", "-number").first()


def releases_of(year: int, user=None):
    """The year's releases, newest first, the concept (for editors) on top."""
    return visible(user).filter(year=year).select_related("published_by")


@transaction.atomic
def copy_release(release: Edition) -> Edition:
    """A new concept of the same year with a copy of every row of `release` (same ids)."""
    fields = {
        f.name: getattr(release, f.name)
        for f in Edition._meta.concrete_fields
        if f.name not in ("id", "number", "status", "published_on", "published_at", "published_by", "correction_reason")
    }
    concept = Edition.objects.create(**fields)
    domains = {
        row.slug: Domain.objects.create(
            edition=concept, slug=row.slug, name=row.name, description=row.description, order=row.order
        )
        for row in release.domains.all()
    }
    opgaven = {
        row.slug: Opgave.objects.create(
            edition=concept, slug=row.slug, name=row.name, description=row.description, order=row.order
        )
        for row in release.opgaven.all()
    }
    law_fields = ("slug", "name", "in_force", "status", "status_note", "summary", "url")
    laws = {
        row.slug: Law.objects.create(edition=concept, **{f: getattr(row, f) for f in law_fields})
        for row in release.laws.all()
    }
    dev_fields = [f.name for f in Development._meta.concrete_fields if f.name not in ("id", "edition", "domain")]
    line_fields = [f.name for f in BudgetLine._meta.concrete_fields if f.name not in ("id", "development")]
    copies = {}
    sources = list(release.developments.select_related("domain").prefetch_related("laws", "opgaven", "related"))
    for row in sources:
        copy = Development.objects.create(
            edition=concept, domain=domains[row.domain.slug], **{f: getattr(row, f) for f in dev_fields}
        )
        copy.laws.set([laws[law.slug] for law in row.laws.all()])
        copy.opgaven.set([opgaven[o.slug] for o in row.opgaven.all()])
        BudgetLine.objects.bulk_create(
            BudgetLine(development=copy, **{f: getattr(line, f) for f in line_fields})
            for line in row.budget_lines.all()
        )
        copies[row.slug] = copy
    for row in sources:
        copies[row.slug].related.set([copies[other.slug] for other in row.related.all()])
    _copy_maturity(release, concept, copies)
    return concept


def _copy_maturity(release: Edition, concept: Edition, developments: dict) -> None:
    for row in release.maturity_dimensions.prefetch_related("statements", "developments"):
        copy = MaturityDimension.objects.create(
            edition=concept,
            slug=row.slug,
            name=row.name,
            description=row.description,
            levels=row.levels,
            order=row.order,
        )
        MaturityStatement.objects.bulk_create(
            MaturityStatement(dimension=copy, slug=s.slug, level=s.level, text=s.text, order=s.order)
            for s in row.statements.all()
        )
        copy.developments.set([developments[d.slug] for d in row.developments.all()])
