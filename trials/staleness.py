"""When a trial's status is no longer confirmed: the registry has not vouched for an ongoing
status in two years, so the portal shows it as "not confirmed" rather than "Recruiting"."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from trials.status import ONGOING_STATUSES, Status

STALE_AFTER_MONTHS = 24


def registry_today() -> dt.date:
    """Today, for judging how old a status is (tests pin it to the records' snapshot)."""
    return timezone.localdate()


def stale_cutoff(today: dt.date | None = None) -> dt.date:
    """Statuses last verified before this month are "not confirmed" (verified dates are months:
    verified in November 2024 is still confirmed in November 2026, not in December)."""
    today = today or registry_today()
    month_index = today.year * 12 + today.month - 1 - STALE_AFTER_MONTHS
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def stale_q(today: dt.date | None = None) -> Q:
    """Trials whose status the registry no longer vouches for."""
    return Q(overall_status=Status.UNKNOWN) | Q(
        overall_status__in=ONGOING_STATUSES, status_verified__lt=stale_cutoff(today)
    )
