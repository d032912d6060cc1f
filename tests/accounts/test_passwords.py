"""Changing and resetting the password with Django's views, Dutch pages and e-mail."""

import re

import pytest
from django.core import mail

from modelgemeente.accounts import services

from ..conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

NEW = "Nieuw-wachtwoord-2028!"


def test_login_page_and_dashboard_link_to_the_password_pages(client):
    assert 'href="/account/wachtwoord/vergeten/"' in client.get("/account/inloggen/").content.decode()
    client.force_login(make_user("ilse@gemeente.nl"))
    page = client.get("/mijn/").content.decode()
    assert 'href="/account/wachtwoord/wijzigen/"' in page and "Wachtwoord wijzigen" in page


def test_full_password_reset_through_the_mail(client):
    user = make_user("ilse@gemeente.nl", confirmed=False)
    page = client.get("/account/wachtwoord/vergeten/")
    assert page.status_code == 200 and "Wachtwoord vergeten" in page.content.decode()
    response = client.post("/account/wachtwoord/vergeten/", {"email": "Ilse@Gemeente.nl"})
    assert response.status_code == 302 and response["Location"] == "/account/wachtwoord/vergeten/verstuurd/"
    assert "Kijk in uw e-mail" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ilse@gemeente.nl"] and message.subject == "Nieuw wachtwoord voor Open Modelgemeente"
    assert "Beste Test," in message.body and "Hebt u dit niet gevraagd?" in message.body
    link = re.search(r"http://testserver(/account/wachtwoord/nieuw/[^/]+/[^/]+/)", message.body).group(1)

    response = client.get(link)  # Django moves the token into the session and redirects
    assert response.status_code == 302
    form_url = response["Location"]
    page = client.get(form_url).content.decode()
    assert "Nieuw wachtwoord instellen" in page
    response = client.post(form_url, {"new_password1": "kort", "new_password2": "kort"})
    assert "Dit wachtwoord is te kort" in response.content.decode()
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302 and response["Location"] == "/account/wachtwoord/nieuw/klaar/"
    assert "Wachtwoord opgeslagen" in client.get(response["Location"]).content.decode()

    user.refresh_from_db()
    assert user.check_password(NEW) and not user.check_password(PASSWORD)
    assert services.is_confirmed(user)  # the link went to that mailbox only
    assert client.post("/account/inloggen/", {"username": "ilse@gemeente.nl", "password": NEW}).status_code == 302
    client.logout()
    page = client.get(link, follow=True).content.decode()
    assert "Deze link is verlopen of al gebruikt" in page  # a reset link works once


def test_an_unknown_address_reveals_nothing(client):
    make_user("ilse@gemeente.nl")
    known = client.post("/account/wachtwoord/vergeten/", {"email": "ilse@gemeente.nl"})
    unknown = client.post("/account/wachtwoord/vergeten/", {"email": "niemand@gemeente.nl"})
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ilse@gemeente.nl"]


def test_change_password(client):
    assert client.get("/account/wachtwoord/wijzigen/")["Location"].startswith("/account/inloggen/")
    user = make_user("ilse@gemeente.nl")
    client.force_login(user)
    page = client.get("/account/wachtwoord/wijzigen/")
    assert page.status_code == 200 and "Wachtwoord wijzigen" in page.content.decode()
    response = client.post(
        "/account/wachtwoord/wijzigen/", {"old_password": "fout", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200 and "Uw oude wachtwoord is niet juist ingevoerd" in response.content.decode()
    response = client.post(
        "/account/wachtwoord/wijzigen/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert "Dit wachtwoord is te kort" in response.content.decode()
    response = client.post(
        "/account/wachtwoord/wijzigen/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302 and response["Location"] == "/account/wachtwoord/gewijzigd/"
    assert "Uw nieuwe wachtwoord is opgeslagen" in client.get(response["Location"]).content.decode()
    assert client.get("/mijn/").status_code == 200  # still logged in
    user.refresh_from_db()
    assert user.check_password(NEW)
