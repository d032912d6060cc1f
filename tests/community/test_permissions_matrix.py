"""Another organisation's community data is not shown: every page, export and API endpoint with an
organisation's own data, per role (docs/community.md; the project rule: another organisation's data is 404).

Roles: anonymous; an outsider (admin of another organisation, which takes part in nothing); a reader (plans
role lid of the organisation); the organisation's editor (plans role redacteur, participant and session
lead); a community editor (community role redacteur in the year, from a third organisation, not a member
of the organisation). Pages that need a login answer anonymous users with the login refusal (403 with a
login link, or a redirect to the login page), the same whether the row exists or not.
"""

import pytest
from django.utils import timezone

from modelgemeente.community import services
from modelgemeente.community.models import Participant, Participation, Proposal
from modelgemeente.core.enums import CommunityRole, Role
from modelgemeente.plans.models import Organisation
from tests.community.world import build_world
from tests.conftest import member_of

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "reader", "editor", "community_editor"]
LOGIN = {302, 403}  # the login refusal of login_required (redirect) and of LoginRequired (403 with a link)
NOT_FOUND = {404}
OK = {200}


@pytest.fixture
def world(test_edition, org, admin_user, editor, reader, outsider):
    w = build_world(org, admin_user, editor, test_edition)
    third = Organisation.objects.create(name="Derde gemeente", slug="derde-gemeente")
    community_editor = member_of(third, Role.ADMIN, "gemeenschapsredacteur@derde.nl")
    participation = Participation.objects.create(organisation=third, year=w.year)
    Participant.objects.create(participation=participation, user=community_editor, role=CommunityRole.EDITOR)
    # A hidden proposal of the organisation: only its proposer and the editors open it.
    w.hidden = services.create_proposal(
        editor,
        edition=test_edition,
        kind="comment",
        development_slug=w.development_slug,
        reasoning="Verborgen opmerking van Voorbeeld.",
        organisation=org,
    )
    Proposal.objects.filter(pk=w.hidden.pk).update(hidden_at=timezone.now(), hidden_reason="Spam.")
    w.participant = Participant.objects.filter(user=editor, role=CommunityRole.PARTICIPANT).get()
    w.users = {
        "anonymous": None,
        "outsider": outsider,
        "reader": reader,
        "editor": editor,
        "community_editor": community_editor,
    }
    return w


def expect(anonymous, outsider, reader, editor, community_editor):
    return dict(zip(ROLES, (anonymous, outsider, reader, editor, community_editor), strict=True))


# (name, method, path from the world and the organisation's slug, expected statuses per role)
CASES = [
    (
        "participation page",
        "get",
        lambda w, org: f"/gemeenschap/deelname/{org}/",
        expect(LOGIN, NOT_FOUND, OK, OK, NOT_FOUND),
    ),
    (
        "hours report",
        "get",
        lambda w, org: "/gemeenschap/uren/",
        expect(NOT_FOUND, NOT_FOUND, OK, OK, OK),
    ),
    (
        "hours CSV",
        "get",
        lambda w, org: "/gemeenschap/uren/urenoverzicht.csv",
        expect(NOT_FOUND, NOT_FOUND, OK, OK, OK),
    ),
    (
        "hours XLSX",
        "get",
        lambda w, org: "/gemeenschap/uren/urenoverzicht.xlsx",
        expect(NOT_FOUND, NOT_FOUND, OK, OK, OK),
    ),
    (
        "need change",
        "get",
        lambda w, org: f"/gemeenschap/behoeften/{w.need.pk}/wijzigen/",
        expect(LOGIN, NOT_FOUND, {403}, OK, NOT_FOUND),
    ),
    (
        "need delete",
        "get",
        lambda w, org: f"/gemeenschap/behoeften/{w.need.pk}/verwijderen/",
        expect(LOGIN, NOT_FOUND, {403}, OK, NOT_FOUND),
    ),
    (
        "need delete (post)",
        "post",
        lambda w, org: f"/gemeenschap/behoeften/{w.need.pk}/verwijderen/",
        expect(LOGIN, NOT_FOUND, {403}, None, NOT_FOUND),
    ),
    (
        "hidden proposal",
        "get",
        lambda w, org: f"/gemeenschap/voorstellen/{w.hidden.pk}/",
        expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK),
    ),
    (
        "proposal update (proposer only)",
        "get",
        lambda w, org: f"/gemeenschap/voorstellen/{w.proposal.pk}/aanvullen/",
        expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND),
    ),
    (
        "hidden proposal (API)",
        "get",
        lambda w, org: f"/api/v1/community/proposals/{w.hidden.pk}",
        expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ),
    (
        "consent of someone else",
        "post",
        lambda w, org: ("/gemeenschap/mijn-deelname/", {"participant": w.participant.pk, "public": "1"}),
        expect(LOGIN, NOT_FOUND, NOT_FOUND, None, NOT_FOUND),
    ),
    (
        "change the commitment",
        "post",
        lambda w, org: (f"/gemeenschap/deelname/{org}/uren/", {"committed_hours": "1", "expected_hours": "24"}),
        expect(LOGIN, NOT_FOUND, {403}, {403}, NOT_FOUND),
    ),
    (
        "leave the year",
        "post",
        lambda w, org: (f"/gemeenschap/deelname/{org}/afmelden/", {}),
        expect(LOGIN, NOT_FOUND, {403}, {403}, NOT_FOUND),
    ),
    (
        "join the year",
        "post",
        lambda w, org: (f"/gemeenschap/deelname/{org}/aanmelden/?jaar={w.year + 1}", {"committed_hours": "20"}),
        expect(LOGIN, NOT_FOUND, {403}, {403}, NOT_FOUND),
    ),
    (
        "add a person",
        "post",
        lambda w, org: (
            f"/gemeenschap/deelname/{org}/personen/",
            {"user": w.users["reader"].pk, "role": "participant"},
        ),
        expect(LOGIN, NOT_FOUND, {403}, {403}, NOT_FOUND),
    ),
    (
        "remove a person",
        "post",
        lambda w, org: (f"/gemeenschap/deelname/{org}/personen/{w.participant.pk}/intrekken/", {}),
        expect(LOGIN, NOT_FOUND, {403}, {403}, NOT_FOUND),
    ),
]


