"""The trials app's cache entries, named once: their keys and how long they live.

Keys that depend on content carry the content version (mmn_portal/cache.py), so an edit or
an import makes them unreachable at once; the lifetime only bounds how long they are kept.
"""

from dataclasses import dataclass


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
