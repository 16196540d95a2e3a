"""The age/sex pre-screen and the eligibility criteria text, in plain words.

Nothing here stores or logs the visitor's answers: they are plain arguments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from trials.ages import DAYS_PER_UNIT, DAYS_PER_YEAR
from trials.models import Sex
from trials.registry import unescape

REMINDER = _("The study team decides who can take part.")


def describe_age(days: int) -> str:
    """6570 -> '18 years'; 180 -> '6 months'; 14 -> '2 weeks'."""
    for unit, size in DAYS_PER_UNIT.items():  # largest unit first
        if size and days % size == 0 and days >= size:
            count = days // size
            return AGE_UNITS[unit](count).format(count=count)
    return gettext("0 days")


AGE_UNITS = {
    "year": lambda n: ngettext("{count} year", "{count} years", n),
    "month": lambda n: ngettext("{count} month", "{count} months", n),
    "week": lambda n: ngettext("{count} week", "{count} weeks", n),
    "day": lambda n: ngettext("{count} day", "{count} days", n),
    "hour": lambda n: ngettext("{count} hour", "{count} hours", n),
    "minute": lambda n: ngettext("{count} minute", "{count} minutes", n),
}


SEX_WORDS = {Sex.FEMALE: (_("female"), _("women")), Sex.MALE: (_("male"), _("men"))}


def age_rule(minimum_days: int | None, maximum_days: int | None) -> str:
    """'people aged 18 years or older', 'people aged 18 years to 65 years', 'people of any age'."""
    if minimum_days is None and maximum_days is None:
        return gettext("people of any age")
    if maximum_days is None:
        return gettext("people aged {age} or older").format(age=describe_age(minimum_days))
    if minimum_days is None:
        return gettext("people aged up to {age}").format(age=describe_age(maximum_days))
    return gettext("people aged {low} to {high}").format(
        low=describe_age(minimum_days), high=describe_age(maximum_days))


@dataclass(frozen=True)
class Prescreen:
    may_be_eligible: bool
    reasons: list[str] = field(default_factory=list)
    reminder: str = REMINDER
    is_open: bool = True  # False: the study is not taking new people, whatever the answers

    @property
    def state(self) -> str:
        """For the colour of the box: yes (green), no, or closed (never green)."""
        if not self.is_open:
            return "closed"
        return "yes" if self.may_be_eligible else "no"

    @property
    def summary(self) -> str:
        if not self.is_open:
            return gettext("This study is not taking new people")
        if self.may_be_eligible:
            return gettext("You may be eligible")
        return gettext("You may not be eligible")


def prescreen(trial, *, age_years: int | None = None, sex: str | None = None) -> Prescreen | None:
    """Compare an age in whole years and a sex with the trial's limits; None if neither given.

    Exactly the minimum or maximum age counts as inside the limits; no limit when empty. A
    study that is not open to new people (closed, or its status no longer confirmed) never
    says "may be eligible". Each reason repeats the answer and the study's rule.
    """
    if age_years is None and sex not in (Sex.FEMALE, Sex.MALE):
        return None
    if not getattr(trial, "is_open_to_join", True):
        return Prescreen(may_be_eligible=False, is_open=False)
    reasons = []
    low, high = trial.minimum_age_days, trial.maximum_age_days
    if age_years is not None:
        days = age_years * DAYS_PER_YEAR
        if (low is not None and days < low) or (high is not None and days > high):
            reasons.append(gettext("You said you are {age}; this study takes {rule}.").format(
                age=age_years, rule=age_rule(low, high)))
    if sex in SEX_WORDS and trial.sex not in (Sex.ALL, sex):
        said, _women = SEX_WORDS[sex]
        _female, takes = SEX_WORDS.get(trial.sex, ("", trial.sex))
        reasons.append(gettext("You said {said}; this study takes {takes} only.").format(
            said=said, takes=takes))
    return Prescreen(may_be_eligible=not reasons, reasons=reasons)


# ---------------------------------------------------------------- criteria text
#
# The registry's text is free markdown-like prose. Real records write their headings as
# "Inclusion Criteria:", "Key Inclusion Criteria:", "INCLUSION CRITERIA", "Inclusion
# criteria for patients", "Exclusion" ...; lists are bulleted or numbered and nested by
# indentation. The parser keeps every marker ("6.", "b)") so a coordinator can still say
# "exclusion 6", and the nesting. When it cannot tell which lines are requirements and
# which are reasons to be left out, it does not guess: the whole text is shown as written
# under one neutral heading.

INCLUSION, EXCLUSION, NEUTRAL = "inclusion", "exclusion", "neutral"
HEADINGS = {
    INCLUSION: _("You may be able to take part if"),
    EXCLUSION: _("You cannot take part if"),
    NEUTRAL: _("Who can take part, as the registry writes it"),
}
INTRO_HEADING = _("About who can take part")
CLINIC_NEUTRAL_HEADING = _("Who can take part")  # the clinic's own study: not the registry's text

# "* ", "- ", "• ", "1. ", "1) ", "(1) ", "a. ", "b) ", "(iv) ", "ii. ", "o " (a letter o
# used as a bullet in old records).
MARKER_RE = re.compile(
    r"^(?P<indent>[ \t]*)"
    r"(?P<marker>[*\-•+▪·o](?=\s)|\(?\d{1,3}[.)](?!\d)|\(\d{1,3}\)|\(?[a-zA-Z][.)](?=\s)"
    r"|\(?(?:[ivx]{1,5}|[IVX]{1,5})[.)](?=\s))"
    r"\s*(?P<text>.*)$"
)
LONE_MARK_RE = re.compile(r"^\s*(?:[-*•+▪·_=~]+|\(?\d{1,3}[.)])\s*$")
_DECORATION = r"[\s#*_>•\-]*"
HEADING_RE = re.compile(
    rf"^{_DECORATION}"
    r"(?P<qualifier>(?:(?:key|main|major|general|specific|additional|other|study|"
    r"patient|participant|subject|core|basic|principal|selected)s?\s+){0,2})"
    r"(?:(?P<kind>inclusion|exclusion|eligibility|ineligibility)"
    r"(?P<both>\s*(?:and|&|/)\s*(?:inclusion|exclusion))?"
    r"(?:\s+(?:criteria|criterion|requirements?))?"
    r"|criteria\s+(?:for|of)\s+(?P<kind2>inclusion|exclusion|eligibility))"
    r"(?P<rest>[^:]{0,70}?)"
    rf"{_DECORATION}(?:(?P<colon>:)[\s*_]*(?P<after>.*))?$",
    re.I,
)
HEADING_REST_RE = re.compile(
    r"^(?:[-–—(\[]|(?:for|in|at|during|to|part|cohort|group|arm|stage|phase|step|period)\b)",
    re.I,
)
# "Healthy controls inclusion criteria:", "Part A exclusion criteria:": a cohort's own heading.
PREFIXED_HEADING_RE = re.compile(
    rf"^{_DECORATION}(?P<prefix>(?:[\w()/&,+'.-]+\s+){{1,3}})(?P<kind>inclusion|exclusion)\s+"
    r"criteri(?:a|on)(?P<rest>[^:]{0,40}?)[\s*_]*:\s*$",
    re.I,
)
NOT_A_PREFIX = {"all", "any", "the", "following", "of", "meet", "meets", "meeting", "no", "not",
                "none", "other", "these", "above", "below", "see", "per"}
# A lead-in under an inclusion heading that speaks of leaving people out ("Participants must
# not have:"), or a line that plainly says who is excluded.
EXCLUSION_LEAD_IN_RE = re.compile(
    r"\b(?:exclu\w*|ineligib\w*|not\s+(?:be\s+)?eligible|must\s+not|may\s+not|cannot|"
    r"(?:will|can|should)\s*not\s+(?:be\s+)?(?:included|enrolled|take\s+part|participate))\b",
    re.I,
)
EXCLUSION_STATEMENT_RE = re.compile(
    r"^\W*exclu|\b(?:(?:will|shall|are|is)\s+(?:be\s+)?(?:excluded|ineligible|not\s+eligible)"
    r"|excluded\s+if|not\s+(?:be\s+)?eligible\s+if|must\s+not\s+have)\b",
    re.I,
)
BULLETS = {"*", "-", "•", "+", "▪", "·", "o"}


@dataclass
class Criterion:
    """One line of the registry's list, with the marker it was written with ("6.", "b)")."""

    text: str
    marker: str = ""
    children: list[Criterion] = field(default_factory=list)

    @property
    def numbered(self) -> bool:
        return bool(self.marker) and self.marker not in BULLETS


