"""Search in an edition (docs/search.md): whole words and word starts, typo tolerance, all kinds, grouped.

CI runs these tests on SQLite and on PostgreSQL; the behaviour they check is shared.
"""

import re

import pytest
from django.db import connection
from django.urls import reverse

from modelgemeente.catalog.loader import load_edition
from modelgemeente.catalog.models import BudgetLine, Development
from modelgemeente.catalog.search import DEVELOPMENT, LAW, LINE, MAX_QUERY_LENGTH, OPGAVE, edition_index, search, words

pytestmark = pytest.mark.django_db

URL = reverse("catalog:search", args=[2026])


def found(edition, query):
    """{kind: [titles]} in the order of the page."""
    return {group.kind: [hit.title for hit in group.hits] for group in search(edition, query).groups}


def slugs(edition, query):
    return [hit.obj.slug for group in search(edition, query).groups if group.kind == DEVELOPMENT for hit in group.hits]


def page(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def dev_words(dev):
    return set(words(" ".join([dev.title, dev.summary, dev.body_markdown])))


# Whole words and word starts ---------------------------------------------------


def test_woo_finds_the_wet_open_overheid_and_not_verantwoordelijk(edition):
    results = found(edition, "woo")
    assert results[LAW] == ["Wet open overheid (Woo)"]
    assert "archiefwet-en-woo" in slugs(edition, "woo")
    # every development found mentions the word Woo; those that only say "verantwoordelijk" are not found
    hits = Development.objects.filter(slug__in=slugs(edition, "woo"))
    assert all("woo" in dev_words(dev) for dev in hits)
    only_fragment = [
        dev.slug
        for dev in Development.objects.filter(edition=edition)
        if "verantwoordelijk" in dev.body_markdown.lower() and "woo" not in dev_words(dev)
    ]
    assert only_fragment, "the content should have developments that only contain 'verantwoordelijk'"
    assert not set(only_fragment) & set(slugs(edition, "woo"))


def test_short_terms_match_only_whole_words(edition):
    # "woonwijk" starts with "woo" but is another word
    assert "datagedreven-fysiek-domein" not in slugs(edition, "woo")
    assert "Europese AI-verordening" in found(edition, "ai")[LAW]  # a hyphen separates words
    assert "Algemene verordening gegevensbescherming (AVG)" in found(edition, "AVG")[LAW]  # abbreviation in brackets


def test_longer_terms_match_word_starts_and_word_forms(edition):
    assert "klantreizen-en-klanttevredenheid" in slugs(edition, "klantreis")
    assert "ethiek-en-algoritmes" in slugs(edition, "algoritme")
    assert "Omgevingswet" in found(edition, "omgevingswetten")[LAW]  # same stem
    assert {kind: set(titles) for kind, titles in found(edition, "gemeente").items()} == {
        kind: set(titles) for kind, titles in found(edition, "gemeenten").items()
    }


def test_all_words_must_match_and_stop_words_are_ignored(edition):
    both = set(slugs(edition, "energietransitie dashboard"))
    assert "energietransitie" in both
    assert both <= set(slugs(edition, "dashboard"))
    assert found(edition, "de omgevingswet") == found(edition, "omgevingswet")


def test_titles_rank_first_within_a_kind(edition):
    assert slugs(edition, "omgevingswet")[0] == "omgevingswet-en-wkb"
    assert slugs(edition, "energietransitie")[0] == "energietransitie"
    assert found(edition, "woo")[LINE][0] == "Contactfunctionaris Woo"


# Typos ---------------------------------------------------------------------------


def test_a_typo_finds_the_omgevingswet(edition):
    results = search(edition, "omgevingwet")
    assert results.correction.query == "omgevingswet" and results.correction.replaced_all
    by_kind = found(edition, "omgevingwet")
    assert by_kind[LAW] == ["Omgevingswet"]
    assert "omgevingswet-en-wkb" in slugs(edition, "omgevingwet")
    assert by_kind == found(edition, "omgevingswet")  # the same as the corrected search


def test_the_page_says_it_corrected_the_query(client, edition):
    html = page(client, "omgevingwet")
    assert "Geen exacte treffers; bedoelde u:" in html
    assert f'href="{URL}?q=omgevingswet"' in html
    assert "resultaten voor ‘omgevingswet’" in html
    assert "/editie/2026/wetten/#wet-omgevingswet" in html


def test_no_correction_when_exact_words_are_found(edition):
    assert search(edition, "omgevingswet").correction is None
    assert search(edition, "woo").correction is None
    # a rare word of the edition is what the user meant, even with a frequent look-alike (iemand)
    assert search(edition, "niemand").correction is None
    assert search(edition, "straat").correction is None


def test_few_hits_of_a_non_word_add_the_correction(client, edition):
    # a spelling mistake in the content: "omgevingwe" starts only that one word
    dev = Development.objects.get(edition=edition, slug="omgevingsloket")
    BudgetLine.objects.create(
        development=dev,
        slug="typfout",
        description="Omgevingwetten koppelen",
        kind="incidental",
        category="other",
        amount=1,
        driver="fixed",
        exponent=0,
        provenance_type="estimate",
        provenance_text="Aanname redactie: test.",
        order=99,
    )
    results = search(edition, "omgevingwe")
    assert results.correction.query == "omgevingswet" and not results.correction.replaced_all
    lines = next(group for group in results.groups if group.kind == LINE).hits
    assert lines[0].title == "Omgevingwetten koppelen" and not lines[0].corrected
    assert "Omgevingswet" in found(edition, "omgevingwe")[LAW]
    html = page(client, "omgevingwe")
    assert "Weinig exacte treffers; bedoelde u:" in html and "Gevonden met ‘omgevingswet’" in html


def test_junk_is_not_corrected_into_something(edition):
    assert search(edition, "xyzzyplugh").groups == []
    assert search(edition, "qwhfk sdjfhs kdjfhsk jdhfks jdhfksj hdfkjsh").groups == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL only")
def test_postgresql_finds_candidates_with_pg_trgm(edition):
    from modelgemeente.catalog.search import Term, _postgres_trigram_candidates

    index = edition_index(edition)
    candidates = _postgres_trigram_candidates(edition, index, Term("omgevingwet"))
    assert candidates is not None  # the migration installed the extension
    assert "Omgevingswet" in [index.docs[i].title for i in candidates]


# DigiD, budget lines, all kinds ----------------------------------------------------


def test_digid_finds_the_developments_that_mention_it(client, edition):
    mentioning = sorted(dev.slug for dev in Development.objects.filter(edition=edition) if "digid" in dev_words(dev))
    assert mentioning  # the 2026 content mentions DigiD in three developments
    assert sorted(slugs(edition, "digid")) == mentioning
    assert search(edition, "digid").correction is None
    html = page(client, "DigiD")
    assert "<mark>DigiD</mark>" in html


def test_a_budget_line_is_found_by_a_word_in_its_description(client, edition):
    # the line with the word in its description first; another mentions it in its provenance
    assert found(edition, "anonimiseren")[LINE][0] == "Software voor het anonimiseren en lakken van documenten"
    html = page(client, "anonimiseren")
    assert "/editie/2026/ontwikkeling/actieve-openbaarmaking/#regel-lak-software" in html


def test_a_budget_line_is_found_by_its_provenance(edition):
    assert "Software voor het anonimiseren en lakken van documenten" in found(edition, "juridische zaken")[LINE]


def test_opgaven_are_found_and_link_to_their_anchor(client, edition):
    assert found(edition, "bestaanszekerheid")[OPGAVE] == ["Bestaanszekerheid en passende zorg"]
    assert "/editie/2026/opgaven/#opgave-bestaanszekerheid-en-zorg" in page(client, "bestaanszekerheid")


def test_results_are_grouped_by_kind_with_counts(client, edition):
    results = search(edition, "woo")
    assert [group.kind for group in results.groups] == [DEVELOPMENT, LAW, LINE]
    html = page(client, "woo")
    headings = re.findall(r'<h2 class="utrecht-heading-2" id="groep-(\w+)">([^<]+)</h2>', html)
    assert headings == [(group.kind, f"{group.heading} ({len(group.hits)})") for group in results.groups]
    assert [h for _, h in headings][0].startswith("Ontwikkelingen (")
    assert "Wetten (1)" in html and 'aria-labelledby="groep-law"' in html
    assert f"{results.total} resultaten voor ‘woo’" in html
    assert "/editie/2026/wetten/#wet-woo" in html
    assert "/editie/2026/ontwikkeling/archiefwet-en-woo/" in html
    assert "/editie/2026/ontwikkeling/actieve-openbaarmaking/#regel-contactfunctionaris" in html


def test_the_index_follows_a_reload_of_the_edition(edition, edition_copy):
    assert search(edition, "zoekproefwoord").groups == []
    path = edition_copy / "developments" / "energietransitie.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("## Waarom", "Een zoekproefwoord.\n\n## Waarom", 1), encoding="utf-8"
    )
    reloaded = load_edition(edition_copy).edition
    assert slugs(reloaded, "zoekproefwoord") == ["energietransitie"]


