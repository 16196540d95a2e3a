"""Flood protection through the shared cache, without storing anything about visitors.

The key is a salted hash of the client address that lives only in the cache for the
length of the window; it is never written to the database or to the logs.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from common.client_ip import client_ip


def client_key(request, scope: str) -> str:
    address = client_ip(request)
    # The salt changes daily, so a key cannot be linked to the same address for long.
    salt = f"{settings.SECRET_KEY}:{timezone.now():%Y-%m-%d}"
    digest = hashlib.sha256(f"{salt}:{address}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def allow(request, scope: str, limit: int, window_seconds: int) -> bool:
    """True while this client has made at most `limit` attempts in the window."""
    key = client_key(request, scope)
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, window_seconds)
        count = 1
    # A cache that is down answers None: let the visitor through rather than fail.
    return count is None or count <= limit
