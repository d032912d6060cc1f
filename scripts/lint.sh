#!/usr/bin/env bash
# The lint gate: the same checks in CI (.ci/run), locally (.pre-commit-config.yaml) and by hand.
# Fails on the first finding. Tools are pinned in requirements.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/ruff ] || ./scripts/setup.sh
echo "--- ruff check";            .venv/bin/ruff check .
echo "--- ruff format --check";   .venv/bin/ruff format --check .
echo "--- djlint (templates)";    .venv/bin/djlint src --lint
echo "--- import contracts";      PYTHONPATH=src .venv/bin/lint-imports --no-cache
echo "--- migrations complete";   DEBUG=1 .venv/bin/python manage.py makemigrations --check --dry-run
echo "--- OpenAPI document (API Design Rules)"; ./scripts/lint-api.sh
