"""Invitations: who can see and accept them, expiry, revocation, removed members, names and failing e-mail."""

import re
import smtplib
import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import BadHeaderError
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from modelgemeente.accounts import services as accounts
from modelgemeente.plans.models import Invitation, Membership, Organisation

from ..conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """A mail server that fails in the way the test asks for."""

    error = smtplib.SMTPException("server says no")

    def send_messages(self, messages):
        raise FailingBackend.error


def invite(client, org, email, role="member"):
    response = client.post(f"/organisaties/{org.slug}/uitnodigen/", {"email": email, "role": role})
    assert response.status_code == 302, response.content.decode()[:500]
    client.get(response["Location"])  # shows (and so clears) the message with the link
    return Invitation.objects.filter(organisation=org, email=email.lower()).latest("created_at")


def link_from_mail(message):
    return re.search(r"http://testserver(/uitnodiging/[^/\s]+/)", message.body).group(1)


def sign_up(client, email, **params):
    return client.post(
        "/account/aanmelden/" + params.pop("query", ""),
        {"name": "Nieuw", "email": email, "password1": PASSWORD, "password2": PASSWORD, **params},
    )


# The HIGH finding: an unconfirmed address ------------------------------------------------------


def test_signing_up_with_an_invited_address_does_not_give_its_invitations(client, org, admin_user):
    """Without confirming the address, /mijn/ neither shows nor accepts the invitation; the e-mail link does."""
    client.force_login(admin_user)
    invitation = invite(client, org, "wethouder@voorbeeld.nl", "admin")
    client.logout()

    assert sign_up(client, "wethouder@voorbeeld.nl").status_code == 302  # anyone can type this address
    page = client.get("/mijn/").content.decode()
    assert "Bevestig uw e-mailadres." in page
    assert org.name not in page and invitation.token not in page
    response = client.post("/mijn/", {"accept": invitation.pk})
    assert response.status_code == 403 and "Bevestig eerst uw e-mailadres" in response.content.decode()
    assert not Membership.objects.filter(organisation=org, user__email="wethouder@voorbeeld.nl").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None

    # The link from the invitation e-mail proves the invitation was received: it may be accepted...
    link = link_from_mail(mail.outbox[0])
    assert client.post(link).status_code == 302
    user = Membership.objects.get(organisation=org, user__email="wethouder@voorbeeld.nl").user
    assert Membership.objects.get(user=user).role == "admin"
    # ...but the administrator saw that link too, so it does not confirm the address.
    assert not accounts.is_confirmed(user)


def test_a_confirmed_address_sees_open_invitations_on_mijn_and_accepts_them_there(client, org, admin_user, other_org):
    client.force_login(admin_user)
    first = invite(client, org, "nieuw@voorbeeld.nl", "editor")
    expired = Invitation.objects.create(
        organisation=other_org, email="nieuw@voorbeeld.nl", expires_at=timezone.now() - timedelta(minutes=1)
    )
    revoked = Invitation.objects.create(organisation=other_org, email="nieuw@voorbeeld.nl", revoked_at=timezone.now())
    user = make_user("nieuw@voorbeeld.nl")  # confirmed
    client.force_login(user)
    page = client.get("/mijn/").content.decode()
    assert "Uitnodiging voor Gemeente Voorbeeld accepteren" in page
    assert other_org.name not in page  # neither the expired nor the revoked one
    assert first.token not in page  # the page does not hand out the personal link
    response = client.post("/mijn/", {"accept": first.pk})
    assert response.status_code == 302 and response["Location"] == f"/organisaties/{org.slug}/"
    assert Membership.objects.get(user=user, organisation=org).role == "editor"
    for closed in (expired, revoked):
        response = client.post("/mijn/", {"accept": closed.pk}, follow=True)
        assert not Membership.objects.filter(user=user, organisation=other_org).exists()
    assert "Deze uitnodiging is ingetrokken" in response.content.decode()
    # Someone else's invitation cannot be accepted from /mijn/ by number.
    other = Invitation.objects.create(organisation=other_org, email="iemand@anders.nl")
    assert client.post("/mijn/", {"accept": other.pk}).status_code == 404
    assert client.post("/mijn/", {"accept": "x"}).status_code == 302


# Expired, revoked, used ------------------------------------------------------------------------


