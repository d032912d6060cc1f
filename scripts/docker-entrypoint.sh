#!/bin/sh
# Entry point of the container image (Dockerfile; docs/deploy.md). The first argument is the command:
#   web            gunicorn on $PORT (the default); with MIGRATE_ON_START=1 it runs `migrate` first
#   migrate        apply the database migrations, then stop
#   load-content   load the content editions, publish the 2026 release if it is not yet, and load the
#                  example regions and provisions: the steps of scripts/run.sh (tests/deploy keeps them equal)
#   manage ARGS    any manage.py command, e.g. `manage send_question_reminders`
#   anything else  run as given (e.g. `sh`)
set -eu
cd /app

manage() {
  python manage.py "$@"
}

load_content() {
  for edition in content/editions/*/; do
    manage load_edition "$edition"
  done
  # The 2026 edition went through both steps of its year before the app kept releases: publish them once.
  manage publish_release 2026 begroting_vastgesteld --if-needed --date 2026-07-01 \
    --notes-file content/editions/2026/release-notes.md
  # Example regions and collective provisions (labelled as examples); never overwrites what administrators changed.
  manage load_consultation_examples
}

command=${1:-web}
[ $# -gt 0 ] && shift
case "$command" in
  web)
    # One instance only: several instances starting at once would race on the migrations.
    if [ "${MIGRATE_ON_START:-0}" = 1 ]; then
      manage migrate --no-input
    fi
    exec gunicorn -c deploy/gunicorn.conf.py
    ;;
  migrate)
    exec python manage.py migrate --no-input
    ;;
  load-content)
    load_content
    ;;
  manage)
    exec python manage.py "$@"
    ;;
  *)
    exec "$command" "$@"
    ;;
esac
