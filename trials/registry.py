"""Plain-language readings of ClinicalTrials.gov record values, and the facts the study page
reads from the stored record (outcomes, design, arms, officials) rather than from columns.

Nothing here queries the database; the importer and the templates both use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import orjson
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# ---------------------------------------------------------------- Markdown escapes

# ClinicalTrials.gov writes its text as Markdown and escapes more than Markdown does.
ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~=^&$%])")


def unescape(text: str) -> str:
    r"""Markdown escapes from the registry as plain text: '\>' -> '>', '\&' -> '&'."""
    return ESCAPE_RE.sub(r"\1", text)


# ---------------------------------------------------------------- phone numbers

COUNTRY_CODE_RE = re.compile(r"^\+?\s*(\d{1,3})$")


def format_phone(phone: str, ext: str = "") -> str:
    """A number as a person would dial it.

    Registries put a country code in the extension field now and then ("01.49.95.81.69" with
    extension "+33"): that becomes "+33 1.49.95.81.69" (the national leading 0 dropped), not
    "01.49.95.81.69 +33". A real extension reads "ext. 6420".
    """
    phone, ext = (phone or "").strip(), (ext or "").strip()
    if not ext:
        return phone
    code = COUNTRY_CODE_RE.match(ext)
    if code and ext.startswith("+") and phone and not phone.startswith("+"):
        return f"+{code.group(1)} {phone[1:] if phone.startswith('0') else phone}"
    if not phone:
        return ext
    return f"{phone} ext. {ext.removeprefix('ext.').removeprefix('x').strip()}"


# ---------------------------------------------------------------- enum values in plain words

INTERVENTION_TYPES = {
    "DRUG": _("Medicine"), "DEVICE": _("Device"), "BIOLOGICAL": _("Biological product"),
    "PROCEDURE": _("Procedure"), "RADIATION": _("Radiation"), "BEHAVIORAL": _("Behavioral"),
    "GENETIC": _("Genetic"), "DIETARY_SUPPLEMENT": _("Dietary supplement"),
    "COMBINATION_PRODUCT": _("Combination product"), "DIAGNOSTIC_TEST": _("Diagnostic test"),
    "OTHER": _("Other"),
}
ALLOCATION = {
    "RANDOMIZED": _("Randomized: a computer decides by chance which group each person joins."),
    "NON_RANDOMIZED": _("Not randomized: people are not put into groups by chance."),
    "NA": _("One group only."),
}
INTERVENTION_MODEL = {
    "SINGLE_GROUP": _("Everyone gets the same treatment."),
    "PARALLEL": _("Groups get different treatments at the same time."),
    "CROSSOVER": _("Each person gets the treatments one after another."),
    "FACTORIAL": _("People get combinations of two or more treatments."),
    "SEQUENTIAL": _("Groups start one after another."),
}
MASKING = {
    "NONE": _("Open label: everyone knows who gets which treatment."),
    "SINGLE": _("Single blind: one party does not know who gets which treatment."),
    "DOUBLE": _("Double blind: two parties do not know who gets which treatment."),
    "TRIPLE": _("Triple blind: three parties do not know who gets which treatment."),
    "QUADRUPLE": _("Quadruple blind: four parties do not know who gets which treatment."),
}
WHO_MASKED = {
    "PARTICIPANT": _("participants"), "CARE_PROVIDER": _("care providers"),
    "INVESTIGATOR": _("investigators"), "OUTCOMES_ASSESSOR": _("those who measure the results"),
}
PRIMARY_PURPOSE = {
    "TREATMENT": _("Treatment"), "PREVENTION": _("Prevention"), "DIAGNOSTIC": _("Diagnosis"),
    "SUPPORTIVE_CARE": _("Supportive care"), "SCREENING": _("Screening"),
    "HEALTH_SERVICES_RESEARCH": _("Health services research"), "BASIC_SCIENCE": _("Basic science"),
    "DEVICE_FEASIBILITY": _("Device feasibility"), "ECT": _("Effectiveness"), "OTHER": _("Other"),
}
ARM_TYPES = {
    "EXPERIMENTAL": _("Gets the treatment being tested"),
    "ACTIVE_COMPARATOR": _("Gets an existing treatment, for comparison"),
    "PLACEBO_COMPARATOR": _("Gets a placebo (a dummy treatment), for comparison"),
    "SHAM_COMPARATOR": _("Gets a sham (pretend) procedure, for comparison"),
    "NO_INTERVENTION": _("Gets no study treatment"),
    "OTHER": _("Other"),
}
ROLES = {
    "CONTACT": _("Contact"), "PRINCIPAL_INVESTIGATOR": _("Principal investigator"),
    "SUB_INVESTIGATOR": _("Sub-investigator"), "STUDY_CHAIR": _("Study chair"),
    "STUDY_DIRECTOR": _("Study director"),
}
OBSERVATIONAL_MODEL = {
    "COHORT": _("Cohort: follows a group of people over time."),
    "CASE_CONTROL": _("Case-control: compares people with and without the condition."),
    "CASE_ONLY": _("Case-only: studies people with the condition."),
    "CASE_CROSSOVER": _("Case-crossover: compares each person with themselves at other times."),
    "ECOLOGIC_OR_COMMUNITY": _("Community: studies groups or places rather than individuals."),
    "FAMILY_BASED": _("Family-based: studies families."),
    "OTHER": _("Other"),
}


def plain(value: str, table: dict[str, str]) -> str:
    """A registry enum in plain words; an unknown one reads "Combination product" rather than
    "COMBINATION_PRODUCT"."""
    if not value:
        return ""
    # str(): the words in the language of the page being made, not a lazy translation.
    return str(table.get(value) or value.replace("_", " ").capitalize())


def intervention_list(interventions: list) -> list[str]:
    """'Name (type)' once each: records often list the same treatment twice."""
    seen, items = set(), []
    for item in interventions or []:
        if not isinstance(item, dict):
            continue
        name = " ".join(str(item.get("name") or "").split())
        kind = plain(str(item.get("type") or ""), INTERVENTION_TYPES)
        key = (name.casefold(), kind)
        if not name or key in seen:
            continue
        seen.add(key)
        items.append(f"{name} ({kind})" if kind else name)
    return items


# ---------------------------------------------------------------- facts read from the record


@dataclass
class Outcome:
    measure: str
    time_frame: str = ""
    description: str = ""


@dataclass
class Arm:
    label: str
    kind: str = ""
    description: str = ""
    interventions: list[str] = field(default_factory=list)


@dataclass
class Person:
    name: str
    role: str = ""
    affiliation: str = ""


@dataclass
class RecordFacts:
    """What the study page shows from the stored record (empty for the clinic's own trials)."""

    primary_outcomes: list[Outcome] = field(default_factory=list)
    secondary_outcomes: list[Outcome] = field(default_factory=list)
    other_outcomes: list[Outcome] = field(default_factory=list)
    allocation: str = ""
    intervention_model: str = ""
    masking: str = ""
    purpose: str = ""
    observational_model: str = ""
    arms: list[Arm] = field(default_factory=list)
    officials: list[Person] = field(default_factory=list)
    collaborators: list[str] = field(default_factory=list)
    # ACTUAL or ESTIMATED, as the record gives each posting date ("" when it does not).
    first_posted_type: str = ""
    last_update_type: str = ""
    results_first_posted: str = ""  # "YYYY-MM-DD"
    results_first_posted_type: str = ""

    @property
    def has_design(self) -> bool:
        return bool(self.allocation or self.intervention_model or self.masking
                    or self.observational_model or self.arms)


def _dig(obj: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _text(value: Any) -> str:
    return unescape(" ".join(value.split())) if isinstance(value, str) else ""


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def record_facts(raw: str | None) -> RecordFacts:
    """Read the page's extra facts from the raw record; a missing or odd part is left out."""
    facts = RecordFacts()
    if not raw:
        return facts
    try:
        study = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return facts
    ps = _dig(study, "protocolSection") or {}
    for key, target in (("primaryOutcomes", facts.primary_outcomes),
                        ("secondaryOutcomes", facts.secondary_outcomes),
                        ("otherOutcomes", facts.other_outcomes)):
        for item in _list(_dig(ps, "outcomesModule", key)):
            if isinstance(item, dict) and _text(item.get("measure")):
                target.append(Outcome(_text(item.get("measure")), _text(item.get("timeFrame")),
                                      _text(item.get("description"))))
    design = _dig(ps, "designModule", "designInfo") or {}
    if isinstance(design, dict):
        facts.allocation = plain(_text(design.get("allocation")), ALLOCATION)
        facts.intervention_model = plain(_text(design.get("interventionModel")),
                                         INTERVENTION_MODEL)
        facts.purpose = plain(_text(design.get("primaryPurpose")), PRIMARY_PURPOSE)
        facts.observational_model = plain(_text(design.get("observationalModel")),
                                          OBSERVATIONAL_MODEL)
        masking = _dig(design, "maskingInfo") or {}
        facts.masking = plain(_text(_dig(masking, "masking")), MASKING)
        who = [plain(_text(w), WHO_MASKED) for w in _list(_dig(masking, "whoMasked"))]
        if facts.masking and any(who):
            facts.masking += " " + gettext("Not told: {who}.").format(
                who=", ".join(w for w in who if w))
    for item in _list(_dig(ps, "armsInterventionsModule", "armGroups")):
        if isinstance(item, dict) and _text(item.get("label")):
            facts.arms.append(Arm(
                _text(item.get("label")), plain(_text(item.get("type")), ARM_TYPES),
                _text(item.get("description")),
                [_text(n) for n in _list(item.get("interventionNames")) if _text(n)],
            ))
    for item in _list(_dig(ps, "contactsLocationsModule", "overallOfficials")):
        if isinstance(item, dict) and _text(item.get("name")):
            facts.officials.append(Person(_text(item.get("name")),
                                          plain(_text(item.get("role")), ROLES),
                                          _text(item.get("affiliation"))))
    status = _dig(ps, "statusModule") or {}
    facts.first_posted_type = _text(_dig(status, "studyFirstPostDateStruct", "type")).upper()
    facts.last_update_type = _text(_dig(status, "lastUpdatePostDateStruct", "type")).upper()
    facts.results_first_posted = _text(_dig(status, "resultsFirstPostDateStruct", "date"))
    facts.results_first_posted_type = _text(
        _dig(status, "resultsFirstPostDateStruct", "type")).upper()
    facts.collaborators = [
        _text(c.get("name")) for c in _list(_dig(ps, "sponsorCollaboratorsModule", "collaborators"))
        if isinstance(c, dict) and _text(c.get("name"))
    ]
    return facts
