"""The container image and the compose file (Dockerfile, compose.yaml, deploy/, docs/deploy.md).

The first tests read the files: the Dockerfile's stages, user, health check and sources; the packages the
image installs against the imports of the code; compose.yaml's services and that no secret is in it; the
entry point's content steps against scripts/run.sh; the gunicorn settings.

The last test builds the image and runs it (marked slow: minutes). It needs a working podman or docker
engine (`podman info` / `docker info` succeeds), its two base images (present or pullable), and PostgreSQL on
127.0.0.1:5432 where the user postgres may create a database; otherwise it is skipped with the reason.
Where no container registry is reachable, tests/deploy/make-standin-bases.sh makes stand-ins of the base
images from Debian's packages, chosen with MG_IMAGE_PYTHON_BASE and MG_IMAGE_NODE_BASE (docs/deploy.md).
"""

import ast
import fnmatch
import importlib.metadata
import json
import os
import re
import runpy
import shutil
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
import yaml
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from ..conftest import REPO
from ..core.test_settings_doc import environment_variables_read

DOCKERFILE = REPO / "Dockerfile"
COMPOSE = REPO / "compose.yaml"
ENTRYPOINT = REPO / "scripts" / "docker-entrypoint.sh"
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"
# Read by the image itself (deploy/gunicorn.conf.py, scripts/docker-entrypoint.sh), not by settings.py.
IMAGE_VARIABLES = {"PORT", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "MIGRATE_ON_START"}
TEST_TOOLS = {"pytest", "pytest-django", "playwright", "ruff", "djlint", "import-linter", "schemathesis", "hypothesis"}


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined, comments left out."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    result = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            result.append((keyword.upper(), " ".join(arguments.split())))
    return result


def dockerignore() -> list[str]:
    lines = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def ignored(path: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(path, p) or path.startswith(p.rstrip("/") + "/") for p in patterns)


def test_the_dockerfile_builds_in_stages_and_runs_gunicorn_as_a_user_with_a_health_check():
    steps = instructions()
    args = dict(a.split("=", 1) for i, a in steps if i == "ARG" and "=" in a)
    assert args["PYTHON_IMAGE"] == "docker.io/library/python:3.11-slim-bookworm"
    froms = [a for i, a in steps if i == "FROM"]
    assert froms == ["${NODE_IMAGE} AS assets", "${PYTHON_IMAGE} AS build", "${PYTHON_IMAGE}"]
    final = steps[max(n for n, (i, _) in enumerate(steps) if i == "FROM") :]
    [user] = [a for i, a in final if i == "USER"]
    assert user.split(":")[0] not in {"root", "0"}
    [healthcheck] = [a for i, a in final if i == "HEALTHCHECK"]
    assert "/gezondheid/" in healthcheck and "curl" not in healthcheck
    assert ("EXPOSE", "8000") in final
    assert ("ENTRYPOINT", '["/app/scripts/docker-entrypoint.sh"]') in final and ("CMD", '["web"]') in final
    assert os.stat(ENTRYPOINT).st_mode & stat.S_IXUSR  # COPY keeps the mode
    # The final stage installs no compiler, no gettext, no Node: only WeasyPrint's libraries and fonts.
    final_run = " ".join(a for i, a in final if i == "RUN")
    assert "libpango-1.0-0" in final_run and "fonts-dejavu-core" in final_run
    assert not re.search(r"\b(gettext|nodejs|npm|gcc|build-essential)\b", final_run)


def test_every_source_the_dockerfile_copies_is_in_the_build_context():
    patterns = dockerignore()
    assert {".git", ".env", ".venv", "node_modules", "var"} <= set(patterns)
    for keyword, arguments in instructions():
        if keyword != "COPY" or arguments.startswith("--from="):
            continue
        *sources, _destination = arguments.split()
        for source in sources:
            assert (REPO / source).exists(), source
            assert not ignored(source, patterns), f"{source} is left out by .dockerignore"


def runtime_requirements() -> list[Requirement]:
    """requirements.in above its "# lint gate" line: what the Dockerfile installs (its `sed` rule)."""
    text = (REPO / "requirements.in").read_text(encoding="utf-8")
    assert "\n# lint gate" in text, "the Dockerfile cuts requirements.in at its '# lint gate' line"
    lines = (line.split("#", 1)[0].strip() for line in text.split("\n# lint gate", 1)[0].splitlines())
    return [Requirement(line) for line in lines if line]