@dataclass
class CriteriaSection:
    kind: str  # INCLUSION, EXCLUSION or NEUTRAL
    heading: str  # in plain words
    registry_heading: str = ""  # as the record writes it, when that says more ("Key ...")
    items: list[Criterion] = field(default_factory=list)

    def walk(self) -> Iterator[Criterion]:
        stack = list(reversed(self.items))
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed(item.children))


@dataclass
class _Line:
    kind: str  # "blank", "heading", "item", "text"
    indent: int = 0
    text: str = ""
    marker: str = ""
    heading_kind: str = ""


def _heading(line: str) -> tuple[str, str, str] | None:
    """(kind, heading as written, text after the colon) when the line is a heading."""
    prefixed = PREFIXED_HEADING_RE.match(line)
    if prefixed and not NOT_A_PREFIX & set(prefixed.group("prefix").lower().split()):
        written = line.strip().strip("#*_>•- ").rstrip(":*_ ").strip()
        return prefixed.group("kind").lower(), written, ""
    match = HEADING_RE.match(line)
    if not match:
        return None
    kind = (match.group("kind") or match.group("kind2")).lower()
    rest, after = match.group("rest").strip(), (match.group("after") or "").strip()
    written = line.strip().strip("#*_>•- ").strip()
    if after:
        written = written[: len(written) - len(after)].rstrip().rstrip("*_ ")
    # A heading is short: "Inclusion criteria for patients (Part A):". A sentence that merely
    # starts with the word ("Exclusion of ...", "Inclusion in another study") is not one.
    has_word = "criteri" in line.lower() or "requirement" in line.lower()
    if not (match.group("colon") or has_word or not rest):
        return None
    if rest and (len(rest.split()) > 8 or "." in rest.rstrip(".")):
        return None
    if rest and not match.group("colon") and not HEADING_REST_RE.match(rest):
        return None  # "Exclusion criteria of the main study apply" is a criterion
    if after and not match.group("colon"):
        return None
    if match.group("both") or kind == "eligibility":
        kind = NEUTRAL
    elif kind == "ineligibility":
        kind = EXCLUSION
    return kind, written.rstrip(":").strip(), after