def request(client, method, target):
    path, data = target if isinstance(target, tuple) else (target, {})
    if method == "post":
        return client.post(path, data)
    return client.get(path, data)


@pytest.mark.parametrize(("name", "method", "target", "expected"), CASES, ids=[c[0] for c in CASES])
def test_permission_matrix(client, world, org, name, method, target, expected):
    """One URL, every role (the roles in one test: the world with its edition takes a second to build)."""
    from tests.community.world import fingerprint

    failures = []
    for role in ROLES:
        allowed = expected[role]
        if allowed is None:
            continue  # the organisation's own action: covered by the feature tests
        client.logout()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        before = fingerprint()
        response = request(client, method, target(world, org.slug))
        status = response.status_code
        if status not in allowed:
            failures.append((role, status, sorted(allowed)))
            continue
        if status == 302 and "/account/inloggen/" not in response["Location"]:
            failures.append((role, "redirect to", response["Location"]))
        if status != 200 and fingerprint() != before:
            failures.append((role, status, "changed the community tables"))
        if status in LOGIN | NOT_FOUND and response.get("Content-Type", "").startswith("text/html"):
            page = response.content.decode()
            if world.need.title in page or "Verborgen opmerking" in page:
                failures.append((role, status, "shows the organisation's data"))
    assert not failures, (name, failures)


def test_an_existing_and_a_missing_row_look_the_same_to_an_outsider_and_anonymous(client, world, org, outsider):
    """404 (or the login refusal) does not depend on whether the organisation or need exists."""
    pairs = [
        (f"/gemeenschap/deelname/{org.slug}/", "/gemeenschap/deelname/bestaat-niet/"),
        (f"/gemeenschap/behoeften/{world.need.pk}/wijzigen/", "/gemeenschap/behoeften/999999/wijzigen/"),
        (f"/gemeenschap/voorstellen/{world.hidden.pk}/", "/gemeenschap/voorstellen/999999/"),
    ]
    for user in (None, outsider):
        client.logout()
        if user:
            client.force_login(user)
        for existing, missing in pairs:
            assert client.get(existing).status_code == client.get(missing).status_code, (existing, user)


def test_a_member_of_another_participating_organisation_sees_only_their_own_hours(client, world, org, outsider):
    other = outsider.memberships.get().organisation
    Participation.objects.create(organisation=other, year=world.year, committed_hours=7)
    client.force_login(outsider)
    for path in ("/gemeenschap/uren/", "/gemeenschap/uren/urenoverzicht.csv"):
        response = client.get(path)
        body = response.content.decode("utf-8-sig")
        assert response.status_code == 200 and other.name in body and org.name not in body, path
    xlsx = client.get("/gemeenschap/uren/urenoverzicht.xlsx")
    assert xlsx.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    cells = [str(c.value) for row in load_workbook(BytesIO(xlsx.content)).active.iter_rows() for c in row]
    assert other.name in cells and org.name not in cells


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_needs_with_organisation_names_are_not_shown_outside_the_year(client, world, org, role):
    user = world.users[role]
    if user:
        client.force_login(user)
    page = client.get(f"/gemeenschap/behoeften/?jaar={world.year}").content.decode()
    assert world.need.title not in page
    overview = client.get(f"/gemeenschap/behoeften/overzicht/?jaar={world.year}").content.decode()
    assert world.need.title not in overview and org.name not in overview
    api = client.get(f"/api/v1/community/needs/overview?year={world.year}")
    assert (
        api.status_code == 200 and org.name not in api.content.decode() and world.need.title not in api.content.decode()
    )


def test_public_api_shows_no_names_without_consent_and_no_e_mail_addresses(client, world, org, editor, admin_user):
    checks = [
        f"/api/v1/community/participants?year={world.year}",
        f"/api/v1/community/calendar/{world.year}",
        f"/api/v1/community/sessions?year={world.year}",
        f"/api/v1/community/sessions/{world.past_session.pk}",
        f"/api/v1/community/themes?year={world.year + 1}",
        "/api/v1/community/proposals",
        f"/api/v1/community/proposals/{world.proposal.pk}",
    ]
    for path in checks:
        response = client.get(path)
        body = response.content.decode()
        assert response.status_code == 200, path
        for user in (editor, admin_user):
            assert user.email not in body and user.first_name not in body, (path, user.email)
        assert "Verborgen opmerking" not in body and world.decision.text not in body


def test_session_attendance_and_registrations_are_for_the_lead_only(client, world, outsider, reader, editor):
    session = world.past_session
    for user in (None, outsider, reader):
        client.logout()
        if user:
            client.force_login(user)
        report = client.get(f"/gemeenschap/sessies/{session.pk}/verslag/")
        assert report.status_code in LOGIN
        page = client.get(f"/gemeenschap/sessies/{session.pk}/").content.decode()
        assert editor.email not in page
