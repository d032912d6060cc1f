"""Participation in the community (issue 14, item 1): joining a year with a commitment, people and roles,
consent to be shown (AVG), the public community page, and the hours report with its CSV and XLSX."""

import io
from datetime import datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from modelgemeente.catalog.models import Edition
from modelgemeente.catalog.releases import editors_group
from modelgemeente.community import services
from modelgemeente.community.models import (
    Need,
    Participant,
    Participation,
    Proposal,
    Registration,
    Review,
    Session,
)
from modelgemeente.core.enums import CommunityRole, NeedPriority, ProposalKind, ProposalStatus, Role
from modelgemeente.plans.models import Membership, Organisation

YEAR = 2027
INDEX = reverse("community:index")
HOURS = reverse("community:hours")


def login(client, user):
    client.force_login(user)


def page_of(org):
    return reverse("community:participation", args=[org.slug]) + f"?jaar={YEAR}"


def post(client, name, org, data, *args):
    return client.post(reverse(name, args=[org.slug, *args]) + f"?jaar={YEAR}", data)


def quick_user(email, name="Test", org=None, role=Role.MEMBER):
    """A user without a password (force_login): hashing one is slow, and these tests never log in by form."""
    user = get_user_model().objects.create(username=email, email=email, first_name=name)
    if org is not None:
        Membership.objects.create(organisation=org, user=user, role=role)
    return user


def bare_edition(year=2091):
    """A concept edition row, enough for a proposal to point at (loading an edition is slow)."""
    return Edition.objects.create(
        year=year,
        title="Testeditie",
        introduction="",
        reference_name="Referentie",
        reference_inhabitants=100_000,
        reference_employees=1_000,
        reference_departments=40,
        reference_provenance="",
        base_price_year=year,
        hours_per_fte=36,
        salary_table="test",
        wage_index_percent=0,
        wage_index_provenance="",
        price_index_percent=0,
        price_index_provenance="",
        source_path="",
        content_hash="",
        loaded_at=timezone.now(),
    )


@pytest.fixture
def model_editor(db):
    user = quick_user("redactie@model.nl", "Redactie")
    user.groups.add(editors_group())
    return user


# Joining, the commitment, leaving ------------------------------------------------------------------


def test_admin_joins_with_twenty_hours_by_default(client, org, admin_user):
    login(client, admin_user)
    html = client.get(page_of(org)).content.decode()
    assert 'value="20"' in html and "Meedoen in 2027" in html
    response = post(client, "community:participation_join", org, {"committed_hours": "20"})
    assert response.status_code == 302
    participation = Participation.objects.get(organisation=org, year=YEAR)
    assert participation.committed_hours == 20 and participation.joined_by == admin_user


@pytest.mark.parametrize(
    ("typed", "message"),
    [("0", "minstens 1"), ("201", "hoogstens 200"), ("veel", "")],
)
def test_bad_commitment_is_refused_in_dutch(client, org, admin_user, typed, message):
    login(client, admin_user)
    response = post(client, "community:participation_join", org, {"committed_hours": typed})
    assert response.status_code == 400
    assert "Controleer de invoer" in response.content.decode()
    assert message in response.content.decode()
    assert not Participation.objects.exists()


def test_only_the_organisations_admin_joins(client, org, other_org, reader, outsider):
    response = post(client, "community:participation_join", org, {"committed_hours": "20"})
    assert response.status_code == 403  # anonymous: log in
    login(client, reader)
    assert post(client, "community:participation_join", org, {"committed_hours": "20"}).status_code == 403
    assert client.get(page_of(org)).status_code == 200  # a member reads
    client.logout()
    login(client, outsider)
    assert post(client, "community:participation_join", org, {"committed_hours": "20"}).status_code == 404
    assert client.get(page_of(org)).status_code == 404
    assert not Participation.objects.exists()


def test_change_commitment_and_stale_edit_is_refused(client, org, admin_user):
    participation = services.join_community(org, YEAR, 20, admin_user)
    login(client, admin_user)
    response = post(client, "community:participation_change", org, {"committed_hours": "32", "expected_hours": "20"})
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.committed_hours == 32
    # Someone saw 20, but it is 32 now: refused, nothing overwritten.
    response = post(client, "community:participation_change", org, {"committed_hours": "10", "expected_hours": "20"})
    assert response.status_code == 400
    assert "Iemand anders heeft de toegezegde uren intussen gewijzigd in 32" in response.content.decode()
    participation.refresh_from_db()
    assert participation.committed_hours == 32


