"""Fetch studies from the live ClinicalTrials.gov API v2 and feed them to the importer."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable

import requests
from django.db import transaction

from trials.importer import ImportResult, finish_import, import_stream

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
) -> tempfile.SpooledTemporaryFile:
    """Download every page into one temporary {"studies": [...]} file (spooled to disk)."""
    http = session or requests.Session()
    params: dict[str, str | int] = {"query.cond": condition, "pageSize": page_size}
    statuses = [s for s in statuses if s]
    if statuses:
        params["filter.overallStatus"] = ",".join(statuses)
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
