"""The tracked conditions with their open-trial counts, for /trials/ and condition articles.

Counted once per content version (an import or an edit starts a new one) and cached, so
the pages that show them add no database query on a warm cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Case, IntegerField, Q, Value, When

from trials.caching import TRACKED_COUNTS_CACHE
from trials.models import ONGOING_STATUSES, Status, TrackedCondition
from trials.staleness import stale_cutoff, stale_q

# A condition with no open trial lists this many of its others instead of ending at "0 open".
NOT_OPEN_SHOWN = 5


@dataclass(frozen=True)
class NotOpenTrial:
    title: str
    url: str
    status: str
    has_results: bool


@dataclass(frozen=True)
class TrackedSummary:
    name: str
    label: str
    article_id: int | None
    open_count: int
    search_url: str
    registry_search_url: str
    # Only when open_count is 0: some of its other trials, and how many there are in all.
    not_open: tuple[NotOpenTrial, ...] = ()
    listed_count: int = 0

    @property
    def every_status_url(self) -> str:
        """The portal search for this condition with any status (its own link is open only)."""
        return f"{self.search_url}&{urlencode({'status': 'any'})}"


def not_open_trials(condition: TrackedCondition) -> list[NotOpenTrial]:
    """The condition's trials for a patient to read when none is open: completed ones with
    results first (something to read), then those still running, then the rest."""
    order = Case(
        When(overall_status=Status.COMPLETED, has_results=True, then=Value(0)),
        When(Q(overall_status__in=ONGOING_STATUSES) & ~stale_q(), then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )
    trials = condition.trials().annotate(reading_order=order).order_by(
        "reading_order", "-last_update_posted", "pk")[:NOT_OPEN_SHOWN]
    return [
        NotOpenTrial(t.brief_title, t.get_absolute_url(), t.status_label, t.has_results)
        for t in trials
    ]


def tracked_summaries() -> list[TrackedSummary]:
    """Every tracked condition, in order (MMN first), with its number of open trials."""
    def count():
        summaries = []
        for c in TrackedCondition.objects.all():
            open_count = c.open_trial_count()
            extra = {} if open_count else {
                "not_open": tuple(not_open_trials(c)), "listed_count": c.trials().count()}
            summaries.append(TrackedSummary(
                c.name, c.label, c.article_id, open_count, c.search_url, c.registry_search_url,
                **extra,
            ))
        return summaries

    # A "recruiting" trial can go stale overnight: the day is part of the key.
    return TRACKED_COUNTS_CACHE.remember(count, stale_cutoff())


def tracked_for_article(article_id: int) -> list[TrackedSummary]:
    return [s for s in tracked_summaries() if s.article_id == article_id]
