"""Own Dutch error pages in the site's layout: 400, 403, 404 and 500, without debug output."""

import pytest
from django.test import override_settings

from ..plans.test_editing import choices_post, url

pytestmark = pytest.mark.django_db

LAYOUT = (
    'class="utrecht-page-header site-header"',
    'class="utrecht-page-footer site-footer"',
    'href="/static/css/app.css"',
)


def assert_site_page(response, status, *texts):
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="nl"' in html
    for part in (*LAYOUT, *texts):
        assert part in html, part
    assert "Traceback" not in html and "geheime details" not in html
    assert response["Content-Security-Policy"].count("'self'") > 3
    return html


def test_404_is_dutch_in_the_site_layout(client, settings):
    assert not settings.DEBUG
    assert_site_page(client.get("/bestaat-niet/"), 404, "Pagina niet gevonden", "Naar de startpagina")


@override_settings(ROOT_URLCONF="tests.security.urls")
def test_500_is_dutch_without_details_and_needs_no_database(client, django_assert_num_queries):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/test/fout/")
    html = assert_site_page(response, 500, "Er ging iets mis", "Wat al was opgeslagen, blijft bewaard.")
    assert "RuntimeError" not in html
    assert 'class="language-switch"' not in html  # it would post without a CSRF token


@override_settings(ROOT_URLCONF="tests.security.urls")
def test_400_for_a_suspicious_request_or_a_bad_request(client):
    client.raise_request_exception = False
    assert_site_page(client.get("/test/verdacht/"), 400, "Ongeldig verzoek", "kloppen niet")
    assert_site_page(
        client.get("/test/afgewezen/"), 400, "Ongeldig verzoek", "Het formulier mist een geldig versienummer."
    )


@override_settings(ROOT_URLCONF="tests.security.urls")
def test_bad_request_helper_shows_its_dutch_message(client):
    html = assert_site_page(
        client.get("/test/ongeldig/"), 400, "Ongeldig verzoek", "Het jaar &lt;2099&gt; valt buiten dit plan."
    )
    assert 'class="language-switch"' in html  # with a request, the page is complete


def test_403_for_a_reader_posting_to_an_edit_page(client, plan, reader):  # noqa: F811
    client.force_login(reader)
    before = plan.version
    html = assert_site_page(
        client.post(url(plan, "ontwikkelingen/"), choices_post(plan)),
        403,
        "Geen toegang",
        "Uw rol in Gemeente Voorbeeld is",
        "Naar mijn organisaties en plannen",
    )
    assert "Inloggen" not in html.split('id="inhoud"')[1]
    plan.refresh_from_db()
    assert plan.version == before


def test_403_with_a_login_link_for_an_anonymous_visitor(client, plan):  # noqa: F811
    path = url(plan)
    assert_site_page(
        client.get(path),
        403,
        "Geen toegang",
        "Log in om deze pagina te bekijken.",
        f'href="/account/inloggen/?next={path}"',
    )


def test_a_csrf_failure_has_a_dutch_page_in_the_site_layout(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/account/inloggen/", {"username": "a@b.nl", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulier verlopen" in html and "Er is niets opgeslagen" in html and "utrecht-root" in html
