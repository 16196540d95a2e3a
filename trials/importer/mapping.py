"""One study record turned into model values, one function per module of the record.

Text lengths come from the models (`clip`), so a longer column needs no change here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from trials.importer.fields import (
    StudyError,
    choice,
    clip,
    dumps,
    get,
    max_lengths,
    number,
    objects,
    parse_age,
    parse_partial_date,
    record_version,
    str_list,
    text,
    values_of,
)
from trials.models import (
    NCT_ID_RE,
    CentralContact,
    DateType,
    Phase,
    Sex,
    Site,
    Status,
    StudyType,
    Trial,
)
from trials.registry import format_phone

# Fields an import may write; staff flags (at this clinic, hidden) are never among them.
IMPORTED_FIELDS = [
    "brief_title", "official_title", "acronym", "brief_summary", "detailed_description",
    "overall_status", "why_stopped", "phases", "phase_codes", "site_countries", "site_count",
    "study_type",
    "conditions", "keywords", "interventions", "conditions_text", "interventions_text",
    "eligibility_criteria", "minimum_age_days", "maximum_age_days", "sex",
    "healthy_volunteers",
    "start_date", "start_date_precision", "primary_completion_date",
    "primary_completion_date_precision", "completion_date", "completion_date_precision",
    "last_update_posted", "lead_sponsor", "raw", "record_digest", "record_version",
    "status_verified", "last_known_status", "start_date_type", "primary_completion_date_type",
    "completion_date_type", "first_posted", "enrollment_count", "enrollment_type", "has_results",
]  # fmt: skip
TRIAL_LIMITS = max_lengths(Trial)
SITE_LIMITS = max_lengths(Site)
CONTACT_LIMITS = max_lengths(CentralContact)
# The largest real record seen is about 0.5 MB; anything far bigger is not a study.
MAX_STUDY_CHARS = 4_000_000
PS = "protocolSection"
STATUS = f"{PS}.statusModule"
DATES = (
    ("start_date", "startDateStruct"),
    ("primary_completion_date", "primaryCompletionDateStruct"),
    ("completion_date", "completionDateStruct"),
)


@dataclass
class Mapped:
    """One study turned into model values."""

    trial: dict[str, Any]
    sites: list[dict[str, Any]]
    contacts: list[dict[str, Any]]


def identify(study: Any) -> tuple[str, str, str] | None:
    """(NCT id, record text, digest) when the study has a valid id, else None (map_study
    then names what is wrong): an unchanged study is recognised without being mapped."""
    if not isinstance(study, dict) or not isinstance(study.get(PS), dict):
        return None
    ident = study[PS].get("identificationModule")
    nct_id = ident.get("nctId") if isinstance(ident, dict) else None
    if not isinstance(nct_id, str) or not NCT_ID_RE.fullmatch(nct_id := nct_id.strip().upper()):
        return None
    raw = dumps(study)
    return nct_id, raw, digest(raw)


def digest(raw: str) -> str:
    return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def map_study(study: Any, raw: str | None = None) -> Mapped:
    """Turn one API v2 study object into model values; StudyError names the bad field.

    `raw`: the study's JSON text (`dumps(study)`), when the caller has it already."""
    if not isinstance(study, dict):
        raise StudyError(f"study: expected an object, got {type(study).__name__}")
    if not isinstance(study.get(PS), dict):
        raise StudyError(f"{PS} is missing")
    values = _identification(study)
    if raw is None:
        raw = dumps(study)
    if len(raw) > MAX_STUDY_CHARS:
        raise StudyError(f"study is larger than {MAX_STUDY_CHARS // 1_000_000} MB")
    values.update(
        brief_summary=text(study, f"{PS}.descriptionModule.briefSummary"),
        detailed_description=text(study, f"{PS}.descriptionModule.detailedDescription"),
        overall_status=choice(study, f"{STATUS}.overallStatus", Status, Status.UNKNOWN),
        why_stopped=text(study, f"{STATUS}.whyStopped"),
        study_type=choice(
            study, f"{PS}.designModule.studyType", StudyType, StudyType.INTERVENTIONAL
        ),
        conditions=str_list(study, f"{PS}.conditionsModule.conditions"),
        keywords=str_list(study, f"{PS}.conditionsModule.keywords"),
        eligibility_criteria=text(study, f"{PS}.eligibilityModule.eligibilityCriteria"),
        lead_sponsor=text(study, f"{PS}.sponsorCollaboratorsModule.leadSponsor.name"),
        raw=raw,
        record_digest=digest(raw),
        record_version=record_version(study),
    )
    values["phases"] = _phases(study)
    values["interventions"] = _interventions(study)
    values.update(_eligibility(study))
    values.update(_dates(study))
    values.update(_status_facts(study))
    values.update(_enrollment(study))
    values["has_results"] = study.get("hasResults") is True
    return Mapped(
        trial=clip(values, TRIAL_LIMITS), sites=_locations(study), contacts=_central_contacts(study)
    )


def _identification(study: dict) -> dict[str, Any]:
    nct_id = get(study, f"{PS}.identificationModule.nctId", str)
    if not nct_id:
        raise StudyError(f"{PS}.identificationModule.nctId is missing")
    nct_id = nct_id.strip().upper()
    if not NCT_ID_RE.fullmatch(nct_id):  # ASCII digits only, as the database checks
        raise StudyError(f"{PS}.identificationModule.nctId: {nct_id!r} is not an NCT id")
    brief_title = text(study, f"{PS}.identificationModule.briefTitle")
    if not brief_title:
        raise StudyError(f"{PS}.identificationModule.briefTitle is missing")
    return {
        "nct_id": nct_id,
        "brief_title": brief_title,
        "official_title": text(study, f"{PS}.identificationModule.officialTitle"),
        "acronym": text(study, f"{PS}.identificationModule.acronym"),
    }


