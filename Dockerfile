# Open Modelgemeente: the application as one container image (docs/deploy.md).
#
#   docker build -t open-modelgemeente .
#   podman build --format docker -t open-modelgemeente .   (the OCI format has no HEALTHCHECK)
#
# Three stages: the front-end packages (npm ci), the Python packages in a virtualenv with the collected
# static files and compiled translations, and a slim final image with only what runs: Python, the libraries
# WeasyPrint needs for PDF exports, the virtualenv, the code, the content editions and the static files.
# It runs gunicorn as a non-root user on port 8000; whitenoise serves the static files.

ARG PYTHON_IMAGE=docker.io/library/python:3.11-slim-bookworm
ARG NODE_IMAGE=docker.io/library/node:22-bookworm-slim

# --- 1. front-end packages: the NL Design System CSS and htmx (settings.STATICFILES_DIRS) -----------------
FROM ${NODE_IMAGE} AS assets
WORKDIR /build
COPY package.json package-lock.json ./
# Only the dependencies: the dev dependency (Spectral, the OpenAPI linter) is not needed to serve the site.
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# --- 2. Python packages, static files, translations ----------------------------------------------------
FROM ${PYTHON_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
# Only the runtime packages, at the versions of the lock: requirements.in lists them above its
# "# lint gate" line (the lint and test tools below it stay out); requirements.lock pins every version.
COPY requirements.in requirements.lock /tmp/
RUN sed '/^# lint gate/,$d' /tmp/requirements.in > /tmp/requirements-runtime.in \
 && pip install -r /tmp/requirements-runtime.in -c /tmp/requirements.lock

WORKDIR /app
COPY manage.py pyproject.toml LICENSE ./
COPY deploy/gunicorn.conf.py deploy/
COPY scripts/docker-entrypoint.sh scripts/
COPY content content/
COPY data data/
COPY src src/
# The three folders of settings.STATICFILES_DIRS, not the whole node_modules.
COPY --from=assets /build/node_modules/@utrecht/component-library-css/dist node_modules/@utrecht/component-library-css/dist/
COPY --from=assets /build/node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/
COPY --from=assets /build/node_modules/htmx.org/dist node_modules/htmx.org/dist/
# No secret is needed to compile translations or collect static files (DEBUG=1 lets the settings load).
RUN DEBUG=1 python manage.py compilemessages -v 0 --ignore=node_modules \
 && DEBUG=1 VAR_DIR=/app/var python manage.py collectstatic --no-input -v 0 \
 && python -m compileall -q src

# --- 3. the image that runs -----------------------------------------------------------------------------
FROM ${PYTHON_IMAGE}
# WeasyPrint (PDF exports): Pango with HarfBuzz's subsetter, and the DejaVu fonts the PDF stylesheets name.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 modelgemeente \
 && useradd --uid 10001 --gid modelgemeente --create-home --shell /usr/sbin/nologin modelgemeente
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app/src \
    DJANGO_SETTINGS_MODULE=modelgemeente.config.settings \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VAR_DIR=/app/var \
    PORT=8000
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The code stays root's: the application cannot change it. VAR_DIR itself is the user's (a SQLite file
# for a quick try without PostgreSQL); the collected static files in it are not.
COPY --from=build /app /app
RUN chown modelgemeente:modelgemeente /app/var
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/gezondheid/' % os.environ.get('PORT', '8000'), timeout=4)"]
ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
CMD ["web"]
