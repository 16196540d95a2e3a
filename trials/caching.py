"""The trials app's cache entries, named once: their keys and how long they live.

Every key carries the content version (common/versioned_cache.py), so an edit or an import
makes them unreachable at once; the lifetime only bounds how long they are kept.
"""

from common.versioned_cache import LocalCopies, VersionedEntry

COUNTRIES_CACHE = VersionedEntry("trials:countries", 600)  # the country filter's choices
FORM_HTML_CACHE = VersionedEntry("trials:form", 600)  # the rendered search form
SPELLING_CACHE = VersionedEntry("trials:spelling", 600)  # query words mapped to known ones
RESULTS_CACHE = VersionedEntry("trials:ordered", 600)  # a search's ids (no answers)
# The trials a distance sort measures and their sites' points (about 100 kB a search),
# for searches whose matches follow no answer; at most 16 MB of them in each process.
CANDIDATES_CACHE = VersionedEntry(
    "trials:candidates", 600, LocalCopies(1000, max_bytes=16 * 1024 * 1024),
    lambda candidates: len(candidates[0]) * 8 + candidates[2].nbytes)  # (ids, at clinic, points)
CARD_HTML_CACHE = VersionedEntry("trials:card-parts", 600)  # a card without answers, CachedCard
TRACKED_COUNTS_CACHE = VersionedEntry("trials:tracked", 600)  # open trials per tracked condition
