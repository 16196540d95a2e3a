"""What each ClinicalTrials.gov status means to a patient, in one table: the words, the
colour, whether someone new could ask to join, whether the study says it is still going."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """ClinicalTrials.gov API v2 `overallStatus` values."""

    RECRUITING = "RECRUITING", _("Recruiting")
    NOT_YET_RECRUITING = "NOT_YET_RECRUITING", _("Not yet recruiting")
    ENROLLING_BY_INVITATION = "ENROLLING_BY_INVITATION", _("Enrolling by invitation")
    ACTIVE_NOT_RECRUITING = "ACTIVE_NOT_RECRUITING", _("Active, not recruiting")
    SUSPENDED = "SUSPENDED", _("Suspended")
    TERMINATED = "TERMINATED", _("Terminated")
    COMPLETED = "COMPLETED", _("Completed")
    WITHDRAWN = "WITHDRAWN", _("Withdrawn")
    UNKNOWN = "UNKNOWN", _("Unknown status")
    AVAILABLE = "AVAILABLE", _("Available (expanded access)")
    NO_LONGER_AVAILABLE = "NO_LONGER_AVAILABLE", _("No longer available")
    TEMPORARILY_NOT_AVAILABLE = "TEMPORARILY_NOT_AVAILABLE", _("Temporarily not available")
    APPROVED_FOR_MARKETING = "APPROVED_FOR_MARKETING", _("Approved for marketing")
    WITHHELD = "WITHHELD", _("Withheld")


# Each status's label (lazy, translated when shown), for one lookup per trial: a model's
# get_overall_status_display() builds a dict of every choice per call, a fifth of the time
# of drawing a result card.
STATUS_LABELS: dict[str, str] = dict(Status.choices)


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
        _("Recruiting: looking for people to take part now."), "open", True, True
    ),
    Status.NOT_YET_RECRUITING: StatusInfo(
        _("Not yet recruiting: will look for people to take part soon."), "soon", True, True
    ),
    Status.ENROLLING_BY_INVITATION: StatusInfo(
        _("Enrolling by invitation: only people the study team invites can join."), "running",
        is_ongoing=True,
    ),
    Status.ACTIVE_NOT_RECRUITING: StatusInfo(
        _("Active, not recruiting: running, but not taking new people."), "running",
        is_ongoing=True,
    ),
    Status.SUSPENDED: StatusInfo(
        _("Suspended: stopped for now. It may start again."), "paused", is_ongoing=True
    ),
    Status.TERMINATED: StatusInfo(
        _("Terminated: stopped early. It will not start again."), "closed"
    ),
    Status.COMPLETED: StatusInfo(_("Completed: finished. It is not taking new people."), "closed"),
    Status.WITHDRAWN: StatusInfo(_("Withdrawn: stopped before anyone took part."), "closed"),
    Status.UNKNOWN: StatusInfo(
        _("Unknown: the registry has not been told what is happening with this study."),
        "unknown",
    ),
    Status.AVAILABLE: StatusInfo(
        _("Available: the treatment can be given outside a trial (expanded access)."), "running"
    ),
    Status.NO_LONGER_AVAILABLE: StatusInfo(
        _("No longer available: expanded access has ended."), "closed"
    ),
    Status.TEMPORARILY_NOT_AVAILABLE: StatusInfo(
        _("Temporarily not available: expanded access is paused."), "paused"
    ),
    Status.APPROVED_FOR_MARKETING: StatusInfo(
        _("Approved for marketing: the treatment can now be prescribed."), "closed"
    ),
    Status.WITHHELD: StatusInfo(_("Withheld: the registry does not show this study's details."),
                                "unknown"),
}
OPEN_STATUSES = [status for status, info in STATUS_INFO.items() if info.is_open]
# Statuses that say the study is still going: ClinicalTrials.gov shows them as "Unknown status"
# once the sponsor has not confirmed them for more than STALE_AFTER_MONTHS (trials.models).
ONGOING_STATUSES = [status for status, info in STATUS_INFO.items() if info.is_ongoing]
