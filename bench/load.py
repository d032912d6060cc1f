"""Load benchmark: the app under gunicorn and PostgreSQL with production settings (issue 17, docs/performance.md).

One command, from the repository root:

    .venv/bin/python bench/load.py --label after

It installs what it needs if missing (Debian's wrk and nginx, pinned versions below), creates its own
PostgreSQL database (mg_bench on 127.0.0.1:5432, user postgres; dropped and created anew), loads the content
as scripts/run.sh does, makes a benchmark organisation, editor and plan (bench/load_setup.py), starts
gunicorn (2 sync workers) with production settings and nginx (the model budget page's HTML as a static file),
and measures p50/p95 latency and throughput at 1 and 20 concurrent connections. The table is printed and
written to bench/results/<label>.json and .md. gunicorn and nginx are stopped at the end, also on an error.

Other uses:

    .venv/bin/python bench/load.py --label before --root /tmp/before   # another checkout of the project
    .venv/bin/python bench/load.py --label after --profile-pdf          # + cProfile of one cold plan PDF
    .venv/bin/python bench/load.py --show before                        # a stored result's table
    .venv/bin/python bench/load.py --compare before after               # before/after per target
    .venv/bin/python bench/load.py --compare before after --write-docs  # ... and into docs/performance.md

Catalogue and plan pages are measured with wrk (a Lua script, bench/load.lua, reports the percentiles).
The plan downloads (XLSX, PDF) are measured by counted requests instead (a 4-second PDF gives a 10-second
wrk run too few samples): after a warm-up, one connection with N requests (the "single" times), and
20 connections with 2 requests each.
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "results"
DOCS = REPO / "docs" / "performance.md"
DOCS_START = "<!-- bench:results:start (written by bench/load.py --write-docs) -->"
DOCS_END = "<!-- bench:results:end -->"

# Debian bookworm's versions, pinned (apt-cache policy wrk nginx). Not in scripts/setup.sh: CI doesn't run this.
APT_PINS = {"wrk": "4.1.0-3+b2", "nginx": "1.22.1-9+deb12u11", "nginx-common": "1.22.1-9+deb12u11"}

# Before the counted export requests, not counted: two at a time, so that each worker (with a cache of its own by
# default) has made the export once. (Results before this was written down had 2 requests one after the other.)
EXPORT_WARMUP = "4 requests, 2 at a time"
SEARCH_QUERY = "informatiebeveiliging"  # as in bench/load_setup.py

# What is measured, in table order: key, title, group (which target applies), how it is measured.
PAGES = [
    ("home", "Home", "catalogue", "wrk"),
    ("development", "Development page (2026)", "catalogue", "wrk"),
    ("budget", "Model budget (2026)", "catalogue", "wrk"),
    ("search", f"Search '{SEARCH_QUERY}'", "catalogue", "wrk"),
    # The public catalogue as a visitor without an account sees it (no session cookie). The rows above are
    # the same pages for the logged-in information manager.
    ("home_anon", "Home, anonymous", "catalogue", "wrk"),
    ("development_anon", "Development page (2026), anonymous", "catalogue", "wrk"),
    ("budget_anon", "Model budget (2026), anonymous", "catalogue", "wrk"),
    ("search_anon", f"Search '{SEARCH_QUERY}', anonymous", "catalogue", "wrk"),
    ("plan", "Plan overview", "plan", "wrk"),
    ("choices", "Plan choices page", "choices", "wrk"),
    ("xlsx", "Plan XLSX", "xlsx", "count"),
    ("pdf", "Plan PDF", "pdf", "count"),
]

# Issue 17, part 2. p95 at 20 connections in ms; "ratio": throughput at 20 against the static file;
# "single": the median of single requests (1 connection, one after the other) in ms.
TARGETS = {
    "catalogue": {"p95_20": 100, "ratio": 1 / 20},
    "plan": {"p95_20": 150},
    "choices": {"p95_20": 200},
    "xlsx": {"single": 150},
    "pdf": {"single": 1000},
}


ANONYMOUS = "_anon"


def cookie_for(key: str, cookie: str) -> str:
    """The logged-in session's cookie, or none for a page measured as an anonymous visitor."""
    return "" if key.endswith(ANONYMOUS) else cookie


# Small helpers ------------------------------------------------------------------------------------


def say(text):
    print(f"[bench] {text}", flush=True)


