"""Settings for the test suite: PostgreSQL like production, fast hashing."""

from .base import *  # noqa: F403

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
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Tests roll back one transaction: a job's progress is written inside it.
JOB_PROGRESS_DATABASE = "default"
