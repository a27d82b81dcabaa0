"""Django settings for the qcounty web application.

Everything that differs between the demo, the tests and a deployment comes from the
environment (see docs/deployment.md and deploy/production.env.example): DATABASE_URL,
QCOUNTY_VAR, QCOUNTY_SECRET_KEY, QCOUNTY_DEBUG, QCOUNTY_ALLOWED_HOSTS and the HTTPS variables.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext

# generic admin and form classes (ModelAdmin[Task], ModelForm[User]) are subscriptable at run time
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parents[2]
VAR_DIR = Path(os.environ.get("QCOUNTY_VAR", REPO_DIR / "var")).resolve()
NODE_MODULES = Path(os.environ.get("QCOUNTY_NODE_MODULES", REPO_DIR / "node_modules"))


def _env_flag(name: str, default: bool = False) -> bool:
    """Return a yes/no variable of the environment ('1', 'true', 'yes', 'on' mean yes)."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _env_list(name: str, default: str = "") -> list[str]:
    """Return a comma-separated variable of the environment as a list without blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Return the key from the environment, or one kept in var/ for this installation."""
    if key := os.environ.get("QCOUNTY_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("QCOUNTY_DEBUG", "0") == "1"
ALLOWED_HOSTS = _env_list("QCOUNTY_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "qcounty.web.organisations",
    "qcounty.web.accounts",
    "qcounty.web.schemes",
    "qcounty.web.campaigns",
    "qcounty.web.reporting",
    "qcounty.web.evidence",
    "qcounty.web.review",
    "qcounty.web.documents",
    "qcounty.web.bulk",
    "qcounty.web.statfeed",
    "qcounty.web.adjudication",
    "qcounty.web.evaluation",
    "qcounty.web.objections",
    "qcounty.web.tasks",
    "qcounty.web.cockpit",
    "qcounty.web.operations",
    "qcounty.web.help",
    "qcounty.web.api",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # before staticfiles: runserver then leaves static files to WhiteNoise, as in production
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "ninja",  # the API's browsable docs from its own static files (no CDN)
    "axes",  # login protection, see the block "Login protection and sessions" below
]

MIDDLEWARE = [
    # first, so that every log record of the request (a redirect or a 500 included) has its id
    "qcounty.web.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "qcounty.web.accounts.sessions.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into the Chinese page
]

ROOT_URLCONF = "qcounty.web.urls"
WSGI_APPLICATION = "qcounty.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "qcounty.sqlite3"),
            "OPTIONS": {
                # WAL lets readers work while one writer saves; IMMEDIATE avoids a writer
                # failing half-way when another starts writing at the same time
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                # wait this many seconds for another writer's lock instead of failing at 5 s
                "timeout": int(os.environ.get("QCOUNTY_SQLITE_TIMEOUT", 20)),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks (the province's bulk import): queued in the database and run by
# `manage.py run_worker` (db_worker kept alive); the tests run them at once (ImmediateBackend)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# no worker heartbeat for this long: the pages say background work is not running, and the
# tasks a silent worker had claimed are queued again (`manage.py run_worker`)
WORKER_STALE_SECONDS = int(os.environ.get("QCOUNTY_WORKER_STALE_SECONDS", 120))
# a generated document (score sheet, Annex 2, evidence package, report) and its file are kept
# this long, then deleted (by a later job, or `manage.py purge_document_jobs` from a timer)
DOCUMENT_JOB_KEEP_HOURS = float(os.environ.get("QCOUNTY_DOCUMENT_JOB_KEEP_HOURS", 24))

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Django's own, with a Chinese message (Django 5's new wording is untranslated)
        "NAME": "qcounty.web.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- Login protection and sessions (issue 11) ------------------------------------------
# django-axes counts failed logins in the database (AccessAttempt; every failure also in
# AccessFailureLog, every sign-in in AccessLog: the audit, shown in the admin) and refuses
# the login form with the page accounts/locked.html (HTTP 429) while an account or an
# address is locked. Two limits, because a county's clerks often reach the site through one
# NAT address: an account is locked after QCOUNTY_AXES_FAILURE_LIMIT failures (whatever the
# address), an address only after QCOUNTY_AXES_IP_FAILURE_LIMIT failures (whatever the
# accounts: password spraying), so one clerk's typos never lock a whole county. A lock
# lasts QCOUNTY_AXES_COOLOFF_MINUTES after the last counted failure; the administrator
# unlocks at once (admin: 用户 → 解除登录锁定, or `manage.py axes_reset_username NAME`).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login outright
    "qcounty.web.accounts.backends.ModelBackend",  # the user with its organisation
    "django.contrib.auth.backends.ModelBackend",  # sessions signed in before it
]
AXES_HANDLER = "qcounty.web.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("QCOUNTY_AXES_FAILURE_LIMIT", "5"))
QCOUNTY_AXES_IP_FAILURE_LIMIT = int(os.environ.get("QCOUNTY_AXES_IP_FAILURE_LIMIT", "100"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("QCOUNTY_AXES_COOLOFF_MINUTES", "30")))
# a refused attempt during a lock neither counts nor prolongs it: the page can say when it ends
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True  # a successful login clears that account's count, not the address's
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "qcounty.web.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Behind N reverse proxies the client is the N-th address from the right of X-Forwarded-For
# (each trusted proxy appends the address it saw); 0 means the app is reached directly.
QCOUNTY_PROXY_COUNT = int(os.environ.get("QCOUNTY_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "qcounty.web.accounts.lockout.client_ip"
# Who a locked-out user should call, shown on the lock-out page (e.g. "省质量强省办 0531-…")
QCOUNTY_SUPPORT_CONTACT = os.environ.get("QCOUNTY_SUPPORT_CONTACT", "")
# A session ends after QCOUNTY_SESSION_IDLE_MINUTES without a request, and at the latest
# SESSION_COOKIE_AGE after sign-in (accounts.sessions.IdleSessionMiddleware).
QCOUNTY_SESSION_IDLE_MINUTES = int(os.environ.get("QCOUNTY_SESSION_IDLE_MINUTES", "120"))
SESSION_COOKIE_AGE = int(os.environ.get("QCOUNTY_SESSION_MAX_HOURS", "12")) * 3600
# --- end of login protection and sessions -----------------------------------------------

# The help's user manuals (qcounty.web.help): `manage.py build_manuals` writes them into the
# first folder, which the help page serves; the end-to-end tests put their screenshots into
# the second (tests/e2e/test_manual_screenshots.py), which the manuals embed.
HELP_MANUALS_DIR = Path(os.environ.get("QCOUNTY_MANUALS_DIR", VAR_DIR / "manuals"))
HELP_SCREENSHOTS_DIR = Path(
    os.environ.get("QCOUNTY_MANUAL_SCREENSHOTS", VAR_DIR / "manual-screenshots")
)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "zh-hans"
# zh-hans only: there is no English catalogue, and offering "en" mixed Django's English
# messages into Chinese pages for browsers that prefer English
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files: served by WhiteNoise (the demo and production alike) -----------------------
# Plain names, compressed copies made by collectstatic: a manifest storage would give hashed
# names (cached forever) but makes `{% static %}` raise until collectstatic has run, and the
# tests and the demo render pages without it. Without collectstatic (demo, tests) WhiteNoise
# serves the files where the finders find them; a deployment runs collectstatic and sets
# QCOUNTY_STATIC_COLLECTED=1 so that only STATIC_ROOT (with its .gz/.br copies) is served.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("QCOUNTY_STATIC_ROOT", VAR_DIR / "static"))
WHITENOISE_USE_FINDERS = not _env_flag("QCOUNTY_STATIC_COLLECTED")
if WHITENOISE_USE_FINDERS:
    # nothing collected, on purpose: an empty STATIC_ROOT spares WhiteNoise's warning that it is missing
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    # front-end libraries from the npm registry (package.json), never committed copies
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]

# Evidence files (and uploaded workbooks, generated documents) live in the default storage:
# a directory outside every served one, or S3-compatible object storage shared by several
# machines (docs/object-storage.md). Either way they are read only through views that check
# access, never through a public URL.
EVIDENCE_ROOT = Path(os.environ.get("QCOUNTY_EVIDENCE_ROOT", VAR_DIR / "evidence"))
STORAGE_KIND = os.environ.get("QCOUNTY_STORAGE", "filesystem")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": EVIDENCE_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if STORAGE_KIND == "s3":
    from qcounty.web.operations.object_storage import s3_storage_options

    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": s3_storage_options(os.environ),
    }
elif STORAGE_KIND != "filesystem":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"QCOUNTY_STORAGE={STORAGE_KIND!r}: expected filesystem or s3")

