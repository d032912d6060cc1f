"""Editors inspect loaded content in the admin; file-loaded content is read-only there (synthetic edition)."""

import pytest
from django.contrib.auth.models import User

from modelgemeente.catalog.models import BudgetLine, Development

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client):
    user = User.objects.create_superuser("beheer", "beheer@example.org", "een-lang-wachtwoord")
    client.force_login(user)
    return client


def test_editor_can_view_loaded_content(admin_client_logged_in, test_edition):
    dev = Development.objects.get(slug="energiedashboard")
    response = admin_client_logged_in.get(f"/beheer/catalog/development/{dev.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Energiedashboard" in html
    assert 'name="_save"' not in html  # no save button: read-only


def test_loaded_content_cannot_be_changed_or_deleted_in_admin(admin_client_logged_in, test_edition):
    dev = Development.objects.get(slug="energiedashboard")
    response = admin_client_logged_in.post(f"/beheer/catalog/development/{dev.pk}/change/", {"title": "Gehackt"})
    assert response.status_code == 403
    assert (
        admin_client_logged_in.post(f"/beheer/catalog/development/{dev.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert admin_client_logged_in.get("/beheer/catalog/budgetline/add/").status_code == 403
    dev.refresh_from_db()
    assert dev.title == "Energiedashboard"
    assert BudgetLine.objects.filter(development=dev).count() == 3


def test_admin_requires_login(client, test_edition):
    response = client.get("/beheer/catalog/development/")
    assert response.status_code == 302 and "/beheer/login/" in response["Location"]
