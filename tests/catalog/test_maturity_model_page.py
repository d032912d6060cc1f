"""The public page of an edition's maturity model, /editie/<year>/volwassenheid/ (synthetic edition 2090: dimensions
dienstverlening, informatieveiligheid and data, statements niveau-<L>-a/b for L = 2..5)."""

import html
import re

import pytest

from tests.catalog.test_loader import replace_in
from tests.factories import load_published

pytestmark = pytest.mark.django_db

URL = "/editie/2090/volwassenheid/"


def text(response) -> str:
    body = re.search(r"<main.*?</main>", response.content.decode(), flags=re.S).group(0)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_the_page_shows_the_scale_the_rule_and_every_dimension(client, test_edition):
    response = client.get(URL)
    assert response.status_code == 200
    shown = text(response)
    assert "Testmodel voor digitale volwassenheid met drie dimensies" in shown  # the edition's introduction
    for number, name in enumerate(["initieel", "herhaalbaar", "gedefinieerd", "gemanaged", "optimaliserend"], 1):
        assert f"{number} {name} " in shown
    assert "minstens 75% van de punten" in shown and "nee (0 punten), deels (1 punt) of ja (2 punten)" in shown
    for name, about in [
        ("Dienstverlening", "Hoe inwoners en ondernemers de gemeente digitaal bereiken."),
        ("Informatieveiligheid", "Hoe de gemeente haar informatie beschermt."),
        ("Data", "Hoe de gemeente gegevens gebruikt om te sturen."),
    ]:
        assert f"{name} {about}" in shown
    # per level its descriptor and the statements that count for it
    assert (
        "4 gemanaged Data op niveau 4: omschrijving voor de test. "
        "Data: stelling a voor niveau 4. Data: stelling b voor niveau 4." in shown
    )
    assert "1 initieel Data op niveau 1: omschrijving voor de test. Geen stellingen" in shown
    body = response.content.decode()
    for slug in ["digitaal-loket", "informatiebeveiliging", "omgevingsdata"]:
        assert f'href="/editie/2090/ontwikkeling/{slug}/"' in body


def test_the_edition_page_links_the_model(client, test_edition):
    body = client.get("/editie/2090/").content.decode()
    assert f'href="{URL}?release=1"' in body


def test_a_page_shows_the_release_asked_for(client, test_edition, test_edition_copy):
    replace_in(
        test_edition_copy / "maturity.yaml",
        "description: Hoe de gemeente gegevens gebruikt om te sturen.",
        "description: Hoe de gemeente met gegevens stuurt (nieuw).",
    )
    load_published(test_edition_copy)
    assert "met gegevens stuurt (nieuw)" in text(client.get(URL))
    first = client.get(URL + "?release=1")
    assert "Hoe de gemeente gegevens gebruikt om te sturen." in text(first)
    assert 'href="/editie/2090/ontwikkeling/omgevingsdata/?release=1"' in first.content.decode()


@pytest.mark.parametrize("release", ["99", "concept", "abc", "1.2", "\x00"])
def test_an_unknown_release_or_year_is_404(client, test_edition, release):
    assert client.get(URL, {"release": release}).status_code == 404
    assert client.get("/editie/2089/volwassenheid/").status_code == 404


def test_a_release_without_a_model_is_404(client, test_edition):
    test_edition.maturity_dimensions.all().delete()
    assert client.get(URL).status_code == 404
    assert URL not in client.get("/editie/2090/").content.decode()
