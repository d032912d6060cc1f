"""Public pages of the catalogue. Published editions are readable without an account."""

from itertools import groupby

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from modelgemeente.core.cache import fragment, page_stamps, release_stamp

from . import releases
from .budget_input import model_budget
from .calculator import calculator
from .dataset import cached_dataset
from .models import BudgetLine, Development, Domain, Edition, Law
from .page_cache import catalogue_stamp, nav_domains, public_catalogue_page
from .search import MAX_QUERY_LENGTH
from .search import search as search_edition

# How long an anonymous search page is kept: searches are many and cheap, pages per release are few and dear.
SEARCH_PAGE_SECONDS = 15 * 60


def get_edition(request, year) -> Edition:
    """The release a catalogue page shows: the year's current release, or the one named by ?release=
    (a number, or 'concept' for editors). 404 when there is none the user may read."""
    wanted = request.GET.get("release", "").strip()
    try:
        found = releases.resolve(f"{year}.{wanted}" if wanted else str(year), request.user)
    except releases.ReleaseNotFound:
        raise Http404(_("Deze release bestaat niet.")) from None
    if found is None:
        raise Http404
    return found


def _nav(edition):
    return {"edition": edition, "nav_domains": nav_domains(edition)}


@public_catalogue_page("catalog:home", params=())
def home(request):
    edition = releases.home_release(request.user)
    if edition is None:
        return render(request, "catalog/no_edition.html", status=200)
    return _edition_page(request, edition)


@public_catalogue_page("catalog:edition")
def edition(request, year):
    return _edition_page(request, get_edition(request, year))


def _edition_page(request, edition):
    """An edition's overview: what it holds and which other releases there are (the catalogue's stamp), rendered once
    per set of releases and language."""
    body = fragment(
        "edition",
        [catalogue_stamp(), edition.pk],
        lambda: render_to_string("catalog/_edition_body.html", _edition(edition)),
    )
    return render(request, "catalog/edition.html", _nav(edition) | {"body": body})


def _edition(edition) -> dict:
    domains = edition.domains.annotate(n_developments=Count("developments"))
    lines = BudgetLine.objects.filter(development__edition=edition)
    return {
        "edition": edition,
        "domains": domains,
        "n_developments": edition.developments.count(),
        "n_lines": lines.count(),
        "n_source_lines": lines.filter(provenance_type=BudgetLine.ProvenanceType.SOURCE).count(),
        "n_opgaven": edition.opgaven.count(),
        "n_laws": edition.laws.count(),
        "n_collective": edition.developments.filter(collective_candidate=True).count(),
        "other_editions": [e for e in releases.latest_published() if e.year != edition.year],
        "previous_release": releases.previous(edition),
        "dataset_size": len(cached_dataset(edition)),
    }


def edition_list(request):
    editions = (
        releases.visible(request.user).annotate(n_developments=Count("developments")).select_related("published_by")
    )
    years = [(year, list(group)) for year, group in groupby(editions, key=lambda e: e.year)]
    return render(request, "catalog/edition_list.html", {"years": years})


@public_catalogue_page("catalog:domain")
def domain(request, year, slug):
    edition = get_edition(request, year)
    dom = get_object_or_404(Domain, edition=edition, slug=slug)
    developments = dom.developments.annotate(n_lines=Count("budget_lines")).prefetch_related("opgaven", "laws")
    return render(request, "catalog/domain.html", _nav(edition) | {"domain": dom, "developments": developments})


