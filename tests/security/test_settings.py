"""Secure defaults of the settings, checked in a fresh process with a given environment: no start
without SECRET_KEY outside DEBUG, and `manage.py check --deploy` clean with the README's production
settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Variables of the test run or the developer's shell that would change the outcome.
SETTINGS_VARIABLES = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)  # set by the browser tests; check --deploy warns about it


def run(code_or_args, tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    environment |= {
        "PYTHONPATH": str(REPO / "src"),
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "modelgemeente.config.settings",
        **env,
    }
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], env=environment, cwd=REPO, capture_output=True, text=True, timeout=120
    )


SETUP = "import django; django.setup(); print('gestart')"


def test_no_start_without_secret_key_outside_debug(tmp_path):
    result = run(SETUP, tmp_path, DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY ontbreekt" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr and "SECRET_KEY is not set" in result.stderr
    assert "gestart" not in result.stdout
    empty = run(SETUP, tmp_path, SECRET_KEY="  ")  # DEBUG off by default; a blank key is no key
    assert empty.returncode != 0 and "SECRET_KEY ontbreekt" in empty.stderr


def test_debug_starts_with_a_random_key_per_process(tmp_path):
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    first, second = run(code, tmp_path, DEBUG="1"), run(code, tmp_path, DEBUG="1")
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.strip()) >= 50 and first.stdout != second.stdout


def test_a_given_secret_key_is_used(tmp_path):
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    result = run(code, tmp_path, SECRET_KEY="een-eigen-sleutel")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "een-eigen-sleutel"


PRODUCTION = {  # README, "Deploying with PostgreSQL"
    "ALLOWED_HOSTS": "modelgemeente.example.nl",
    "CSRF_TRUSTED_ORIGINS": "https://modelgemeente.example.nl",
    "DEBUG": "0",
}


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    result = run(["manage.py", "check", "--deploy"], tmp_path, SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNING" not in result.stderr


def test_check_deploy_is_clean_behind_a_proxy_with_redirect_and_preload(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy"],
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_PROXY_SSL_HEADER="1",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_PRELOAD="1",
        **PRODUCTION,
    )
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_check_deploy_still_warns_about_a_weak_key(tmp_path):
    """The check is not silenced wholesale: a poor production setting is still reported."""
    result = run(["manage.py", "check", "--deploy"], tmp_path, SECRET_KEY="kort", **PRODUCTION)
    assert "security.W009" in result.stderr + result.stdout
