from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from .models import SiteFlag


def _demo_loaded() -> bool:
    return cache.get_or_set(
        "site:demo_data",
        lambda: SiteFlag.objects.filter(key=SiteFlag.DEMO_DATA).exists(),
        timeout=300,
    )


def site(request):
    # Lazy: pages that do not show the marker (partials) do not pay for the lookup.
    return {"demo_mode": SimpleLazyObject(_demo_loaded)}