def installed_closure(requirements: list[Requirement]) -> set[str]:
    """The distributions these requirements install, with their dependencies (as installed in this venv)."""
    seen: set[tuple[str, frozenset]] = set()
    names: set[str] = set()
    stack = [(r.name, frozenset(r.extras)) for r in requirements]
    while stack:
        name, extras = stack.pop()
        if (canonicalize_name(name), extras) in seen:
            continue
        seen.add((canonicalize_name(name), extras))
        names.add(canonicalize_name(name))
        for line in importlib.metadata.requires(name) or []:
            dependency = Requirement(line)
            environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if dependency.marker is None or any(dependency.marker.evaluate(e) for e in environments):
                stack.append((dependency.name, frozenset(dependency.extras)))
    return names


def third_party_modules() -> set[str]:
    """Top-level modules the application imports: its `import` statements and the dotted paths in its
    settings (apps, middleware, backends), plus what the image runs (gunicorn) and the drivers it loads."""
    modules = {"gunicorn", "psycopg", "redis"}
    for path in (REPO / "src" / "modelgemeente").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    dotted = [*settings.INSTALLED_APPS, *settings.MIDDLEWARE, *settings.AUTHENTICATION_BACKENDS]
    dotted += [*settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"], settings.STORAGES["staticfiles"]["BACKEND"]]
    modules.update(name.split(".")[0] for name in dotted)
    return modules - set(sys.stdlib_module_names) - {"modelgemeente", "__future__"}


def test_the_image_installs_every_package_the_code_imports_and_no_test_tool():
    closure = installed_closure(runtime_requirements())
    providers = importlib.metadata.packages_distributions()
    for module in sorted(third_party_modules()):
        assert module in providers, f"{module} is imported but not installed here"
        assert {canonicalize_name(d) for d in providers[module]} & closure, (
            f"{module} is imported but not installed by the runtime part of requirements.in"
        )
    assert not closure & {canonicalize_name(t) for t in TEST_TOOLS}, closure & TEST_TOOLS
    # The lock pins every one of them (pip install -c requirements.lock).
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines()
    pinned = {canonicalize_name(line.split("==")[0]) for line in lock if "==" in line}
    assert closure <= pinned, closure - pinned


def test_compose_has_postgres_the_app_and_an_optional_valkey_and_no_secret():
    text = COMPOSE.read_text(encoding="utf-8")
    compose = yaml.safe_load(text)
    services = compose["services"]
    db, app, cache = services["db"], services["app"], services["cache"]
    assert db["image"] == "docker.io/library/postgres:15"
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]  # a named volume, not a folder of the host
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert app["build"] == "."
    assert app["depends_on"]["db"] == {"condition": "service_healthy"}
    assert app["depends_on"]["cache"]["required"] is False
    assert cache["image"] == "docker.io/valkey/valkey:8" and cache["profiles"] == ["cache"]
    environment = app["environment"]
    # Secrets come from .env (interpolated), never as a value in this file.
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert db["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert environment["DATABASE_URL"] == "postgres://modelgemeente:${POSTGRES_PASSWORD}@db:5432/modelgemeente"
    assert environment["EMAIL_HOST_PASSWORD"] == "${EMAIL_HOST_PASSWORD:-}"
    # Every variable given to the app is one the application reads (no typo goes unnoticed).
    read = environment_variables_read((REPO / "src/modelgemeente/config/settings.py").read_text(encoding="utf-8"))
    assert not set(environment) - read - IMAGE_VARIABLES, set(environment) - read - IMAGE_VARIABLES
    # The variables compose requires are in .env.example, empty where they are secrets.
    example = dict(
        line.split("=", 1) for line in (REPO / ".env.example").read_text(encoding="utf-8").splitlines() if "=" in line
    )
    required = set(re.findall(r"\$\{([A-Z_]+):\?", text))
    assert required == {"SECRET_KEY", "POSTGRES_PASSWORD"} and required <= set(example)
    assert example["SECRET_KEY"] == example["POSTGRES_PASSWORD"] == ""
    assert ".env" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()


def manage_steps(text: str) -> list[str]:
    """The content-loading manage.py commands of a shell script, one line each, in order."""
    text = re.sub(r"\\\n\s*", " ", text)
    pattern = r"\bmanage(?:\.py)?\s+((?:load_edition|publish_release|load_consultation_examples)\b[^\n]*)"
    return [" ".join(step.split()) for step in re.findall(pattern, text)]


def test_the_entry_points_load_content_does_what_run_sh_does():
    entrypoint = ENTRYPOINT.read_text(encoding="utf-8")
    run = (REPO / "scripts" / "run.sh").read_text(encoding="utf-8")
    assert manage_steps(entrypoint) == manage_steps(run)
    assert [step.split()[0] for step in manage_steps(run)] == [
        "load_edition",
        "publish_release",
        "load_consultation_examples",
    ]
    assert "for edition in content/editions/*/; do" in entrypoint


def gunicorn_settings(monkeypatch, **environment) -> dict:
    for name in (*IMAGE_VARIABLES, "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return {k: v for k, v in runpy.run_path(str(GUNICORN_CONF)).items() if not k.startswith("_")}


def test_the_gunicorn_settings_are_valid_and_follow_the_environment(monkeypatch):
    from gunicorn.config import Config

    defaults = gunicorn_settings(monkeypatch)
    config = Config()
    for name, value in defaults.items():
        if name in config.settings:
            config.set(name, value)  # gunicorn's own validation
    assert config.workers == 2 and config.timeout == 120 and config.bind == ["0.0.0.0:8000"]
    assert config.wsgi_app == "modelgemeente.config.wsgi:application"
    handlers = defaults["logconfig_dict"]["handlers"]
    assert handlers["access"]["stream"] == "ext://sys.stdout"
    assert defaults["logconfig_dict"]["formatters"]["access"] == {"()": "modelgemeente.core.logs.AccessJsonFormatter"}

    chosen = gunicorn_settings(monkeypatch, WEB_CONCURRENCY="4", PORT="9000", GUNICORN_TIMEOUT="300", LOG_FORMAT="text")
    assert (chosen["workers"], chosen["bind"], chosen["timeout"]) == (4, ["0.0.0.0:9000"], 300)
    assert "format" in chosen["logconfig_dict"]["formatters"]["access"]


# --- building and running the image -------------------------------------------------------------------


def working_engine() -> str | None:
    for engine in ("podman", "docker"):
        if shutil.which(engine):
            answer = subprocess.run([engine, "info"], capture_output=True, timeout=60)
            if answer.returncode == 0:
                return engine
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (http://127.0.0.1 only)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.slow
def test_the_image_builds_and_its_health_check_answers_ok(tmp_path):
    engine = working_engine()
    if engine is None:
        pytest.skip("no working container engine: neither `podman info` nor `docker info` succeeds")
    bases = {
        "PYTHON_IMAGE": os.environ.get("MG_IMAGE_PYTHON_BASE", "docker.io/library/python:3.11-slim-bookworm"),
        "NODE_IMAGE": os.environ.get("MG_IMAGE_NODE_BASE", "docker.io/library/node:22-bookworm-slim"),
    }
    for base in bases.values():
        if subprocess.run([engine, "image", "inspect", base], capture_output=True, timeout=60).returncode != 0:
            pulled = subprocess.run([engine, "pull", base], capture_output=True, text=True, timeout=600)
            if pulled.returncode != 0:
                reason = (pulled.stderr.strip().splitlines() or ["?"])[-1]
                pytest.skip(f"base image {base} is not here and cannot be pulled ({reason})")
    psycopg = pytest.importorskip("psycopg")
    admin = os.environ.get("MG_IMAGE_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        connection = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL at {admin}: {error}")
    database = "mg_image"
    database_url = admin.rsplit("/", 1)[0] + f"/{database}"
    image = "localhost/open-modelgemeente:test"
    name = f"mg-image-test-{uuid.uuid4().hex[:8]}"
    port = free_port()
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')
        try:
            started = time.monotonic()
            build = [engine, "build", "--network=host", "-t", image]
            build += ["--format", "docker"] if engine == "podman" else []  # the OCI format drops HEALTHCHECK
            build += [f"--build-arg={k}={v}" for k, v in bases.items()]
            built = subprocess.run([*build, str(REPO)], capture_output=True, text=True, timeout=1800)
            assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
            build_seconds = time.monotonic() - started

            environment = ["-e", f"SECRET_KEY=throwaway-{uuid.uuid4().hex}{uuid.uuid4().hex}"]
            environment += ["-e", f"DATABASE_URL={database_url}", "-e", f"PORT={port}"]
            run = [engine, "run", "--network=host", *environment]
            started = time.monotonic()
            subprocess.run([*run, "-d", "--name", name, "-e", "MIGRATE_ON_START=1", image], check=True, timeout=120)
            health_url = f"http://127.0.0.1:{port}/gezondheid/"
            while True:
                try:
                    status, body = get(health_url)
                    break
                except OSError:
                    running = subprocess.run([engine, "inspect", "-f", "{{.State.Running}}", name], capture_output=True)
                    logs = subprocess.run([engine, "logs", name], capture_output=True, text=True).stderr
                    assert running.stdout.strip() == b"true", logs[-3000:]
                    assert time.monotonic() - started < 180, "no answer within 180 s:\n" + logs[-3000:]
                    time.sleep(1)
            start_seconds = time.monotonic() - started
            assert status == 200, body
            assert json.loads(body)["status"] == "ok" and json.loads(body)["database"] == "ok"

            # The image's own HEALTHCHECK command, run in the container.
            inspected = subprocess.run(
                [engine, "image", "inspect", "-f", "{{json .Config.Healthcheck}}", image],
                capture_output=True,
                text=True,
                check=True,
            )
            check = json.loads(inspected.stdout)["Test"]
            assert check[0] == "CMD"
            assert subprocess.run([engine, "exec", name, *check[1:]], timeout=30).returncode == 0
            user = subprocess.run([engine, "exec", name, "id", "-u"], capture_output=True, text=True, check=True)
            assert user.stdout.strip() != "0"

            # whitenoise serves the collected static files (the NL Design System CSS from node_modules).
            status, _ = get(f"http://127.0.0.1:{port}/static/vendor/htmx/htmx.min.js")
            assert status == 200
            # The content editions load as scripts/run.sh loads them; then the home page shows them.
            loaded = subprocess.run([*run, "--rm", image, "load-content"], capture_output=True, text=True, timeout=600)
            assert loaded.returncode == 0, loaded.stdout[-3000:] + loaded.stderr[-3000:]
            status, home = get(f"http://127.0.0.1:{port}/")
            assert status == 200 and b"2026" in home

            # PDF exports can render (Pango and the DejaVu fonts), every module imports, no test tool is there.
            probe = (
                "import importlib, importlib.util, pkgutil, django, weasyprint, modelgemeente\n"
                "pdf = weasyprint.HTML(string='<p style=\"font-family: DejaVu Sans\">€ 3,06 mln</p>').write_pdf()\n"
                "assert pdf.startswith(b'%PDF-'), pdf[:10]\n"
                "django.setup()\n"
                "names = [m.name for m in pkgutil.walk_packages(modelgemeente.__path__, 'modelgemeente.')]\n"
                "[importlib.import_module(n) for n in names]\n"
                f"print(len(names), [t for t in {sorted(TEST_TOOLS)!r} if importlib.util.find_spec(t.replace('-', '_'))])\n"
            )
            probed = subprocess.run([*run, "--rm", image, "python", "-c", probe], capture_output=True, text=True)
            assert probed.returncode == 0, probed.stderr[-3000:]
            modules, tools = probed.stdout.split(" ", 1)
            assert int(modules) > 100 and tools.strip() == "[]"

            # The container's log: one JSON object per line, the access log has the health checks.
            logs = subprocess.run([engine, "logs", name], capture_output=True, text=True, check=True)
            entries = [json.loads(line) for line in (logs.stdout + logs.stderr).splitlines() if line.startswith("{")]
            assert any(e.get("path") == "/gezondheid/" and e.get("status") == 200 for e in entries)
            print(f"\nimage built in {build_seconds:.0f} s; healthy {start_seconds:.0f} s after start")
        finally:
            subprocess.run([engine, "rm", "-f", name], capture_output=True, timeout=120)
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
