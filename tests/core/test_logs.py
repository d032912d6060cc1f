"""Structured logs (core/logs.py, deploy/gunicorn.conf.py, docs/deploy.md): a record is one JSON line with
time, level, logger, message, the caller's extra fields and an exception's traceback; gunicorn's access log
is one JSON line per request with its method, path, status and duration, and its own messages are JSON too."""

import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from decimal import Decimal

from gunicorn.glogging import SafeAtoms

from modelgemeente.core.logs import AccessJsonFormatter, JsonFormatter

from ..conftest import REPO


def log_lines(formatter: logging.Formatter, emit) -> list[str]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger("modelgemeente.test_logs")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue().splitlines()


def test_a_record_with_extra_fields_and_an_exception_is_one_json_line():
    def emit(logger):
        try:
            raise ValueError("bedrag <ongeldig>")
        except ValueError:
            logger.error("export van plan %s mislukt", 12, exc_info=True, extra={"plan": 12, "amount": Decimal("3.06")})

    [line] = log_lines(JsonFormatter(), emit)
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "modelgemeente.test_logs"
    assert entry["message"] == "export van plan 12 mislukt"
    assert entry["time"].endswith("+00:00") and entry["time"][:4].isdigit()
    assert entry["plan"] == 12 and entry["amount"] == "3.06"  # a Decimal as text, not a float
    assert entry["exception"].startswith("Traceback (most recent call last):")
    assert "ValueError: bedrag <ongeldig>" in entry["exception"]
    # Nothing of LogRecord's own attributes leaks in.
    assert not {"args", "msg", "exc_info", "levelno", "pathname"} & set(entry)


def test_a_value_that_is_no_json_is_written_as_text():
    [line] = log_lines(JsonFormatter(), lambda logger: logger.warning("vrijgegeven", extra={"on": date(2026, 7, 1)}))
    assert json.loads(line)["on"] == "2026-07-01"


def test_a_gunicorn_access_record_becomes_the_request_fields():
    atoms = SafeAtoms(
        {
            "h": "10.0.0.2",
            "m": "GET",
            "U": '/zoeken/"x"',
            "q": "q=cloud",
            "s": "200",
            "B": 5120,
            "D": 43567,
            "a": "Mozilla/5.0",
            "{x-forwarded-for}i": "203.0.113.7",
        }
    )
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(m)s %(U)s %(s)s", (atoms,), None)
    entry = json.loads(AccessJsonFormatter().format(record))
    assert entry["message"] == 'GET /zoeken/\\"x\\" 200'  # gunicorn's own escaping in the message
    assert entry["path"] == '/zoeken/"x"'  # the field as requested
    assert {k: entry[k] for k in ("method", "query", "status", "bytes", "duration_ms")} == {
        "method": "GET",
        "query": "q=cloud",
        "status": 200,
        "bytes": 5120,
        "duration_ms": 43.6,
    }
    assert entry["remote_addr"] == "10.0.0.2" and entry["forwarded_for"] == "203.0.113.7"
    assert "request_id" not in entry  # absent atoms are left out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_with_the_deploy_settings_logs_json_lines(tmp_path):
    """deploy/gunicorn.conf.py as the image runs it (on SQLite in a temporary VAR_DIR): every line it writes
    is JSON, the access log has the request, the error log gunicorn's own messages."""
    port = free_port()
    (tmp_path / "var" / "staticfiles").mkdir(parents=True)  # as collectstatic leaves it
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CACHE_URL"}
    }
    environment |= {
        "SECRET_KEY": "test-only-key-for-the-gunicorn-log-test-0123456789",
        "VAR_DIR": str(tmp_path / "var"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "LOG_FORMAT": "json",
    }
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(REPO / "deploy" / "gunicorn.conf.py")]
    with (
        open(tmp_path / "out", "w+") as out,
        open(tmp_path / "err", "w+") as err,
        subprocess.Popen(gunicorn, env=environment, cwd=tmp_path, stdout=out, stderr=err) as server,
    ):
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    request = urllib.request.Request(
                        f"http://127.0.0.1:{port}/gezondheid/", headers={"X-Forwarded-For": "203.0.113.7"}
                    )
                    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (http://127.0.0.1)
                        assert json.load(response)["status"] == "ok"
                    break
                except OSError:
                    assert server.poll() is None, (tmp_path / "err").read_text()
                    assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                    time.sleep(0.3)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        stdout = (tmp_path / "out").read_text().splitlines()
        stderr = (tmp_path / "err").read_text().splitlines()

    access = [json.loads(line) for line in stdout]
    [health] = [e for e in access if e["path"] == "/gezondheid/"]
    assert health["logger"] == "gunicorn.access" and health["message"] == "GET /gezondheid/ 200"
    assert health["status"] == 200 and health["method"] == "GET" and health["duration_ms"] > 0
    assert health["forwarded_for"] == "203.0.113.7"
    messages = [json.loads(line) for line in stderr]
    assert {e["logger"] for e in messages} == {"gunicorn.error"}
    assert any(e["message"].startswith("Listening at: http://0.0.0.0:") for e in messages)