def test_leaving_only_while_nothing_was_recorded(client, org, admin_user):
    services.join_community(org, YEAR, 20, admin_user)
    login(client, admin_user)
    assert post(client, "community:participation_leave", org, {}).status_code == 302
    assert not Participation.objects.exists()

    services.join_community(org, YEAR, 20, admin_user)
    Need.objects.create(
        organisation=org, year=YEAR, title="Iets", why="Omdat", priority=NeedPriority.values[0], needed_by=YEAR
    )
    response = client.post(reverse("community:participation_leave", args=[org.slug]) + f"?jaar={YEAR}", follow=True)
    assert "kan zich niet afmelden voor 2027" in response.content.decode()
    assert Participation.objects.filter(organisation=org, year=YEAR).exists()


def test_a_bad_year_is_a_dutch_400(db):
    client = Client(raise_request_exception=False)
    response = client.get(INDEX + "?jaar=twintig")
    assert response.status_code == 400
    assert "Het jaar moet een getal tussen 2000 en 2100 zijn." in response.content.decode()


# People and roles ----------------------------------------------------------------------------------


def test_admin_adds_participants_but_not_editors(client, org, admin_user, reader, outsider):
    participation = services.join_community(org, YEAR, 20, admin_user)
    login(client, admin_user)
    response = post(client, "community:participant_add", org, {"user": reader.pk, "role": CommunityRole.SESSION_LEAD})
    assert response.status_code == 302
    assert Participant.objects.filter(participation=participation, user=reader, role="session_lead").exists()

    response = post(client, "community:participant_add", org, {"user": reader.pk, "role": CommunityRole.EDITOR})
    assert response.status_code == 400
    assert "Kies een rol uit de lijst." in response.content.decode()
    response = post(client, "community:participant_add", org, {"user": outsider.pk, "role": "participant"})
    assert response.status_code == 400
    assert "Kies een lid van de organisatie." in response.content.decode()
    assert participation.participants.count() == 1


def test_only_model_editors_give_the_role_redacteur(org, admin_user, reader, model_editor):
    participation = services.join_community(org, YEAR, 20, admin_user)
    with pytest.raises(services.ParticipationError, match="Alleen de redactie"):
        services.add_participant(participation, reader, CommunityRole.EDITOR, admin_user)
    services.add_participant(participation, reader, CommunityRole.EDITOR, model_editor)
    editor_role = Participant.objects.get(user=reader, role=CommunityRole.EDITOR)
    with pytest.raises(services.ParticipationError):
        services.remove_participant(editor_role, admin_user)


def test_model_editor_gives_redacteur_through_the_page(client, org, admin_user, reader, model_editor):
    services.join_community(org, YEAR, 20, admin_user)
    login(client, model_editor)
    response = post(client, "community:participant_add", org, {"user": reader.pk, "role": CommunityRole.EDITOR})
    assert response.status_code == 302
    assert Participant.objects.filter(user=reader, role=CommunityRole.EDITOR).exists()


def test_admin_removes_a_role(client, org, admin_user, reader):
    participation = services.join_community(org, YEAR, 20, admin_user)
    role = services.add_participant(participation, reader, CommunityRole.PARTICIPANT, admin_user)
    login(client, admin_user)
    html = client.get(page_of(org)).content.decode()
    assert "Toegezegd: 20 uur." in html and "Rol deelnemer van Lezer intrekken" in html
    assert 'value="editor"' not in html  # an admin cannot give the role redacteur
    assert client.get(reverse("community:my_participation")).status_code == 200
    assert post(client, "community:participant_remove", org, {}, role.pk).status_code == 302
    assert not Participant.objects.exists()


# Consent and the public page -------------------------------------------------------------------------


