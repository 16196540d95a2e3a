"""Fetch studies from the live ClinicalTrials.gov API v2 and feed them to the importer."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import requests
from django.db import transaction
from django.utils import timezone

from trials.importer import ImportResult, finish_import, import_stream
from trials.models import SyncRun, SyncRunCondition, TrackedCondition

API_URL = "https://clinicaltrials.gov/api/v2/studies"
TIMEOUT_SECONDS = 20
MAX_PAGES = 1000


class SyncError(RuntimeError):
    """The API could not be read; nothing was changed."""


def fetch_pages(
    *,
    condition: str,
    statuses: Iterable[str] = (),
    page_size: int = 100,
    session: requests.Session | None = None,
    on_page: Callable[[int, int], None] | None = None,
    updated_since: dt.date | None = None,
    fields: str = "",
) -> tempfile.SpooledTemporaryFile:
    """Download every page into one temporary {"studies": [...]} file (spooled to disk).

    `updated_since`: only studies whose last update was posted on or after that day.
    `fields`: only these fields of each study (for example "NCTId")."""
    http = session or requests.Session()
    params: dict[str, str | int] = {"query.cond": condition, "pageSize": page_size}
    statuses = [s for s in statuses if s]
    if statuses:
        params["filter.overallStatus"] = ",".join(statuses)
    if updated_since:
        params["filter.advanced"] = f"AREA[LastUpdatePostDate]RANGE[{updated_since:%Y-%m-%d},MAX]"
    if fields:
        params["fields"] = fields
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024, mode="w+b")  # noqa: SIM115
    out.write(b'{"studies": [')
    first = True
    for page_number in range(1, MAX_PAGES + 1):
        try:
            response = http.get(API_URL, params=params, timeout=TIMEOUT_SECONDS)
            response.raise_for_status()
            page = response.json()
        except requests.Timeout as exc:
            raise SyncError(
                f"ClinicalTrials.gov did not answer within {TIMEOUT_SECONDS} s"
            ) from exc
        except requests.HTTPError as exc:
            raise SyncError(
                f"ClinicalTrials.gov answered HTTP {exc.response.status_code} on page {page_number}"
            ) from exc
        except requests.RequestException as exc:
            raise SyncError(f"Cannot reach ClinicalTrials.gov: {exc}") from exc
        except ValueError as exc:
            raise SyncError(f"ClinicalTrials.gov sent something that is not JSON: {exc}") from exc
        studies = page.get("studies") if isinstance(page, dict) else None
        if not isinstance(studies, list):
            raise SyncError(f"Page {page_number} has no list of studies")
        for study in studies:
            out.write(b"" if first else b",")
            out.write(json.dumps(study).encode("utf-8"))
            first = False
        if on_page:
            on_page(page_number, len(studies))
        token = page.get("nextPageToken")
        if not token:
            break
        params["pageToken"] = token
    out.write(b"]}")
    out.seek(0)
    return out


def sync(
    *,
    condition: str,
    statuses: Iterable[str] = (),
    page_size: int = 100,
    on_page: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """All pages are fetched first, then imported in one transaction: a failure changes nothing."""
    with fetch_pages(
        condition=condition, statuses=statuses, page_size=page_size, on_page=on_page
    ) as pages:
        result = ImportResult()
        with transaction.atomic():
            import_stream("ClinicalTrials.gov", pages, result=result)
            finish_import(result)
    return result


# ---------------------------------------------------------------- tracked conditions

# An incremental run asks for studies updated since the day before the last good run
# started: the registry posts by date, so a day of overlap loses nothing (and re-reading an
# unchanged study changes nothing).
OVERLAP_DAYS = 1
ID_PAGE_SIZE = 1000


@dataclass
class _Fetched:
    condition: TrackedCondition | None
    name: str
    pages: tempfile.SpooledTemporaryFile | None = None
    count: int = 0
    matching_ids: set[str] | None = None
    error: str = ""
    result: ImportResult = field(default_factory=ImportResult)


def registry_query(condition: TrackedCondition) -> str:
    """ClinicalTrials.gov's condition search for any of the condition's terms."""
    return " OR ".join(f'"{t}"' if " " in t else t for t in condition.terms)


def _matching_ids(condition: str, page_size: int) -> set[str]:
    with fetch_pages(condition=condition, page_size=page_size, fields="NCTId") as pages:
        studies = json.load(pages)["studies"]
    ids = set()
    for study in studies:
        try:
            ids.add(study["protocolSection"]["identificationModule"]["nctId"])
        except (KeyError, TypeError):
            continue
    return ids


def sync_tracked(
    conditions: Iterable[TrackedCondition] | None = None,
    *,
    full: bool = False,
    page_size: int = 100,
    on_page: Callable[[str, int, int], None] | None = None,
) -> SyncRun:
    """Sync every tracked condition (or these) and record the run.

    Everything is fetched first, then imported in one transaction: if any condition cannot
    be read or imported, nothing changes, and the run is recorded as failed with the reason.
    After the first good run only studies updated since then are fetched, plus the ids of
    every study that matches, so listed trials that no longer match are flagged.
    """
    conditions = list(TrackedCondition.objects.all() if conditions is None else conditions)
    last_ok = SyncRun.objects.filter(is_ok=True).order_by("-started_at").first()
    since = None
    if last_ok and not full:
        since = timezone.localdate(last_ok.started_at) - dt.timedelta(days=OVERLAP_DAYS)
    run = SyncRun.objects.create(
        started_at=timezone.now(), is_incremental=since is not None, updated_since=since
    )
    fetched = [_Fetched(c, c.name) for c in conditions]
    try:
        _fetch_all(fetched, since, page_size, on_page)
        _import_all(fetched)
    except SyncError as exc:
        run.error = str(exc)
    finally:
        for item in fetched:
            if item.pages is not None:
                item.pages.close()
    run.is_ok = not run.error
    run.finished_at = timezone.now()
    run.save()
    SyncRunCondition.objects.bulk_create([
        SyncRunCondition(
            run=run, condition=item.condition, condition_name=item.name, fetched=item.count,
            created=item.result.created if run.is_ok else 0,
            updated=item.result.updated if run.is_ok else 0,
            unchanged=item.result.unchanged if run.is_ok else 0,
            failed=item.result.failed_files, error=item.error,
            no_longer_matching=_no_longer_matching(item) if run.is_ok else [],
        )
        for item in fetched
    ])
    return run


def _fetch_all(fetched: list[_Fetched], since, page_size, on_page) -> None:
    for item in fetched:
        query = registry_query(item.condition)

        def counted(number: int, count: int, item=item) -> None:
            item.count += count
            if on_page:
                on_page(item.name, number, count)

        try:
            item.pages = fetch_pages(
                condition=query, page_size=page_size, on_page=counted, updated_since=since
            )
            item.matching_ids = _matching_ids(query, ID_PAGE_SIZE)
        except SyncError as exc:
            item.error = str(exc)
            raise SyncError(f"{item.name}: {exc}") from exc


def _import_all(fetched: list[_Fetched]) -> None:
    with transaction.atomic():  # a SyncError rolls every condition back
        for item in fetched:
            import_stream(f"ClinicalTrials.gov: {item.name}", item.pages, result=item.result)
            if not item.result.ok:
                item.error = "; ".join(item.result.errors)
                raise SyncError(f"{item.name}: the studies could not be imported")
            finish_import(item.result)


def _no_longer_matching(item: _Fetched) -> list[str]:
    """Listed trials the portal files under the condition that the registry no longer
    returns for it (the registry's record changed, or the condition's terms did)."""
    if item.condition is None or item.matching_ids is None:
        return []
    local = item.condition.trials().exclude(nct_id=None).values_list("nct_id", flat=True)
    return sorted(set(local) - item.matching_ids)
