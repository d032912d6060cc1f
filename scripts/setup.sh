#!/usr/bin/env bash
# Installs everything Open Modelgemeente needs on a fresh Debian machine:
# system packages (only what is missing), the Python virtualenv from the lock
# file, the front-end packages from package-lock.json, and translations.
# Safe to run again: each step skips what is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
WITH_TEST_TOOLS=${WITH_TEST_TOOLS:-0}

need_apt=()
command -v msgfmt >/dev/null || need_apt+=(gettext)
# WeasyPrint (PDF export) needs Pango.
ldconfig -p | grep -q libpango-1.0 || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
if [ "$WITH_TEST_TOOLS" = 1 ]; then
  # Browser tests drive Debian's Chromium; export tests recalculate spreadsheets in LibreOffice.
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  command -v soffice >/dev/null || need_apt+=(libreoffice-calc)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need_apt[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
if ! cmp -s requirements.lock .venv/.installed-lock 2>/dev/null; then
  echo "==> pip install -r requirements.lock"
  .venv/bin/pip install -q -r requirements.lock
  cp requirements.lock .venv/.installed-lock
fi

if ! cmp -s package-lock.json node_modules/.installed-lock 2>/dev/null; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-lock
fi

# The settings create no directory when imported: the SQLite file and the collected static
# files go to VAR_DIR (default var/), made here.
mkdir -p "${VAR_DIR:-var}/staticfiles"

echo "==> compiling translations"
# Compiling translations needs no secret key: DEBUG=1 lets settings load without one.
DEBUG=1 .venv/bin/python manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules
