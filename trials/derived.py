"""Values computed from a trial's own fields: the derived columns for filtering and
matching, the text that feeds spelling help, and the fingerprint of the clinic's words.

Functions of plain values or of any object with the fields, so the importer and migrations
use them without the current model class.
"""

from __future__ import annotations

import hashlib
import json

DENORMALISED_INPUTS = (
    "nct_id", "clinic_reference", "phases", "conditions", "keywords", "interventions",
    "brief_title", "official_title", "acronym", "brief_summary", "conditions_text",
    "interventions_text",
)


def denormalised(values: dict) -> dict:
    """The derived columns (filters, matching) for a trial's typed values.

    A function of plain values, so the importer can use it without building model objects.
    """
    phases = [p for p in (values.get("phases") or []) if p]
    names = []
    for item in values.get("interventions") or []:
        if isinstance(item, dict):
            names.extend([item.get("name") or "", *(item.get("other_names") or [])])
        else:
            names.append(str(item))
    derived = {
        "nct_id": (values.get("nct_id") or "").strip().upper() or None,
        "clinic_reference": (values.get("clinic_reference") or "").strip() or None,
        "phases": phases,
        "phase_codes": "".join(f"|{p}" for p in phases) + "|" if phases else "",
        "conditions_text": " ; ".join(
            [*(values.get("conditions") or []), *(values.get("keywords") or [])]
        ),
        "interventions_text": " ; ".join(n for n in names if n),
    }
    return derived


VOCABULARY_FIELDS = ("brief_title", "acronym", "conditions_text", "interventions_text")


def vocabulary_text(values: dict) -> str:
    """The text whose words feed spelling help (see SearchWord)."""
    return " ".join(values.get(name) or "" for name in VOCABULARY_FIELDS)


# What the clinic writes for its own studies, as patients read it.
CLINIC_TEXT_FIELDS = ["clinic_reference", "brief_title", "official_title", "acronym",
                      "brief_summary", "detailed_description", "why_stopped",
                      "eligibility_criteria", "conditions", "keywords", "interventions",
                      "overall_status", "lead_sponsor"]


def clinic_text_digest(trial) -> str:
    """Fingerprint of a study's clinic-written words (also used by migration 0014)."""
    values = {name: getattr(trial, name) for name in CLINIC_TEXT_FIELDS}
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
