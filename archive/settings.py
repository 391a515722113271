"""Settings of the Nghị sự archive, read from the environment with safe local defaults.

Every piece of runtime state (SQLite database, Whoosh index, uploads) lives under
``ARCHIVE_DATA_DIR`` so that tests and tools can point the whole archive at a
throwaway directory. Nothing here may reach the network.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_count(name, default):
    """A whole number >= 0 from the environment; anything else stops start-up naming the variable."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise RuntimeError(f"{name} must be a whole number of 0 or more, not {value!r}.")
    return int(value)


DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR") or BASE_DIR / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", True)
# The development key is only acceptable with DEBUG on; production must set its own.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "dev-only-insecure-key-nghi-su" if DEBUG else None
)
if not SECRET_KEY:
    raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

# --- Web security (see archive/security.py for the CSP and the throttles) ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    # Production is served over HTTPS. Serving plain HTTP on 127.0.0.1 (load test, a local
    # `make serve`) needs DJANGO_SECURE_SSL_REDIRECT=0 and DJANGO_HSTS_SECONDS=0.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    if env_bool("DJANGO_BEHIND_HTTPS_PROXY", False):  # the proxy terminates TLS and says so
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies whose X-Forwarded-For names the real client (for the per-client throttles).
ARCHIVE_TRUSTED_PROXIES = tuple(
    a.strip() for a in os.environ.get("ARCHIVE_TRUSTED_PROXIES", "").split(",") if a.strip()
)
# Search (page, JSON, CSV, feed) per client: a reader's pace with bursts for facet clicking; 0 = off.
ARCHIVE_SEARCH_RATE_PER_MINUTE = int(os.environ.get("ARCHIVE_SEARCH_RATE_PER_MINUTE", "60"))
ARCHIVE_SEARCH_BURST = int(os.environ.get("ARCHIVE_SEARCH_BURST", "30"))
# Documents each parallel index writer puts in one segment before it starts the next (0: one
# segment per writer and write). Smaller segments shorten the wait at the end of a large ingest
# (less is left to write after the last batch) but every search then reads more segments.
ARCHIVE_INDEX_SEGMENT_DOCS = env_count("ARCHIVE_INDEX_SEGMENT_DOCS", 0)
# CPU seconds the extraction of one file may take before the file fails and the run goes on (0: no
# limit); a 1 MB file of real or crafted text takes well under 5 (bench/README.md).
ARCHIVE_EXTRACT_SECONDS = env_count("ARCHIVE_EXTRACT_SECONDS", 30)
# Admin login: refused for a username after this many failures (a client after twice as many).
ARCHIVE_LOGIN_MAX_FAILURES = int(os.environ.get("ARCHIVE_LOGIN_MAX_FAILURES", "5"))
ARCHIVE_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("ARCHIVE_LOGIN_LOCKOUT_SECONDS", "900"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Shared by all gunicorn workers, so a client cannot multiply its allowance by the worker count.
    "throttle": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache" / "throttle",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # archive first: its rebuild_index / update_index / clear_index replace Haystack's.
    "archive",
    "haystack",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "archive.security.SecurityHeadersMiddleware",
    "archive.security.ThrottleMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "archive.faults.StorageFaultMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

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

import dj_database_url  # noqa: E402  (kept next to the one setting that needs it)
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

# DATABASE_URL (postgres://user:pass@host:5432/archive) switches to PostgreSQL for an archive
# that outgrows one file; unset, the embedded SQLite lives under ARCHIVE_DATA_DIR.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    # gunicorn's sync workers serve one request at a time: keeping the connection saves a
    # TCP + auth round trip per request; health checks drop connections the server closed.
    _max_age = os.environ.get("DATABASE_CONN_MAX_AGE", "60").strip()
    if not _max_age.isdigit():
        raise ImproperlyConfigured(
            f"DATABASE_CONN_MAX_AGE must be a whole number of seconds, not {_max_age!r}."
        )
    try:
        _database = dj_database_url.parse(
            DATABASE_URL, conn_max_age=int(_max_age), conn_health_checks=True
        )
    except (ValueError, KeyError) as exc:
        # Never echo the URL itself: it carries the password.
        raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from None
    if _database["ENGINE"] not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL names {_database['ENGINE']}; the archive supports PostgreSQL "
            "(postgres://…) and SQLite (sqlite:///…) only."
        )
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        _database["ENGINE"] = "archive.db.sqlite3"  # read-only data directories served (archive/db/sqlite3)
    DATABASES = {"default": _database}
else:
    DATABASES = {
        "default": {
            # Django's SQLite backend that also serves a read-only data directory (archive/db/sqlite3).
            "ENGINE": "archive.db.sqlite3",
            "NAME": DATA_DIR / "archive.sqlite3",
            "OPTIONS": {
                "timeout": 30,
                # Readers (searches, pages) go on while an ingest writes; a writer takes its lock
                # when its transaction begins, so two writers queue instead of failing mid-way.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "vi"
# The one language of the site and the admin: LocaleMiddleware must not follow a browser asking for English.
LANGUAGES = [("vi", "Tiếng Việt")]
# Django's admin strings that its own Vietnamese catalogue leaves in English (locale/vi/…/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every worker start when it is missing
MEDIA_ROOT = DATA_DIR / "uploads"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # No manifest: pages render before (or without) collectstatic, with DEBUG on or off.
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
# Serve static/ straight from the finders when collectstatic has not been run (dev, tests).
WHITENOISE_USE_FINDERS = True

# The search engine (archive/search/engines/): "whoosh", embedded files under ARCHIVE_DATA_DIR.
ARCHIVE_SEARCH_ENGINE = os.environ.get("ARCHIVE_SEARCH_ENGINE", "whoosh").strip().lower() or "whoosh"
# The arrays the Whoosh engine keeps for long posting lists (mapped by every search process):
# beside the index unless set, and at most this many MB (least recently used out).
ARCHIVE_SEARCH_ARRAYS_DIR = os.environ.get("ARCHIVE_SEARCH_ARRAYS_DIR", "").strip()
ARCHIVE_SEARCH_ARRAYS_MAX_MB = env_count("ARCHIVE_SEARCH_ARRAYS_MAX_MB", 1024)
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "archive.search.engines.whoosh.backend.VietnameseWhooshEngine",
        "PATH": str(DATA_DIR / "whoosh_index"),
        "INCLUDE_SPELLING": False,
        "BATCH_SIZE": 200,
        # A failed index write raises: Haystack's default swallowed Whoosh's LockError, losing deletes.
        "SILENTLY_FAIL": False,
    }
}
# Ingest indexes in one batch per run and the admin on commit; no per-save signal.
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
