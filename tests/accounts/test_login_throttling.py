"""Failed logins are limited by django-axes per account *and* client address, on the site and in the admin."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.utils import timezone

from modelgemeente.accounts.login_limits import client_ip

from ..conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"
ADMIN_LOGIN = "/beheer/login/"
LOCKED = "Er is te vaak een verkeerd wachtwoord ingevuld"
WRONG = "Deze combinatie van e-mailadres en wachtwoord kennen we niet"


def fail(client, url, username, times, **extra):
    responses = [client.post(url, {"username": username, "password": "fout-wachtwoord"}, **extra) for _ in range(times)]
    return responses[-1]


def test_five_failures_lock_that_account_from_that_address(client, settings):
    make_user("ilse@gemeente.nl")
    assert settings.AXES_FAILURE_LIMIT == settings.LOGIN_THROTTLE_ATTEMPTS == 5
    for _ in range(4):
        response = client.post(LOGIN, {"username": "ilse@gemeente.nl", "password": "fout-wachtwoord"})
        assert response.status_code == 200 and WRONG in response.content.decode()
    response = fail(client, LOGIN, "Ilse@Gemeente.nl", 1)  # the fifth, in another case: the same account
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html and "Wacht 15 minuten" in html
    # The right password is refused during the lockout.
    response = client.post(LOGIN, {"username": "ilse@gemeente.nl", "password": PASSWORD})
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_same_account_from_another_address_can_still_log_in(client):
    make_user("ilse@gemeente.nl")
    assert fail(client, LOGIN, "ilse@gemeente.nl", 5, REMOTE_ADDR="203.0.113.9").status_code == 429
    response = client.post(LOGIN, {"username": "ilse@gemeente.nl", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302 and response["Location"] == "/mijn/"
    # ...and another account from the locked address too: nobody locks anyone out from elsewhere.
    client.logout()
    make_user("piet@gemeente.nl")
    response = client.post(LOGIN, {"username": "piet@gemeente.nl", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302


def test_the_lockout_page_does_not_reveal_whether_the_account_exists(client):
    make_user("ilse@gemeente.nl")
    known = fail(client, LOGIN, "ilse@gemeente.nl", 5)
    unknown = fail(client, LOGIN, "niemand@gemeente.nl", 5)
    assert known.status_code == unknown.status_code == 429
    page = known.content.decode()
    assert "ilse@gemeente.nl" not in page and "niemand@gemeente.nl" not in unknown.content.decode()
    text = page[page.index("<main") : page.index("</main>")]
    assert text == (lambda p: p[p.index("<main") : p.index("</main>")])(unknown.content.decode())
    assert "/account/wachtwoord/vergeten/" in page


def test_the_admin_login_is_locked_the_same_way(client):
    staff = make_user("redactie@modelgemeente.nl")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    response = client.post(
        ADMIN_LOGIN, {"username": "redactie@modelgemeente.nl", "password": "fout", "next": "/beheer/"}
    )
    assert response.status_code == 200
    assert fail(client, ADMIN_LOGIN, "redactie@modelgemeente.nl", 4).status_code == 429
    response = client.post(
        ADMIN_LOGIN, {"username": "redactie@modelgemeente.nl", "password": PASSWORD, "next": "/beheer/"}
    )
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    # One count for both login pages: the site login is locked for this account and address as well.
    assert client.post(LOGIN, {"username": "redactie@modelgemeente.nl", "password": PASSWORD}).status_code == 429
    response = client.post(
        ADMIN_LOGIN,
        {"username": "redactie@modelgemeente.nl", "password": PASSWORD, "next": "/beheer/"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302


def test_the_lockout_ends_after_the_cool_off_time(client):
    make_user("ilse@gemeente.nl")
    assert fail(client, LOGIN, "ilse@gemeente.nl", 5).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = client.post(LOGIN, {"username": "ilse@gemeente.nl", "password": PASSWORD})
    assert response.status_code == 302


def test_a_successful_login_resets_the_count(client):
    make_user("ilse@gemeente.nl")
    fail(client, LOGIN, "ilse@gemeente.nl", 4)
    assert client.post(LOGIN, {"username": "ilse@gemeente.nl", "password": PASSWORD}).status_code == 302
    client.logout()
    assert fail(client, LOGIN, "ilse@gemeente.nl", 4).status_code == 200


def test_x_forwarded_for_counts_only_behind_trusted_proxies(client, settings):
    request = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"  # a client can type any X-Forwarded-For
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # what our proxy appended; "1.2.3.4" came from the client
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.2.3.4"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.2"  # fewer entries than proxies: not trusted
    bad = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(bad) == "10.0.0.2"


def test_a_spoofed_forwarded_header_does_not_escape_the_lockout(client):
    make_user("ilse@gemeente.nl")
    assert fail(client, LOGIN, "ilse@gemeente.nl", 5).status_code == 429
    response = client.post(
        LOGIN, {"username": "ilse@gemeente.nl", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert response.status_code == 429
