"""The trials app's cache entries, named once: their keys and how long they live.

Keys that depend on content carry the content version (mmn_portal/cache.py), so an edit or
an import makes them unreachable at once; the lifetime only bounds how long they are kept.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class CacheEntry:
    prefix: str
    seconds: int

    def key(self, *parts) -> str:
        return ":".join([self.prefix, *(str(p) for p in parts)])


COUNTRIES_CACHE = CacheEntry("trials:countries", 600)  # the country filter's choices
FORM_HTML_CACHE = CacheEntry("trials:form", 600)  # the rendered search form
SPELLING_CACHE = CacheEntry("trials:spelling", 600)  # query words mapped to known ones
RESULTS_CACHE = CacheEntry("trials:results", 600)  # one page's ids, searches without answers
CARD_HTML_CACHE = CacheEntry("trials:card", 600)  # one trial's result card, no answers in it
TRACKED_COUNTS_CACHE = CacheEntry("trials:tracked", 600)  # open trials per tracked condition


# ---------------------------------------------------------------- local copies
#
# Entries whose key holds the content version never change: a change to the content makes
# a new key. So each process keeps its own copies of the ones it used last, and a search
# reads the shared cache (Redis, a network round trip) only for those it lacks.

LOCAL_ENTRIES = 4096
_local: OrderedDict[str, object] = OrderedDict()
_lock = threading.Lock()


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