@public_catalogue_page("catalog:development")
def development(request, year, slug):
    """A development of a release. Its facts, text, lines and amounts, and the links around it, are the release's:
    rendered once per release and language (core.cache.fragment); the calculator and the community's proposals
    are rendered per request."""
    edition = get_edition(request, year)
    dev = get_object_or_404(
        Development.objects.select_related("domain__edition", "edition"), edition=edition, slug=slug
    )
    parts = fragment("development", [release_stamp(edition), slug], lambda: _development_parts(edition, dev.pk))
    # The community's proposals on it (rendered by the community app's tag), kept until they change.
    proposals = fragment(
        "development-proposals",
        [release_stamp(edition), slug, page_stamps("catalog:development", year=year, slug=slug)],
        lambda: render_to_string("catalog/_development_proposals.html", {"dev": dev}),
    )
    context = (
        _nav(edition)
        | {"dev": dev, "parts": parts, "proposals": proposals, "lines": parts["has_lines"]}
        | calculator(request, edition, dev)  # "what does this cost my municipality?" (GET form)
    )
    return render(request, "catalog/development.html", context)


def _development_parts(edition, pk) -> dict:
    """The parts of a development page that only its release decides, rendered without a request."""
    dev = (
        Development.objects.select_related("domain", "edition")
        .prefetch_related(
            "opgaven",
            "budget_lines",
            Prefetch("laws", queryset=Law.objects.order_by("in_force", "name")),
            Prefetch("related", queryset=Development.objects.select_related("domain", "edition")),
        )
        .get(pk=pk)
    )
    siblings = list(dev.domain.developments.values_list("slug", "title"))
    index = [s for s, _ in siblings].index(dev.slug)
    budget = model_budget(edition)
    lines = list(dev.budget_lines.all())
    for line in lines:
        cells = {c.year: c for c in budget.result.line_cells(f"{dev.slug}/{line.slug}")}
        line.year_cells = [(year, cells.get(year)) for year in budget.years]
    context = {
        "edition": edition,
        "dev": dev,
        "lines": lines,
        "years": budget.years,
        "dev_totals": budget.result.by("development").get(dev.slug),
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        "referenced_by": Development.objects.filter(related=dev).select_related("domain", "edition"),
    }
    return {
        "has_lines": bool(lines),
        "main": render_to_string("catalog/_development_main.html", context),
        "related": render_to_string("catalog/_development_related.html", context),
        "pager": render_to_string("catalog/_development_pager.html", context),
    }


@public_catalogue_page("catalog:opgaven")
def opgaven(request, year):
    edition = get_edition(request, year)
    items = edition.opgaven.prefetch_related(
        Prefetch("developments", queryset=Development.objects.select_related("domain", "edition"))
    )
    unlinked = edition.developments.filter(opgaven__isnull=True).select_related("domain", "edition")
    return render(request, "catalog/opgaven.html", _nav(edition) | {"opgaven": items, "unlinked": unlinked})


@public_catalogue_page("catalog:laws")
def laws(request, year):
    edition = get_edition(request, year)
    items = list(
        edition.laws.prefetch_related(Prefetch("developments", queryset=Development.objects.select_related("edition")))
    )
    dated = sorted((law for law in items if law.in_force), key=lambda law: (law.in_force, law.name))
    by_year = [(y, list(group)) for y, group in groupby(dated, key=lambda law: law.in_force.year)]
    undated = [law for law in items if not law.in_force]
    return render(request, "catalog/laws.html", _nav(edition) | {"by_year": by_year, "undated": undated})


@public_catalogue_page("catalog:search", params=("q", "release"), timeout=SEARCH_PAGE_SECONDS)
def search(request, year):
    edition = get_edition(request, year)
    query = request.GET.get("q", "")
    error = ""
    if len(query) > MAX_QUERY_LENGTH:
        error = f"Uw zoekvraag is te lang; alleen de eerste {MAX_QUERY_LENGTH} tekens zijn gebruikt."
    query = query[:MAX_QUERY_LENGTH]

    def found() -> str:
        context = {"edition": edition, "query": query, "searched": bool(query.strip())}
        return render_to_string("catalog/_search_results.html", context | {"results": search_edition(edition, query)})

    # The results of a query in a release, kept a while (searches are many; core.cache.fragment).
    results = fragment("search", [release_stamp(edition), query], found, SEARCH_PAGE_SECONDS)
    return render(request, "catalog/search.html", _nav(edition) | {"query": query, "found": results, "error": error})


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
