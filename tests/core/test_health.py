"""The health endpoint /gezondheid/ (core/health.py, docs/deploy.md): 200 with "ok" when the database and the
cache answer, 503 with "fout" for what failed and nothing of the cause; it answers a container's own check
whatever ALLOWED_HOSTS and the HTTPS redirect say, sets no cookie and is never stored."""

import logging
import tomllib
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

from modelgemeente.core import health

from ..conftest import REPO

pytestmark = pytest.mark.django_db

VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_a_healthy_instance_answers_ok_and_nothing_more(client):
    assert reverse("health") == "/gezondheid/"
    response = client.get("/gezondheid/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "version": VERSION}
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.cookies


def test_a_logged_in_visitor_gets_the_same_answer_and_no_cookie(client, editor):
    client.force_login(editor)
    response = client.get("/gezondheid/")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_a_database_that_does_not_answer_gives_503_without_the_cause(client, caplog):
    cause = "could not connect to server db.internal.example:5432 as secret-user"
    with mock.patch.object(health, "connection") as connection, caplog.at_level(logging.ERROR):
        connection.cursor.side_effect = OperationalError(cause)
        response = client.get("/gezondheid/")
    assert response.status_code == 503
    assert response.json() == {"status": "fout", "database": "fout", "cache": "ok", "version": VERSION}
    assert "db.internal" not in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    # The cause is in the log, for the operator.
    [record] = [r for r in caplog.records if r.name == "modelgemeente.core.health"]
    assert record.levelno == logging.ERROR and cause in str(record.exc_info[1])


def test_a_cache_that_does_not_answer_gives_503(client):
    with mock.patch.object(health.django_cache, "set", side_effect=ConnectionError("valkey:6379 refused")):
        response = client.get("/gezondheid/")
    assert response.status_code == 503
    assert response.json() == {"status": "fout", "database": "ok", "cache": "fout", "version": VERSION}


@override_settings(ALLOWED_HOSTS=["modelgemeente.example.nl"], SECURE_SSL_REDIRECT=True)
def test_the_container_check_on_127_0_0_1_is_answered_whatever_the_host_settings_say(client):
    """The image's HEALTHCHECK asks http://127.0.0.1:8000/gezondheid/; a server's ALLOWED_HOSTS names its
    public host only and SECURE_SSL_REDIRECT may be on. Other pages keep both rules."""
    response = client.get("/gezondheid/", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    redirect = client.get("/", HTTP_HOST="modelgemeente.example.nl")
    assert redirect.status_code == 301 and redirect["Location"].startswith("https://")


def test_only_reading_is_allowed(client):
    assert client.post("/gezondheid/").status_code == 405
    assert client.head("/gezondheid/").status_code == 200
