#!/usr/bin/env bash
# The OpenAPI document against the Dutch API Design Rules (Spectral, pinned in package.json):
# generates the document as /api/v1/openapi.yaml serves it and fails on any error of the ruleset.
# Called by scripts/lint.sh; the ruleset is the copy in src/modelgemeente/api/ruleset/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
DEBUG=1 .venv/bin/python manage.py spectacular --validate --fail-on-warn --file "$out/openapi.yaml"
npx --no-install spectral lint --fail-severity error \
  -r src/modelgemeente/api/ruleset/adr-linter.yaml "$out/openapi.yaml"
