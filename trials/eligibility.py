"""The age/sex pre-screen and the eligibility criteria text, in plain words.

Nothing here stores or logs the visitor's answers: they are plain arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trials.models import DAYS_PER_UNIT, DAYS_PER_YEAR, Sex

REMINDER = "The study team decides who can take part."


def describe_age(days: int) -> str:
    """6570 -> '18 years'; 180 -> '6 months'; 14 -> '2 weeks'."""
    for unit, size in DAYS_PER_UNIT.items():  # largest unit first
        if size and days % size == 0 and days >= size:
            count = days // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return "0 days"


@dataclass(frozen=True)
class Prescreen:
    may_be_eligible: bool
    reasons: list[str] = field(default_factory=list)
    reminder: str = REMINDER

    @property
    def summary(self) -> str:
        return "You may be eligible" if self.may_be_eligible else "You may not be eligible"


def prescreen(trial, *, age_years: int | None = None, sex: str | None = None) -> Prescreen | None:
    """Compare an age in whole years and a sex with the trial's limits; None if neither given.

    Exactly the minimum or maximum age counts as inside the limits; no limit when empty.
    """
    if age_years is None and sex not in (Sex.FEMALE, Sex.MALE):
        return None
    reasons = []
    if age_years is not None:
        days = age_years * DAYS_PER_YEAR
        if trial.minimum_age_days is not None and days < trial.minimum_age_days:
            reasons.append(f"Minimum age {describe_age(trial.minimum_age_days)}")
        if trial.maximum_age_days is not None and days > trial.maximum_age_days:
            reasons.append(f"Maximum age {describe_age(trial.maximum_age_days)}")
    if sex in (Sex.FEMALE, Sex.MALE) and trial.sex not in (Sex.ALL, sex):
        reasons.append("Women only" if trial.sex == Sex.FEMALE else "Men only")
    return Prescreen(may_be_eligible=not reasons, reasons=reasons)


# ---------------------------------------------------------------- criteria text

HEADING_RE = re.compile(r"^\s*(?:#+\s*)?\**\s*(inclusion|exclusion)\b[^:\n]*:?\**\s*$", re.I)
BULLET_RE = re.compile(r"^(\s*)(?:[*\-•+]|\d+[.)])\s+(.*)$")
ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~=^])")


def unescape(text: str) -> str:
    r"""Markdown escapes from the registry: '\>' -> '>', '\[' -> '['."""
    return ESCAPE_RE.sub(r"\1", text)


@dataclass
class CriteriaSection:
    heading: str
    items: list[tuple[int, str]] = field(default_factory=list)  # (indent level, text)


def split_criteria(text: str) -> list[CriteriaSection]:
    """Split the registry's markdown-like text into inclusion/exclusion/other lists.

    Returns plain text only; templates escape it.
    """
    sections: list[CriteriaSection] = []
    current: CriteriaSection | None = None
    for raw_line in unescape(text or "").splitlines():
        line = raw_line.rstrip()
        if not line.strip():
            continue
        heading = HEADING_RE.match(line)
        if heading:
            kind = heading.group(1).lower()
            title = "You can take part if" if kind == "inclusion" else "You cannot take part if"
            current = CriteriaSection(heading=title)
            sections.append(current)
            continue
        if current is None:
            current = CriteriaSection(heading="Who the study is for")
            sections.append(current)
        bullet = BULLET_RE.match(line)
        if bullet:
            level = min(len(bullet.group(1).expandtabs(4)) // 2, 3)
            current.items.append((level, bullet.group(2).strip()))
        elif current.items:
            level, previous = current.items[-1]
            current.items[-1] = (level, f"{previous} {line.strip()}")
        else:
            current.items.append((0, line.strip()))
    return [s for s in sections if s.items]


STATUS_EXPLAINED = {
    "RECRUITING": "Recruiting: looking for people to take part now.",
    "NOT_YET_RECRUITING": "Not yet recruiting: will look for people to take part soon.",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation: the study team asks people to join.",
    "ACTIVE_NOT_RECRUITING": "Active, not recruiting: running, but not taking new people.",
    "SUSPENDED": "Suspended: stopped for now. It may start again.",
    "TERMINATED": "Terminated: stopped early. It will not start again.",
    "COMPLETED": "Completed: finished. It is not taking new people.",
    "WITHDRAWN": "Withdrawn: stopped before anyone took part.",
    "UNKNOWN": "Unknown: the registry has not been told what is happening with this study.",
    "AVAILABLE": "Available: the treatment can be given outside a trial (expanded access).",
    "NO_LONGER_AVAILABLE": "No longer available: expanded access has ended.",
    "TEMPORARILY_NOT_AVAILABLE": "Temporarily not available: expanded access is paused.",
    "APPROVED_FOR_MARKETING": "Approved for marketing: the treatment can now be prescribed.",
    "WITHHELD": "Withheld: the registry does not show this study's details.",
}

PHASE_EXPLAINED = {
    "EARLY_PHASE1": "Early phase 1: a first, very small test in people.",
    "PHASE1": "Phase 1: tests whether a treatment is safe, usually in a small group.",
    "PHASE2": "Phase 2: tests whether the treatment works and is safe in a larger group.",
    "PHASE3": "Phase 3: compares the treatment with the usual treatment in a large group.",
    "PHASE4": "Phase 4: studies a treatment that is already approved.",
    "NA": "No phase: the study does not test a medicine (for example a device or a diet).",
}

OPEN_TO_NEW_PEOPLE = {"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION"}
