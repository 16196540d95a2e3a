"""Import ClinicalTrials.gov API v2 study records: streaming, batched, atomic per file.

Used by `import_trials`, `sync_trials` and the admin upload page.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ijson
import orjson
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from trials.models import (
    DAYS_PER_UNIT,
    NCT_ID_RE,
    CentralContact,
    DatePrecision,
    DateType,
    Phase,
    Place,
    SearchWord,
    Sex,
    Site,
    Status,
    StudyType,
    Trial,
    denormalised,
    vocabulary_text,
)
from trials.registry import format_phone
from trials.search import COUNTRIES_CACHE_KEY
from trials.signals import trials_imported

BATCH_SIZE = 500
# Fields an import may write; staff flags (at this clinic, hidden) are never among them.
IMPORTED_FIELDS = [
    "brief_title", "official_title", "acronym", "brief_summary", "detailed_description",
    "overall_status", "why_stopped", "phases", "phase_codes", "study_type", "conditions",
    "keywords", "interventions", "conditions_text", "interventions_text", "search_text",
    "eligibility_criteria", "minimum_age_days", "maximum_age_days", "sex", "healthy_volunteers",
    "start_date", "start_date_precision", "primary_completion_date",
    "primary_completion_date_precision", "completion_date", "completion_date_precision",
    "last_update_posted", "lead_sponsor", "raw", "record_digest", "record_version",
    "status_verified", "last_known_status", "start_date_type", "primary_completion_date_type",
    "completion_date_type", "first_posted", "enrollment_count", "enrollment_type", "has_results",
]  # fmt: skip
AGE_RE = re.compile(r"^\s*(\d+)\s+(year|month|week|day|hour|minute)s?\s*$", re.IGNORECASE)


class StudyError(ValueError):
    """A study record that cannot be imported; the message names the field."""


@dataclass
class Mapped:
    """One study turned into model values."""

    trial: dict[str, Any]
    sites: list[dict[str, Any]]
    contacts: list[dict[str, Any]]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_older: int = 0
    failed_files: int = 0
    files: int = 0
    errors: list[str] = field(default_factory=list)
    places: set[tuple[str, str]] = field(default_factory=set, repr=False)

    @property
    def ok(self) -> bool:
        return self.failed_files == 0

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def add(self, other: ImportResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped_older += other.skipped_older
        self.places |= other.places

    def summary(self) -> str:
        text = (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.failed_files} failed"
        )
        if self.skipped_older:
            text += f" ({self.skipped_older} older than the stored record, not applied)"
        return text


# ---------------------------------------------------------------- mapping one study


def _get(obj: Any, path: str, expected: type | tuple[type, ...] | None = None) -> Any:
    """Follow a dotted path; None when a key is missing, StudyError on a wrong type."""
    current = obj
    walked = []
    for key in path.split("."):
        walked.append(key)
        if current is None:
            return None
        if not isinstance(current, dict):
            raise StudyError(f"{'.'.join(walked[:-1])}: expected an object")
        current = current.get(key)
    if current is not None and expected is not None and not isinstance(current, expected):
        names = expected.__name__ if isinstance(expected, type) else "/".join(
            t.__name__ for t in expected
        )
        raise StudyError(f"{path}: expected {_json_type(names)}, got {type(current).__name__}")
    return current


def _json_type(names: str) -> str:
    return {"str": "text", "list": "a list", "dict": "an object", "bool": "true/false"}.get(
        names, names
    )


def _text(study: dict, path: str) -> str:
    return (_get(study, path, str) or "").strip()


def _choice(study: dict, path: str, choices: type, default: str | None = None) -> str:
    value = _get(study, path, str)
    if value is None:
        if default is None:
            raise StudyError(f"{path} is missing")
        return default
    if value not in _values(choices):
        raise StudyError(f"{path}: unknown value {value!r}")
    return value


_VALUES: dict[type, frozenset[str]] = {}


def _values(choices: type) -> frozenset[str]:
    """The allowed values of a TextChoices, computed once (`.values` builds a new list)."""
    if choices not in _VALUES:
        _VALUES[choices] = frozenset(choices.values)
    return _VALUES[choices]


def parse_age(value: str | None, path: str = "age") -> int | None:
    """'18 Years' -> 6570 days; missing or 'N/A' -> None (no limit)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise StudyError(f"{path}: expected text such as '18 Years'")
    if value.strip().upper() in {"", "N/A", "NA"}:
        return None
    match = AGE_RE.match(value)
    if not match:
        raise StudyError(f"{path}: cannot read age {value!r}")
    return int(match.group(1)) * DAYS_PER_UNIT[match.group(2).lower()]


