"""Settings of the Nghị sự archive, read from the environment with safe local defaults.

Every piece of runtime state (SQLite database, Whoosh index, uploads) lives under
``ARCHIVE_DATA_DIR`` so that tests and tools can point the whole archive at a
throwaway directory. Nothing here may reach the network, and nothing here raises over
a bad value: variables are read with django-environ, a value that does not parse keeps
its default and is listed in ARCHIVE_SETTINGS_PROBLEMS, which archive/checks.py reports
as system check errors naming the variable.
"""
import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
_env = environ.Env()
# (variable, what is wrong): reported by archive.checks; never holds a secret's value.
ARCHIVE_SETTINGS_PROBLEMS = []
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def env_bool(name, default):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in _TRUE | _FALSE:
        ARCHIVE_SETTINGS_PROBLEMS.append((name, f"{name} must be one of 1/0, true/false, yes/no, on/off, "
                                                f"not {os.environ[name]!r}."))
        return default
    return _env.bool(name)


def env_count(name, default):
    """A whole number >= 0 from the environment (else the default, and a system check error)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = _env.int(name)
    except ValueError:
        number = -1
    if number < 0:
        ARCHIVE_SETTINGS_PROBLEMS.append((name, f"{name} must be a whole number of 0 or more, not {value!r}."))
        return default
    return number


def env_list(name, default):
    return [item.strip() for item in _env.list(name, default=default) if item.strip()]


DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR") or BASE_DIR / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", True)
# The development key is only acceptable with DEBUG on; production must set its own. Left
# empty, Django itself refuses to sign anything, so a missing key can never go unnoticed.
SECRET_KEY = _env.str("DJANGO_SECRET_KEY", default="").strip() or (
    "dev-only-insecure-key-nghi-su" if DEBUG else ""
)
if not SECRET_KEY:
    ARCHIVE_SETTINGS_PROBLEMS.append(("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off."))
# Django's test runner adds "testserver" itself; a deployment never answers to it.
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# --- Web security (archive/security.py glues django-csp, django-axes and django-ratelimit) ---
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
    SECURE_HSTS_SECONDS = env_count("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    if env_bool("DJANGO_BEHIND_HTTPS_PROXY", False):  # the proxy terminates TLS and says so
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies whose X-Forwarded-For names the real client (for the per-client throttles).
ARCHIVE_TRUSTED_PROXIES = tuple(env_list("ARCHIVE_TRUSTED_PROXIES", []))
# Search (page, JSON, CSV, feed) per client: a reader's pace with bursts for facet clicking; 0 = off.
ARCHIVE_SEARCH_RATE_PER_MINUTE = env_count("ARCHIVE_SEARCH_RATE_PER_MINUTE", 60)
ARCHIVE_SEARCH_BURST = env_count("ARCHIVE_SEARCH_BURST", 30)
# Documents each parallel index writer puts in one segment before it starts the next (0: one
# segment per writer and write). Smaller segments shorten the wait at the end of a large ingest
# (less is left to write after the last batch) but every search then reads more segments.
ARCHIVE_INDEX_SEGMENT_DOCS = env_count("ARCHIVE_INDEX_SEGMENT_DOCS", 0)
# Where article files are ingested from: curators see a file's path relative to it (else only its
# folder and name), never the server's absolute layout.
ARCHIVE_INGEST_ROOT = _env.str("ARCHIVE_INGEST_ROOT", default="").strip()
# CPU seconds the extraction of one file may take before the file fails and the run goes on (0: no
# limit); a 1 MB file of real or crafted text takes well under 5 (bench/README.md).
ARCHIVE_EXTRACT_SECONDS = env_count("ARCHIVE_EXTRACT_SECONDS", 30)
# Seconds (on the clock: what a web worker is held) one search (a page, the API, the CSV export, a
# feed) may take before it is refused with a 503 that says so (0: no limit); opening the index and
# loading pyvi are not counted.
ARCHIVE_SEARCH_SECONDS = env_count("ARCHIVE_SEARCH_SECONDS", 2)
# Milliseconds on the clock a reading request (GET, HEAD: any page, the API, an export) may hold a
# web worker, its database queries included, before it is answered 503 (0: no limit); a search's
# budget ends there too. Loading pyvi and opening a changed index are not counted.
ARCHIVE_REQUEST_MS = env_count("ARCHIVE_REQUEST_MS", 1500)
# Admin login: refused for a username after this many failures (a client after twice as many).
ARCHIVE_LOGIN_MAX_FAILURES = env_count("ARCHIVE_LOGIN_MAX_FAILURES", 5) or 5
ARCHIVE_LOGIN_LOCKOUT_SECONDS = env_count("ARCHIVE_LOGIN_LOCKOUT_SECONDS", 900) or 900
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Throttle counters in a SQLite file of their own: shared by all gunicorn workers (a client cannot
    # multiply its allowance by the worker count), incremented atomically, never evicted before they
    # expire, and never waiting for an ingest's transaction on the archive's database.
    # Reader pages rendered once per archive state (archive/aggregates.py cached_page), in files all
    # gunicorn workers share: a page rendered by one worker is served by every other.
    "pages": {"BACKEND": "archive.aggregates.PageFileCache", "LOCATION": DATA_DIR / "cache" / "pages",
              "TIMEOUT": 3600, "OPTIONS": {"MAX_ENTRIES": 20000}},  # zlib-compressed: ~10 KB a page, kept twice
    "ratelimit": {"BACKEND": "archive.counters.SQLiteCounterCache", "LOCATION": DATA_DIR / "counters.sqlite3",
                  "TIMEOUT": None},
}
RATELIMIT_USE_CACHE = "ratelimit"
# Admin lockout (django-axes): failures in the database per username as Django normalises it.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "archive.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "archive.security.axes_client_ip"
AXES_FAILURE_LIMIT = "archive.security.login_failure_limit"
AXES_COOLOFF_TIME = "archive.security.login_cooloff"
AXES_LOCKOUT_CALLABLE = "archive.security.login_locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
SILENCED_SYSTEM_CHECKS = [
    # Clients are counted by address before the password is checked (archive.security.ThrottleMiddleware),
    # so axes' own per-address lockout would only lock out curators sharing one address sooner.
    "axes.W006",
    # archive.counters is our own SQLite backend with atomic increments (tests/test_hostile_web.py).
    "django_ratelimit.W001",
]
# Every script and stylesheet is a file under static/ (Django's admin has no inline ones either).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
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
    "axes",
    "csp",
    "django_ratelimit",
    # archive first: its rebuild_index / update_index / clear_index replace Haystack's.
    "archive",
    "haystack",
]

MIDDLEWARE = [
    "archive.faults.RequestBudgetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Gzip for public pages (never the admin nor a response setting a cookie: BREACH), archive/compression.py.
    "archive.compression.PublicGZipMiddleware",
    "archive.security.PermissionsPolicyMiddleware",
    "archive.security.ThrottleMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "archive.faults.FaultMiddleware",
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

# DATABASE_URL (postgres://user:pass@host:5432/archive) switches to PostgreSQL for an archive
# that outgrows one file; unset, the embedded SQLite lives under ARCHIVE_DATA_DIR.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
_database = None
if DATABASE_URL:
    # gunicorn's sync workers serve one request at a time: keeping the connection saves a
    # TCP + auth round trip per request; health checks drop connections the server closed.
    _max_age = env_count("DATABASE_CONN_MAX_AGE", 60)
    try:
        _database = dj_database_url.parse(DATABASE_URL, conn_max_age=_max_age, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        # Never echo the URL itself: it carries the password.
        ARCHIVE_SETTINGS_PROBLEMS.append(("DATABASE_URL", f"DATABASE_URL cannot be parsed: {exc}"))
    if _database and _database["ENGINE"] not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
        ARCHIVE_SETTINGS_PROBLEMS.append(("DATABASE_URL", (
            f"DATABASE_URL names {_database['ENGINE']}; the archive supports PostgreSQL "
            "(postgres://…) and SQLite (sqlite:///…) only.")))
        _database = None
    if _database and _database["ENGINE"] == "django.db.backends.sqlite3":
        _database["ENGINE"] = "archive.db.sqlite3"  # read-only data directories served (archive/db/sqlite3)
if _database:
    DATABASES = {"default": _database}
else:  # unset, or refused above (the check stops start-up; nothing is written meanwhile)
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
# Articles from which a batch is indexed by parallel writer processes (below it, starting them costs
# more than one writer saves).
ARCHIVE_INDEX_PARALLEL_FROM = env_count("ARCHIVE_INDEX_PARALLEL_FROM", 1000)
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

# --- Email alerts (archive/alerts/, issue #29) ---
# EMAIL_URL (smtp+tls://user:pass@host:587, smtp://…?tls=True, smtp+ssl://…:465) or Django's own EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL; neither: mail is printed on the
# console (development), never sent.
EMAIL_URL = os.environ.get("EMAIL_URL", "").strip()
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if EMAIL_URL:
    try:
        _email = environ.Env.email_url_config(EMAIL_URL)
    except Exception as exc:  # never echo the URL: it carries the password
        ARCHIVE_SETTINGS_PROBLEMS.append(("EMAIL_URL", f"EMAIL_URL cannot be parsed: {type(exc).__name__}"))
        _email = {}
    if _email and _email.get("EMAIL_BACKEND") != "django.core.mail.backends.smtp.EmailBackend":
        ARCHIVE_SETTINGS_PROBLEMS.append(("EMAIL_URL", "EMAIL_URL must be smtp://… or smtp+ssl://… (or smtp+tls://…)."))
        _email = {}
    _options = {k.lower(): str(v).lower() in _TRUE for k, v in _email.pop("OPTIONS", {}).items()}
    globals().update({k: v for k, v in _email.items() if k.startswith("EMAIL_") and v is not None})
    if _options.get("tls"):  # smtp://…?tls=True, as well as smtp+tls://
        EMAIL_USE_TLS = True
    if _options.get("ssl"):
        EMAIL_USE_SSL = True
elif os.environ.get("EMAIL_HOST", "").strip():
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"].strip()
    EMAIL_PORT = env_count("EMAIL_PORT", 25)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if globals().get("EMAIL_USE_TLS") and globals().get("EMAIL_USE_SSL"):
    ARCHIVE_SETTINGS_PROBLEMS.append(("EMAIL_USE_SSL", "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on."))
# A mail server that stops answering must not hold a cron run (or a subscribing reader) for ever.
EMAIL_TIMEOUT = env_count("EMAIL_TIMEOUT", 30) or 30
DEFAULT_FROM_EMAIL = _env.str("DEFAULT_FROM_EMAIL", default="").strip() or "Nghị sự <thongbao@localhost>"
# Links in emails are absolute and no request tells a cron job the site's address.
ARCHIVE_SITE_URL = _env.str("ARCHIVE_SITE_URL", default="").strip().rstrip("/") or "http://127.0.0.1:8000"
if not ARCHIVE_SITE_URL.startswith(("http://", "https://")) or any(c.isspace() for c in ARCHIVE_SITE_URL):
    ARCHIVE_SETTINGS_PROBLEMS.append(("ARCHIVE_SITE_URL", "ARCHIVE_SITE_URL must be an http:// or https:// address."))
    ARCHIVE_SITE_URL = "http://127.0.0.1:8000"
if (not DEBUG and EMAIL_BACKEND.endswith("smtp.EmailBackend")
        and not _env.str("ARCHIVE_SITE_URL", default="").strip()):
    # Mail really goes out: its links must not point at a development address.
    ARCHIVE_SETTINGS_PROBLEMS.append(("ARCHIVE_SITE_URL", "ARCHIVE_SITE_URL must be set (https://…) when email is "
                                                          "sent (EMAIL_URL or EMAIL_HOST) and DJANGO_DEBUG is off."))
# Subscribing: per client and per address per hour (0: no limit), subscriptions per address, and
# how long a confirmation link and the links of a digest (unsubscribe, "your subscriptions") last.
ARCHIVE_ALERTS_PER_CLIENT_HOUR = env_count("ARCHIVE_ALERTS_PER_CLIENT_HOUR", 10)
ARCHIVE_ALERTS_PER_ADDRESS_HOUR = env_count("ARCHIVE_ALERTS_PER_ADDRESS_HOUR", 3)
ARCHIVE_ALERTS_MAX_PER_ADDRESS = env_count("ARCHIVE_ALERTS_MAX_PER_ADDRESS", 20) or 20
ARCHIVE_ALERTS_CONFIRM_DAYS = env_count("ARCHIVE_ALERTS_CONFIRM_DAYS", 7) or 7
ARCHIVE_ALERTS_LINK_DAYS = env_count("ARCHIVE_ALERTS_LINK_DAYS", 60) or 60
# Articles listed in one digest (the rest are counted, with a link to all of them).
ARCHIVE_ALERTS_DIGEST_SIZE = env_count("ARCHIVE_ALERTS_DIGEST_SIZE", 30) or 30
