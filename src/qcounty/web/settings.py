"""Django settings for the qcounty web application.

Everything that differs between the demo, the tests and a deployment comes from the
environment (see docs/deployment.md and deploy/production.env.example): DATABASE_URL,
QCOUNTY_VAR, QCOUNTY_SECRET_KEY, QCOUNTY_DEBUG, QCOUNTY_ALLOWED_HOSTS and the HTTPS variables.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

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
    "qcounty.web.campaigns",
    "qcounty.web.reporting",
    "qcounty.web.evidence",
    "qcounty.web.review",
    "qcounty.web.documents",
    "qcounty.web.bulk",
    "qcounty.web.adjudication",
    "qcounty.web.evaluation",
    "qcounty.web.tasks",
    "qcounty.web.cockpit",
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
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            "NAME": VAR_DIR / "qcounty.sqlite3",
            "OPTIONS": {
                # WAL lets readers work while one writer saves; IMMEDIATE avoids a writer
                # failing half-way when another starts writing at the same time
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks (the province's bulk import): queued in the database and run by
# `manage.py db_worker` (django-tasks-db); the tests run them at once (ImmediateBackend)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
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

# Evidence files live outside every served directory and are read only through a view
# that checks access; any Django storage (S3-compatible included) can replace this one.
EVIDENCE_ROOT = Path(os.environ.get("QCOUNTY_EVIDENCE_ROOT", VAR_DIR / "evidence"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": EVIDENCE_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
EVIDENCE_MAX_BYTES = int(os.environ.get("QCOUNTY_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 500  # the province uploads a folder of all its counties' workbooks

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
