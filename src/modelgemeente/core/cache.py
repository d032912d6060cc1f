"""The server-side cache: the one place for cache keys and get-or-build helpers (docs/architecture.md, "Caching").

What is rendered or built once and kept in Django's cache (settings.CACHES: local memory per process, or one Redis
or Valkey for several instances, CACHE_URL):

- budget reports, rendered fragments of pages (budget tables and charts, a choices form) and export bytes, under a
  key made of everything the output depends on: `release_stamp` for a release, `plan_stamp` for a plan, the
  language, and what the caller adds (the reader's edit right, a format, the digest of an export's extra sections);
- whole pages (`kept_page`; `public_page` for the catalogue's views), in two variants: one for an anonymous visitor
  without a session, one for every signed-in reader (the page shows no name, only that someone is signed in; what
  differs per kind of reader, such as a role, is in the caller's parts). The response body is kept with the CSRF
  token taken out, put back per request, so middleware (security headers, CSP, the CSRF cookie) runs as usual.

A key never has to be deleted: a change gives a new key (a new plan version, a reloaded concept's content hash and
load time, another set of releases), and old entries age out. Stamps are read from the database on every request,
never from a signal, so every process and every instance sees a change at once, also with local memory per process.
Every key carries `code_stamp()`: a new deployment (other templates, code or reference data) never reads an entry an
older one wrote into a shared Redis.

Nothing per request goes into a shared entry: fragments are rendered without a request (no CSRF token, user or
messages); a whole page is kept only for a GET without queued messages, either without a session or with a
signed-in account, and only a 200 without cookies or queued messages that shows no reader's name.
"""

import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterable
from functools import cache as once
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .reads import Rows, fetch_together, fetch_with_session

logger = logging.getLogger(__name__)

# Raise when the shape of what is cached changes without a file change (it is in every key through code_stamp).
FORMAT = 1
DEFAULT_TIMEOUT = object()  # the backend's TIMEOUT (settings.CACHES: a day)
_MISSING = object()


# Stamps: what a cached thing depends on ------------------------------------------------------------------------------


@once
def code_stamp() -> str:
    """The deployed code, templates, translations and reference data: every file of the package and of data/, by
    name, size and modification time (read once per process, a few milliseconds)."""
    roots = [
        Path(__file__).resolve().parent.parent,
        Path(getattr(settings, "DATA_DIR", Path(settings.BASE_DIR) / "data")),
    ]
    parts = [str(FORMAT)]
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                try:
                    stat = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                parts.append(f"{os.path.relpath(os.path.join(folder, name), root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def row_stamp(row) -> tuple:
    """Every stored field of a model row: any saved change to the row gives another stamp (no field list to keep)."""
    if row is None:
        return (None,)
    return (row._meta.label, *(getattr(row, field.attname) for field in row._meta.concrete_fields))


def release_stamp(edition) -> tuple:
    """A release (or a concept): a published release never changes, so its id, number and publication moment name
    it for good; a concept changes when it is reloaded, which sets a new content hash and load time."""
    return (
        "release",
        edition.pk,
        edition.number,
        edition.status,
        edition.content_hash,
        edition.loaded_at,
        edition.published_at,
        edition.salary_table,
    )


def plan_stamp(plan) -> tuple:
    """A plan as its pages and exports show it: the plan row (version, updated_at, status and every other field,
    so a reused id of a deleted plan cannot collide), its organisation's row (name, slug) and its release. Every
    change of a plan's choices, own figures or own lines raises its version (plans/changes.save_change)."""
    return ("plan", row_stamp(plan), row_stamp(plan.organisation), release_stamp(plan.edition))


def digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def make_key(kind: str, *parts) -> str:
    """A cache key: the kind (readable, for a look into Redis) and a digest of the code stamp and the parts."""
    return f"mg:{kind}:{digest(code_stamp(), *parts)}"


# Get or build --------------------------------------------------------------------------------------------------------


def _get(key: str):
    try:
        return cache.get(key, _MISSING)
    except Exception:  # a cache server that does not answer must not take the site down: build instead
        logger.warning("cache: get failed", exc_info=True)
        return _MISSING


def _set(key: str, value, timeout=DEFAULT_TIMEOUT) -> None:
    try:
        if timeout is DEFAULT_TIMEOUT:
            cache.set(key, value)
        else:
            cache.set(key, value, timeout)
    except Exception:
        logger.warning("cache: set failed", exc_info=True)


def get_or_build(key: str, build: Callable, timeout=DEFAULT_TIMEOUT):
    """The cached value under `key`, or `build()` stored under it."""
    value = _get(key)
    if value is _MISSING:
        value = build()
        _set(key, value, timeout)
    return value


def fragment(kind: str, parts: Iterable, build: Callable[[], str], timeout=DEFAULT_TIMEOUT):
    """A rendered piece of a page (or a dict of pieces) in the active language, under `kind` and `parts`. `build`
    renders without a request, so nothing of one reader can end up in another reader's page."""
    return get_or_build(make_key(kind, get_language(), *parts), build, timeout)


# Stamps that apps above register for a page of a lower app -------------------------------------------------------------

_page_stamps: dict[str, list[Callable]] = {}


def register_page_stamp(page: str, provider: Callable) -> None:
    """An app above adds what it shows on a page of a lower app: `provider(**view_kwargs)` returns a
    `core.reads.Rows` query whose rows change when its part of the page does (e.g. the community's proposals on a
    development page). Its rows are read with the page's own stamp in one round trip (`page_stamp_queries`), or on
    their own (`page_stamps`). Registered in AppConfig.ready()."""
    providers = _page_stamps.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)


def page_stamp_queries(page: str, **kwargs) -> list[Rows]:
    return [provider(**kwargs) for provider in _page_stamps.get(page, ())]


