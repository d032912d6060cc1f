"""Django settings for Open Modelgemeente.

Everything that differs between a laptop and a server comes from the
environment. Every variable read here is in the table in README.md,
"Configuration" (tests/core/test_settings_doc.py keeps the two in step).

Importing the settings only reads: it creates no directory and writes no
file. VAR_DIR (the SQLite file, collected static files) is created by
scripts/setup.sh; `collectstatic` creates STATIC_ROOT itself.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
CONTENT_DIR = BASE_DIR / "content"
DATA_DIR = BASE_DIR / "data"
NODE_MODULES = BASE_DIR / "node_modules"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        # A server must keep one key: it signs sessions, password-reset and invitation links.
        raise ImproperlyConfigured(
            "SECRET_KEY ontbreekt. Zet de omgevingsvariabele SECRET_KEY op een lange willekeurige waarde, "
            "bijvoorbeeld: export SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') "
            "(alleen voor ontwikkeling op uw eigen computer: DEBUG=1). "
            "| SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random value, "
            "e.g. export SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') "
            "(for development on your own machine only: DEBUG=1)."
        )
    # Development (DEBUG=1) only: a random per-process key; sessions end at every restart.
    SECRET_KEY = secrets.token_urlsafe(50)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "modelgemeente.core",
    "modelgemeente.catalog",
    "modelgemeente.exports",
    "modelgemeente.accounts",
    "modelgemeente.plans",
    "modelgemeente.community",
    "modelgemeente.maturity",
    "modelgemeente.consultation",
    "modelgemeente.api",
]

MIDDLEWARE = [
    "modelgemeente.core.health.HealthCheckMiddleware",  # first: /gezondheid/ before host checks (core/health.py)
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "modelgemeente.config.middleware.ChosenLanguageMiddleware",
    "modelgemeente.api.middleware.ApiMiddleware",  # /api only: API-Version, language, problem+json errors
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "modelgemeente.accounts.middleware.AuthenticationMiddleware",  # Django's, with the account read with the session
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # keep last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "modelgemeente.config.urls"
WSGI_APPLICATION = "modelgemeente.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# VAR_DIR must exist before SQLite can create its file there: scripts/setup.sh makes it (see the docstring).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'modelgemeente.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "plans:dashboard"
LOGOUT_REDIRECT_URL = "catalog:home"
# Login throttling (django-axes, site and admin login): after LOGIN_THROTTLE_ATTEMPTS failures for one
# account from one client address, that account is refused from that address for LOGIN_THROTTLE_MINUTES.
LOGIN_THROTTLE_ATTEMPTS = int(os.environ.get("LOGIN_THROTTLE_ATTEMPTS", "5"))
LOGIN_THROTTLE_MINUTES = int(os.environ.get("LOGIN_THROTTLE_MINUTES", "15"))
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "modelgemeente.accounts.backends.AccountBackend"]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # account and address together: no locking others out
AXES_FAILURE_LIMIT = LOGIN_THROTTLE_ATTEMPTS
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_THROTTLE_MINUTES)
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "modelgemeente.accounts.login_limits.username"  # lower case, like the stored login names
AXES_CLIENT_IP_CALLABLE = "modelgemeente.accounts.login_limits.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# Behind a reverse proxy: the number of proxies of our own in front of the application. Only then is
# X-Forwarded-For read for the client address (the entry that many from the right); 0 = REMOTE_ADDR only.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# E-mail (invitations). Without EMAIL_HOST, messages are written to the console log.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Open Modelgemeente <noreply@localhost>")
# The site's address for links in e-mails sent without a request (reminders from a command).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "modelgemeente.accounts.validators.MinimumLength", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False  # grouping only where a figure is shown, via the nl_format filters

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/utrecht", NODE_MODULES / "@utrecht/component-library-css/dist"),
    ("vendor/theme", NODE_MODULES / "@nl-design-system-unstable/voorbeeld-design-tokens/dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Security headers and HTTPS (docs/security.md). SecurityMiddleware sends them on every response.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Django sends Strict-Transport-Security only on HTTPS responses: a plain-HTTP laptop is not affected.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
if env_bool("SECURE_PROXY_SSL_HEADER"):
    # Only behind a proxy that sets X-Forwarded-Proto itself (and drops a client's): otherwise anyone
    # could claim HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# `check --deploy` warnings that are decisions, not oversights:
# - security.W008 (SECURE_SSL_REDIRECT off): the TLS-terminating web server in front redirects HTTP to
#   HTTPS (README, "Deploying"); SECURE_SSL_REDIRECT=1 lets Django redirect as well.
# - security.W021 (SECURE_HSTS_PRELOAD off): preloading is a promise for a whole registered domain that
#   only its owner can make at hstspreload.org; SECURE_HSTS_PRELOAD=1 once that is done.
SILENCED_SYSTEM_CHECKS = ["security.W008", "security.W021"]

# Content-Security-Policy (django-csp): only this site's own scripts, styles and forms; no inline
# script or style, no framing. Inline SVG charts are markup, not images; `data:` images are
# used by the NL Design System CSS (icons as data URIs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# The API under /api/v1 (docs/api.md): Django REST framework with camelCase JSON, problem+json errors and
# throttling. Rates are "<number>/<second|minute|hour|day>"; the OpenAPI description states them.
API_THROTTLE_ANON = os.environ.get("API_THROTTLE_ANON", "60/minute")
API_THROTTLE_TOKEN = os.environ.get("API_THROTTLE_TOKEN", "600/minute")
# The public https address of this site, as the server of the OpenAPI document (placeholder by default).
API_PUBLIC_URL = os.environ.get("API_PUBLIC_URL", "https://modelgemeente.example.nl")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["djangorestframework_camel_case.render.CamelCaseJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["modelgemeente.api.parsers.JSONParser"],
    # Tokens only: no session authentication, so a logged-in browser's cookie is no credential for the API
    # (and the API needs no CSRF protection); without a token a request is anonymous.
    "DEFAULT_AUTHENTICATION_CLASSES": ["modelgemeente.accounts.api_auth.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "modelgemeente.api.throttling.AnonThrottle",
        "modelgemeente.accounts.api_auth.TokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": API_THROTTLE_ANON, "token": API_THROTTLE_TOKEN},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,  # the client address as for the login throttle
    "EXCEPTION_HANDLER": "modelgemeente.api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,  # no ?format=: the media type follows Accept
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# "_links" and "_embedded" are HAL's reserved names: kept as they are, their contents camelCased.
JSON_CAMEL_CASE = {"JSON_UNDERSCOREIZE": {"ignore_keys": ("_links", "_embedded")}}
SPECTACULAR_SETTINGS = {
    "TITLE": "Open Modelgemeente API",
    "VERSION": "1.0.0",
    # info.description (with the throttle rates), info.contact and servers: api/schema.py.
    "LICENSE": {
        "name": "EUPL-1.2",
        "url": "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12",
    },
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "LineKindEnum": "modelgemeente.core.enums.LineKind",
        "PlanStatusEnum": "modelgemeente.core.enums.PlanStatus",
        "SearchKindEnum": "modelgemeente.api.serializers.SEARCH_KINDS",
    },
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
        "modelgemeente.api.schema.declare_info",
        "modelgemeente.api.schema.declare_shared_responses",
        "modelgemeente.api.plan_schema.declare_plan_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",  # served from this site (drf-spectacular-sidecar): the CSP allows no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Cache (docs/performance.md): rendered budget tables, pages and exports, keyed on the release and on the plan
# version (core/cache.py), so a change is seen at once. Local memory per process by default; several
# instances share one Redis or Valkey: CACHE_URL=redis://host:6379/0.
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "TIMEOUT": 24 * 3600}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    )
}
# Sessions stay in the database (accounts.Session), read with their account in one query (accounts/sessions/). With
# a shared cache they are also read through it (accounts/sessions/cached_db.py, Django's cached_db made safe for a
# cache that is down: written to both, read from the cache); a logout deletes the session in both, so every instance
# sees it at once. Never with local memory: a logout would not reach the other processes.
SESSION_ENGINE = "modelgemeente.accounts.sessions." + ("cached_db" if CACHE_URL else "db")

# Logs go to standard error (docs/deploy.md; standard output stays a command's own): one JSON object per line by
# default (LOG_FORMAT=json), for a log collector; LOG_FORMAT=text for reading on a terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "modelgemeente.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "text" if LOG_FORMAT == "text" else "json"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
