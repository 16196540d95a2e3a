"""The content version: one number every process reads alike, bumped on every content change.

Cache keys that depend on content include it (mmn_portal/cache.py explains the page cache),
so a change is seen at once by every app host. It lives in the shared cache (Redis) when
there is one, and otherwise in the database (`CONTENT_VERSION_STORE`): never in one
process's memory, or a change made by a command, cron or another worker would not be
seen by a running server. A leaf module: apps read the version without importing the
project package.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

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


def in_database() -> bool:
    return getattr(settings, "CONTENT_VERSION_STORE", "cache") == "database"


# The database store (mmn_portal.models.ContentVersion): a bump inserts a row and the
# version is the newest id. Inserts take no lock another transaction holds. A bump inside a
# transaction is seen by other processes when it commits, and bumps again then (below).
# Rows older than the last KEEP_ROWS are removed now and then.
TABLE = "mmn_content_version"
KEEP_ROWS = 1000


def _database_version() -> int | None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {TABLE}")  # noqa: S608 - a constant
            return cursor.fetchone()[0] or 0
    except DatabaseError:  # not migrated yet: serve from the database, cache nothing
        return None


def _database_bump() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with transaction.atomic(savepoint=connection.in_atomic_block), connection.cursor() as c:
            c.execute(f"INSERT INTO {TABLE} (created_at) VALUES (CURRENT_TIMESTAMP) "  # noqa: S608
                      "RETURNING id")
            newest = c.fetchone()[0]
            if not connection.in_atomic_block and newest % 100 == 0:
                c.execute(f"DELETE FROM {TABLE} WHERE id < %s", [newest - KEEP_ROWS])  # noqa: S608
    except DatabaseError:  # not migrated yet (a data migration saving content)
        pass


# While one response is made (per_request()), the version is read from its store once, at
# its first use, and kept for the rest of the response (until a bump).
_READ_ONCE = -1


@contextmanager
def per_request() -> Iterator[None]:
    token = _pinned.set(_READ_ONCE)
    try:
        yield
    finally:
        _pinned.reset(token)


def content_version() -> int | None:
    """The current version, or None when its store does not answer (then nothing is cached)."""
    pinned_version = _pinned.get()
    if pinned_version is not None and pinned_version != _READ_ONCE:
        return pinned_version
    if in_database():
        version = _database_version()
    else:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _new_version(), timeout=None)
            version = cache.get(VERSION_KEY)
    if pinned_version == _READ_ONCE and version is not None:
        _pinned.set(version)
    return version


def _bump() -> None:
    _pinned.set(None)
    if in_database():
        _database_bump()
        return
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