# The page ---------------------------------------------------------------------------


def test_nothing_found_says_so_with_suggestions(client, edition):
    html = page(client, "xyzzyplugh")
    assert "0 resultaten voor ‘xyzzyplugh’" in html
    assert "Niets gevonden voor ‘xyzzyplugh’" in html
    assert "Controleer de spelling" in html and "/editie/2026/wetten/" in html


def test_query_is_in_the_title_and_the_search_field(client, edition):
    html = page(client, "woo")
    assert re.search(r"<title>\s*Zoeken: woo", html)
    assert 'id="q" name="q" value="woo"' in html


def test_query_is_escaped(client, edition):
    html = page(client, "<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "query",
    [
        "a" * 500,
        "x" * MAX_QUERY_LENGTH,
        " ".join(["qzx", "wvk", "prt", "omgevingwet", "klantreis"] * 40)[:MAX_QUERY_LENGTH],
        "!!! ??? ... ((( )))" * 10,
        "%_\\'\"; DROP TABLE catalog_development; --",
        "omgevingwet\x00\x01",
        "ü" * 200,
        "😀 wet " * 30,
    ],
)
def test_junk_queries_give_a_clear_page(client, edition, query):
    html = page(client, query)
    assert "resultaten voor" in html or "resultaat voor" in html
    if len(query) > MAX_QUERY_LENGTH:
        assert "te lang" in html


def test_empty_query_shows_the_form_only(client, edition):
    for query in (None, "", "   "):
        response = client.get(URL, {} if query is None else {"q": query})
        assert response.status_code == 200
        html = response.content.decode()
        assert "resultaten voor" not in html and 'name="q"' in html and "Niets gevonden" not in html


def test_page_has_no_inline_script_or_style(client, edition):
    for query in ("woo", "omgevingwet", "xyzzyplugh"):
        html = page(client, query)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert not re.search(r"\s(on[a-z]+|style)=", html)
        assert "<style" not in html


def test_unknown_edition_is_404(client, edition):
    assert client.get(reverse("catalog:search", args=[1999]), {"q": "woo"}).status_code == 404
