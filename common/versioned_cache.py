"""Cache entries that belong to one content version (common/content_version.py).

A key that holds the content version never changes meaning: a change to the content makes
a new key. So each process keeps its own copies of the entries it used last, and a
request reads the shared cache (Redis, a network round trip) only for those it lacks.
"""

from __future__ import annotations

import hashlib
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

from common.content_version import content_version

T = TypeVar("T")


class LocalCopies:
    """One process's copies of versioned entries. Each lives no longer than its entry's
    lifetime (a page can depend on the day as well as the content); the least recently
    used go first beyond `max_entries` or, counting the sizes given, `max_bytes`."""

    every: ClassVar[weakref.WeakSet[LocalCopies]] = weakref.WeakSet()

    def __init__(self, max_entries: int, max_bytes: int | None = None):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.entries: OrderedDict[str, tuple[object, int, float]] = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()
        LocalCopies.every.add(self)

    @classmethod
    def clear_all(cls) -> None:
        """Forget every copy this process keeps (the tests, between two databases)."""
        for copies in list(cls.every):
            copies.clear()

    def get(self, key: str):
        with self.lock:
            if key not in self.entries:
                return None
            value, size, expires = self.entries[key]
            if time.monotonic() > expires:
                del self.entries[key]
                self.bytes -= size
                return None
            self.entries.move_to_end(key)
            return value

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.bytes = 0

    def keep(self, key: str, value, seconds: int, size: int = 0) -> None:
        with self.lock:
            if key in self.entries:
                self.bytes -= self.entries.pop(key)[1]
            self.entries[key] = (value, size, time.monotonic() + seconds)
            self.bytes += size
            while len(self.entries) > self.max_entries or (
                self.max_bytes is not None and self.bytes > self.max_bytes
            ):
                self.bytes -= self.entries.popitem(last=False)[1][1]


_local = LocalCopies(4096)


def digest(text: str) -> str:
    """A short fixed-length stand-in for a long key part (search words, answers)."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class VersionedEntry:
    """One kind of entry: its key prefix and how long the shared cache keeps it."""

    prefix: str
    seconds: int
    # This process's copies: all entries share one LRU unless an entry kind brings its own
    # (large values, bounded in bytes by `size`).
    local: LocalCopies = _local
    size: Callable[[object], int] = staticmethod(lambda value: 0)

    def key(self, version: int, *parts) -> str:
        # The active language too: entries may hold translated text (a rendered card).
        language = get_language() or "-"
        return ":".join([self.prefix, str(version), language, *(str(p) for p in parts)])

    def remember(self, compute: Callable[[], T], *parts) -> T:
        """The entry for the current content version and these key parts, computed (and
        kept) when missing; computed every time when the cache does not answer."""
        version = content_version()
        if version is None:
            return compute()
        key = self.key(version, *parts)
        value = get_versioned(key, self.seconds, self.local, self.size)
        if value is None:
            value = compute()
            set_versioned(key, value, self.seconds, self.local, self.size(value))
        return value


def get_versioned(key: str, seconds: int, local: LocalCopies = _local,
                  size=lambda value: 0):
    """The value of a key that holds the content version, or None. A value from the shared
    cache is kept in `local` for `seconds`; `size` says how large it is."""
    value = local.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            local.keep(key, value, seconds, size(value))
    return value


def get_many_versioned(keys: list[str], seconds: int) -> dict:
    found = {key: value for key in keys if (value := _local.get(key)) is not None}
    missing = [key for key in keys if key not in found]
    if missing:
        shared = cache.get_many(missing)
        for key, value in shared.items():
            _local.keep(key, value, seconds)
        found.update(shared)
    return found


def set_versioned(key: str, value, seconds: int, local: LocalCopies = _local,
                  size: int = 0) -> None:
    local.keep(key, value, seconds, size)
    cache.set(key, value, seconds)


def set_many_versioned(values: dict, seconds: int) -> None:
    for key, value in values.items():
        _local.keep(key, value, seconds)
    cache.set_many(values, seconds)
