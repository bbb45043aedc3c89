"""Settings for dangvu, read from the environment once, here.

Every variable is optional for development; a bad value stops the start with a message
rather than being guessed at. Production sets DANGVU_SECRET_KEY, DANGVU_DEBUG=0,
DANGVU_ALLOWED_HOSTS and DATABASE_URL (see docs/deploy.md).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}")


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = _env_bool("DANGVU_DEBUG", True)
SECRET_KEY = os.environ.get("DANGVU_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DANGVU_SECRET_KEY must be set when DANGVU_DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = _env_list("DANGVU_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

# Our apps come first: their translations and templates take precedence over Django's own.
INSTALLED_APPS = [
    "dangvu.core",
    "dangvu.access",
    "dangvu.units",
    "dangvu.members",
    "dangvu.documents",
    "dangvu.tracking",
    "dangvu.meetings",
    "dangvu.awards",
    "dangvu.publishing",
    "dangvu.web",
    "dangvu.api",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dangvu.access.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "dangvu.urls"
WSGI_APPLICATION = "dangvu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dangvu.web.context_processors.navigation",
            ],
            "builtins": ["django.templatetags.i18n", "dangvu.web.templatetags.vn"],
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from error
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("DANGVU_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "access.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling: this many failures for one user name within the window lock it for the window.
LOGIN_FAILURE_LIMIT = 5
LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS: list[Path] = []  # every app keeps its own catalogue in <app>/locale/
FORMAT_MODULE_PATH = ["dangvu.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("DANGVU_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"
# Import files above this size are refused before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
# A session ends after SESSION_COOKIE_AGE or when the browser closes, whichever comes first (shared computers).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# HTTPS only in production: plain HTTP is redirected, and browsers are told to use HTTPS for the host (HSTS).
# Development and the tests serve plain HTTP (DEBUG on).
SECURE_SSL_REDIRECT = _env_bool("DANGVU_SSL_REDIRECT", not DEBUG)
try:
    SECURE_HSTS_SECONDS = int(os.environ.get("DANGVU_HSTS_SECONDS", "") or (0 if DEBUG else 365 * 24 * 60 * 60))
except ValueError as error:
    raise ImproperlyConfigured(f"DANGVU_HSTS_SECONDS must be a number of seconds: {error}") from error
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Preloading commits the whole domain to HTTPS in browsers' built-in lists: the domain owner's choice, not the app's.
SECURE_HSTS_PRELOAD = _env_bool("DANGVU_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Behind a reverse proxy that ends TLS (nginx), the proxy must set X-Forwarded-Proto, and strip it from clients.
if _env_bool("DANGVU_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DANGVU_LOG_LEVEL", "WARNING")},
}

# Background tasks (Django's Tasks API). "immediate" runs a task in the process that enqueues it, so development,
# tests and a cron-run command need no worker; "db" stores tasks for `manage.py db_worker` (django-tasks-db).
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "db": "django_tasks_db.DatabaseBackend",
}
_TASKS = os.environ.get("DANGVU_TASKS", "") or "immediate"
if _TASKS not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"DANGVU_TASKS must be one of {', '.join(_TASK_BACKENDS)}, not {_TASKS!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_TASKS]}}

# E-mail (the daily reminder digests): printed on the console in development unless an SMTP host is given; in
# production sent through an SMTP relay, the machine's own (localhost) unless another is given.
_EMAIL_HOST = os.environ.get("DANGVU_EMAIL_HOST", "") or ("" if DEBUG else "localhost")
try:
    _EMAIL_PORT = int(os.environ.get("DANGVU_EMAIL_PORT", "") or 25)
except ValueError as error:
    raise ImproperlyConfigured(f"DANGVU_EMAIL_PORT must be a port number: {error}") from error
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": _EMAIL_HOST, "port": _EMAIL_PORT},
        }
        if _EMAIL_HOST
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DANGVU_EMAIL_FROM", "") or "dangvu@localhost"

# Online meetings open a room on the committee's own video-conference server (e.g. a self-hosted Jitsi); dangvu only
# links to it. {uid} is the meeting's unique id.
DANGVU_VIDEO_URL_TEMPLATE = os.environ.get("DANGVU_VIDEO_URL_TEMPLATE", "") or "https://meet.example.vn/dangvu-{uid}"

# Page size of list pages; users may pick one of these.
PAGE_SIZES = [25, 50, 100, 200]

# Demo data seed: fixed so that tests and screenshots are stable.
DEMO_SEED = 2022
