"""One environment-driven settings file (see README, "Configuration")."""

import os
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


DEBUG = env_bool("TAIZHANG_DEBUG")
DATA_DIR = Path(os.environ.get("TAIZHANG_DATA_DIR", CHECKOUT_DIR / "data")).resolve()

# Without TAIZHANG_SECRET_KEY, a development key: commands and tests run, but the web server
# refuses to start with it unless debug is on (taizhang/core/checks.py), whatever else is set.
DEVELOPMENT_SECRET_KEY = "django-insecure-taizhang-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("TAIZHANG_SECRET_KEY", "") or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("TAIZHANG_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("TAIZHANG_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_tables2",
    "treebeard",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "taizhang.core",
    "taizhang.security",
    "taizhang.supervision",
    "taizhang.projects",
    "taizhang.rectification",
    "taizhang.intake",
    "taizhang.people",
    "taizhang.welfare",
    "taizhang.retirees",
    "taizhang.land",
    "taizhang.volunteers",
    "taizhang.party",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "taizhang.core.middleware.LocaleMiddleware",
    "taizhang.core.middleware.CleanInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "taizhang.core.middleware.RequestIdMiddleware",
    "taizhang.core.middleware.ApiErrorShapeMiddleware",
    "taizhang.security.middleware.SessionLimitsMiddleware",
    "taizhang.security.middleware.AccountRequirementsMiddleware",
    "taizhang.core.middleware.LoginRequiredMiddleware",
    "taizhang.core.middleware.NumbersOutOfRangeMiddleware",
    "taizhang.core.aggregates.VersionsMiddleware",
]

ROOT_URLCONF = "taizhang.urls"
WSGI_APPLICATION = "taizhang.wsgi.application"
AUTH_USER_MODEL = "core.User"
CSRF_FAILURE_VIEW = "taizhang.core.views.errors.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in, sessions and passwords (等保2.0 level 3; README, "Security"). The backend refuses
# locked accounts and addresses and counts failures (taizhang/security/lockout.py).
AUTHENTICATION_BACKENDS = ["taizhang.security.backends.LockingModelBackend"]
TAIZHANG_LOGIN_FAILURE_LIMIT = env_int("TAIZHANG_LOGIN_FAILURE_LIMIT", 5)
TAIZHANG_ADDRESS_FAILURE_LIMIT = env_int("TAIZHANG_ADDRESS_FAILURE_LIMIT", 20)
TAIZHANG_LOGIN_FAILURE_WINDOW_MINUTES = env_int("TAIZHANG_LOGIN_FAILURE_WINDOW_MINUTES", 15)
TAIZHANG_LOCKOUT_MINUTES = env_int("TAIZHANG_LOCKOUT_MINUTES", 30)
# Proxies whose X-Forwarded-For is believed (addresses or networks); none: REMOTE_ADDR only.
TAIZHANG_TRUSTED_PROXIES = env_list("TAIZHANG_TRUSTED_PROXIES")
TAIZHANG_PASSWORD_MAX_AGE_DAYS = env_int("TAIZHANG_PASSWORD_MAX_AGE_DAYS", 90)
TAIZHANG_SESSION_IDLE_MINUTES = env_int("TAIZHANG_SESSION_IDLE_MINUTES", 30)
TAIZHANG_SESSION_HOURS = env_int("TAIZHANG_SESSION_HOURS", 12)
# Roles that must sign in with a second factor (TOTP); production: the three administrators.
TAIZHANG_OTP_REQUIRED_ROLES = env_list(
    "TAIZHANG_OTP_REQUIRED_ROLES", "" if DEBUG else "district_admin,security_admin,auditor"
)
OTP_TOTP_ISSUER = "Taizhang"
TAIZHANG_AUDIT_RETENTION_DAYS = env_int("TAIZHANG_AUDIT_RETENTION_DAYS", 180)
# Days before a supervision deadline (督办, 专项整治) from which it shows yellow.
TAIZHANG_SUPERVISION_YELLOW_DAYS = env_int("TAIZHANG_SUPERVISION_YELLOW_DAYS", 3)
# Text messages (the welfare hand-out's one-time codes): a class with send(phone, text); the
# default writes them to the log (taizhang/welfare/services/sms.py).
TAIZHANG_SMS_BACKEND = os.environ.get(
    "TAIZHANG_SMS_BACKEND", "taizhang.welfare.services.sms.ConsoleBackend"
)

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
                "taizhang.core.context_processors.navigation",
                "taizhang.core.context_processors.notifications",
                "taizhang.core.context_processors.print_view",
            ],
        },
    },
]


