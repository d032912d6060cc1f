"""Public pages: what an information manager sees, without an account (on the synthetic edition, tests/data)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from modelgemeente.catalog.loader import load_edition
from modelgemeente.catalog.models import Development
from modelgemeente.catalog.releases import editors_group

pytestmark = pytest.mark.django_db


def test_home_shows_reference_municipality_and_domains(client, test_edition):
    html = client.get("/").content.decode()
    assert "50.000" in html and ">400<" in html and ">20<" in html  # Testgemeente
    for domain in test_edition.domains.all():
        assert domain.name in html
        assert domain.get_absolute_url() in html
    assert "niveau 3 van 5" in html


def test_interface_is_dutch_even_for_an_english_browser_until_english_is_chosen(client, test_edition):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert 'lang="nl"' in html and "Domeinen" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html and "Domains" in html


def test_domain_page_lists_its_developments(client, test_edition):
    domain = test_edition.domains.get(slug="kanalen")
    html = client.get(domain.get_absolute_url()).content.decode()
    for dev in domain.developments.all():
        assert dev.title in html and dev.get_absolute_url() in html
    other = Development.objects.filter(edition=test_edition).exclude(domain=domain).first()
    assert other.get_absolute_url() not in html.split('id="inhoud"')[1]


def test_development_page_shows_text_laws_opgaven_lines_and_provenance(client, test_edition):
    dev = Development.objects.get(edition=test_edition, slug="digitaal-loket")
    html = client.get(dev.get_absolute_url()).content.decode()
    assert dev.title in html
    assert "Gevolgen voor de informatievoorziening" in html
    assert "18 uur per week, schaal 10" in html
    assert "€\xa040.000" in html
    assert html.count(">Bron<") == 1  # loket-bouwen; the other two lines are estimates
    for line in dev.budget_lines.filter(provenance_type="estimate"):
        assert line.provenance_text in html
    for opgave in dev.opgaven.all():
        assert opgave.name in html


def test_development_page_shows_law_with_date(client, test_edition):
    dev = Development.objects.get(edition=test_edition, slug="digitaal-loket")
    html = client.get(dev.get_absolute_url()).content.decode()
    assert "Wet digitale dienst" in html and "1 januari 2089" in html
    assert "Wet testarchief" not in html  # a law of another development


def test_related_developments_are_linked(client, test_edition):
    dev = Development.objects.filter(edition=test_edition, related__isnull=False).first()
    html = client.get(dev.get_absolute_url()).content.decode()
    for related in dev.related.all():
        assert related.get_absolute_url() in html


def test_laws_page_is_a_timeline_by_date_in_force(client, test_edition):
    html = client.get(reverse("catalog:laws", args=[2090])).content.decode()
    positions = [
        html.index(marker)
        for marker in (
            'id="wet-wet-testgegevens"',
            'id="wet-wet-digitale-dienst"',
            "Datum nog niet bekend",
            'id="wet-wet-testarchief"',
        )
    ]
    assert positions == sorted(positions)
    assert "1 januari 2089" in html and "1 mei 2085" in html


def test_opgaven_page_shows_each_opgave_with_its_developments(client, test_edition):
    html = client.get(reverse("catalog:opgaven", args=[2090])).content.decode()
    for opgave in test_edition.opgaven.all():
        assert opgave.name in html
        for dev in opgave.developments.all():
            assert dev.get_absolute_url() in html


def test_unknown_pages_give_a_dutch_404(client, test_edition):
    for url in [
        "/editie/2090/ontwikkeling/bestaat-niet/",
        "/editie/2090/domein/bestaat-niet/",
        "/editie/1999/",
        "/onzin/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Pagina niet gevonden" in response.content.decode()


def test_a_concept_is_only_visible_to_editors(client, test_edition_copy):
    """A year with only a concept (loaded, not published) is 404 for everyone but the editors."""
    load_edition(test_edition_copy)
    assert client.get("/editie/2090/").status_code == 404
    assert client.get("/editie/2090/ontwikkeling/energiedashboard/").status_code == 404
    assert "load_edition" in client.get("/").content.decode()  # as far as a reader can see: no edition yet
    staff = User.objects.create_user("medewerker", password="x-very-long-secret", is_staff=True)
    client.force_login(staff)
    assert "concept van editie 2090" in client.get("/editie/2090/").content.decode()
    editor = User.objects.create_user("redacteur", password="x-very-long-secret")
    editor.groups.add(editors_group())
    client.force_login(editor)
    html = client.get("/editie/2090/").content.decode()
    assert "Dit is het concept van editie 2090: nog niet gepubliceerd en alleen zichtbaar voor de redactie" in html
    assert client.get("/editie/2090/ontwikkeling/energiedashboard/").status_code == 200


def test_no_edition_loaded_gives_a_helpful_page(client, db):
    html = client.get("/").content.decode()
    assert "load_edition" in html


def test_body_html_is_sanitised():
    from modelgemeente.catalog.markdown import render

    html = render("Hallo <script>alert(1)</script> [x](javascript:alert(1)) **vet**")
    assert "<script" not in html and 'href="javascript' not in html and "<strong>vet</strong>" in html


def test_assumptions_page_shows_the_derived_salary_table_and_indices(client, test_edition):
    html = client.get(reverse("catalog:assumptions", args=[2090])).content.decode()
    assert "aanname" in html  # the status of the synthetic table
    assert "€\xa090.000" in html  # scale 10, annual integral cost per FTE: 5.000 × 12 × 1,25 × 1,20
    assert "Synthetische testgegevens, geen echte cao" in html and "4%" in html and "2%" in html
    assert "maximum schaal 10 per 2089-07-01: €\xa05.000,00 per maand" in html


def test_development_page_shows_yearly_amounts_with_explanations(client, test_edition):
    dev = Development.objects.get(edition=test_edition, slug="klantcontact")
    html = client.get(dev.get_absolute_url()).content.decode()
    table = html.split('id="table-line-years"')[1].split("</table>")[0]
    assert "9 uur/week ÷ 36 uur/fte × €\xa0108.000 per fte (schaal 12) = €\xa027.000 per jaar in 2090" in table
    assert "€\xa06.000 eenmalig in 2090" in table
    assert "€\xa028.080" in table  # the adviser in 2091: 27.000 × 1,04 wage index
