"""Guest Gallery settings: one file, every value from the environment.

The variables are listed in README.md and .env.example. A bad value stops start-up
with a message naming the variable (see config/env.py).
"""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

# --- Core -----------------------------------------------------------------------

DEBUG = env.bool("DEBUG", False)
SECRET_KEY = env.str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set it to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    SECRET_KEY = "django-insecure-debug-only-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entry {_origin!r} must start with http:// or https://."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_q",
    "events",
    "instagram",
    "gallery",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and feed.json travel compressed (static files are pre-compressed by WhiteNoise).
    "django.middleware.gzip.GZipMiddleware",
    # Guests' cached gallery pages and feeds, before sessions, CSRF, auth and routing.
    "gallery.middleware.GuestPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# --- Database, cache, queue ---------------------------------------------------------

DATABASE_URL = env.str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a URL Django supports: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The queue worker and the web processes share one file: write-ahead logging lets
    # readers go on while one writes, and writers wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss:// or unix://."
    )

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", "guestgallery"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "guestgallery",
        }
    }

QUEUE_TIMEOUT = env.int("QUEUE_TIMEOUT", 300, minimum=10)
Q_CLUSTER = {
    "name": "guestgallery",
    "workers": env.int("QUEUE_WORKERS", 2, minimum=1),
    "timeout": QUEUE_TIMEOUT,
    # retry must exceed timeout, or a slow task is handed out twice.
    "retry": QUEUE_TIMEOUT + 60,
    "max_attempts": 3,
    "save_limit": 500,
    "catch_up": False,
    "ack_failures": True,
    "sync": env.bool("QUEUE_SYNC", False),
    "label": "Queue",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
# How old the worker's last heartbeat may be before /healthz reports the queue down.
QUEUE_HEARTBEAT_MAX_AGE = env.int("QUEUE_HEARTBEAT_MAX_AGE", 180, minimum=30)

# --- Auth, i18n ------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", "UTC")
if TIME_ZONE not in zoneinfo.available_timezones():
    raise ImproperlyConfigured(f"TIME_ZONE={TIME_ZONE!r} is not an IANA time zone name.")
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", str(BASE_DIR / "staticfiles"))).resolve()
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(BASE_DIR / "media"))).resolve()

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env.str("AWS_S3_REGION_NAME") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": env.str("AWS_LOCATION"),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", True),
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", 3600 * 24, minimum=60),
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads always stream to a temporary file, never into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 0
FILE_UPLOAD_TEMP_DIR = env.str("FILE_UPLOAD_TEMP_DIR") or None
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", 40, minimum=1)
# Largest decoded image (pixels) an upload may have: guards against decompression bombs.
UPLOAD_MAX_PIXELS = env.int("UPLOAD_MAX_PIXELS", 100_000_000, minimum=1_000_000)

# --- Security ---------------------------------------------------------------------------

# On by default in production; `make run` turns it off to serve plain http on localhost.
HTTPS_ONLY = env.bool("HTTPS_ONLY", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31536000 if HTTPS_ONLY else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS_ONLY)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", HTTPS_ONLY)
_proxy_header = env.list("SECURE_PROXY_SSL_HEADER")
if _proxy_header:
    if len(_proxy_header) != 2:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must be two comma-separated values, "
            "e.g. HTTP_X_FORWARDED_PROTO,https."
        )
    SECURE_PROXY_SSL_HEADER = (_proxy_header[0], _proxy_header[1])
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Email and alerts -------------------------------------------------------------------

ADMINS = [("Admin", address) for address in env.list("ADMINS")]
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "guestgallery@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env.str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Instagram --------------------------------------------------------------------------

IG_APP_ID = env.str("IG_APP_ID")
IG_APP_SECRET = env.str("IG_APP_SECRET")
IG_USER_ID = env.str("IG_USER_ID")
IG_ACCESS_TOKEN = env.str("IG_ACCESS_TOKEN")
FB_APP_ID = env.str("FB_APP_ID")
FB_APP_SECRET = env.str("FB_APP_SECRET")
INSTAGRAM_GRAPH_URL = env.url("INSTAGRAM_GRAPH_URL", "https://graph.instagram.com")
FACEBOOK_GRAPH_URL = env.url("FACEBOOK_GRAPH_URL", "https://graph.facebook.com")
INSTAGRAM_API_URL = env.url("INSTAGRAM_API_URL", "https://api.instagram.com")
INSTAGRAM_AUTHORIZE_URL = env.url(
    "INSTAGRAM_AUTHORIZE_URL", "https://www.instagram.com/oauth/authorize"
)
INSTAGRAM_API_VERSION = env.str("INSTAGRAM_API_VERSION", "v24.0")
if not re.fullmatch(r"v\d+\.\d+", INSTAGRAM_API_VERSION):
    raise ImproperlyConfigured(
        f"INSTAGRAM_API_VERSION={INSTAGRAM_API_VERSION!r} must look like v24.0."
    )
INSTAGRAM_SYNC_MINUTES = env.int("INSTAGRAM_SYNC_MINUTES", 15, minimum=1)
INSTAGRAM_VIDEO_MAX_MB = env.int("INSTAGRAM_VIDEO_MAX_MB", 100, minimum=1)
# Comma list of Fernet keys, newest first; empty: one key derived from SECRET_KEY.
TOKEN_ENCRYPTION_KEY = env.list("TOKEN_ENCRYPTION_KEY")

# --- Logging ------------------------------------------------------------------------------

LOG_LEVEL = env.str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r} is not a logging level.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "include_html": False,
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {
            "handlers": ["stdout", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
        },
    },
}