def parse_partial_date(value: Any, path: str) -> tuple[dt.date | None, str]:
    """'2023-05-17' -> (date, 'day'); '2023-05' -> (1 May 2023, 'month')."""
    if value is None:
        return None, DatePrecision.DAY
    if not isinstance(value, str):
        raise StudyError(f"{path}: expected a date as text")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value), DatePrecision.DAY
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return dt.date.fromisoformat(value + "-01"), DatePrecision.MONTH
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), DatePrecision.MONTH
    except ValueError:
        pass
    raise StudyError(f"{path}: cannot read date {value!r}")


def _str_list(study: dict, path: str) -> list[str]:
    items = _get(study, path, list) or []
    if not all(isinstance(item, str) for item in items):
        raise StudyError(f"{path}: expected a list of text")
    return [item.strip() for item in items if item.strip()]


def _float(value: Any, path: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StudyError(f"{path}: expected a number")
    return float(value)


def record_version(study: dict) -> str:
    """Comparable text: lastUpdatePostDate then versionHolder (ISO dates sort as text)."""
    last = _get(study, "protocolSection.statusModule.lastUpdatePostDateStruct.date", str) or ""
    holder = _get(study, "derivedSection.miscInfoModule.versionHolder", str) or ""
    return f"{last} {holder}".strip()


def _objects(study: dict, path: str) -> Iterator[tuple[str, dict]]:
    """(where, item) for each element of the list at `path`; each must be an object."""
    for index, item in enumerate(_get(study, path, list) or []):
        where = f"{path}[{index}]"
        if not isinstance(item, dict):
            raise StudyError(f"{where}: expected an object")
        yield where, item


# The largest real record seen is about 0.5 MB; anything far bigger is not a study.
MAX_STUDY_CHARS = 4_000_000


def dumps(value: Any) -> str:
    """Compact JSON text, non-ASCII kept: orjson (C, 5 times faster), or the standard
    library for what orjson refuses (integers beyond 64 bits)."""
    try:
        return orjson.dumps(value).decode()
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def map_study(study: Any) -> Mapped:
    """Turn one API v2 study object into model values; StudyError names the bad field."""
    if not isinstance(study, dict):
        raise StudyError(f"study: expected an object, got {type(study).__name__}")
    ps = "protocolSection"
    if not isinstance(study.get(ps), dict):
        raise StudyError(f"{ps} is missing")
    nct_id = _get(study, f"{ps}.identificationModule.nctId", str)
    if not nct_id:
        raise StudyError(f"{ps}.identificationModule.nctId is missing")
    nct_id = nct_id.strip().upper()
    if not NCT_ID_RE.fullmatch(nct_id):  # ASCII digits only, as the database checks
        raise StudyError(f"{ps}.identificationModule.nctId: {nct_id!r} is not an NCT id")
    brief_title = _text(study, f"{ps}.identificationModule.briefTitle")
    if not brief_title:
        raise StudyError(f"{ps}.identificationModule.briefTitle is missing")

    raw = dumps(study)
    if len(raw) > MAX_STUDY_CHARS:
        raise StudyError(f"study is larger than {MAX_STUDY_CHARS // 1_000_000} MB")

    status_path = f"{ps}.statusModule"
    values: dict[str, Any] = {
        "nct_id": nct_id,
        "brief_title": brief_title[:500],
        "official_title": _text(study, f"{ps}.identificationModule.officialTitle"),
        "acronym": _text(study, f"{ps}.identificationModule.acronym")[:100],
        "brief_summary": _text(study, f"{ps}.descriptionModule.briefSummary"),
        "detailed_description": _text(study, f"{ps}.descriptionModule.detailedDescription"),
        "overall_status": _choice(study, f"{status_path}.overallStatus", Status, Status.UNKNOWN),
        "why_stopped": _text(study, f"{status_path}.whyStopped"),
        "study_type": _choice(
            study, f"{ps}.designModule.studyType", StudyType, StudyType.INTERVENTIONAL
        ),
        "conditions": _str_list(study, f"{ps}.conditionsModule.conditions"),
        "keywords": _str_list(study, f"{ps}.conditionsModule.keywords"),
        "eligibility_criteria": _text(study, f"{ps}.eligibilityModule.eligibilityCriteria"),
        "lead_sponsor": _text(study, f"{ps}.sponsorCollaboratorsModule.leadSponsor.name")[:500],
        "raw": raw,
        "record_digest": hashlib.blake2b(raw.encode(), digest_size=16).hexdigest(),
        "record_version": record_version(study),
    }
    phases = _str_list(study, f"{ps}.designModule.phases")
    for phase in phases:
        if phase not in _values(Phase):
            raise StudyError(f"{ps}.designModule.phases: unknown value {phase!r}")
    values["phases"] = phases

    interventions = []
    for _, item in _objects(study, f"{ps}.armsInterventionsModule.interventions"):
        interventions.append(
            {
                "type": _text(item, "type"),
                "name": _text(item, "name"),
                "other_names": _str_list(item, "otherNames"),
            }
        )
    values["interventions"] = interventions

    eligibility = f"{ps}.eligibilityModule"
    values["minimum_age_days"] = parse_age(
        _get(study, f"{eligibility}.minimumAge"), f"{eligibility}.minimumAge"
    )
    values["maximum_age_days"] = parse_age(
        _get(study, f"{eligibility}.maximumAge"), f"{eligibility}.maximumAge"
    )
    if (
        values["minimum_age_days"] is not None
        and values["maximum_age_days"] is not None
        and values["minimum_age_days"] > values["maximum_age_days"]
    ):
        raise StudyError(f"{eligibility}.maximumAge: is lower than minimumAge")
    values["sex"] = _choice(study, f"{eligibility}.sex", Sex, Sex.ALL)
    values["healthy_volunteers"] = _get(study, f"{eligibility}.healthyVolunteers", bool)

    for name, key in (
        ("start_date", "startDateStruct"),
        ("primary_completion_date", "primaryCompletionDateStruct"),
        ("completion_date", "completionDateStruct"),
    ):
        date_path = f"{status_path}.{key}.date"
        values[name], values[f"{name}_precision"] = parse_partial_date(
            _get(study, date_path), date_path
        )
    last_path = f"{status_path}.lastUpdatePostDateStruct.date"
    values["last_update_posted"], _ = parse_partial_date(_get(study, last_path), last_path)
    values.update(_status_facts(study, status_path))
    enrollment = f"{ps}.designModule.enrollmentInfo"
    count = _get(study, f"{enrollment}.count", int)
    values["enrollment_count"] = count if count is not None and not isinstance(count, bool) \
        and 0 <= count < 2**31 else None
    values["enrollment_type"] = _date_type(study, f"{enrollment}.type")
    values["has_results"] = study.get("hasResults") is True

    sites = []
    for where, loc in _objects(study, f"{ps}.contactsLocationsModule.locations"):
        status = _get(loc, "status", str) or ""
        if status and status not in _values(Status):
            status = ""  # Site statuses add values now and then; an unknown one is just hidden.
        lat = _float(_get(loc, "geoPoint.lat"), f"{where}.geoPoint.lat")
        lon = _float(_get(loc, "geoPoint.lon"), f"{where}.geoPoint.lon")
        if lat is not None and not -90 <= lat <= 90 or lon is not None and not -180 <= lon <= 180:
            raise StudyError(f"{where}.geoPoint: out of range")
        sites.append(
            {
                "contacts": _people(loc, f"{where}.contacts"),
                "facility": _text(loc, "facility")[:500],
                "city": _text(loc, "city")[:200],
                "state": _text(loc, "state")[:200],
                "postcode": _text(loc, "zip")[:40],
                "country": _text(loc, "country")[:200],
                "status": status,
                "latitude": lat if lon is not None else None,
                "longitude": lon if lat is not None else None,
            }
        )
    contacts = []
    for _, item in _objects(study, f"{ps}.contactsLocationsModule.centralContacts"):
        contacts.append(
            {
                "name": _text(item, "name")[:300],
                "role": _text(item, "role")[:50],
                "phone": format_phone(_text(item, "phone"), _text(item, "phoneExt"))[:100],
                "email": _text(item, "email")[:254],
            }
        )
    return Mapped(trial=values, sites=sites, contacts=contacts)


def _date_type(study: dict, path: str) -> str:
    """ACTUAL or ESTIMATED; older records said ANTICIPATED for planned dates."""
    value = (_get(study, path, str) or "").strip().upper()
    if value == "ANTICIPATED":
        return DateType.ESTIMATED
    return value if value in _values(DateType) else ""


def _status_facts(study: dict, status_path: str) -> dict[str, Any]:
    """When the status was last confirmed, what it was before Unknown, and date types."""
    verified_path = f"{status_path}.statusVerifiedDate"
    verified, _ = parse_partial_date(_get(study, verified_path), verified_path)
    last_known = _get(study, f"{status_path}.lastKnownStatus", str) or ""
    first_path = f"{status_path}.studyFirstPostDateStruct.date"
    first_posted, _ = parse_partial_date(_get(study, first_path), first_path)
    facts = {
        "status_verified": verified,
        "last_known_status": last_known if last_known in _values(Status) else "",
        "first_posted": first_posted,
    }
    for name, key in (
        ("start_date", "startDateStruct"),
        ("primary_completion_date", "primaryCompletionDateStruct"),
        ("completion_date", "completionDateStruct"),
    ):
        facts[f"{name}_type"] = _date_type(study, f"{status_path}.{key}.type")
    return facts


def _people(obj: dict, path: str) -> list[dict[str, str]]:
    """A site's own contacts and investigators, as the page shows them."""
    people = []
    for index, item in enumerate(_get(obj, "contacts", list) or []):
        if not isinstance(item, dict):
            raise StudyError(f"{path}[{index}]: expected an object")
        person = {
            "name": _text(item, "name"),
            "role": _text(item, "role"),
            "phone": format_phone(_text(item, "phone"), _text(item, "phoneExt")),
            "email": _text(item, "email"),
        }
        if any(person.values()):
            people.append({key: value for key, value in person.items() if value})
    return people


# ---------------------------------------------------------------- streaming studies


PAGE_START_RE = re.compile(rb'^(?:\xef\xbb\xbf)?\s*\{\s*"studies"\s*:\s*\[')
LIST_START_RE = re.compile(rb"^(?:\xef\xbb\xbf)?\s*\[")
PEEK_BYTES = 4096


# Real records nest about a dozen levels deep. ijson's C parser needs memory that grows
# with the square of the depth (50,000 levels took 6 GB), so deeper input is refused
# while it is read, before the parser sees it.
MAX_NESTING = 64
_QUOTED = re.compile(rb'"[^"]*"')
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')


class _NestingGuard:
    """A binary stream that counts JSON nesting as it is read and stops at MAX_NESTING.

    The depth is checked at the end of every small chunk, so within a chunk it can
    overshoot by at most CHUNK levels, which is harmless. String contents are skipped:
    brackets inside text do not count. Done with bytes methods that run in C (escapes
    removed, then everything but brackets and quotes): 10 times faster than a regular
    expression over the whole text, which took a quarter of the import time.
    """

    CHUNK = 2048

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.depth = 0
        self.in_string = False
        self.backslash = b""  # an odd run of backslashes at the end of the previous chunk

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(self.CHUNK if size is None or size < 0 else min(size, self.CHUNK))
        if data:
            self._count(data)
        return data

    def _count(self, data: bytes) -> None:
        data = self.backslash + data
        if b"\\" in data:
            stripped = data.rstrip(b"\\")
            # Only the parity of a trailing run matters (pairs are escaped backslashes).
            self.backslash = b"\\" * ((len(data) - len(stripped)) % 2)
            data = stripped.replace(b"\\\\", b"").replace(b'\\"', b"")
        else:
            self.backslash = b""
        # Left: brackets and the quotes around strings, escaped quotes gone.
        text = data.translate(None, _NOT_STRUCTURE)
        if self.in_string:
            text = b'"' + text
        text = _QUOTED.sub(b"", text)
        quote = text.find(b'"')
        self.in_string = quote != -1  # a string runs on into the next chunk
        if self.in_string:
            text = text[:quote]
        opened = text.count(b"[") + text.count(b"{")
        self.depth += opened - (len(text) - opened)
        if self.depth > MAX_NESTING:
            raise StudyError(f"the JSON is nested more than {MAX_NESTING} levels deep")


class _Replay:
    """A binary stream that first gives back the bytes already peeked at."""

    def __init__(self, head: bytes, stream: IO[bytes]):
        self.head = head
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        if not self.head:
            return self.stream.read(size)
        if size is None or size < 0:
            data, self.head = self.head + self.stream.read(), b""
            return data
        data, self.head = self.head[:size], self.head[size:]
        return data


def iter_studies(stream: IO[bytes]) -> Iterator[Any]:
    """Yield each study from a single-study object, a {"studies": [...]} page or a list.

    Only one study is held in memory at a time. Pages that start with "studies" (as the
    API writes them) and top-level lists are built by ijson's C backend; anything else
    goes through the event-by-event reader below.
    """
    head = stream.read(PEEK_BYTES) or b""
    replay = _Replay(head, stream)
    if PAGE_START_RE.match(head):
        yield from ijson.items(replay, "studies.item", use_float=True)
        return
    if LIST_START_RE.match(head):
        yield from ijson.items(replay, "item", use_float=True)
        return
    yield from _iter_studies_events(replay)


def _iter_studies_events(stream: IO[bytes]) -> Iterator[Any]:
    events = ijson.parse(stream, use_float=True)
    top = ijson.ObjectBuilder()
    item: ijson.ObjectBuilder | None = None
    saw_list = saw_any = False
    skip_key = False
    for prefix, event, value in events:
        saw_any = True
        if prefix in ("studies.item", "item") or prefix.startswith(("studies.item.", "item.")):
            if item is None:
                item = ijson.ObjectBuilder()
            item.event(event, value)
            if prefix in ("studies.item", "item") and event in ("end_map", "end_array") or (
                prefix in ("studies.item", "item")
                and event in ("string", "number", "boolean", "null")
            ):
                yield item.value
                item = None
            continue
        if prefix in ("studies", "") and event in ("start_array", "end_array"):
            if prefix == "" and event == "start_array":
                saw_list = True
            if prefix == "studies":
                saw_list = True
            continue
        if prefix == "studies" and event in ("string", "number", "boolean", "null", "start_map"):
            raise StudyError("studies: expected a list of studies")
        if prefix == "" and event == "map_key" and value == "studies":
            skip_key = True
            continue
        if skip_key and prefix == "studies":
            continue
        skip_key = False
        top.event(event, value)
    if not saw_any:
        raise StudyError("the file is empty")
    if saw_list:
        return
    if not isinstance(top.value, dict):
        raise StudyError("expected a study object or a {\"studies\": [...]} page")
    yield top.value


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# ---------------------------------------------------------------- writing


class _Writer:
    """Runs a batch's COPY statements in one background thread on the file's own connection
    (so within its transaction) while the next batch is parsed: psycopg2 lets go of the GIL
    while PostgreSQL works. The main thread waits for them before it uses the connection
    again and before the commit; their errors are raised there and roll the file back."""

    def __init__(self):
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-copy")
        self.queued: list[tuple[str, bytes]] = []
        self.pending: Future | None = None

    def queue(self, sql: str, data: bytes) -> None:
        self.queued.append((sql, data))

    def flush(self) -> None:
        self.wait()
        if self.queued:
            queued, self.queued = self.queued, []
            self.pending = self.executor.submit(_copy_all, connection.connection, queued)

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        self.executor.shutdown(wait=True)


def _copy_all(raw_connection, statements: list[tuple[str, bytes]]) -> None:
    import io

    with raw_connection.cursor() as cursor:
        for sql, data in statements:
            # One read of the whole buffer: no GIL hand-over per 8 kB.
            cursor.copy_expert(sql, io.BytesIO(data), size=len(data) + 1)


_WRITER: contextvars.ContextVar[_Writer | None] = contextvars.ContextVar(
    "import_writer", default=None
)


class _FileImport:
    def __init__(self, name: str, progress: Callable[[int], None] | None):
        self.name = name
        self.result = ImportResult()
        self.progress = progress
        self.count = 0
        self.places: set[tuple[str, str]] = set()  # (city, country) whose sites changed

    def run(self, stream: IO[bytes], batch_size: int) -> None:
        writer = _Writer() if connection.vendor == "postgresql" else None
        token = _WRITER.set(writer)
        try:
            for batch in _batches(iter_studies(stream), batch_size):
                if writer:
                    writer.wait()
                self.save_batch(batch)
                if writer:
                    writer.flush()
            if writer:
                writer.wait()
        finally:
            _WRITER.reset(token)
            if writer:
                writer.close()  # after an error: let a running COPY end before the rollback

    def save_batch(self, studies: list[Any]) -> None:
        mapped: dict[str, Mapped] = {}
        for index, study in enumerate(studies, start=self.count + 1):
            try:
                item = map_study(study)
            except StudyError as exc:
                raise StudyError(f"study {_label(study, index)}: {exc}") from exc
            item.trial.update(denormalised(item.trial))
            mapped[item.trial["nct_id"]] = item  # a later duplicate in the same batch wins
        self.count += len(studies)

        existing = {
            row[0]: row[1:]
            for row in Trial.objects.filter(nct_id__in=list(mapped)).values_list(
                "nct_id", "pk", "record_digest", "record_version", "raw"
            ).order_by()
        }
        new: list[Mapped] = []
        changed: list[Trial] = []
        children: dict[str, Mapped] = {}
        for nct_id, item in mapped.items():
            stored = existing.get(nct_id)
            if stored is None:
                new.append(item)
                continue
            pk, digest, version, raw = stored
            if digest == item.trial["record_digest"] or (
                not digest and raw and json.loads(raw) == json.loads(item.trial["raw"])
            ):  # rows stored before digests existed are compared as JSON
                self.result.unchanged += 1
            elif item.trial["record_version"] < (version or ""):
                self.result.skipped_older += 1
            else:
                changed.append(Trial(pk=pk, **item.trial))
                children[nct_id] = item

        if changed:
            self.places.update(
                Site.objects.filter(trial__in=changed).values_list("city", "country").distinct()
            )
            for trial in changed:
                trial.updated_at = timezone.now()
            Trial.objects.bulk_update(changed, [*IMPORTED_FIELDS, "updated_at"], BATCH_SIZE)
            Site.objects.filter(trial__in=changed).delete()
            CentralContact.objects.filter(trial__in=changed).delete()
        ids = _insert_trials([item.trial for item in new])
        written = [(ids[item.trial["nct_id"]], item) for item in new]
        written += [(trial.pk, children[trial.nct_id]) for trial in changed]
        site_rows = [{"trial_id": pk, **site} for pk, item in written for site in item.sites]
        _insert(Site, site_rows)
        _insert(
            CentralContact,
            [{"trial_id": pk, **contact} for pk, item in written for contact in item.contacts],
        )
        self.places.update((row["city"], row["country"]) for row in site_rows)
        SearchWord.add_from_values(vocabulary_text(item.trial) for _, item in written)
        self.result.created += len(new)
        self.result.updated += len(changed)
        if self.progress:
            self.progress(len(studies))


def _columns(model) -> list:
    return [
        f for f in model._meta.concrete_fields
        if not f.primary_key and f.column != "search_vector"
    ]


def _insert(model, rows: list[dict[str, Any]]) -> None:
    """Insert plain rows. PostgreSQL: one multi-row INSERT per batch, without building
    model objects (the per-field preparation of bulk_create was most of the import time)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH_SIZE)
        return
    _copy_rows(model, rows, returning=False)


def _insert_trials(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert new trials; return their ids by NCT id."""
    if not rows:
        return {}
    if connection.vendor != "postgresql":
        trials = [Trial(**row) for row in rows]
        Trial.objects.bulk_create(trials, batch_size=BATCH_SIZE)
        return {t.nct_id: t.pk for t in trials}
    return dict(_copy_rows(Trial, rows, returning=True))



def _copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        if "\\" in value:
            value = value.replace("\\", "\\\\")
        return value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def _copy_rows(model, rows: list[dict[str, Any]], *, returning: bool) -> list[tuple]:
    """COPY the rows in (much faster than INSERT for large text); ids come from the
    table's sequence first, so the caller knows them."""
    import io

    fields = _columns(model)
    now = timezone.now()
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        else:
            defaults[f.attname] = None if f.null else ""
    json_columns = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    names = [f.attname for f in fields]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        buffer = io.StringIO()
        for pk, row in zip(ids, rows, strict=True):
            merged = {**defaults, **row}
            for name in json_columns:
                merged[name] = dumps(merged[name])
            buffer.write(str(pk))
            for name in names:
                buffer.write("\t")
                buffer.write(_copy_text(merged[name]))
            buffer.write("\n")
        columns = ", ".join(connection.ops.quote_name(f.column) for f in [*fields])
        sql = f"COPY {table} (id, {columns}) FROM STDIN"
        writer = _WRITER.get()
        if writer is not None:
            writer.queue(sql, buffer.getvalue().encode())
        else:
            buffer.seek(0)
            cursor.cursor.copy_expert(sql, buffer)
    if returning:
        return [(row["nct_id"], pk) for pk, row in zip(ids, rows, strict=True)]
    return []


def _label(study: Any, index: int) -> str:
    if isinstance(study, dict):
        ident = study.get("protocolSection", {})
        ident = ident.get("identificationModule", {}) if isinstance(ident, dict) else {}
        nct = ident.get("nctId") if isinstance(ident, dict) else None
        if isinstance(nct, str) and nct:
            return nct
    return f"#{index}"


def import_stream(
    name: str,
    stream: IO[bytes],
    *,
    result: ImportResult,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> bool:
    """Import one file atomically; on error nothing from it is kept and the error is recorded."""
    job = _FileImport(name, progress)
    result.files += 1
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # A bulk load: commit without waiting for the WAL flush (a crash can lose
                # the last file imported, never half of one).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            job.run(_NestingGuard(stream), batch_size)
    except StudyError as exc:
        result.failed_files += 1
        result.errors.append(f"{name}: {exc}")
        return False
    except (ijson.JSONError, UnicodeDecodeError) as exc:
        result.failed_files += 1
        where = f" after study {job.count}" if job.count else ""
        result.errors.append(f"{name}: not valid JSON{where}: {exc}")
        return False
    except RecursionError:
        result.failed_files += 1
        result.errors.append(f"{name}: the JSON is nested too deeply to read")
        return False
    except DatabaseError as exc:  # read-only database, disk full, lost connection
        result.failed_files += 1
        result.errors.append(f"{name}: the database refused the import: {exc}".strip())
        return False
    job.result.places = job.places
    result.add(job.result)
    if job.result.changed:
        cache.delete(COUNTRIES_CACHE_KEY)
        trials_imported.send(sender=Trial, name=name, result=job.result)
    return True


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Files as given, folders as every *.json inside (recursively, sorted), '-' as stdin."""
    for raw in paths:
        if str(raw) == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.json") if p.is_file())
        else:
            yield path


def import_paths(
    paths: Iterable[str | Path],
    *,
    stdin: IO[bytes] | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import files, folders and '-' (stdin); each file is its own transaction."""
    result = ImportResult()
    for path in expand_paths(paths):
        if path == "-":
            import_stream(
                "<stdin>", stdin or sys.stdin.buffer, result=result, batch_size=batch_size,
                progress=progress,
            )
            continue
        try:
            with open(path, "rb") as stream:
                import_stream(
                    str(path), stream, result=result, batch_size=batch_size, progress=progress
                )
        except OSError as exc:
            result.files += 1
            result.failed_files += 1
            result.errors.append(f"{path}: cannot read: {exc.strerror or exc}")
    finish_import(result)
    return result


def import_uploads(files: Iterable[tuple[str, IO[bytes]]]) -> ImportResult:
    """Import uploaded (name, binary stream) pairs, as the admin page does."""
    result = ImportResult()
    for name, stream in files:
        import_stream(name, stream, result=result)
    finish_import(result)
    return result


def finish_import(result: ImportResult) -> None:
    """Refresh the places whose sites changed, once, after all files."""
    if result.changed:
        with transaction.atomic():
            Place.refresh(result.places)
        cache.delete(COUNTRIES_CACHE_KEY)
