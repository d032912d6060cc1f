"""Sign-up, login, organisations and invitations by e-mail link (throttling: test_login_throttling.py)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from modelgemeente.plans.models import Membership, Organisation

from ..conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_sign_up_logs_in_and_refuses_weak_passwords(client):
    form = {"name": "Ilse", "email": "Ilse@Gemeente.nl", "password1": "12345678", "password2": "12345678"}
    response = client.post("/account/aanmelden/", form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit wachtwoord is te kort: gebruik minstens 10 tekens" in html and "Dit wachtwoord is te algemeen" in html
    assert not get_user_model().objects.exists()
    response = client.post("/account/aanmelden/", form | {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert "De twee wachtwoorden zijn niet gelijk" in response.content.decode()
    response = client.post("/account/aanmelden/", form | {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/mijn/"
    user = get_user_model().objects.get()
    assert user.username == user.email == "ilse@gemeente.nl" and user.first_name == "Ilse"
    assert client.get("/mijn/").status_code == 200
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ilse@gemeente.nl"]  # confirm the address
    client.logout()
    response = client.post("/account/aanmelden/", form | {"password1": PASSWORD, "password2": PASSWORD})
    assert "Er bestaat al een account met dit e-mailadres" in response.content.decode()


def test_login_with_any_case_of_the_address(client):
    make_user("ilse@gemeente.nl")
    response = client.post("/account/inloggen/", {"username": "Ilse@Gemeente.NL", "password": PASSWORD})
    assert response.status_code == 302


def test_creating_an_organisation_makes_you_its_admin(client):
    user = make_user("ilse@gemeente.nl")
    client.force_login(user)
    response = client.post(
        "/organisaties/nieuw/", {"name": "Gemeente Aa en Hunze", "kind": "gemeente", "municipality": "GM1680"}
    )
    org = Organisation.objects.get()
    assert response["Location"] == "/organisaties/gemeente-aa-en-hunze/"
    assert org.municipality_codes == ["GM1680"]
    assert Membership.objects.get(organisation=org).role == "admin"
    response = client.post("/organisaties/nieuw/", {"name": "!!!", "kind": "gemeente"})
    assert "Gebruik letters of cijfers in de naam" in response.content.decode()


def test_invitation_by_email_link_gives_the_chosen_role(client, org, admin_user):
    client.force_login(admin_user)
    response = client.post(f"/organisaties/{org.slug}/uitnodigen/", {"email": "Nieuw@Voorbeeld.nl", "role": "editor"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nieuw@voorbeeld.nl"]
    link = re.search(r"http://testserver(/uitnodiging/[^/]+/)", mail.outbox[0].body).group(1)
    client.logout()

    assert client.get(link).status_code == 403  # log in first
    wrong = make_user("ander@voorbeeld.nl")
    client.force_login(wrong)
    assert client.post(link).status_code == 403
    assert not Membership.objects.filter(user=wrong).exists()

    invited = make_user("nieuw@voorbeeld.nl")
    client.force_login(invited)
    assert client.post(link).status_code == 302
    assert Membership.objects.get(user=invited, organisation=org).role == "editor"
    assert client.post(link).status_code == 302  # used: nothing changes
    assert Membership.objects.filter(user=invited).count() == 1


def test_the_last_admin_cannot_be_removed_or_demoted(client, org, admin_user):
    client.force_login(admin_user)
    own = Membership.objects.get(user=admin_user)
    response = client.post(f"/organisaties/{org.slug}/leden/{own.pk}/", {"remove": "1"}, follow=True)
    assert "De laatste beheerder kan niet worden verwijderd" in response.content.decode()
    response = client.post(f"/organisaties/{org.slug}/leden/{own.pk}/", {"role": "member"}, follow=True)
    assert "De laatste beheerder kan geen andere rol krijgen" in response.content.decode()
    own.refresh_from_db()
    assert own.role == "admin"