def test_only_the_person_gives_consent_and_the_public_page_follows(client, org, admin_user, reader):
    reader.last_name = "de Lezer"
    reader.save()
    participation = services.join_community(org, YEAR, 24, admin_user)
    role = services.add_participant(participation, reader, CommunityRole.PARTICIPANT, admin_user)

    html = client.get(INDEX + f"?jaar={YEAR}").content.decode()
    assert "Gemeente Voorbeeld" in html and "24" in html
    assert "de Lezer" not in html

    login(client, admin_user)  # the admin cannot consent for someone else
    assert (
        client.post(reverse("community:my_participation"), {"participant": role.pk, "public": "1"}).status_code == 404
    )
    with pytest.raises(services.ParticipationError):
        services.set_public(role, True, admin_user)
    client.logout()

    login(client, reader)
    assert (
        "Mijn naam tonen (Gemeente Voorbeeld, 2027)"
        in client.get(reverse("community:my_participation")).content.decode()
    )
    response = client.post(reverse("community:my_participation"), {"participant": role.pk, "public": "1"})
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.public and role.consent_at is not None
    client.logout()
    assert "Lezer de Lezer" in client.get(INDEX + f"?jaar={YEAR}").content.decode()

    login(client, reader)
    client.post(reverse("community:my_participation"), {"participant": role.pk, "public": "0"})
    role.refresh_from_db()
    assert not role.public and role.consent_at is None
    client.logout()
    assert "de Lezer" not in client.get(INDEX + f"?jaar={YEAR}").content.decode()


def test_index_links_to_the_other_parts(client, db):
    html = client.get(INDEX + "?jaar=2027").content.decode()
    for path in (
        "/gemeenschap/themas/",
        "/gemeenschap/sessies/",
        "/gemeenschap/behoeften/",
        "/gemeenschap/voorstellen/",
    ):
        assert path in html
    assert reverse("community:calendar") in html
    assert "Voor 2027 heeft zich nog geen organisatie aangemeld." in html


# The hours report --------------------------------------------------------------------------------


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def recorded(org, other_org, admin_user, reader, outsider):
    """Two participating organisations with sessions attended, reviews and proposals, plus rows that must
    not count (cancelled session, not attended, hidden proposal, other year, reviewer without a role)."""
    year = timezone.localdate().year
    ours = services.join_community(org, year, 20, admin_user)
    services.join_community(other_org, year, 30, outsider)
    reviewer = quick_user("beoordelaar@voorbeeld.nl", "Beoordelaar", org, Role.EDITOR)
    edition = bare_edition()
    services.add_participant(ours, reviewer, CommunityRole.PARTICIPANT, admin_user)

    def session(minutes, cancelled=False, in_year=year):
        return Session.objects.create(
            year=in_year,
            title=f"Sessie {minutes}",
            starts_at=at(in_year, 3, 1),
            duration_minutes=minutes,
            agenda="Agenda",
            capacity=20,
            cancelled_at=timezone.now() if cancelled else None,
        )

    s1, s2, s3, old = session(120), session(90), session(180, cancelled=True), session(60, in_year=year - 1)
    for s, user, organisation, attended in [
        (s1, admin_user, org, True),
        (s2, admin_user, org, True),
        (s1, reader, org, True),
        (s2, reader, org, False),
        (s3, reader, org, True),  # cancelled session
        (old, admin_user, org, True),  # another year
        (s2, outsider, other_org, True),
    ]:
        Registration.objects.create(session=s, user=user, organisation=organisation, attended=attended)

    def proposal(hours, organisation=org, hidden=False):
        return Proposal.objects.create(
            kind=ProposalKind.values[0],
            edition=edition,
            development_slug="iets",
            reasoning="Omdat",
            estimated_hours=Decimal(hours),
            proposer=admin_user,
            organisation=organisation,
            hidden_at=timezone.now() if hidden else None,
        )

    p1 = proposal("3")
    proposal("4", hidden=True)
    last_year = proposal("5")
    Proposal.objects.filter(pk=last_year.pk).update(created_at=at(year - 1, 6, 1))
    for user, hours in [(reviewer, "2.5"), (reviewer, "1"), (admin_user, None), (reader, "7")]:
        # reader has no role in the participation: the review is not the organisation's.
        Review.objects.create(proposal=p1, reviewer=user, decision=ProposalStatus.values[0], reason="R", hours=hours)
    return year