def database(url: str) -> dict[str, Any]:
    """The default database from DATABASE_URL (README, "Database connections"). Each server
    thread keeps its connection across requests (CONN_MAX_AGE, 10 minutes by default), checked
    before a request reuses it (CONN_HEALTH_CHECKS), so no request pays for a new connection;
    on PostgreSQL, with TAIZHANG_DB_POOL, Django's pool (psycopg_pool, the `pool` extra) instead.
    A PostgreSQL connection starts in UTC and without JIT compilation (TAIZHANG_DB_JIT=on
    allows it)."""
    config: dict[str, Any] = dict(
        dj_database_url.parse(
            url, conn_max_age=env_int("TAIZHANG_DB_CONN_MAX_AGE", 600), conn_health_checks=True
        )
    )
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    elif config["ENGINE"].endswith("postgresql"):
        options = config.setdefault("OPTIONS", {})
        # Set at connect, not by a query: UTC (else Django sends SET TIME ZONE on each new
        # connection), and no JIT compilation, which PostgreSQL starts for any query it
        # estimates as costly: the dashboard's traffic-light query (correlated sums per plan
        # row) took 1.7 s of which 1.56 s compiling, 60 ms without (README, "Load (issue 18)").
        setup = "-c TimeZone=UTC" + ("" if env_bool("TAIZHANG_DB_JIT") else " -c jit=off")
        options["options"] = f"{options.get('options', '')} {setup}".strip()
        if env_bool("TAIZHANG_DB_POOL"):
            if find_spec("psycopg_pool") is None:
                raise ImproperlyConfigured(
                    "TAIZHANG_DB_POOL is on but psycopg_pool is not installed: "
                    'pip install "taizhang[pool]".'
                )
            # A pool replaces persistent connections (Django refuses both at once).
            config["CONN_MAX_AGE"] = 0
            options["pool"] = {
                "min_size": env_int("TAIZHANG_DB_POOL_MIN", 2),
                "max_size": env_int("TAIZHANG_DB_POOL_MAX", 8),
                "timeout": 10,
            }
    return config