def test_an_expired_invitation_cannot_be_accepted(client, org, admin_user):
    client.force_login(admin_user)
    invitation = invite(client, org, "nieuw@voorbeeld.nl")
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    user = make_user("nieuw@voorbeeld.nl")
    client.force_login(user)
    for response in (client.get(invitation.get_absolute_url()), client.post(invitation.get_absolute_url())):
        assert response.status_code == 410
        assert "Deze uitnodiging is verlopen" in response.content.decode()
    client.logout()
    assert client.get(invitation.get_absolute_url()).status_code == 410
    assert not Membership.objects.filter(user=user).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_administrator_revokes_an_open_invitation(client, org, admin_user, editor, outsider, other_org):
    client.force_login(admin_user)
    invitation = invite(client, org, "nieuw@voorbeeld.nl")
    page = client.get(f"/organisaties/{org.slug}/").content.decode()
    assert "Openstaande uitnodigingen" in page and "Uitnodiging voor nieuw@voorbeeld.nl intrekken" in page
    assert invitation.expires_at.astimezone(timezone.get_current_timezone()).strftime("%Y") in page

    url = f"/organisaties/{org.slug}/uitnodigen/"
    client.force_login(editor)
    assert client.post(url, {"revoke": invitation.pk}).status_code == 403  # not an administrator
    client.force_login(outsider)
    assert client.post(url, {"revoke": invitation.pk}).status_code == 404  # not a member
    foreign = Invitation.objects.create(organisation=other_org, email="x@andere.nl")
    assert client.post(f"/organisaties/{other_org.slug}/uitnodigen/", {"revoke": invitation.pk}).status_code == 404
    client.force_login(admin_user)
    assert client.post(url, {"revoke": foreign.pk}).status_code == 404  # another organisation's invitation
    foreign.refresh_from_db()
    assert foreign.revoked_at is None
    invitation.refresh_from_db()
    assert invitation.revoked_at is None

    response = client.post(url, {"revoke": invitation.pk}, follow=True)
    assert "De uitnodiging voor nieuw@voorbeeld.nl is ingetrokken" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None and invitation.revoked_by == admin_user
    assert "nieuw@voorbeeld.nl intrekken" not in response.content.decode()  # no longer listed
    response = client.post(url, {"revoke": invitation.pk}, follow=True)
    assert "Deze uitnodiging is ingetrokken" in response.content.decode()

    user = make_user("nieuw@voorbeeld.nl")
    client.force_login(user)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 410 and "Deze uitnodiging is ingetrokken" in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_the_organisation_page_shows_expiry_and_expired_invitations(client, org, admin_user):
    Invitation.objects.create(
        organisation=org, email="open@voorbeeld.nl", expires_at=timezone.make_aware(timezone.datetime(2099, 3, 9, 12))
    )
    Invitation.objects.create(
        organisation=org, email="oud@voorbeeld.nl", expires_at=timezone.make_aware(timezone.datetime(2020, 5, 1, 12))
    )
    Invitation.objects.create(organisation=org, email="weg@voorbeeld.nl", revoked_at=timezone.now())
    Invitation.objects.create(organisation=org, email="lid@voorbeeld.nl", accepted_at=timezone.now())
    client.force_login(admin_user)
    page = client.get(f"/organisaties/{org.slug}/").content.decode()
    assert "open@voorbeeld.nl" in page and "9 maart 2099" in page
    assert "oud@voorbeeld.nl" in page and "verlopen op 1 mei 2020" in page
    assert "oud@voorbeeld.nl intrekken" not in page
    assert "weg@voorbeeld.nl" not in page and "lid@voorbeeld.nl" not in page


def test_a_used_invitation_says_so(client, org, admin_user):
    invitation = Invitation.objects.create(organisation=org, email="nieuw@voorbeeld.nl", accepted_at=timezone.now())
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410 and "Deze uitnodiging is al gebruikt" in response.content.decode()
    client.force_login(make_user("nieuw@voorbeeld.nl"))
    response = client.post(invitation.get_absolute_url(), follow=True)
    assert "Deze uitnodiging is al gebruikt" in response.content.decode()
    assert not Membership.objects.filter(user__email="nieuw@voorbeeld.nl").exists()


def test_a_removed_member_cannot_come_back_through_a_leftover_invitation(client, org, admin_user):
    """Invited twice (once as administrator); accepted one; removed: the other is withdrawn."""
    client.force_login(admin_user)
    as_member = invite(client, org, "nieuw@voorbeeld.nl", "member")
    as_admin = invite(client, org, "Nieuw@Voorbeeld.nl", "admin")
    elsewhere = Invitation.objects.create(
        organisation=Organisation.objects.create(name="Elders", slug="elders"), email="nieuw@voorbeeld.nl"
    )
    user = make_user("nieuw@voorbeeld.nl")
    client.force_login(user)
    assert client.post(as_member.get_absolute_url()).status_code == 302
    membership = Membership.objects.get(user=user, organisation=org)

    client.force_login(admin_user)
    response = client.post(f"/organisaties/{org.slug}/leden/{membership.pk}/", {"remove": "1"}, follow=True)
    assert "is geen lid meer" in response.content.decode()
    as_admin.refresh_from_db()
    assert as_admin.revoked_at is not None and as_admin.revoked_by == admin_user
    elsewhere.refresh_from_db()
    assert elsewhere.revoked_at is None  # only this organisation's invitations

    client.force_login(user)
    assert client.post(as_admin.get_absolute_url()).status_code == 410
    client.post("/mijn/", {"accept": as_admin.pk})
    assert not Membership.objects.filter(user=user, organisation=org).exists()