def page_stamps(page: str, **kwargs) -> tuple:
    queries = page_stamp_queries(page, **kwargs)
    return tuple(fetch_together(queries)) if queries else ()


# Whole public pages, for anonymous visitors and for signed-in readers -------------------------------------------------

CSRF_PLACEHOLDER = "mg-csrf-token-placeholder"
_CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
MAX_PARAM_LENGTH = 200


# The session key under which django.contrib.messages keeps what does not fit its cookie (SessionStorage).
SESSION_MESSAGES = "_messages"
ANONYMOUS, SIGNED_IN = "anonymous", "signed-in"


def viewer(request) -> str | None:
    """Which kept variant of a page this request may get, or None to render it as usual.

    - ANONYMOUS: no session cookie and no message cookie; the page cannot hold anything of this visitor.
    - SIGNED_IN: a signed-in account with no queued messages. A kept page is the same for every signed-in reader
      (the menu shows "Mijn plannen" and a logout button, never a name); what else a page shows per reader (concepts
      for editors) is in the caller's stamp.
    - None: a session without a signed-in account, or messages waiting to be shown.
    """
    cookies = request.COOKIES
    if "messages" in cookies:
        return None
    if settings.SESSION_COOKIE_NAME not in cookies:
        return ANONYMOUS
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.session.get(SESSION_MESSAGES):
        return None
    return SIGNED_IN


def _known_params(request, params: Iterable[str]) -> bool:
    """Whether the query holds only `params`, once each and short."""
    allowed = set(params)
    return all(
        name in allowed and len(values) == 1 and len(values[0]) <= MAX_PARAM_LENGTH
        for name, values in request.GET.lists()
    )


def _queued_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and getattr(storage, "_queued_messages", None))


def _entry(request, response, kind: str) -> dict | None:
    """What is kept of a page's response for every viewer of `kind`, or None when it must not be kept."""
    if response.status_code != 200 or response.streaming or response.cookies or _queued_messages(request):
        return None
    if response.has_header("Cache-Control") and "private" in response["Cache-Control"]:
        return None
    content = response.content
    for token in set(_CSRF_FIELD.findall(content)):
        content = content.replace(token, CSRF_PLACEHOLDER.encode())
    if _holds_csrf_secret(request, content):
        return None  # a token outside a form field: never shown to another visitor
    if kind == SIGNED_IN and _names_the_reader(request.user, content):
        return None  # a page that shows who reads it is this reader's alone
    return {"content": content, "content_type": response["Content-Type"]}


def _names_the_reader(user, content: bytes) -> bool:
    """Whether the page shows the signed-in reader's e-mail address, user name or full name: a guard, so a page that
    starts to show them (a later template change) is rendered per reader instead of kept for all. A first name alone
    is no guard (it can be any word of the page)."""
    names = {user.get_username(), getattr(user, "email", "")}
    if getattr(user, "first_name", "") and getattr(user, "last_name", ""):
        names.add(user.get_full_name())
    return any(name.encode() in content for name in names if len(name) > 2)


_TOKEN_LIKE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % CSRF_TOKEN_LENGTH)


def _holds_csrf_secret(request, content: bytes) -> bool:
    """Whether the page still carries a token of this visitor's CSRF secret (masked, anywhere)."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return False
    for candidate in set(_TOKEN_LIKE.findall(content)):
        try:
            if _unmask_cipher_token(candidate.decode()) == secret:
                return True
        except (ValueError, IndexError):
            continue
    return False


def _response(request, entry: dict) -> HttpResponse:
    content = entry["content"]
    if CSRF_PLACEHOLDER.encode() in content:
        content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    response = HttpResponse(content, content_type=entry["content_type"])
    # The page was made for any visitor without a session, or for any signed-in reader: which one depends on the
    # cookies (the session middleware says so too when it read the session).
    patch_vary_headers(response, ("Cookie",))
    return response


def kept_page(request, parts: Callable[[], Iterable], build: Callable[[], HttpResponse], timeout=DEFAULT_TIMEOUT):
    """`build()`'s response to this GET, kept whole for every viewer of the same kind (`viewer`: anonymous, or
    signed in) under its path and query, the language and `parts()` (everything else the page shows: stamps of what
    it is made of, the reader's role). Rendered as usual, and not kept, for any other request. Security headers, the
    CSRF cookie and Content-Language are added by the middleware to a kept page as to a rendered one."""
    kind = viewer(request) if request.method in ("GET", "HEAD") else None
    if kind is None:
        return build()
    key = make_key("page", kind, request.path, sorted(request.GET.items()), get_language(), *parts())
    entry = _get(key)
    if entry is not _MISSING:
        return _response(request, entry)
    response = build()
    entry = _entry(request, response, kind)
    if entry is not None:
        _set(key, entry, timeout)
    return response


def public_page(queries: Callable, stamp: Callable, params: Iterable[str] = (), timeout=DEFAULT_TIMEOUT):
    """A view decorator: `kept_page` for a public page, under `stamp(rows, request)` (what the page shows: the
    releases, for instance, and which of them this reader may read), where `rows` are what the `core.reads.Rows`
    queries of `queries(*args, **kwargs)` read: in one round trip with the visitor's session, where it still has to
    be read (`core.reads.fetch_with_session`). A request with a query parameter outside `params` is rendered as usual
    and not kept (no endless keys from made-up queries)."""
    params = tuple(params)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or not _known_params(request, params):
                return view(request, *args, **kwargs)
            rows = fetch_with_session(request, queries(*args, **kwargs))
            return kept_page(
                request,
                lambda: [stamp(rows, request)],
                lambda: view(request, *args, **kwargs),
                timeout,
            )

        return wrapper

    return decorator
