"""After sign-up the address is unconfirmed until the user opens the signed link from the e-mail."""

import importlib
import re
import smtplib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.mail.backends.base import BaseEmailBackend

from modelgemeente.accounts import services
from modelgemeente.accounts.models import EmailAddress

from ..conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

BANNER = "Bevestig uw e-mailadres."


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("connection lost")


def sign_up(client, email="ilse@gemeente.nl", **params):
    return client.post(
        "/account/aanmelden/", {"name": "Ilse", "email": email, "password1": PASSWORD, "password2": PASSWORD}, **params
    )


def confirmation_link(message):
    return re.search(r"http://testserver(/account/bevestigen/[^/\s]+/)", message.body).group(1)


def test_sign_up_sends_a_link_that_confirms_the_address(client):
    response = sign_up(client)
    assert response.status_code == 302
    user = get_user_model().objects.get()
    assert not services.is_confirmed(user)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ilse@gemeente.nl"] and message.subject == "Bevestig uw e-mailadres voor Open Modelgemeente"
    assert "3 dagen geldig" in message.body
    page = client.get("/mijn/").content.decode()
    assert BANNER in page and "Bevestigingsmail opnieuw sturen" in page

    link = confirmation_link(message)
    page = client.get(link)
    assert page.status_code == 200 and "E-mailadres bevestigen" in page.content.decode()
    assert not services.is_confirmed(user)  # opening the link (a mail scanner) changes nothing
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/mijn/"
    assert services.is_confirmed(user)
    page = client.get("/mijn/").content.decode()
    assert BANNER not in page and "is bevestigd" in page
    assert client.post(link).status_code == 302  # again: still confirmed, no error


def test_the_link_works_without_being_logged_in(client):
    sign_up(client)
    link = confirmation_link(mail.outbox[0])
    client.logout()
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/account/inloggen/"
    assert services.is_confirmed(get_user_model().objects.get())


def test_a_damaged_or_expired_link_confirms_nothing(client, monkeypatch):
    user = make_user("ilse@gemeente.nl", confirmed=False)
    token = services.confirmation_token(user)
    damaged = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    for response in (client.get(f"/account/bevestigen/{damaged}/"), client.post(f"/account/bevestigen/{damaged}/")):
        assert response.status_code == 400 and "Deze link is verlopen of ongeldig" in response.content.decode()
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 3 * 24 * 3600 - 60)
    old = services.confirmation_token(user)
    monkeypatch.undo()
    assert client.post(f"/account/bevestigen/{old}/").status_code == 400
    assert not services.is_confirmed(user)


def test_a_link_for_an_earlier_address_does_not_confirm_the_new_one(client):
    user = make_user("ilse@gemeente.nl", confirmed=False)
    token = services.confirmation_token(user)
    user.email = user.username = "ilse@elders.nl"
    user.save()
    assert client.post(f"/account/bevestigen/{token}/").status_code == 400
    assert not services.is_confirmed(user)
    # A confirmation belongs to the address: confirmed, then changed, is unconfirmed again.
    confirmed = make_user("piet@gemeente.nl")
    assert services.is_confirmed(confirmed)
    confirmed.email = "piet@elders.nl"
    confirmed.save()
    assert not services.is_confirmed(confirmed)


def test_resend_button_sends_a_new_link_but_not_twice_a_minute(client):
    user = make_user("ilse@gemeente.nl", confirmed=False)
    client.force_login(user)
    response = client.post("/account/bevestigen/opnieuw/", follow=True)
    assert "We hebben een nieuwe e-mail gestuurd naar ilse@gemeente.nl" in response.content.decode()
    assert len(mail.outbox) == 1
    response = client.post("/account/bevestigen/opnieuw/", follow=True)
    assert "Wacht een minuut" in response.content.decode() and len(mail.outbox) == 1
    client.post(confirmation_link(mail.outbox[0]))
    response = client.post("/account/bevestigen/opnieuw/", follow=True)
    assert "Uw e-mailadres is al bevestigd" in response.content.decode() and len(mail.outbox) == 1
    assert client.get("/account/bevestigen/opnieuw/").status_code == 405
    client.logout()
    assert client.post("/account/bevestigen/opnieuw/").status_code == 302  # to the login page


def test_a_failed_confirmation_mail_does_not_break_sign_up(client, settings, caplog):
    settings.EMAIL_BACKEND = "tests.accounts.test_email_confirmation.FailingBackend"
    response = sign_up(client, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uw account is aangemaakt" in html and "kon niet worden verstuurd" in html
    assert "could not be sent" in caplog.text
    user = get_user_model().objects.get()
    client.force_login(user)
    response = client.post("/account/bevestigen/opnieuw/", follow=True)
    assert response.status_code == 200 and "kon niet worden verstuurd" in response.content.decode()


def test_existing_users_are_unconfirmed_except_superusers(db):
    """The decision in migration accounts/0002: only superusers count as confirmed."""
    User = get_user_model()
    plain = User.objects.create_user("oud@gemeente.nl", "oud@gemeente.nl", PASSWORD)
    admin = User.objects.create_superuser("Beheer@Modelgemeente.nl", "Beheer@Modelgemeente.nl", PASSWORD)
    migration = importlib.import_module("modelgemeente.accounts.migrations.0002_email_address_axes")
    migration.confirm_superusers(apps, None)
    assert services.is_confirmed(admin) and not services.is_confirmed(plain)
    assert EmailAddress.objects.get(user=admin).email == "beheer@modelgemeente.nl"


def test_one_line_removes_control_and_format_characters():
    assert services.one_line("Gemeente\r\nBcc: x@y.nl\tA\u200bB\x00") == "Gemeente Bcc: x@y.nl A B"
