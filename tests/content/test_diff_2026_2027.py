"""CONTENT TEST: the diff from the published edition 2026 to the concept 2027 (catalog/diff.py) lists the new
developments of 2027, the retired one, and has a non-zero euro effect in every domain.

Run with -s to see the euro table for the reference municipality of 2027."""

from decimal import Decimal

import pytest

from modelgemeente.budget.money import fmt_eur
from modelgemeente.catalog.diff import diff_releases
from modelgemeente.catalog.services import load_edition

from ..conftest import REPO

pytestmark = pytest.mark.django_db

NEW = {"wmebv-elektronisch-bestuurlijk-verkeer", "eidas2-eudi-wallet", "cyberbeveiligingswet-zorgplicht"}
RETIRED = "financiering-buiten-pc-cyclus"


@pytest.fixture
def diff_2026_2027(edition):
    concept = load_edition(REPO / "content" / "editions" / "2027").edition
    assert not concept.is_published
    return diff_releases(edition, concept)


def test_the_new_and_retired_developments(diff_2026_2027):
    result = diff_2026_2027
    assert result.old.release_id == "2026.1" and result.new.release_id == "2027.concept"
    assert {d.slug for d in result.developments_added} >= NEW
    assert RETIRED in {d.slug for d in result.developments_removed}
    retired = next(d for d in result.developments_removed if d.slug == RETIRED)
    assert retired.lines and all(line.change == "removed" for line in retired.lines)
    # The spring content version keeps the 2026 price level and salary table (release-notes.md, Uitgangspunten).
    assert {f.field for f in result.assumptions} == set()


def test_a_euro_effect_where_the_content_changed_and_none_elsewhere(diff_2026_2027):
    """Same price level and salary table: a domain whose lines did not change costs exactly the same, so the
    effect shown is only what the content review changed."""
    result = diff_2026_2027
    assert result.years == (2027, 2028, 2029, 2030)
    assert result.profile.reference
    changed = {effect.key for effect in result.by_domain if effect.changed}
    assert changed == {"algemeen", "bedrijfsvoering", "dienstverlening", "fysiek", "oov"}
    assert result.total.difference_total != Decimal(0)
    assert sum((e.difference_total for e in result.by_domain), Decimal(0)) == result.total.difference_total
    print("\nEffect 2026.1 -> 2027.concept, reference municipality of 2027 (difference per year)")
    print(f"{'domain':40}" + "".join(f"{y:>14}" for y in result.years) + f"{'total':>16}")
    for effect in result.effects:
        cells = "".join(f"{fmt_eur(y.difference):>14}" for y in effect.years)
        print(f"{effect.label[:40]:40}{cells}{fmt_eur(effect.difference_total):>16}")
    print("old/new totals per year:", [(y.year, fmt_eur(y.old), fmt_eur(y.new)) for y in result.total.years])


def test_the_page_for_an_editor(client, diff_2026_2027):
    from modelgemeente.catalog import releases

    from ..conftest import make_user

    editor = make_user("redactie@example.nl")
    editor.groups.add(releases.editors_group())
    client.force_login(editor)
    response = client.get("/verschil/?van=2026.1&naar=2027.concept")
    assert response.status_code == 200
    html = response.content.decode()
    for slug in NEW | {RETIRED}:
        assert f'data-slug="{slug}"' in html