def _classify(raw: str) -> list[_Line]:
    if not raw.strip() or LONE_MARK_RE.match(raw):
        return [_Line("blank")]  # a lone "-" or "1." carries nothing
    line = raw.expandtabs(4).rstrip()
    indent = len(line) - len(line.lstrip())
    heading = _heading(line)
    if heading:
        kind, written, after = heading
        lines = [_Line("heading", indent, written, heading_kind=kind)]
        if after:
            lines.append(_Line("text", indent, after))
        return lines
    marker = MARKER_RE.match(line)
    if marker and not _is_false_marker(marker):
        return [_Line("item", indent, marker.group("text").strip(), marker.group("marker"))]
    return [_Line("text", indent, line.strip())]


def _is_false_marker(match: re.Match) -> bool:
    """'A. baumannii', 'I. e.' and 'o' as a word are not list markers."""
    marker, text = match.group("marker"), match.group("text")
    if marker == "o":
        return not text[:1].isupper() and not text[:1].isdigit()
    return bool(re.fullmatch(r"[A-Za-z]\.", marker) and text[:1].islower())


class _Parser:
    """Builds sections of nested criteria from classified lines.

    The stack holds (indent, criterion, is a lead-in): a line ending in ":" ("For parent
    participants:", "Two of the following:") leads in the lines after it, which nest under it.
    """

    def __init__(self, split: bool):
        self.split = split
        self.sections: list[CriteriaSection] = []
        self.current: CriteriaSection | None = None
        self.stack: list[tuple[int, Criterion, bool]] = []

    def section(self) -> CriteriaSection:
        if self.current is None:
            heading = INTRO_HEADING if self.split else HEADINGS[NEUTRAL]
            self.current = CriteriaSection(NEUTRAL, heading)
            self.sections.append(self.current)
        return self.current

    def place(self, node: Criterion, indent: int, lead_in: bool) -> None:
        stack = self.stack
        while stack:
            top_indent, top, top_lead_in = stack[-1]
            if top_indent < indent or (top_indent == indent and top_lead_in and not lead_in):
                break
            # Same indent, "1." then "a)": a sub-list written without indentation.
            if (
                top_indent == indent and not lead_in and top.marker[:1].isdigit()
                and node.marker and not node.marker[:1].isdigit() and node.marker not in BULLETS
            ):
                break
            stack.pop()
        target = stack[-1][1].children if stack else self.section().items
        target.append(node)
        stack.append((indent, node, lead_in))

    def feed(self, lines: list[_Line]) -> list[CriteriaSection]:
        after_blank = True
        for line in lines:
            if line.kind == "blank":
                after_blank = True
                continue
            if line.kind == "heading" and self.split:
                says_more = _says_more(line.text)
                self.current = CriteriaSection(
                    line.heading_kind, HEADINGS[line.heading_kind],
                    registry_heading=line.text if says_more else "",
                )
                self.sections.append(self.current)
                self.stack.clear()
            elif line.kind == "heading":  # kept as written, leading in what follows
                self.stack.clear()
                self.place(Criterion(line.text + ":"), line.indent, True)
            elif line.kind == "item":
                self.place(Criterion(line.text, line.marker), line.indent, False)
            elif (
                self.stack and not after_blank and line.indent > self.stack[-1][0]
            ):  # an indented line under an item continues it
                self.stack[-1][1].text += " " + line.text
            else:
                self.place(Criterion(line.text), line.indent, line.text.endswith(":"))
            after_blank = False
        return [s for s in self.sections if s.items]


