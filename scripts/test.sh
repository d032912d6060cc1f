#!/usr/bin/env bash
# One command for the whole test suite: installs what is missing (including
# Debian's Chromium for the browser tests) and runs pytest. Extra arguments go
# to pytest. DATABASE_URL selects the database (default: SQLite). SKIP_SETUP=1 skips
# the set-up step when it has just run (.ci/run runs two passes side by side after one set-up).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${SKIP_SETUP:-0}" = 1 ] || WITH_TEST_TOOLS=1 ./scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