# Upload limits (issue 11), checked from Content-Length before a byte of a file is kept, then
# again while each file streams in (qcounty.web.uploads); each upload view names its own. The
# reverse proxy's client_max_body_size must exceed QCOUNTY_MAX_UPLOAD_BYTES by at least 1 MB,
# so that the application, not the proxy, answers an upload over a limit (in Chinese).
MAX_UPLOAD_BYTES = int(os.environ.get("QCOUNTY_MAX_UPLOAD_BYTES", 200 * 1024 * 1024))  # bulk
EVIDENCE_MAX_BYTES = int(os.environ.get("QCOUNTY_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))
WORKBOOK_MAX_BYTES = int(os.environ.get("QCOUNTY_WORKBOOK_MAX_BYTES", 20 * 1024 * 1024))
# The date the 公示 period's rules take as today (an ISO date); empty: the real local date.
# For rehearsals and the end-to-end tests only, never in production.
QCOUNTY_TODAY = os.environ.get("QCOUNTY_TODAY", "")
# the bundled scheme the deployment runs: its words (质量强县创建评价系统, 本县工作台 …) head the pages
# that are about no campaign (sign-in, notifications, help, a unit's home before its application)
QCOUNTY_FRAMEWORK = os.environ.get("QCOUNTY_FRAMEWORK", "shandong-county-2022")

# an uploaded scheme file (the Shandong scheme is about 100 KB)
SCHEME_MAX_BYTES = int(os.environ.get("QCOUNTY_SCHEME_MAX_BYTES", 2 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("QCOUNTY_MAX_FORM_BYTES", 5 * 1024 * 1024))
FILE_UPLOAD_HANDLERS = [
    "qcounty.web.uploads.LimitedUploadHandler",  # first: it stops a file before the others see it
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads go to a temporary file
DATA_UPLOAD_MAX_NUMBER_FILES = 500  # the province uploads a folder of all its counties' workbooks

# The data-exchange API (/api/v1/, docs/api.md): each machine token may make API_RATE_LIMIT
# requests within API_RATE_WINDOW_SECONDS (then 429 with Retry-After); a JSON body may be at
# most API_MAX_BODY_BYTES (an evidence upload: EVIDENCE_MAX_BYTES; a statistical feed of up to
# 2,000 figures: API_MAX_FEED_BYTES); a token lives at most API_TOKEN_MAX_DAYS.
API_RATE_LIMIT = int(os.environ.get("QCOUNTY_API_RATE_LIMIT", "120"))
API_RATE_WINDOW_SECONDS = int(os.environ.get("QCOUNTY_API_RATE_WINDOW_SECONDS", "60"))
API_MAX_BODY_BYTES = int(os.environ.get("QCOUNTY_API_MAX_BODY_BYTES", 256 * 1024))
API_MAX_FEED_BYTES = int(os.environ.get("QCOUNTY_API_MAX_FEED_BYTES", 4 * 1024 * 1024))
API_TOKEN_MAX_DAYS = int(os.environ.get("QCOUNTY_API_TOKEN_MAX_DAYS", "366"))

EMAIL_BACKEND = os.environ.get(
    "QCOUNTY_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("QCOUNTY_FROM_EMAIL", "qcounty@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# the SMTP server, when QCOUNTY_EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend
EMAIL_HOST = os.environ.get("QCOUNTY_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("QCOUNTY_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("QCOUNTY_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("QCOUNTY_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_flag("QCOUNTY_EMAIL_USE_TLS")

# --- HTTPS, cookies and headers (see deploy/production.env.example) ----------------------------
# The defaults keep the demo working over plain HTTP on localhost; a deployment behind an
# HTTPS reverse proxy sets the variables below, and `check --deploy` then passes.
CSRF_TRUSTED_ORIGINS = _env_list(
    "QCOUNTY_CSRF_TRUSTED_ORIGINS"
)  # e.g. https://qcounty.example.gov.cn
if _env_flag("QCOUNTY_BEHIND_HTTPS_PROXY"):
    # only behind a proxy that sets (and overwrites) this header: otherwise a client could claim HTTPS
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env_flag("QCOUNTY_SECURE_SSL_REDIRECT")
# a load balancer probes the health endpoint over plain HTTP on the private side
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env_flag("QCOUNTY_SECURE_COOKIES")
# Lax: a link into the site from a notification e-mail still arrives logged in; Strict would not
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = os.environ.get("QCOUNTY_COOKIE_SAMESITE", "Lax")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_HSTS_SECONDS = int(os.environ.get("QCOUNTY_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("QCOUNTY_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _env_flag("QCOUNTY_HSTS_PRELOAD")
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "qcounty.web.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The session's lifetime (SESSION_COOKIE_AGE, QCOUNTY_SESSION_MAX_HOURS) and its expiry after
# inactivity are the accounts block's ("Login protection and sessions").

# --- Content-Security-Policy (django-csp) ------------------------------------------------------
# Nothing inline: scripts and styles come from our own static files (the JSON data blocks of the
# charts are not executed); the favicon is a data: URL; no page may be framed.
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

# --- Logs --------------------------------------------------------------------------------------
# One line a record on stderr (journald keeps it), with the request id, the user and the path;
# 500s are logged by django.request with their traceback whatever DEBUG says, and nothing depends
# on e-mail to the ADMINS. The worker (`db_worker`) raises django_tasks to INFO itself.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "qcounty.web.logs.RequestContextFilter"}},
    "formatters": {
        "one_line": {
            "()": "qcounty.web.logs.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] user=%(user)s "
            "%(path)s: %(message)s",
        }
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_context"],
            "formatter": "one_line",
        }
    },
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django_tasks": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django_tasks_db": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "qcounty": {
            "handlers": ["stderr"],
            "level": os.environ.get("QCOUNTY_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}