def _says_more(written: str) -> bool:
    """True when the registry's heading carries more than the plain one ("Key ...")."""
    plain = re.sub(r"[^a-z ]", "", written.lower()).split()
    return any(w not in {"inclusion", "exclusion", "criteria", "criterion"} for w in plain)


def _ambiguous(sections: list[CriteriaSection]) -> bool:
    """True when the split would risk showing a reason to be left out as a requirement."""
    kinds = {s.kind for s in sections}
    if INCLUSION not in kinds and EXCLUSION not in kinds:
        return True
    for section in sections:
        if section.kind != INCLUSION:
            continue
        for item in section.walk():
            if item.marker:
                continue  # a listed criterion may mention exclusions ("none of the below")
            cue = EXCLUSION_LEAD_IN_RE if item.text.endswith(":") else EXCLUSION_STATEMENT_RE
            if cue.search(item.text):
                return True
    return False


def split_criteria(text: str) -> list[CriteriaSection]:
    """The registry's eligibility text as sections of (nested, numbered) criteria.

    Returns plain text only; templates escape it.
    """
    lines = [part for raw in unescape(text or "").splitlines() for part in _classify(raw)]
    sections = _Parser(split=True).feed(lines)
    if not sections or not _ambiguous(sections):
        return sections
    return _Parser(split=False).feed(lines)  # one section: the text as written


def criteria_summary(sections: list[CriteriaSection]) -> list[tuple[str, int]]:
    """(kind, number of top-level criteria) per section: what the fixture corpus records."""
    return [(s.kind, len(s.items)) for s in sections]


PHASE_EXPLAINED = {
    "EARLY_PHASE1": _("Early phase 1: a first, very small test in people."),
    "PHASE1": _("Phase 1: tests whether a treatment is safe, usually in a small group."),
    "PHASE2": _("Phase 2: tests whether the treatment works and is safe in a larger group."),
    "PHASE3": _("Phase 3: compares the treatment with the usual treatment in a large group."),
    "PHASE4": _("Phase 4: studies a treatment that is already approved."),
    "NA": _("No phase: the study does not test a medicine (for example a device or a diet)."),
}
# Intervention types that are medicines: "not applicable" beside one of them means only that
# the registry gives no phase (for example a study of how a medicine is used).
MEDICINE_TYPES = frozenset({"DRUG", "BIOLOGICAL", "COMBINATION_PRODUCT", "GENETIC"})
NA_WITH_MEDICINE = _("Not applicable: the registry gives no phase for this study, "
                     "although it studies a medicine.")

