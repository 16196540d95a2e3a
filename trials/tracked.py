"""The tracked conditions with their open-trial counts, for /trials/ and condition articles.

Counted once per content version (an import or an edit starts a new one) and cached, so
the pages that show them add no database query on a warm cache.
"""

from __future__ import annotations

from dataclasses import dataclass

from trials.caching import TRACKED_COUNTS_CACHE
from trials.models import TrackedCondition, stale_cutoff


@dataclass(frozen=True)
class TrackedSummary:
    name: str
    label: str
    article_id: int | None
    open_count: int
    search_url: str
    registry_search_url: str


def tracked_summaries() -> list[TrackedSummary]:
    """Every tracked condition, in order (MMN first), with its number of open trials."""
    def count():
        return [
            TrackedSummary(c.name, c.label, c.article_id, c.open_trial_count(), c.search_url,
                           c.registry_search_url)
            for c in TrackedCondition.objects.all()
        ]

    # A "recruiting" trial can go stale overnight: the day is part of the key.
    return TRACKED_COUNTS_CACHE.remember(count, stale_cutoff())


def tracked_for_article(article_id: int) -> list[TrackedSummary]:
    return [s for s in tracked_summaries() if s.article_id == article_id]
