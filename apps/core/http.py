"""The client's address as the rate limits see it."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The address of the client, behind ``PROXY_COUNT`` trusted reverse proxies.

    With ``CLIENT_ADDRESS_META_KEY`` unset, ``REMOTE_ADDR``. With it set (for example
    ``HTTP_X_FORWARDED_FOR``), the entry the nearest trusted proxy wrote: the one
    ``PROXY_COUNT`` places from the end of the list, since entries further left are
    whatever the client chose to send. A value that is not an address falls back to
    ``REMOTE_ADDR``, never to an error page.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - a key, not a bind
    key = getattr(settings, "CLIENT_ADDRESS_META_KEY", "")
    if not key:
        return remote
    entries = [part.strip() for part in request.META.get(key, "").split(",") if part.strip()]
    if not entries:
        return remote
    position = max(1, getattr(settings, "PROXY_COUNT", 1))
    candidate = entries[-position] if len(entries) >= position else entries[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
