"""Plans are visible only to members of their organisation; changing needs the editor role. On the synthetic
edition (the shared `plan` fixture)."""

import pytest

pytestmark = pytest.mark.django_db

READ_PAGES = [
    "",
    "voorjaarsnota/",
    "begroting/",
    "vergelijking/",
    "historie/",
    "ontwikkeling/energiedashboard/",
    "plan.xlsx",
    "plan.ods",
    "plan.csv",
    "plan.pdf",
]
EDIT_PAGES = ["uitgangspunten/", "ontwikkelingen/"]


def plan_url(plan, suffix):
    return f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/{suffix}"


@pytest.mark.parametrize("suffix", READ_PAGES + EDIT_PAGES)
def test_anonymous_visitor_gets_403_with_a_login_link(client, plan, suffix):
    for method in (client.get, client.post):
        response = method(plan_url(plan, suffix))
        assert response.status_code == 403, (method, suffix)
    assert "/account/inloggen/?next=" in client.get(plan_url(plan, suffix)).content.decode()


@pytest.mark.parametrize("suffix", READ_PAGES + EDIT_PAGES)
def test_member_of_another_organisation_gets_404(client, plan, outsider, suffix):
    client.force_login(outsider)
    assert client.get(plan_url(plan, suffix)).status_code == 404
    assert client.post(plan_url(plan, suffix), {"version": plan.version}).status_code == 404


def test_organisation_pages_are_closed_to_outsiders(client, plan, outsider):
    client.force_login(outsider)
    org = plan.organisation.slug
    assert client.get(f"/organisaties/{org}/").status_code == 404
    assert client.get(f"/organisaties/{org}/plannen/nieuw/").status_code == 404
    assert client.post(f"/organisaties/{org}/uitnodigen/", {"email": "x@y.nl", "role": "admin"}).status_code == 404
    assert not plan.organisation.invitations.exists()


@pytest.mark.parametrize("suffix", READ_PAGES)
def test_reader_can_read_every_page_and_export(client, plan, reader, suffix):
    client.force_login(reader)
    assert client.get(plan_url(plan, suffix)).status_code == 200


def test_reader_cannot_change_anything(client, plan, reader):
    client.force_login(reader)
    for suffix in EDIT_PAGES:
        assert client.get(plan_url(plan, suffix)).status_code == 403
        assert client.post(plan_url(plan, suffix), {"version": plan.version}).status_code == 403
    response = client.post(
        plan_url(plan, "ontwikkeling/energiedashboard/"),
        {"version": plan.version, "action": "delete_extra"},
    )
    assert response.status_code == 403
    assert client.get(f"/organisaties/{plan.organisation.slug}/plannen/nieuw/").status_code == 403
    plan.refresh_from_db()
    assert plan.version == 1


def test_editor_cannot_manage_members(client, plan, editor, reader):
    client.force_login(editor)
    org = plan.organisation
    membership = org.memberships.get(user=reader)
    assert client.post(f"/organisaties/{org.slug}/leden/{membership.pk}/", {"role": "admin"}).status_code == 403
    assert client.post(f"/organisaties/{org.slug}/uitnodigen/", {"email": "x@y.nl", "role": "admin"}).status_code == 403
    membership.refresh_from_db()
    assert membership.role == "member"


def test_unknown_plan_and_unknown_format_are_404(client, plan, editor):
    client.force_login(editor)
    assert client.get(f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk + 999}/").status_code == 404
    assert client.get(plan_url(plan, "plan.docx")).status_code == 404