def test_hours_report_figures_for_editors(client, recorded, model_editor):
    login(client, model_editor)
    response = client.get(HOURS + f"?jaar={recorded}")
    assert response.status_code == 200
    rows = {r.organisation.slug: r for r in response.context["rows"]}
    ours, theirs = rows["gemeente-voorbeeld"], rows["andere-gemeente"]
    # Sessions: 120 + 90 (admin) + 120 (reader) minutes = 5,5 h; reviews 2,5 + 1; proposals 3.
    assert (ours.declared, ours.sessions, ours.reviews, ours.proposals) == (
        20,
        Decimal("5.5"),
        Decimal("3.5"),
        Decimal("3.0"),
    )
    assert ours.recorded == Decimal("12.0") and ours.percentage == 60
    assert (theirs.declared, theirs.sessions, theirs.reviews, theirs.proposals) == (30, Decimal("1.5"), 0, 0)
    html = response.content.decode()
    row = html[html.index('id="org-gemeente-voorbeeld"') :].split("</tr>")[0]
    for figure in (">20<", ">5,5<", ">3,5<", ">3<", ">12<", ">60%<"):
        assert figure in row
    assert ">31,5<" not in html and ">13,5<" in html  # the total recorded: 12 + 1,5


def test_hours_csv_for_dutch_excel(client, recorded, model_editor):
    login(client, model_editor)
    response = client.get(reverse("community:hours_csv") + f"?jaar={recorded}")
    assert response["Content-Type"].startswith("text/csv")
    assert f"uren-gemeenschap-{recorded}.csv" in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").split("\r\n")
    assert "Organisatie;Toegezegde uren;Sessies bijgewoond (uren);Beoordelingen (uren)" in lines[2]
    assert "Andere gemeente;30;1,5;0,0;0,0;1,5;28,5" in lines
    assert "Gemeente Voorbeeld;20;5,5;3,5;3,0;12,0;8,0" in lines


def test_hours_csv_neutralises_formulas(client, org, admin_user, model_editor):
    org.name = '=HYPERLINK("x")'
    org.save()
    services.join_community(org, YEAR, 20, admin_user)
    login(client, model_editor)
    text = client.get(reverse("community:hours_csv") + f"?jaar={YEAR}").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_hours_xlsx(client, recorded, model_editor):
    login(client, model_editor)
    response = client.get(reverse("community:hours_xlsx") + f"?jaar={recorded}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row[1:] for row in ws.iter_rows(min_row=4, values_only=True)}
    assert rows["Gemeente Voorbeeld"] == (20, 5.5, 3.5, 3, 12, 8)
    assert rows["Andere gemeente"] == (30, 1.5, 0, 0, 1.5, 28.5)


def test_hours_report_permissions(client, recorded, org, admin_user, reader, outsider):
    url = HOURS + f"?jaar={recorded}"
    assert client.get(url).status_code == 404  # anonymous
    assert client.get(reverse("community:hours_csv") + f"?jaar={recorded}").status_code == 404
    login(client, reader)  # a member: their own organisation only
    names = [r.organisation.name for r in client.get(url).context["rows"]]
    assert names == ["Gemeente Voorbeeld"]
    client.logout()
    login(client, outsider)
    rows = client.get(url).context["rows"]
    assert [r.organisation.name for r in rows] == ["Andere gemeente"]
    xlsx = client.get(reverse("community:hours_xlsx") + f"?jaar={recorded}")
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert "Gemeente Voorbeeld" not in [c.value for c in ws["A"]]
    client.logout()
    stranger = quick_user(
        "derde@derde.nl", "Derde", Organisation.objects.create(name="Derde", slug="derde"), Role.ADMIN
    )
    login(client, stranger)  # member of an organisation that does not take part
    assert client.get(url).status_code == 404


def test_community_redacteur_sees_every_organisation(client, recorded, org, admin_user, model_editor, reader):
    participation = Participation.objects.get(organisation=org, year=recorded)
    services.add_participant(participation, reader, CommunityRole.EDITOR, model_editor)
    login(client, reader)
    assert len(client.get(HOURS + f"?jaar={recorded}").context["rows"]) == 2


def test_hours_of_a_time_not_in_the_future(recorded):
    # Guard for the fixture: its sessions lie in the year asked for.
    assert Session.objects.filter(year=recorded).count() == 3
    assert timedelta(0) <= timezone.now() - at(recorded, 1, 1)