def _phases(study: dict) -> list[str]:
    phases = str_list(study, f"{PS}.designModule.phases")
    for phase in phases:
        if phase not in values_of(Phase):
            raise StudyError(f"{PS}.designModule.phases: unknown value {phase!r}")
    return phases


def _interventions(study: dict) -> list[dict[str, Any]]:
    return [
        {
            "type": text(item, "type"),
            "name": text(item, "name"),
            "other_names": str_list(item, "otherNames"),
        }
        for _, item in objects(study, f"{PS}.armsInterventionsModule.interventions")
    ]


def _eligibility(study: dict) -> dict[str, Any]:
    path = f"{PS}.eligibilityModule"
    low = parse_age(get(study, f"{path}.minimumAge"), f"{path}.minimumAge")
    high = parse_age(get(study, f"{path}.maximumAge"), f"{path}.maximumAge")
    if low is not None and high is not None and low > high:
        raise StudyError(f"{path}.maximumAge: is lower than minimumAge")
    return {
        "minimum_age_days": low,
        "maximum_age_days": high,
        "sex": choice(study, f"{path}.sex", Sex, Sex.ALL),
        "healthy_volunteers": get(study, f"{path}.healthyVolunteers", bool),
    }


def _dates(study: dict) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, key in DATES:
        path = f"{STATUS}.{key}.date"
        values[name], values[f"{name}_precision"] = parse_partial_date(get(study, path), path)
    last_path = f"{STATUS}.lastUpdatePostDateStruct.date"
    values["last_update_posted"], _ = parse_partial_date(get(study, last_path), last_path)
    return values


def _date_type(study: dict, path: str) -> str:
    """ACTUAL or ESTIMATED; older records said ANTICIPATED for planned dates."""
    value = (get(study, path, str) or "").strip().upper()
    if value == "ANTICIPATED":
        return DateType.ESTIMATED
    return value if value in values_of(DateType) else ""


def _status_facts(study: dict) -> dict[str, Any]:
    """When the status was last confirmed, what it was before Unknown, and date types."""
    verified_path = f"{STATUS}.statusVerifiedDate"
    verified, _ = parse_partial_date(get(study, verified_path), verified_path)
    last_known = get(study, f"{STATUS}.lastKnownStatus", str) or ""
    first_path = f"{STATUS}.studyFirstPostDateStruct.date"
    first_posted, _ = parse_partial_date(get(study, first_path), first_path)
    facts = {
        "status_verified": verified,
        "last_known_status": last_known if last_known in values_of(Status) else "",
        "first_posted": first_posted,
    }
    for name, key in DATES:
        facts[f"{name}_type"] = _date_type(study, f"{STATUS}.{key}.type")
    return facts


def _enrollment(study: dict) -> dict[str, Any]:
    path = f"{PS}.designModule.enrollmentInfo"
    count = get(study, f"{path}.count", int)
    usable = count is not None and not isinstance(count, bool) and 0 <= count < 2**31
    return {
        "enrollment_count": count if usable else None,
        "enrollment_type": _date_type(study, f"{path}.type"),
    }


def _locations(study: dict) -> list[dict[str, Any]]:
    sites = []
    for where, loc in objects(study, f"{PS}.contactsLocationsModule.locations"):
        status = get(loc, "status", str) or ""
        if status and status not in values_of(Status):
            status = ""  # Site statuses add values now and then; an unknown one is just hidden.
        lat = number(get(loc, "geoPoint.lat"), f"{where}.geoPoint.lat")
        lon = number(get(loc, "geoPoint.lon"), f"{where}.geoPoint.lon")
        if lat is not None and not -90 <= lat <= 90 or lon is not None and not -180 <= lon <= 180:
            raise StudyError(f"{where}.geoPoint: out of range")
        sites.append(clip({
            "contacts": _people(loc, f"{where}.contacts"),
            "facility": text(loc, "facility"),
            "city": text(loc, "city"),
            "state": text(loc, "state"),
            "postcode": text(loc, "zip"),
            "country": text(loc, "country"),
            "status": status,
            "latitude": lat if lon is not None else None,
            "longitude": lon if lat is not None else None,
        }, SITE_LIMITS))
    return sites


def _people(obj: dict, path: str) -> list[dict[str, str]]:
    """A site's own contacts and investigators, as the page shows them."""
    people = []
    for index, item in enumerate(get(obj, "contacts", list) or []):
        if not isinstance(item, dict):
            raise StudyError(f"{path}[{index}]: expected an object")
        person = {
            "name": text(item, "name"),
            "role": text(item, "role"),
            "phone": format_phone(text(item, "phone"), text(item, "phoneExt")),
            "email": text(item, "email"),
        }
        if any(person.values()):
            people.append({key: value for key, value in person.items() if value})
    return people


def _central_contacts(study: dict) -> list[dict[str, Any]]:
    return [
        clip({
            "name": text(item, "name"),
            "role": text(item, "role"),
            "phone": format_phone(text(item, "phone"), text(item, "phoneExt")),
            "email": text(item, "email"),
        }, CONTACT_LIMITS)
        for _, item in objects(study, f"{PS}.contactsLocationsModule.centralContacts")
    ]
