"""Settings shared by every environment. Values come from the environment.

Not a settings module of its own: ``local``, ``test`` and ``production`` each add the
database (``DATABASES = database_settings(...)``) and what differs between them.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "django_htmx",
    "csp",
    "axes",
    "pgtrigger",
    "pghistory",
    "procrastinate.contrib.django",
    "apps.core",
    "apps.regions",
    "apps.accounts",
    "apps.institutions",
    "apps.residents",
    "apps.rehabilitation",
    "apps.tracks",
    "apps.surveys",
    "apps.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "apps.core.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A NUL byte in a parameter is a 400, never a database error.
    "apps.core.middleware.RejectNulMiddleware",
    # The user's institutions, roles and regions, as ``request.scope`` (read lazily, once).
    "apps.institutions.middleware.ScopeMiddleware",
    # Every page needs a login unless its view says otherwise (the public survey).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Records the acting user on every audit-history row written in the request.
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Scripts only from our own static files (Bootstrap, htmx and app.js are vendored): an
# injected <script> or on* attribute does not run. Styles allow inline attributes, which
# the templates use for computed widths (occupancy bars); no style can run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.site",
                "apps.residents.context_processors.capacity_requests",
            ],
        },
    },
]


def database_settings(url: str) -> dict:
    """``DATABASES`` for the server at ``url``, with the options every environment shares.

    The settings module chooses the URL: production requires ``DATABASE_URL``; local and
    test settings fall back to the embedded PostgreSQL (config/embedded.py). Nothing here
    starts a server.
    """
    default = env.db_url_config(url)
    default.update(
        {
            # Persistent connections with a health check before reuse.
            "CONN_MAX_AGE": env.int("DATABASE_CONN_MAX_AGE", default=60),
            "CONN_HEALTH_CHECKS": True,
            "ATOMIC_REQUESTS": False,
        }
    )
    # Page queries are short; PostgreSQL's JIT compiler spent 30+ ms compiling each list query
    # on a million residents (bench_residents), more than the query itself.
    if not env.bool("DATABASE_JIT", default=False):
        default.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # The same database on a connection of its own: a background job's progress is written
    # there, visible while the job's own all-or-nothing transaction is still open. In tests
    # it mirrors "default" (one connection, rolled back with the test).
    return {"default": default, "progress": {**default, "TEST": {"MIRROR": "default"}}}


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (imports, large exports) on the procrastinate queue, in PostgreSQL:
# `manage.py procrastinate worker` runs them (``make run`` starts one).
JOB_PROGRESS_DATABASE = "progress"
# An XLSX export of more rows than this runs as a background job.
EXPORT_INLINE_LIMIT = env.int("EXPORT_INLINE_LIMIT", default=5000)
JOB_TIME_LIMIT_SECONDS = env.int("JOB_TIME_LIMIT_SECONDS", default=15 * 60)
PROCRASTINATE_WORKER_DEFAULTS = {"queues": ["jobs"], "concurrency": env.int("JOB_CONCURRENCY", default=1)}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lock-out after repeated failed logins (django-axes): per username and address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_VERBOSE = False

# Sessions end after 30 minutes without activity and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Shared by every app process: the survey rate limit must count across them. Without
# CACHE_URL (e.g. redis://...), the database holds the cache (table made by a migration).
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://django_cache")}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# No personal data in logs: only Django's own request errors, without bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

PGHISTORY_DEFAULT_TRACKERS = None

# Satisfaction index (PermenPANRB 14/2017): element weight "1/9" (exact), "0.111" or "0.11".
IKM_WEIGHT = env("IKM_WEIGHT", default="1/9")
# Public monthly figures per institution (no login, no personal data) for Satu Data portals.
OPEN_DATA_ENABLED = env.bool("OPEN_DATA_ENABLED", default=True)

# Rehabilitation: follow-up visits after discharge (calendar months after closing), the
# first assessment (days after admission) and reassessment (months); see docs/rehabilitation.md.
FOLLOW_UP_MONTHS = tuple(env.list("FOLLOW_UP_MONTHS", cast=int, default=[1, 3, 6, 12]))
FIRST_ASSESSMENT_DAYS = env.int("FIRST_ASSESSMENT_DAYS", default=14)
REASSESSMENT_MONTHS = env.int("REASSESSMENT_MONTHS", default=6)
# Public survey posts per address and institution. Several app processes need a shared
# cache (CACHE_URL, e.g. redis://) for the limit to hold across them.
SURVEY_RATE_LIMIT = env("SURVEY_RATE_LIMIT", default="10/h")
# Behind reverse proxies: the header naming the client (e.g. HTTP_X_FORWARDED_FOR) and how
# many proxies to trust (AXES_PROXY_COUNT, shared with the login lock-out).
CLIENT_ADDRESS_META_KEY = env("RATELIMIT_IP_META_KEY", default="")
PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "apps.core.http.client_address"
