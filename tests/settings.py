"""Settings for the test suite: the application's own settings, with a fixed test-only SECRET_KEY.

The settings refuse to start without SECRET_KEY when DEBUG is off, and the suite runs with DEBUG
off, as production does. pytest-django imports the settings before any conftest.py is read, so the
key cannot be set there; this module (DJANGO_SETTINGS_MODULE in pyproject.toml) sets it first.
An explicit SECRET_KEY in the environment wins.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-never-used-outside-the-test-suite-0123456789")

from modelgemeente.config.settings import *  # noqa: E402,F401,F403