def run(cmd, **kwargs):
    """A command of our own making (no shell); fails loudly."""
    return subprocess.run(cmd, check=True, **kwargs)  # noqa: S603


def start(cmd, log: Path, **kwargs) -> subprocess.Popen:
    """A server in its own process group, so that stopping it stops its workers too (in the benchmark's session,
    so in its scheduler group: see prioritise)."""
    with log.open("ab") as out:
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, process_group=0, **kwargs)  # noqa: S603


def stop(process: subprocess.Popen | None):
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * p // 100) - 1)]


def loadavg():
    return [round(x, 2) for x in os.getloadavg()]


class CpuMeter:
    """How much CPU other processes took during a measurement, in cores: all busy time (/proc/stat) less that of
    this benchmark (itself, wrk, gunicorn's and nginx's process groups, PostgreSQL's backends for its database).
    The load average only says that the machine was busy; this says how much of it was someone else."""

    def __init__(self, groups, db_name):
        self.groups, self.db_name = groups, db_name
        self.tick = os.sysconf("SC_CLK_TCK")

    def ours(self) -> float:
        ticks, groups = 0, self.groups()
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                mine = int(fields[2]) in groups
                if not mine and "postgres" in stat[: stat.rindex(")")]:
                    mine = f" {self.db_name} ".encode() in Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ")
                if mine:
                    ticks += int(fields[11]) + int(fields[12])
            except (OSError, ValueError, IndexError):
                continue
        me = os.times()  # this process, and its children that have ended (wrk)
        return ticks / self.tick + me.user + me.system + me.children_user + me.children_system

    @staticmethod
    def busy() -> float:
        values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = values[3] + values[4]
        return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")

    def sample(self):
        return time.monotonic(), self.busy(), self.ours()

    @staticmethod
    def others(first, last) -> float:
        seconds = last[0] - first[0]
        return round(max(0.0, (last[1] - first[1]) - (last[2] - first[2])) / seconds, 2) if seconds > 0 else 0.0


