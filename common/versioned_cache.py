"""Cache entries that belong to one content version (common/content_version.py).

A key that holds the content version never changes meaning: a change to the content makes
a new key. So each process keeps its own copies of the entries it used last, and a
request reads the shared cache (Redis, a network round trip) only for those it lacks.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache

from common.content_version import content_version

T = TypeVar("T")
LOCAL_ENTRIES = 4096
_local: OrderedDict[str, object] = OrderedDict()
_lock = threading.Lock()


def digest(text: str) -> str:
    """A short fixed-length stand-in for a long key part (search words, answers)."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class VersionedEntry:
    """One kind of entry: its key prefix and how long the shared cache keeps it."""

    prefix: str
    seconds: int

    def key(self, version: int, *parts) -> str:
        return ":".join([self.prefix, str(version), *(str(p) for p in parts)])

    def remember(self, compute: Callable[[], T], *parts) -> T:
        """The entry for the current content version and these key parts, computed (and
        kept) when missing; computed every time when the cache does not answer."""
        version = content_version()
        if version is None:
            return compute()
        key = self.key(version, *parts)
        value = get_versioned(key)
        if value is None:
            value = compute()
            set_versioned(key, value, self.seconds)
        return value


def _keep(key: str, value) -> None:
    with _lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def get_versioned(key: str):
    """The value of a key that holds the content version, or None."""
    with _lock:
        if key in _local:
            _local.move_to_end(key)
            return _local[key]
    value = cache.get(key)
    if value is not None:
        _keep(key, value)
    return value


def get_many_versioned(keys: list[str]) -> dict:
    with _lock:
        found = {key: _local[key] for key in keys if key in _local}
    missing = [key for key in keys if key not in found]
    if missing:
        shared = cache.get_many(missing)
        for key, value in shared.items():
            _keep(key, value)
        found.update(shared)
    return found


def set_versioned(key: str, value, seconds: int) -> None:
    _keep(key, value)
    cache.set(key, value, seconds)


def set_many_versioned(values: dict, seconds: int) -> None:
    for key, value in values.items():
        _keep(key, value)
    cache.set_many(values, seconds)