DATABASES = {
    "default": database(
        os.environ.get("DATABASE_URL", "") or f"sqlite:///{DATA_DIR / 'taizhang.sqlite3'}"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cached aggregates (statistics, warnings, dashboards; core/aggregates.py): Redis shared by
# every process when TAIZHANG_CACHE_URL is set (redis://127.0.0.1:6379/1; the `redis` extra),
# else each process's memory. Either way a figure is never stale: keys carry table versions.
TAIZHANG_CACHE_URL = os.environ.get("TAIZHANG_CACHE_URL", "")
if TAIZHANG_CACHE_URL and find_spec("redis") is None:
    raise ImproperlyConfigured(
        "TAIZHANG_CACHE_URL is set but the Redis client is not installed: "
        'pip install "taizhang[redis]".'
    )
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": TAIZHANG_CACHE_URL,
        "KEY_PREFIX": "taizhang",
    }
    if TAIZHANG_CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "taizhang",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
# Raise, rather than log, when an aggregate reads a table it does not declare (tests).
TAIZHANG_AGGREGATES_STRICT = env_bool("TAIZHANG_AGGREGATES_STRICT")

# Every path that sets a password (forms, admin, createsuperuser, services) applies these.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "taizhang.security.passwords.ComplexityValidator"},
    {"NAME": "taizhang.security.passwords.NotUserNameValidator"},
    {"NAME": "taizhang.security.passwords.HistoryValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Third-party front-end files come from pinned npm packages (package.json), never copies.
NODE_MODULES_DIR = Path(os.environ.get("TAIZHANG_NODE_MODULES", CHECKOUT_DIR / "node_modules"))
VENDOR_FILES = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "echarts.min.js": "echarts/dist/echarts.min.js",
    "pico.min.css": "@picocss/pico/css/pico.min.css",
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "taizhang.core.vendor.VendorFinder",
]

MEDIA_ROOT = DATA_DIR / "media"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if os.environ.get("TAIZHANG_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["TAIZHANG_S3_BUCKET"],
            "endpoint_url": os.environ.get("TAIZHANG_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("TAIZHANG_S3_REGION") or None,
            "access_key": os.environ.get("TAIZHANG_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("TAIZHANG_S3_SECRET_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

TAIZHANG_ATTACHMENT_MAX_BYTES = env_int("TAIZHANG_ATTACHMENT_MAX_MB", 20) * 1024 * 1024
TAIZHANG_IMPORT_MAX_BYTES = env_int("TAIZHANG_IMPORT_MAX_MB", 100) * 1024 * 1024
# The most rows one import's sheet may span, read from the sheet's dimension at upload, so that a
# sheet of a million rows is refused at once rather than after minutes of checking.
TAIZHANG_IMPORT_MAX_ROWS = env_int("TAIZHANG_IMPORT_MAX_ROWS", 300_000)
# A photo larger than this once decoded is refused (decompression bombs); 50 megapixels is
# more than any camera or phone takes.
TAIZHANG_MAX_IMAGE_PIXELS = env_int("TAIZHANG_MAX_IMAGE_MEGAPIXELS", 50) * 1_000_000
# On SQLite an import writes in transactions of about this many seconds and frees the
# database's write lock between them, so others' sign-ins and saves get in (README, "Excel").
TAIZHANG_IMPORT_BATCH_SECONDS = float(os.environ.get("TAIZHANG_IMPORT_BATCH_SECONDS", "0.15"))


def task_queue(redis_url: str) -> tuple[dict, dict]:
    """The task queue (django-tasks) for TASKS, and django-rq's RQ_QUEUES: the database
    backend (no extra server; `taizhang worker` runs its tasks) unless a Redis URL is given,
    then RQ (the `rq` extra: pip install "taizhang[rq]")."""
    if not redis_url:
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, {}
    if find_spec("django_tasks_rq") is None:
        raise ImproperlyConfigured(
            "TAIZHANG_TASKS_REDIS_URL is set but the RQ backend is not installed: "
            'pip install "taizhang[rq]".'
        )
    # An import of 100,000 rows takes minutes; RQ's default would kill it after 3.
    timeout = env_int("TAIZHANG_JOB_TIMEOUT_MINUTES", 240) * 60
    return (
        {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": timeout}},
    )


# Background jobs (imports) run on a task queue, never in the web process (README,
# "Background jobs"): the database backend, or RQ when a Redis URL is given.
TAIZHANG_TASKS_REDIS_URL = os.environ.get("TAIZHANG_TASKS_REDIS_URL", "")
TASKS, RQ_QUEUES = task_queue(TAIZHANG_TASKS_REDIS_URL)
if RQ_QUEUES:
    INSTALLED_APPS.append("django_rq")
# A running job whose worker has given no sign of life (a heartbeat every 30 s) for this long
# is marked failed and its files removed (`taizhang cleanup`, and the worker).
TAIZHANG_JOB_STALE_MINUTES = env_int("TAIZHANG_JOB_STALE_MINUTES", 10)
# Days a finished job's stored upload, error copy and progress file are kept; the job stays.
TAIZHANG_JOB_RETENTION_DAYS = env_int("TAIZHANG_JOB_RETENTION_DAYS", 30)
# The most rows one ledger export may have; above it the person is asked to narrow the filter.
TAIZHANG_EXPORT_MAX_ROWS = env_int("TAIZHANG_EXPORT_MAX_ROWS", 100_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"
DJANGO_TABLES2_PAGE_RANGE = 7

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = TAIZHANG_SESSION_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every page (django-csp): scripts only from our own static files,
# never inline, never eval (htmx is configured not to eval, base.html); styles may be inline
# because ECharts and Pico set them. The API's docs page (Swagger UI, an inline script of
# django-ninja's) is the one exception; API answers are JSON, never rendered as pages.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("TAIZHANG_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("TAIZHANG_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("TAIZHANG_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("TAIZHANG_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("TAIZHANG_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TAIZHANG_LOG_LEVEL", "INFO")},
}

TAIZHANG_SITE_TITLE = _("Taizhang")
# Where the site is reached, for links in e-mails (e.g. https://taizhang.example.gov.cn).
TAIZHANG_SITE_URL = os.environ.get("TAIZHANG_SITE_URL", "http://127.0.0.1:8000")

# Notification e-mail (通知): printed to the console in development; SMTP otherwise (a local
# mail server unless a host is given). A slow server is given up after the timeout.
EMAIL_BACKEND = os.environ.get(
    "TAIZHANG_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("TAIZHANG_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("TAIZHANG_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("TAIZHANG_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("TAIZHANG_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("TAIZHANG_EMAIL_TLS")
EMAIL_USE_SSL = env_bool("TAIZHANG_EMAIL_SSL")
EMAIL_TIMEOUT = env_int("TAIZHANG_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("TAIZHANG_EMAIL_FROM", "taizhang@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Months a retiree's eligibility confirmation may be overdue before the pension is marked to be
# suspended (领取养老金资格认证的宽限期; the district's rule, 3 months unless set).
TAIZHANG_RETIREES_GRACE_MONTHS = env_int("TAIZHANG_RETIREES_GRACE_MONTHS", 3)
