"""Deployment checks of our own, run by ``manage.py check --deploy``."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Rate limits count in the cache: a per-process cache multiplies them by the workers."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in LOCAL_CACHES:
        return [
            Warning(
                "The default cache is local to each process, so rate limits (the survey's) "
                "multiply by the number of app processes.",
                hint="Unset CACHE_URL to use the database cache, or set it to a shared cache (redis://...).",
                id="core.W001",
            )
        ]
    return []
