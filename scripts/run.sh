#!/usr/bin/env bash
# One command to try Open Modelgemeente: installs what is missing, creates the
# embedded SQLite database (var/), loads the editions (2026 published, 2027 as a concept) and serves the app.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export DEBUG=${DEBUG:-1}
PORT=${PORT:-8000}
.venv/bin/python manage.py migrate --no-input -v 0
for edition in content/editions/*/; do
  .venv/bin/python manage.py load_edition "$edition"
done
# The 2026 edition went through both steps of its year before the app kept releases: publish them once.
.venv/bin/python manage.py publish_release 2026 begroting_vastgesteld --if-needed --date 2026-07-01 \
  --notes-file content/editions/2026/release-notes.md
# Example regions and collective provisions (labelled as examples); never overwrites what administrators changed.
.venv/bin/python manage.py load_consultation_examples
echo
echo "Open Modelgemeente draait op: http://127.0.0.1:${PORT}/"
echo "(stoppen met Ctrl+C)"
echo
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT}"
