"""Gunicorn settings for Open Modelgemeente (the container image's CMD; docs/deploy.md).

    gunicorn -c deploy/gunicorn.conf.py

Environment: PORT (default 8000; binds 0.0.0.0, the container's own interface; outside a container pass
`-b 127.0.0.1:8000`, which wins over this file), WEB_CONCURRENCY (worker processes, default 2),
GUNICORN_TIMEOUT (seconds a request may take before its worker is restarted, default 120: a plan PDF is
the slowest request), LOG_FORMAT (json, the default, or text) as for the application (settings.py).

Logs: the access log, one line per request, on standard output; gunicorn's own messages on standard error;
both one JSON object per line by the application's formatters (core/logs.py). This file is not named
gunicorn.conf.py at the top of the repository on purpose: gunicorn would then read it for every run started
there (the benchmark in bench/ chooses its own settings).
"""

import os
from pathlib import Path

_JSON = os.environ.get("LOG_FORMAT", "json").strip().lower() != "text"

wsgi_app = "modelgemeente.config.wsgi:application"
pythonpath = str(Path(__file__).resolve().parent.parent / "src")  # the image sets PYTHONPATH too
bind = [f"0.0.0.0:{int(os.environ.get('PORT', '8000'))}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5  # behind a reverse proxy that keeps connections open
# The workers' heartbeat files on a RAM disk: a container's overlay file system can stall them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (heartbeats, no data)
control_socket_disable = True  # no `gunicornc` control socket in $HOME: nothing uses it

accesslog = "-"
errorlog = "-"
# The message of an access line; the JSON formatter adds the fields (core/logs.AccessJsonFormatter).
access_log_format = "%(m)s %(U)s %(s)s" if _JSON else '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "error": (
            {"()": "modelgemeente.core.logs.JsonFormatter"}
            if _JSON
            else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
        ),
        "access": (
            {"()": "modelgemeente.core.logs.AccessJsonFormatter"}
            if _JSON
            else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
        ),
    },
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": "error", "stream": "ext://sys.stderr"},
        "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"},
    },
    # The application's own logging (settings.LOGGING) replaces the root logger's when a worker loads it.
    "root": {"level": "WARNING", "handlers": ["error"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}
