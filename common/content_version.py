"""The content version: one number in the shared cache, bumped on every content change.

Cache keys that depend on content include it (mmn_portal/cache.py explains the page cache),
so a change is seen at once by every app host. A leaf module: apps read the version
without importing the project package.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction

VERSION_KEY = "content-version"


def _new_version() -> int:
    # Starting from the clock means a version lost with the cache (eviction, Redis
    # restart) is never reused, so an old entry can never come back.
    return time.time_ns() // 1000


# The version one anonymous page is being made for (see pinned()): its fragments are read
# under the same version as the page, with one cache read instead of one per fragment.
_pinned: ContextVar[int | None] = ContextVar("content_version", default=None)


@contextmanager
def pinned(version: int) -> Iterator[None]:
    """Answer content_version() with `version` while making one response (a bump in the
    meantime ends it)."""
    token = _pinned.set(version)
    try:
        yield
    finally:
        _pinned.reset(token)


def content_version() -> int | None:
    """The current version, or None when the cache does not answer (then nothing is cached)."""
    version = _pinned.get()
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _bump() -> None:
    _pinned.set(None)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (first start, or evicted): start a new one
        cache.set(VERSION_KEY, _new_version(), timeout=None)


def bump_content_version(using: str = DEFAULT_DB_ALIAS) -> None:
    """Invalidate every cached page now, and again when the current transaction commits.

    The second bump matters: a request that reads the old rows between the first bump
    and the commit would otherwise store a stale page under the new version.
    """
    _bump()
    connection = transaction.get_connection(using)
    pending = any(entry[1] is _bump for entry in connection.run_on_commit)
    if connection.in_atomic_block and not pending:
        transaction.on_commit(_bump, using=using)