def version_of(package: str) -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)  # noqa: S603,S607
    return out.stdout.strip() or "?"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def ensure_tools():
    """wrk and nginx from Debian's packages, the pinned versions (only what is missing)."""
    wanted = []
    if not shutil.which("wrk"):
        wanted.append("wrk")
    if not nginx_binary():
        wanted += ["nginx", "nginx-common"]
    if not wanted:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    pinned = [f"{name}={APT_PINS[name]}" for name in wanted]
    say(f"installing {' '.join(pinned)} (apt-get)")
    run([*sudo, "apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL)
    install = [*sudo, "apt-get", "install", "-y", "-q", "--no-install-recommends"]
    try:
        run([*install, *pinned], env=env, stdout=subprocess.DEVNULL)
    except subprocess.CalledProcessError:
        # A Debian security update replaces the pinned version in the archive: say so, take the current one
        # (the result records the versions that were used).
        say(f"pinned versions not available; installing the current {' '.join(wanted)} (update APT_PINS)")
        run([*install, *wanted], env=env, stdout=subprocess.DEVNULL)


def http_get(port, path, headers=None, timeout=120):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def cookies_of(headers) -> dict:
    jar = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return {key: morsel.value for key, morsel in jar.items()}


def wait_until_up(port, path, process, what, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped at start (exit {process.returncode}); see its log")
        try:
            status, _headers, _body = http_get(port, path, timeout=5)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer on port {port} within {seconds} s")


# The run --------------------------------------------------------------------------------------------


class Bench:
    def __init__(self, args):
        self.args = args
        self.root = args.root.resolve()
        python = self.root / ".venv" / "bin" / "python"
        self.python = str(python if python.exists() else Path(sys.executable))
        self.tmp = Path(tempfile.mkdtemp(prefix="mg-bench-"))
        self.gunicorn = self.nginx = None
        self.db_url = f"{args.db_server.rstrip('/')}/{args.db_name}"
        self.env = self.app_env()
        self.cpu = CpuMeter(self.process_groups, args.db_name)

    def process_groups(self) -> set:
        return {p.pid for p in (self.gunicorn, self.nginx) if p is not None}

    def app_env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"}}
        env |= {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SECURE_COOKIES": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.db_url,
            "CONN_MAX_AGE": "60",
            "VAR_DIR": str(self.tmp / "var"),
            "LOG_LEVEL": "WARNING",
        }
        if self.args.cache_url:
            env["CACHE_URL"] = self.args.cache_url
        return env

    def settings(self) -> dict:
        shown = ["DEBUG", "SECURE_COOKIES", "ALLOWED_HOSTS", "DATABASE_URL", "CONN_MAX_AGE", "LOG_LEVEL", "CACHE_URL"]
        return {k: self.env.get(k, "") for k in shown} | {"SECRET_KEY": "(random)", "VAR_DIR": "(temporary)"}

    def manage(self, *args, log="setup.log"):
        with (self.tmp / log).open("ab") as out:
            run([self.python, "manage.py", *args], cwd=self.root, env=self.env, stdout=out, stderr=subprocess.STDOUT)

    def in_project(self, *args) -> dict:
        out = run(
            [self.python, str(BENCH / "load_setup.py"), *args, "--root", str(self.root)],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])

    # Database and data

    def create_database(self):
        import psycopg
        from psycopg import sql

        say(f"database {self.args.db_name}: dropped and created anew")
        with psycopg.connect(f"{self.args.db_server.rstrip('/')}/postgres", autocommit=True) as conn:
            name = sql.Identifier(self.args.db_name)
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
            self.pg_version = conn.execute("SHOW server_version").fetchone()[0]

    def drop_database(self):
        import psycopg
        from psycopg import sql

        with psycopg.connect(f"{self.args.db_server.rstrip('/')}/postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.args.db_name)))

    def load_content(self):
        """As scripts/run.sh does."""
        if not any((self.root / "src").rglob("*.mo")):  # a fresh checkout: scripts/setup.sh would compile them
            self.manage("compilemessages", "-v", "0")
        say("migrate, load the editions, publish 2026, load the consultation examples")
        self.manage("migrate", "--no-input", "-v", "0")
        for edition in sorted((self.root / "content" / "editions").glob("*/")):
            self.manage("load_edition", str(edition.relative_to(self.root)) + "/")
        self.manage(
            "publish_release",
            "2026",
            "begroting_vastgesteld",
            "--if-needed",
            "--date",
            "2026-07-01",
            "--notes-file",
            "content/editions/2026/release-notes.md",
        )
        self.manage("load_consultation_examples")
        (self.tmp / "var").mkdir(exist_ok=True)
        self.manage("collectstatic", "--no-input", "-v", "0")

    # Servers

    def start_gunicorn(self):
        self.port = free_port()
        say(f"gunicorn: 2 sync workers on 127.0.0.1:{self.port}")
        self.gunicorn = start(
            [
                self.python,
                "-m",
                "gunicorn",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--chdir",
                str(self.root),
                "--pythonpath",
                str(self.root / "src"),
                "--log-level",
                "warning",
                "--timeout",
                "120",
                "modelgemeente.config.wsgi:application",
            ],
            self.tmp / "gunicorn.log",
            cwd=self.root,
            env=self.env,
        )
        wait_until_up(self.port, "/", self.gunicorn, "gunicorn")

    def start_nginx(self, html: bytes):
        # The baseline closes every connection, as gunicorn's sync workers do: the ratio then compares the work per
        # request, not the connection handling. The same file with keep-alive (nginx's default) is noted alongside.
        self.static_port, self.static_keepalive_port = free_port(), free_port()
        site = self.tmp / "static"
        site.mkdir()
        (site / "budget.html").write_bytes(html)
        user = "user root;" if os.geteuid() == 0 else ""  # as root, workers would otherwise switch to nobody
        temp = " ".join(
            f"{kind}_temp_path {self.tmp / ('nginx-' + kind)};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        conf = self.tmp / "nginx.conf"
        conf.write_text(
            f"""{user}
worker_processes 2;
daemon off;
pid {self.tmp / "nginx.pid"};
error_log {self.tmp / "nginx-error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html; }}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    {temp}
    server {{
        listen 127.0.0.1:{self.static_port};
        root {site};
        keepalive_timeout 0;
    }}
    server {{
        listen 127.0.0.1:{self.static_keepalive_port};
        root {site};
    }}
}}
"""
        )
        say(f"nginx: the model budget's HTML ({len(html):,} bytes) as a static file on 127.0.0.1:{self.static_port}")
        self.nginx = start(
            [nginx_binary(), "-e", str(self.tmp / "nginx-error.log"), "-p", str(self.tmp), "-c", str(conf)],
            self.tmp / "nginx.log",
        )
        wait_until_up(self.static_port, "/budget.html", self.nginx, "nginx")

    def stop_servers(self):
        stop(self.gunicorn)
        stop(self.nginx)

    # Logging in, as a browser does

    def login(self, path, email, password) -> str:
        status, headers, body = http_get(self.port, path)
        cookies = cookies_of(headers)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not token or "csrftoken" not in cookies:
            raise RuntimeError(f"login page: status {status}, no CSRF token")
        form = urlencode({"csrfmiddlewaretoken": token.group(1).decode(), "username": email, "password": password})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(
                "POST",
                path,
                body=form,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={cookies['csrftoken']}",
                    "Referer": f"http://127.0.0.1:{self.port}{path}",
                },
            )
            response = conn.getresponse()
            response.read()
            session = cookies_of(response.getheaders()).get("sessionid")
        finally:
            conn.close()
        if response.status != 302 or not session:
            raise RuntimeError(f"login failed: status {response.status}")
        return f"sessionid={session}"

    # Measuring

    def wrk(self, port, path, connections, seconds, headers=()) -> dict:
        threads = 1 if connections == 1 else 2
        cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
        cmd += ["-s", str(BENCH / "load.lua")]
        for header in headers:
            cmd += ["-H", header]
        first = self.cpu.sample()
        out = run([*cmd, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout
        others = CpuMeter.others(first, self.cpu.sample())
        line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
        raw = json.loads(line.removeprefix("WRKJSON "))
        errors = sum(raw[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
        return {
            "tool": "wrk",
            "connections": connections,
            "requests": raw["requests"],
            "seconds": round(raw["duration_us"] / 1e6, 2),
            "p50_ms": round(raw["p50_us"] / 1000, 1),
            "p95_ms": round(raw["p95_us"] / 1000, 1),
            "p99_ms": round(raw["p99_us"] / 1000, 1),
            "max_ms": round(raw["max_us"] / 1000, 1),
            "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
            "errors": errors,
            "loadavg": loadavg(),
            "others_cpu": others,
        }

    def counted(self, path, connections, per_connection, cookie) -> dict:
        """`connections` clients, each sending `per_connection` requests one after the other (a new connection
        each time: gunicorn's sync workers close it); latency from connecting to the last byte."""
        times, errors, lock = [], [], threading.Lock()

        def client():
            for _ in range(per_connection):
                begin = time.perf_counter()
                try:
                    status, _h, _b = http_get(self.port, path, {"Cookie": cookie}, timeout=300)
                except OSError as error:
                    status = repr(error)
                elapsed = time.perf_counter() - begin
                with lock:
                    times.append(elapsed)
                    if status != 200:
                        errors.append(status)

        first = self.cpu.sample()
        begin = time.perf_counter()
        clients = [threading.Thread(target=client) for _ in range(connections)]
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        wall = time.perf_counter() - begin
        others = CpuMeter.others(first, self.cpu.sample())
        return {
            "tool": "python http.client",
            "connections": connections,
            "requests": len(times),
            "seconds": round(wall, 2),
            "p50_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(percentile(times, 95) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1),
            "rps": round(len(times) / wall, 2),
            "errors": len(errors),
            "loadavg": loadavg(),
            "others_cpu": others,
        }

    def drain(self):
        """Requests wrk left queued when it stopped are still served: wait for them before the next run."""
        for _ in range(2):
            http_get(self.port, "/favicon.ico", timeout=300)
        time.sleep(0.5)

    def measure_page(self, key, path, how, cookie) -> dict:
        a = self.args
        headers = [f"Cookie: {cookie}"] if cookie else []
        result = {}
        if how == "wrk":
            for connections in (1, 20):
                self.wrk(self.port, path, connections, a.warmup, headers)  # warm-up, not counted
                self.drain()
                result[f"c{connections}"] = self.wrk(self.port, path, connections, a.duration, headers)
                self.drain()
        else:
            runs = a.single_runs if key == "xlsx" else a.pdf_runs
            self.counted(path, 2, 2, cookie)  # EXPORT_WARMUP, not counted
            result["c1"] = self.counted(path, 1, runs, cookie)
            result["c20"] = self.counted(path, 20, a.per_connection, cookie)
        return result

    def go(self):
        a = self.args
        started = datetime.now(UTC)
        load_start = loadavg()
        ensure_tools()
        self.create_database()
        self.load_content()
        data = self.in_project("plan")
        say(
            f"plan {data['plan']} on release {data['edition']} ({data['developments']} developments), v{data['plan_version']}"
        )
        say(f"cold exports in-process ({a.cold_runs} runs each)")
        extra = ["--profile-pdf"] if a.profile_pdf else []
        cold = self.in_project("exports", "--plan", str(data["plan"]), "--runs", str(a.cold_runs), *extra)
        profile = cold.pop("pdf_profile", None)

        self.start_gunicorn()
        cookie = self.login(data["urls"]["login"], data["email"], data["password"])
        pages = {}
        for key, title, group, _how in PAGES:
            path = data["urls"][key.removesuffix(ANONYMOUS)]
            status, headers, body = http_get(self.port, path, {"Cookie": cookie_for(key, cookie)})
            if status != 200:
                raise RuntimeError(f"{title} ({path}): status {status}")
            pages[key] = {"title": title, "group": group, "path": path, "bytes": len(body)}
            pages[key]["content_type"] = dict((k.lower(), v) for k, v in headers).get("content-type", "")
            if key == "budget":
                budget_html = body
        self.start_nginx(budget_html)
        say(f"static file at 20 connections ({a.duration} s)")
        self.wrk(self.static_port, "/budget.html", 20, a.warmup)
        static = self.wrk(self.static_port, "/budget.html", 20, a.duration)
        say(f"static: {static['rps']:,.0f} req/s, p95 {static['p95_ms']} ms")
        self.wrk(self.static_keepalive_port, "/budget.html", 20, a.warmup)
        keepalive = self.wrk(self.static_keepalive_port, "/budget.html", 20, a.duration)
        say(f"static with keep-alive: {keepalive['rps']:,.0f} req/s, p95 {keepalive['p95_ms']} ms")
        for key, title, _group, how in PAGES:
            say(f"{title}: measuring")
            pages[key] |= self.measure_page(key, pages[key]["path"], how, cookie_for(key, cookie))
            c1, c20 = pages[key]["c1"], pages[key]["c20"]
            say(
                f"{title}: p95 {c1['p95_ms']} ms at 1, {c20['p95_ms']} ms at 20, {c20['rps']} req/s"
                + (f"  ({c1['errors'] + c20['errors']} errors!)" if c1["errors"] + c20["errors"] else "")
            )
        self.stop_servers()
        result = {
            "label": a.label,
            "date": started.isoformat(timespec="seconds"),
            "root": str(self.root),
            "commit": git(self.root, "rev-parse", "HEAD"),
            "uncommitted_changes": bool(git(self.root, "status", "--porcelain", "--untracked-files=no")),
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "loadavg_start": load_start,
                "loadavg_end": loadavg(),
            },
            "tools": {
                "wrk": version_of("wrk"),
                "nginx": version_of("nginx"),
                "postgresql": self.pg_version,
                "gunicorn": gunicorn_version(self.python),
                "python": platform.python_version(),
            },
            "settings": self.settings(),
            "method": {
                "duration_s": a.duration,
                "warmup_s": a.warmup,
                "gunicorn": "2 sync workers",
                "nginx": "2 worker processes, keepalive_timeout 0 (as gunicorn's sync workers); defaults otherwise",
                "wrk_threads": {"1": 1, "20": 2},
                "single_runs": {"xlsx": a.single_runs, "pdf": a.pdf_runs},
                "per_connection_at_20": a.per_connection,
                "export_warmup": EXPORT_WARMUP,
                "nice": os.getpriority(os.PRIO_PROCESS, 0),
                "autogroup": autogroup(),
            },
            "data": {k: v for k, v in data.items() if k not in {"password"}},
            "static": static | {"bytes": len(budget_html), "connections": "closed after each response"},
            "static_keepalive": keepalive | {"bytes": len(budget_html)},
            "pages": pages,
            "exports_cold": cold,
        }
        measured = [static, keepalive] + [page[c] for page in pages.values() for c in ("c1", "c20")]
        result["machine"]["others_cpu_mean"] = round(statistics.mean(m["others_cpu"] for m in measured), 2)
        result["machine"]["others_cpu_max"] = max(m["others_cpu"] for m in measured)
        result["verdicts"] = verdicts(result)
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"{a.label}.json").write_text(json.dumps(result, indent=2) + "\n")
        (RESULTS / f"{a.label}.md").write_text(report(result))
        if profile:
            (RESULTS / f"{a.label}-pdf-profile.txt").write_text(profile)
            say(f"PDF profile: {RESULTS / (a.label + '-pdf-profile.txt')}")
        print()
        print(report(result))
        say(f"written: {RESULTS / (a.label + '.json')} and .md")


def autogroup() -> str:
    try:
        return Path("/proc/self/autogroup").read_text().strip()
    except OSError:
        return ""


def git(root, *args) -> str:
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)  # noqa: S603,S607
    return out.stdout.strip()


def gunicorn_version(python) -> str:
    out = subprocess.run([python, "-c", "import gunicorn; print(gunicorn.__version__)"], capture_output=True, text=True)  # noqa: S603
    return out.stdout.strip()


# Judging and reporting ------------------------------------------------------------------------------


def ratio(page, static) -> float:
    return page["c20"]["rps"] / static["rps"]


def verdicts(result) -> dict:
    """Per page: each target with the measured figure and whether it is met."""
    out = {}
    for key, page in result["pages"].items():
        checks = []
        if not (page["c1"]["requests"] and page["c20"]["requests"]):
            out[key] = [{"what": "completed requests", "value": 0, "limit": 1, "met": False}]
            continue
        for name, limit in TARGETS[page["group"]].items():
            if name == "p95_20":
                value = page["c20"]["p95_ms"]
                checks.append({"what": "p95 at 20", "value": value, "limit": limit, "met": value < limit})
            elif name == "ratio":
                value = ratio(page, result["static"])
                checks.append({"what": "throughput / static", "value": value, "limit": limit, "met": value >= limit})
            elif name == "single":
                value = page["c1"]["p50_ms"]
                checks.append({"what": "single (median)", "value": value, "limit": limit, "met": value < limit})
        out[key] = checks
    return out


def ms(value) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:,.0f}"


def fraction(value) -> str:
    return f"1/{1 / value:,.0f}" if value > 0 else "0"


def target_text(group) -> str:
    parts = []
    for name, limit in TARGETS[group].items():
        if name == "p95_20":
            parts.append(f"p95 < {limit} ms at 20")
        elif name == "ratio":
            parts.append(f"≥ {fraction(limit)} of static")
        else:
            parts.append(f"< {limit:,} ms single")
    return "; ".join(parts)


def check_text(check) -> str:
    if check["what"] == "completed requests":
        return "none completed"
    if check["what"] == "throughput / static":
        return fraction(check["value"])
    return f"{ms(check['value'])} ms"


def latencies(measured) -> str:
    if not measured["requests"]:
        return "none completed"
    return f"{ms(measured['p50_ms'])} / {ms(measured['p95_ms'])}"


def table(result) -> str:
    static = result["static"]
    rows = [
        "| page | p50 / p95 at 1 (ms) | p50 / p95 at 20 (ms) | req/s at 20 | ratio to static | target | met |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for key, page in result["pages"].items():
        c1, c20 = page["c1"], page["c20"]
        html = page["group"] in {"catalogue", "plan", "choices"}
        met = all(c["met"] for c in result["verdicts"][key])
        errors = c1["errors"] + c20["errors"]
        rows.append(
            f"| {page['title']} | {latencies(c1)} | {latencies(c20)} "
            f"| {c20['rps']:,.1f} | {fraction(ratio(page, static)) if html else '–'} | {target_text(page['group'])} "
            f"| {'yes' if met else 'no'}{f' ({errors} errors)' if errors else ''} |"
        )
    rows.append(
        f"| *static file (nginx)* | | {ms(static['p50_ms'])} / {ms(static['p95_ms'])} | {static['rps']:,.0f} | 1 | | |"
    )
    keepalive = result.get("static_keepalive")
    if keepalive:
        rows.append(
            f"| *static file, keep-alive* | | {ms(keepalive['p50_ms'])} / {ms(keepalive['p95_ms'])} "
            f"| {keepalive['rps']:,.0f} | | | |"
        )
    return "\n".join(rows)


def cold_text(result) -> str:
    cold = result["exports_cold"]
    pdf = cold["pdf"]
    pages = f", {pdf['pages']} pages" if pdf.get("pages") else ""
    return (
        f"Cold exports (in-process, no cache; median of {len(pdf['runs_ms'])}): "
        f"XLSX {ms(cold['xlsx']['median_ms'])} ms ({cold['xlsx']['bytes']:,} bytes), "
        f"PDF {ms(pdf['median_ms'])} ms ({pdf['bytes']:,} bytes{pages})."
    )


def conditions(result) -> str:
    t, m = result["tools"], result["machine"]
    commit = result["commit"][:7] + (" + uncommitted changes" if result["uncommitted_changes"] else "")
    others = (
        f" Other processes used {m['others_cpu_mean']} cores on average during the measurements "
        f"(at most {m['others_cpu_max']})."
        if "others_cpu_mean" in m
        else ""
    )
    return (
        f"Commit {commit}, {result['date']}; {m['cpus']} cores, load average {m['loadavg_start'][0]} at the start and "
        f"{m['loadavg_end'][0]} at the end (1 min).{others} wrk {t['wrk']}, nginx {t['nginx']}, gunicorn {t['gunicorn']}, "
        f"PostgreSQL {t['postgresql']}, Python {t['python']}; {result['method']['duration_s']} s per measurement "
        f"after {result['method']['warmup_s']} s warm-up."
    )


def report(result) -> str:
    return (
        f"### Benchmark '{result['label']}'\n\n{conditions(result)}\n\n{table(result)}\n\n{cold_text(result)}\n\n"
        "Ratio to static: req/s at 20 connections against nginx serving the model budget's HTML as a file, also "
        "closing each connection (as gunicorn's sync workers do).\n"
        f"XLSX and PDF: 1 connection = {result['method']['single_runs']['xlsx']} (XLSX) and "
        f"{result['method']['single_runs']['pdf']} (PDF) requests one after the other after a warm-up of "
        f"{result['method'].get('export_warmup', '2 requests one after the other')} (not counted); "
        f"20 connections = {result['method']['per_connection_at_20']} requests each.\n"
    )


def load(label) -> dict:
    path = RESULTS / f"{label}.json"
    if not path.exists():
        sys.exit(f"no stored result {path}: run bench/load.py --label {label} first")
    result = json.loads(path.read_text())
    result["verdicts"] = verdicts(result)  # judged by this version's targets
    return result


def pages(pdf) -> str:
    return f" ({pdf['pages']} pages)" if pdf.get("pages") else ""


def comparison(*results) -> str:
    """Per target of the last result, its figure and verdict in every result (the first is "before")."""
    labels = [r["label"] for r in results]
    rows = [
        "| page | target | " + " | ".join(labels) + " | " + " | ".join(f"met {label}" for label in labels) + " |",
        "|---|---|" + "---:|" * len(results) + "---|" * len(results),
    ]
    last = results[-1]
    for key, page in last["pages"].items():
        for check in last["verdicts"][key]:
            limit = fraction(check["limit"]) if check["what"] == "throughput / static" else f"{check['limit']:,} ms"
            if check["what"] == "completed requests":
                limit = "1"
            sign = "≥" if check["what"] in {"throughput / static", "completed requests"} else "<"
            found = [{c["what"]: c for c in r["verdicts"].get(key, [])}.get(check["what"]) for r in results]
            figures = " | ".join(check_text(c) if c else "–" for c in found)
            verdicts = " | ".join(("yes" if c["met"] else "no") if c else "–" for c in found)
            rows.append(f"| {page['title']} | {check['what']} {sign} {limit} | {figures} | {verdicts} |")
    blank = " |" * len(results)
    pdfs = " | ".join(
        f"{ms(r['exports_cold']['pdf']['median_ms'])} ms{pages(r['exports_cold']['pdf'])}" for r in results
    )
    rows.append(f"| Plan PDF, cold (in-process) | – | {pdfs} |{blank}")
    xlsx = " | ".join(f"{ms(r['exports_cold']['xlsx']['median_ms'])} ms" for r in results)
    rows.append(f"| Plan XLSX, cold (in-process) | – | {xlsx} |{blank}")
    return "\n".join(rows)


def docs_section(results: list[dict]) -> str:
    parts = []
    for result in results:
        parts.append(report(result).replace("### Benchmark", "### Measured:", 1))
    if len(results) >= 2:
        names = ", ".join(r["label"] for r in results[:-1]) + f" and {results[-1]['label']}"
        parts.append(f"### Per target: {names}\n\n{comparison(*results)}\n")
    else:
        parts.append(
            "The table after the work on issue 17 is added here when that work has landed, with the same command "
            "(`bench/load.py --label after`), and the per-target comparison with "
            "`bench/load.py --compare before after --write-docs`.\n"
        )
    return "\n".join(parts)


def write_docs(results):
    text = DOCS.read_text()
    if DOCS_START not in text or DOCS_END not in text:
        sys.exit(f"{DOCS} has no section between {DOCS_START} and {DOCS_END}")
    head, rest = text.split(DOCS_START, 1)
    _old, tail = rest.split(DOCS_END, 1)
    DOCS.write_text(f"{head}{DOCS_START}\n\n{docs_section(results)}\n{DOCS_END}{tail}")
    say(f"written: {DOCS}")


def prioritise(nice: int) -> str | None:
    """A higher priority for the benchmark and all it starts (gunicorn, nginx, wrk, the setup), so that other work
    on the machine disturbs the figures less. Linux schedules each session as one group (autogroup) when
    /proc/sys/kernel/sched_autogroup_enabled is 1, and a process's nice value then only counts within its own
    session: the session's group gets the priority too. PostgreSQL's backends keep the server's."""
    os.setpriority(os.PRIO_PROCESS, 0, nice)
    before = re.search(r"nice (-?\d+)", autogroup())
    with contextlib.suppress(OSError):
        Path("/proc/self/autogroup").write_text(str(nice))
    return before.group(1) if before else None


def restore_autogroup(nice: str | None):
    """The session's group outlives the benchmark: give it back its priority."""
    if nice is not None:
        with contextlib.suppress(OSError):
            Path("/proc/self/autogroup").write_text(nice)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", help="name of this run: bench/results/<label>.json and .md")
    parser.add_argument("--root", type=Path, default=REPO, help="the checkout to measure (default: this one)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk measurement (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up before each (default 2)")
    parser.add_argument("--single-runs", type=int, default=20, help="XLSX requests one after the other (20)")
    parser.add_argument("--pdf-runs", type=int, default=10, help="PDF requests one after the other (10)")
    parser.add_argument("--per-connection", type=int, default=2, help="export requests per connection at 20 (2)")
    parser.add_argument("--cold-runs", type=int, default=3, help="in-process export runs each (3)")
    parser.add_argument("--profile-pdf", action="store_true", help="cProfile of one cold PDF, to results/")
    parser.add_argument("--db-server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db-name", default="mg_bench")
    parser.add_argument("--keep-db", action="store_true", help="leave the benchmark database afterwards")
    parser.add_argument("--cache-url", default="", help="CACHE_URL for the app (default: local memory)")
    parser.add_argument(
        "--nice",
        type=int,
        default=-10 if os.geteuid() == 0 else 0,
        help="priority of the benchmark and what it starts (default -10 as root, else 0)",
    )
    parser.add_argument("--show", metavar="LABEL", help="print a stored result's table")
    parser.add_argument(
        "--compare", nargs="+", metavar="LABEL", help="per target, two or more stored results (the first is before)"
    )
    parser.add_argument("--write-docs", action="store_true", help="with --show or --compare: into docs/performance.md")
    args = parser.parse_args()

    if args.compare and len(args.compare) < 2:
        parser.error("--compare needs two or more labels")
    if args.compare or args.show:
        results = [load(label) for label in (args.compare or [args.show])]
        for result in results:
            print(report(result))
        if args.compare:
            print(comparison(*results))
        if args.write_docs:
            write_docs(results)
        return
    if not args.label or not re.fullmatch(r"[\w.-]+", args.label):
        parser.error("--label NAME is needed (letters, digits, . _ -)")

    group_nice = prioritise(args.nice) if args.nice else None
    bench = Bench(args)

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    try:
        bench.go()
    except subprocess.CalledProcessError as error:
        say(f"failed: {error}; logs in {bench.tmp}")
        if error.stderr:
            print(error.stderr[-3000:], file=sys.stderr)
        sys.exit(1)
    except BaseException:
        say(f"stopped; logs in {bench.tmp}")
        raise
    finally:
        bench.stop_servers()
        restore_autogroup(group_nice)
        if not args.keep_db:
            try:
                bench.drop_database()
            except Exception as error:  # noqa: BLE001 - cleaning up; the run's own error matters more
                say(f"could not drop the database: {error}")
    shutil.rmtree(bench.tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
