"""What each ClinicalTrials.gov status means to a patient, in one table: the words, the
colour, whether someone new could ask to join, whether the study says it is still going."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    """ClinicalTrials.gov API v2 `overallStatus` values."""

    RECRUITING = "RECRUITING", "Recruiting"
    NOT_YET_RECRUITING = "NOT_YET_RECRUITING", "Not yet recruiting"
    ENROLLING_BY_INVITATION = "ENROLLING_BY_INVITATION", "Enrolling by invitation"
    ACTIVE_NOT_RECRUITING = "ACTIVE_NOT_RECRUITING", "Active, not recruiting"
    SUSPENDED = "SUSPENDED", "Suspended"
    TERMINATED = "TERMINATED", "Terminated"
    COMPLETED = "COMPLETED", "Completed"
    WITHDRAWN = "WITHDRAWN", "Withdrawn"
    UNKNOWN = "UNKNOWN", "Unknown status"
    AVAILABLE = "AVAILABLE", "Available (expanded access)"
    NO_LONGER_AVAILABLE = "NO_LONGER_AVAILABLE", "No longer available"
    TEMPORARILY_NOT_AVAILABLE = "TEMPORARILY_NOT_AVAILABLE", "Temporarily not available"
    APPROVED_FOR_MARKETING = "APPROVED_FOR_MARKETING", "Approved for marketing"
    WITHHELD = "WITHHELD", "Withheld"


@dataclass(frozen=True)
class StatusInfo:
    """What a status means to a patient: plain words, a colour (CSS `status-tone-<tone>`) and
    whether someone new could still ask to join."""

    meaning: str
    tone: str  # open, soon, running, paused, closed, unknown
    is_open: bool = False
    is_ongoing: bool = False  # says the study is still going (so it can go stale)


# The one table of what each status means; templates, the pre-screen and the listing read it.
STATUS_INFO: dict[str, StatusInfo] = {
    Status.RECRUITING: StatusInfo(
        "Recruiting: looking for people to take part now.", "open", True, True
    ),
    Status.NOT_YET_RECRUITING: StatusInfo(
        "Not yet recruiting: will look for people to take part soon.", "soon", True, True
    ),
    Status.ENROLLING_BY_INVITATION: StatusInfo(
        "Enrolling by invitation: only people the study team invites can join.", "running",
        is_ongoing=True,
    ),
    Status.ACTIVE_NOT_RECRUITING: StatusInfo(
        "Active, not recruiting: running, but not taking new people.", "running", is_ongoing=True
    ),
    Status.SUSPENDED: StatusInfo(
        "Suspended: stopped for now. It may start again.", "paused", is_ongoing=True
    ),
    Status.TERMINATED: StatusInfo("Terminated: stopped early. It will not start again.", "closed"),
    Status.COMPLETED: StatusInfo("Completed: finished. It is not taking new people.", "closed"),
    Status.WITHDRAWN: StatusInfo("Withdrawn: stopped before anyone took part.", "closed"),
    Status.UNKNOWN: StatusInfo(
        "Unknown: the registry has not been told what is happening with this study.", "unknown"
    ),
    Status.AVAILABLE: StatusInfo(
        "Available: the treatment can be given outside a trial (expanded access).", "running"
    ),
    Status.NO_LONGER_AVAILABLE: StatusInfo(
        "No longer available: expanded access has ended.", "closed"
    ),
    Status.TEMPORARILY_NOT_AVAILABLE: StatusInfo(
        "Temporarily not available: expanded access is paused.", "paused"
    ),
    Status.APPROVED_FOR_MARKETING: StatusInfo(
        "Approved for marketing: the treatment can now be prescribed.", "closed"
    ),
    Status.WITHHELD: StatusInfo("Withheld: the registry does not show this study's details.",
                                "unknown"),
}
OPEN_STATUSES = [status for status, info in STATUS_INFO.items() if info.is_open]
# Statuses that say the study is still going: ClinicalTrials.gov shows them as "Unknown status"
# once the sponsor has not confirmed them for more than STALE_AFTER_MONTHS (trials.models).
ONGOING_STATUSES = [status for status, info in STATUS_INFO.items() if info.is_ongoing]
