"""Dutch full-text search (PostgreSQL 'dutch' configuration, or the SQLite fallback)."""

import pytest
from django.urls import reverse

from modelgemeente.catalog.search import search_developments

pytestmark = pytest.mark.django_db


def slugs(edition, query):
    return [hit.development.slug for hit in search_developments(edition, query)]


def test_finds_a_development_by_a_word_in_its_title(edition):
    assert slugs(edition, "omgevingswet")[:3].count("omgevingswet-en-wkb") == 1


def test_dutch_word_forms_match(edition):
    # plural in the query, singular in the text and vice versa
    assert "klantreizen-en-klanttevredenheid" in slugs(edition, "klantreis")
    assert "ethiek-en-algoritmes" in slugs(edition, "algoritme")


def test_all_words_must_match(edition):
    both = set(slugs(edition, "energietransitie dashboard"))
    assert "energietransitie" in both
    assert both <= set(slugs(edition, "dashboard"))


def test_nonsense_finds_nothing_and_says_so(client, edition):
    response = client.get(reverse("catalog:search", args=[2026]), {"q": "xyzzyplugh"})
    assert response.status_code == 200
    assert "0 resultaten" in response.content.decode()
    assert "Geen ontwikkelingen gevonden" in response.content.decode()


def test_search_page_shows_results_with_links(client, edition):
    response = client.get(reverse("catalog:search", args=[2026]), {"q": "energietransitie"})
    html = response.content.decode()
    assert "/editie/2026/ontwikkeling/energietransitie/" in html
    assert "<mark>" in html


def test_query_is_escaped_and_long_queries_are_cut(client, edition):
    response = client.get(reverse("catalog:search", args=[2026]), {"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in response.content.decode()
    response = client.get(reverse("catalog:search", args=[2026]), {"q": "a" * 500})
    assert response.status_code == 200
    assert "te lang" in response.content.decode()


def test_empty_query_shows_the_form_only(client, edition):
    html = client.get(reverse("catalog:search", args=[2026])).content.decode()
    assert "resultaten voor" not in html and 'name="q"' in html