def test_role_changes_keep_an_administrator(client, org, admin_user, editor):
    client.force_login(admin_user)
    target = Membership.objects.get(user=editor)
    client.post(f"/organisaties/{org.slug}/leden/{target.pk}/", {"role": "admin"})
    target.refresh_from_db()
    assert target.role == "admin"
    own = Membership.objects.get(user=admin_user)
    response = client.post(f"/organisaties/{org.slug}/leden/{own.pk}/", {"role": "member"}, follow=True)
    assert "Rol van Beheer is nu" in response.content.decode()
    client.force_login(editor)
    response = client.post(f"/organisaties/{org.slug}/leden/{target.pk}/", {"remove": "1"}, follow=True)
    assert "De laatste beheerder kan niet worden verwijderd" in response.content.decode()


# Signing up from an invitation link ----------------------------------------------------------


def test_signing_up_from_an_invitation_link_prefills_the_address(client, org, admin_user):
    client.force_login(admin_user)
    invitation = invite(client, org, "nieuw@voorbeeld.nl", "editor")
    client.logout()

    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 403
    page = response.content.decode()
    signup = f"/account/aanmelden/?uitnodiging={invitation.token}"
    assert f'href="{signup}"' in page and "Log in of maak een account aan met nieuw@voorbeeld.nl" in page
    page = client.get(signup).content.decode()
    assert 'value="nieuw@voorbeeld.nl"' in page and "De uitnodiging is verstuurd naar nieuw@voorbeeld.nl" in page
    # The 403 page's next= link works too.
    page = client.get(f"/account/aanmelden/?next={invitation.get_absolute_url()}").content.decode()
    assert 'value="nieuw@voorbeeld.nl"' in page

    response = sign_up(client, "nieuw@voorbeeld.nl", query=f"?uitnodiging={invitation.token}")
    assert response.status_code == 302 and response["Location"] == invitation.get_absolute_url()
    assert "Uitnodiging accepteren" in client.get(response["Location"]).content.decode()
    assert client.post(invitation.get_absolute_url()).status_code == 302
    assert Membership.objects.get(user__email="nieuw@voorbeeld.nl", organisation=org).role == "editor"


def test_no_prefill_from_a_closed_or_unknown_invitation(client, org):
    revoked = Invitation.objects.create(organisation=org, email="weg@voorbeeld.nl", revoked_at=timezone.now())
    for query in (f"?uitnodiging={revoked.token}", "?uitnodiging=onzin", "?next=/uitnodiging/onzin/", "?next=/mijn/"):
        page = client.get("/account/aanmelden/" + query).content.decode()
        assert "weg@voorbeeld.nl" not in page and "U bent uitgenodigd" not in page


# Organisation names and failing e-mail ---------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Gemeente\tVoorbeeld",
        "Gemeente\r\nBcc: iedereen@example.org",
        "Gemeente\u200bVoorbeeld",
        "Gemeente\u202eVoorbeeld",
        "Gemeente\x07",
    ],
)
def test_organisation_names_refuse_control_characters(client, name):
    client.force_login(make_user("ilse@gemeente.nl"))
    response = client.post("/organisaties/nieuw/", {"name": name, "kind": "gemeente"})
    assert response.status_code == 200
    assert "Gebruik geen tabs, regeleinden of onzichtbare tekens in de naam" in response.content.decode()
    assert not Organisation.objects.exists()


def test_invitation_subject_has_no_control_characters(client, org, admin_user):
    Organisation.objects.filter(pk=org.pk).update(name="Gemeente\r\nVoorbeeld\t")  # from before the check
    client.force_login(admin_user)
    invite(client, org, "nieuw@voorbeeld.nl")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Uitnodiging voor Gemeente Voorbeeld in Open Modelgemeente"
    assert "De link is geldig tot" in mail.outbox[0].body


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"x": (550, b"no")}),
        BadHeaderError("header"),
        ConnectionRefusedError(111, "refused"),
        TimeoutError("timed out"),
        socket.gaierror(-2, "Name or service not known"),
    ],
)
def test_a_failed_invitation_mail_keeps_the_invitation_and_shows_the_link(
    client, org, admin_user, settings, caplog, error
):
    settings.EMAIL_BACKEND = "tests.plans.test_invitations.FailingBackend"
    FailingBackend.error = error
    client.force_login(admin_user)
    response = client.post(
        f"/organisaties/{org.slug}/uitnodigen/", {"email": "nieuw@voorbeeld.nl", "role": "member"}, follow=True
    )
    assert response.status_code == 200
    invitation = Invitation.objects.get(email="nieuw@voorbeeld.nl")
    html = response.content.decode()
    assert "de e-mail kon niet worden verstuurd" in html
    assert f"http://testserver/uitnodiging/{invitation.token}/" in html
    assert "could not be sent" in caplog.text
