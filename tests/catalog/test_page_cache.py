"""Kept catalogue pages follow the content at once (core/cache.py, catalog/page_cache.py): a new release, a concept
reloaded with other figures and a community proposal on a development show on the next request, for anonymous
visitors and for signed-in readers (whole pages kept for each, apart; concepts only for editors). On the synthetic edition."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client

from modelgemeente.catalog import releases
from modelgemeente.catalog.budget_input import model_report
from modelgemeente.catalog.services import load_edition, publish_release
from modelgemeente.community.models import Proposal
from modelgemeente.core.enums import EditionStatus

from ..exports.readers import euros, web_rows
from ..factories import UserFactory
from .test_loader import replace_in

pytestmark = pytest.mark.django_db

DEVELOPMENT = "/editie/2090/ontwikkeling/energiedashboard/"
BUDGET = "/editie/2090/begroting/"
DASHBOARD_FILE = ("developments", "energiedashboard.md")
# The amount of the line "Dashboard bouwen" as the page shows it (a non-breaking space after the euro sign).
EUR_5000, EUR_6000, EUR_7000 = "€\u00a05.000", "€\u00a06.000", "€\u00a07.000"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def without_token(client, path) -> str:
    """The page without its CSRF token (each request gets its own)."""
    return CSRF_FIELD.sub("", client.get(path).content.decode())


def dashboard_row(html: str) -> list:
    return web_rows(html, "table-development")["energiedashboard"]


def expected_row(edition) -> list:
    row = next(r for r in model_report(edition).by_development if r.key == "energiedashboard")
    return euros([*row.cells(row.values), row.total])


def test_a_new_release_shows_at_once_on_kept_pages(client, test_edition, test_edition_copy):
    before = without_token(client, BUDGET)
    assert without_token(client, BUDGET) == before  # kept (tests/core/test_cache.py checks it is served so)
    assert EUR_5000 in client.get(DEVELOPMENT).content.decode()
    home = client.get("/").content.decode()
    assert "Release 2090.1," in home
    replace_in(test_edition_copy.joinpath(*DASHBOARD_FILE), "amount: 5000", "amount: 6000")
    load_edition(test_edition_copy)
    assert without_token(client, BUDGET) == before  # a concept is not what the public sees
    new = publish_release(2090, EditionStatus.BUDGET, notes="Correctie.", reason="Hoger bedrag.", on=date(2090, 7, 2))
    after = client.get(BUDGET).content.decode()
    assert dashboard_row(after) == expected_row(new) != dashboard_row(before)
    page = client.get(DEVELOPMENT).content.decode()
    assert EUR_6000 in page and EUR_5000 not in page
    assert "Release 2090.2," in client.get("/").content.decode()


def test_a_reloaded_concept_shows_at_once_to_its_editors(client, test_edition, test_edition_copy):
    editor = UserFactory()
    editor.groups.add(releases.editors_group())
    client.force_login(editor)
    replace_in(test_edition_copy.joinpath(*DASHBOARD_FILE), "amount: 5000", "amount: 6000")
    concept = load_edition(test_edition_copy).edition
    page = client.get(DEVELOPMENT + "?release=concept").content.decode()
    budget = client.get(BUDGET + "?release=concept").content.decode()
    assert EUR_6000 in page and dashboard_row(budget) == expected_row(concept)
    replace_in(test_edition_copy.joinpath(*DASHBOARD_FILE), "amount: 6000", "amount: 7000")
    concept = load_edition(test_edition_copy).edition
    page = client.get(DEVELOPMENT + "?release=concept").content.decode()
    assert EUR_7000 in page and EUR_6000 not in page
    again = client.get(BUDGET + "?release=concept").content.decode()
    assert dashboard_row(again) == expected_row(concept) != dashboard_row(budget)
    # The published release next to it is kept apart.
    assert EUR_5000 in client.get(DEVELOPMENT).content.decode()


def test_a_concept_kept_for_editors_is_never_shown_to_other_readers(client, test_edition, test_edition_copy, reader):
    editor = UserFactory()
    editor.groups.add(releases.editors_group())
    replace_in(test_edition_copy.joinpath(*DASHBOARD_FILE), "amount: 5000", "amount: 6000")
    load_edition(test_edition_copy)
    client.force_login(editor)
    assert EUR_6000 in client.get(DEVELOPMENT + "?release=concept").content.decode()
    assert EUR_5000 in client.get(DEVELOPMENT).content.decode()
    client.force_login(reader)  # a signed-in reader who reads published releases only
    assert client.get(DEVELOPMENT + "?release=concept").status_code == 404
    assert EUR_5000 in client.get(DEVELOPMENT).content.decode()
    client.logout()
    assert client.get(DEVELOPMENT + "?release=concept").status_code == 404


def test_joining_or_leaving_the_editors_group_counts_from_the_next_request(
    client, test_edition, test_edition_copy, reader
):
    # Whether the reader is an editor is read with their account on every request (accounts/backends.py), never kept.
    replace_in(test_edition_copy.joinpath(*DASHBOARD_FILE), "amount: 5000", "amount: 6000")
    load_edition(test_edition_copy)
    client.force_login(reader)
    assert client.get(DEVELOPMENT + "?release=concept").status_code == 404
    reader.groups.add(releases.editors_group())
    assert EUR_6000 in client.get(DEVELOPMENT + "?release=concept").content.decode()
    reader.groups.remove(releases.editors_group())
    assert client.get(DEVELOPMENT + "?release=concept").status_code == 404
    assert EUR_5000 in client.get(DEVELOPMENT).content.decode()


def test_a_proposal_shows_at_once_on_the_kept_development_page(client, test_edition, org):
    assert "Er zijn (nog) geen voorstellen." in client.get(DEVELOPMENT).content.decode()
    proposal = Proposal.objects.create(
        kind="comment",
        edition=test_edition,
        development_slug="energiedashboard",
        reasoning="Het dashboard kan uit de landelijke voorziening komen.",
        organisation=org,
    )
    page = client.get(DEVELOPMENT).content.decode()
    assert f"#{proposal.pk} " in page and "Gemeente Voorbeeld" in page
    org.name = "Gemeente Hernoemd"
    org.save()
    assert "Gemeente Hernoemd" in client.get(DEVELOPMENT).content.decode()
    Proposal.objects.filter(pk=proposal.pk).update(hidden_at=test_edition.loaded_at)
    assert f"#{proposal.pk} " not in client.get(DEVELOPMENT).content.decode()


def test_a_kept_development_page_is_answered_in_one_round_trip_to_the_database(
    client, test_edition, org, reader, django_assert_max_num_queries
):
    Proposal.objects.create(
        kind="comment",
        edition=test_edition,
        development_slug="energiedashboard",
        reasoning="Een regel voor de afdeling.",
        organisation=org,
    )
    signed_in = Client()
    signed_in.force_login(reader)
    # The releases, the proposals and, signed in, the session with its account: one round trip on PostgreSQL, one
    # statement after the other on SQLite (in-process).
    for visitor, statements in ((client, 2), (signed_in, 3)):
        page = visitor.get(DEVELOPMENT).content.decode()
        assert "Gemeente Voorbeeld" in page
        with django_assert_max_num_queries(1 if connection.vendor == "postgresql" else statements):
            assert CSRF_FIELD.sub("", visitor.get(DEVELOPMENT).content.decode()) == CSRF_FIELD.sub("", page)


def test_the_shared_calculator_form_and_an_answer(client, test_edition, reader):
    empty = client.get(DEVELOPMENT).content.decode()
    assert 'name="gemeente"' in empty and 'name="inwoners"' in empty
    answer = client.get(DEVELOPMENT + "?inwoners=25.000").content.decode()
    assert "Kosten voor een gemeente van 25.000 inwoners" in answer and 'value="25.000"' in answer
    assert "Account aanmaken voor een eigen plan" in answer
    client.force_login(reader)  # the same kept form fields, in a page for a reader with a session
    page = client.get(DEVELOPMENT).content.decode()
    assert 'name="gemeente"' in page and "Uitloggen" in page
    assert "Account aanmaken voor een eigen plan" not in client.get(DEVELOPMENT + "?inwoners=25000").content.decode()
