"""Structured logs: one JSON object per line (settings.LOGGING, deploy/gunicorn.conf.py, docs/deploy.md).

Every record has time (ISO 8601, UTC), level, logger and message; an exception adds its traceback, and
the extra fields a caller passes (`logger.info("...", extra={"plan": 12})`) are kept as keys. Values that
are not JSON (a Decimal, a date) are written as text.

The application logs to standard error (settings.LOGGING); under gunicorn, its error log goes there too
and its access log, one line per request written by AccessJsonFormatter, to standard output. There is no
request log of the application's own: gunicorn's access log has each request's method, path, status and
duration, and Django's "django.request" logger adds the traceback of a server error.
"""

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime

# The attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        entry |= self.fields(record)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

    def fields(self, record: logging.LogRecord) -> dict:
        """Keys a subclass adds from the record itself."""
        return {}


def _atom(atoms: Mapping, key: str) -> str | None:
    """One of gunicorn's access log atoms, as it was sent ("-" means absent; gunicorn escapes quotes)."""
    value = atoms.get(key)
    if value in (None, "-", ""):
        return None
    return str(value).replace('\\"', '"')


class AccessJsonFormatter(JsonFormatter):
    """gunicorn's access log (deploy/gunicorn.conf.py): a record whose args are gunicorn's atoms becomes one
    line with method, path, query, status, bytes, duration_ms, remote_addr, forwarded_for, request_id and
    user_agent (the absent ones left out); the message is "GET /path 200" (access_log_format)."""

    def fields(self, record: logging.LogRecord) -> dict:
        atoms = record.args
        if not isinstance(atoms, Mapping):
            return {}
        fields: dict = {
            "method": _atom(atoms, "m"),
            "path": _atom(atoms, "U"),
            "query": _atom(atoms, "q"),
            "status": _number(atoms.get("s")),
            "bytes": _number(atoms.get("B")),
            "duration_ms": round(atoms["D"] / 1000, 1) if isinstance(atoms.get("D"), int) else None,
            "remote_addr": _atom(atoms, "h"),
            # gunicorn lower-cases the header names of the atoms it collected
            "forwarded_for": _atom(atoms, "{x-forwarded-for}i"),
            "request_id": _atom(atoms, "{x-request-id}i"),
            "user_agent": _atom(atoms, "a"),
        }
        return {key: value for key, value in fields.items() if value is not None}


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
