#!/usr/bin/env bash
# One command for the whole test suite: installs what is missing (including
# Debian's Chromium for the browser tests) and runs pytest. Extra arguments go
# to pytest. DATABASE_URL selects the database (default: SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_TEST_TOOLS=1 ./scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
