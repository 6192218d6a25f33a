"""Settings for the test suite: PostgreSQL like production, fast hashing."""

from .base import *  # noqa: F403
from .base import database_settings, env

DEBUG = False
SECRET_KEY = "test-key-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Deterministic query counts: nothing is served from a cache between tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

if env("DATABASE_URL", default=""):
    DATABASES = database_settings(env("DATABASE_URL"))
else:
    # No server named (pytest run without scripts/with_db.py): the checkout's own PostgreSQL.
    from config import embedded

    DATABASES = database_settings(embedded.start())
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Tests roll back one transaction: a job's progress is written inside it.
JOB_PROGRESS_DATABASE = "default"
