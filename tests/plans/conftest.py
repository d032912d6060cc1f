import pytest


@pytest.fixture
def plan(edition, org, editor, client):
    """A plan for a municipality of 30,000 inhabitants, 2027-2030, created through the form."""
    client.force_login(editor)
    response = client.post(f"/organisaties/{org.slug}/plannen/nieuw/", {
        "title": "ICT-plan 2027", "edition": edition.pk, "municipality": "", "inhabitants": 30000,
        "start_year": 2027, "horizon": 4})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return org.plans.get()
