"""Settings for a developer's machine (``make run``)."""

from .base import *  # noqa: F403
from .base import database_settings, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-key-not-for-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if env("DATABASE_URL", default=""):
    DATABASES = database_settings(env("DATABASE_URL"))
else:
    # No server named: the checkout's own PostgreSQL (var/pgdata), started if it is not running.
    from config import embedded

    DATABASES = database_settings(embedded.start())
