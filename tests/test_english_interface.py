"""Issue 10: in the English interface the texts the code writes are English too (the engine's
explanations, salary derivations, provenance and notes), while downloads stay Dutch P&C documents.
Content (titles, descriptions, the editors' provenance) stays in the language it was written in."""

from decimal import Decimal

import pytest
from django.urls import reverse

from .conftest import member_of
from .factories import LineAdjustmentFactory, PlanFactory

pytestmark = pytest.mark.django_db

DUTCH_WORDS = ("per jaar", "eenmalig", "uur/week", "maanden", "werkgeverslasten", "prijsindex", "loonindex")


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def derivations(html: str) -> str:
    """The text of the explanation lists and cells (class "derivation" or the line-year lists)."""
    parts = html.split('class="muted derivation">')[1:] or html.split('class="utrecht-table__cell derivation">')[1:]
    return " ".join(part.split("<", 1)[0] for part in parts)


def test_development_page_explains_amounts_in_english(client, test_edition):
    english(client)
    development = test_edition.developments.filter(budget_lines__hours_per_week__isnull=False).first()
    html = client.get(development.get_absolute_url()).content.decode()
    assert 'lang="en"' in html
    assert "per year in" in html or "one-off in" in html
    for word in ("uur/week", "eenmalig in", "per jaar in"):
        assert word not in html, word


def test_assumptions_page_gives_the_salary_derivation_and_notes_in_english(client, test_edition):
    english(client)
    html = client.get(reverse("catalog:assumptions", args=[test_edition.year])).content.decode()
    text = derivations(html)
    assert "months" in text and "employer charges" in text and "per FTE per year" in text
    for word in DUTCH_WORDS:
        assert word not in text, word
    assert "Reference municipality of the edition" in html


def test_plan_page_writes_provenance_in_english_and_the_download_stays_dutch(client, test_edition):
    plan = PlanFactory()
    line = LineAdjustmentFactory(plan=plan, amount=Decimal(1234), reason="Offerte 2091").budget_line
    client.force_login(member_of(plan.organisation, "editor", "redacteur@voorbeeld.nl"))
    english(client)
    base = f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/"
    html = client.get(base).content.decode()
    assert "Residents, employees and departments:" in html or "Residents:" in html
    assert "From the edition:" in html and "Uit de editie" not in html
    page = client.get(base + f"ontwikkeling/{line.development.slug}/").content.decode()
    assert "(price level 2091)" in page and "(prijspeil 2091)" not in page

    csv = client.get(base + "plan.csv").content.decode("utf-8")
    assert "Eigen gegeven €\xa01.234 (prijspeil 2091) in plaats van het model" in csv
    assert "Own figure" not in csv and "From the edition" not in csv


def test_dutch_interface_is_unchanged(client, test_edition):
    html = client.get(reverse("catalog:assumptions", args=[test_edition.year])).content.decode()
    assert "werkgeverslasten" in derivations(html) and "Referentiegemeente van de editie" in html


def test_a_profile_provenance_the_user_wrote_is_shown_as_written(client, test_edition):
    """The generated provenance follows the reader's language; a text the user typed is never replaced."""
    plan = PlanFactory()
    plan.profile_provenance = "Inwoners: eigen telling burgerzaken, 1 januari 2091."
    plan.save()
    client.force_login(member_of(plan.organisation, "editor", "redacteur@voorbeeld.nl"))
    english(client)
    html = client.get(f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/").content.decode()
    assert "Inwoners: eigen telling burgerzaken, 1 januari 2091." in html
