"""Django settings for the qcounty web application.

Everything that differs between the demo, the tests and a deployment comes from the
environment (see docs/deployment.md): DATABASE_URL, QCOUNTY_VAR, QCOUNTY_SECRET_KEY,
QCOUNTY_DEBUG, QCOUNTY_ALLOWED_HOSTS.
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
ALLOWED_HOSTS = os.environ.get("QCOUNTY_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")

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
    "qcounty.web.operations",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
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
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EVIDENCE_MAX_BYTES = int(os.environ.get("QCOUNTY_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 500  # the province uploads a folder of all its counties' workbooks

EMAIL_BACKEND = os.environ.get(
    "QCOUNTY_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("QCOUNTY_FROM_EMAIL", "qcounty@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "qcounty.web.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "qcounty": {"handlers": ["console"], "level": os.environ.get("QCOUNTY_LOG_LEVEL", "INFO")}
    },
}
