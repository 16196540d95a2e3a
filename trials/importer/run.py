"""Importing files: each file is one transaction, studies go in batches, and the places whose
sites changed are refreshed once at the end."""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ijson
from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from common.processes import start_django
from trials.codes import codes
from trials.derived import denormalised, vocabulary_text
from trials.importer.fields import StudyError
from trials.importer.mapping import IMPORTED_FIELDS, Mapped, identify, map_study
from trials.importer.pg_copy import BATCH_SIZE, WRITER, CopyWriter, insert_rows, insert_trials
from trials.importer.stream import batches, iter_studies
from trials.listing import TrialListing
from trials.models import (
    CentralContact,
    Place,
    SearchWord,
    Site,
    Trial,
)
from trials.signals import trials_imported


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
    studies: int = field(default=0, repr=False)  # read from the file (one file's result)
    database_error: bool = field(default=False, repr=False)

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


class _FileImport:
    def __init__(self, name: str, progress: Callable[[int], None] | None):
        self.name = name
        self.result = ImportResult()
        self.progress = progress
        self.count = 0
        self.places: set[tuple[str, str]] = set()  # (city, country) whose sites changed
        self.words: set[str] = set()  # for spelling help, added once at the end of the file

    def run(self, stream: IO[bytes], batch_size: int) -> None:
        writer = CopyWriter() if connection.vendor == "postgresql" else None
        token = WRITER.set(writer)
        try:
            for batch in batches(iter_studies(stream), batch_size):
                if writer:
                    writer.wait()
                self.save_batch(batch)
                if writer:
                    writer.flush()
            if writer:
                writer.wait()
            SearchWord.add_words(self.words)
        finally:
            WRITER.reset(token)
            if writer:
                writer.close()  # after an error: let a running COPY end before the rollback

    def save_batch(self, studies: list[Any]) -> None:
        identities = [identify(study) for study in studies]
        digests = dict(
            Trial.objects.filter(nct_id__in={i[0] for i in identities if i})
            .values_list("nct_id", "record_digest").order_by()
        )
        mapped: dict[str, Mapped | None] = {}  # None: the stored record is the same
        for index, (study, identity) in enumerate(
            zip(studies, identities, strict=True), start=self.count + 1
        ):
            if identity and identity[2] == digests.get(identity[0]):
                mapped[identity[0]] = None  # unchanged: no need to map it again
                continue
            try:
                item = map_study(study, identity[1] if identity else None)
            except StudyError as exc:
                raise StudyError(f"study {_label(study, index)}: {exc}") from exc
            item.trial.update(denormalised(item.trial))
            item.trial["site_countries"] = codes(site["country"] for site in item.sites)
            item.trial["site_count"] = len(item.sites)
            mapped[item.trial["nct_id"]] = item  # a later duplicate in the same batch wins
        self.count += len(studies)

        self.result.unchanged += sum(item is None for item in mapped.values())
        existing = {
            row[0]: row[1:]
            for row in Trial.objects.filter(
                nct_id__in=[key for key, item in mapped.items() if item is not None]
            ).values_list("nct_id", "pk", "record_digest", "record_version", "raw").order_by()
        }
        new: list[Mapped] = []
        changed: list[Trial] = []
        children: dict[str, Mapped] = {}
        for nct_id, item in mapped.items():
            if item is None:
                continue
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
        ids = insert_trials([item.trial for item in new])
        written = [(ids[item.trial["nct_id"]], item) for item in new]
        written += [(trial.pk, children[trial.nct_id]) for trial in changed]
        site_rows = [{"trial_id": pk, **site} for pk, item in written for site in item.sites]
        insert_rows(Site, site_rows)
        insert_rows(
            CentralContact,
            [{"trial_id": pk, **contact} for pk, item in written for contact in item.contacts],
        )
        self.places.update((row["city"], row["country"]) for row in site_rows)
        self.words |= SearchWord.words_in(vocabulary_text(item.trial) for _, item in written)
        self.result.created += len(new)
        self.result.updated += len(changed)
        if self.progress:
            self.progress(len(studies))


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
    outcome = _import_file(name, stream, batch_size, progress)
    _record(name, outcome, result)
    return outcome.ok


def _import_file(
    name: str, stream: IO[bytes], batch_size: int, progress: Callable[[int], None] | None
) -> ImportResult:
    """One file in one transaction; the result holds its counts or its error (files == 1)."""
    job = _FileImport(name, progress)
    outcome = ImportResult(files=1)
    try:
        with _without_cycle_collection(), transaction.atomic():
            if connection.vendor == "postgresql":
                # A bulk load: commit without waiting for the WAL flush (a crash can lose
                # the last file imported, never half of one).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            job.run(stream, batch_size)
    except StudyError as exc:
        outcome.errors.append(f"{name}: {exc}")
    except (ijson.JSONError, UnicodeDecodeError) as exc:
        where = f" after study {job.count}" if job.count else ""
        outcome.errors.append(f"{name}: not valid JSON{where}: {exc}")
    except RecursionError:
        outcome.errors.append(f"{name}: the JSON is nested too deeply to read")
    except DatabaseError as exc:  # read-only database, disk full, lost connection
        outcome.errors.append(f"{name}: the database refused the import: {exc}".strip())
        outcome.database_error = True
    if outcome.errors:
        outcome.failed_files = 1
        return outcome
    job.result.files = 1
    job.result.places = job.places
    job.result.studies = job.count
    return job.result


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while a file is read: parsing and mapping make hundreds
    of thousands of dicts and lists, and the collections they set off (each walking every
    object alive, Django's included) took 3 times as long as orjson's parsing itself. Study
    records hold no cycles; reference counting frees them, and the collector runs again
    after the file."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _record(name: str, outcome: ImportResult, result: ImportResult) -> None:
    """Add one file's outcome to the run's result and tell the caches when it changed trials."""
    result.files += outcome.files
    result.failed_files += outcome.failed_files
    result.errors += outcome.errors
    if not outcome.ok:
        return
    result.add(outcome)
    if outcome.changed:
        trials_imported.send(sender=Trial, name=name, result=outcome)


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
    workers: int | None = 1,
) -> ImportResult:
    """Import files, folders and '-' (stdin); each file is its own transaction.

    On PostgreSQL, outside a transaction, several files can be imported side by side in
    `workers` processes (None: one per core), each on its own connection. Only when asked:
    each worker is a new interpreter that sets Django up (about a second), which pays off for
    a bulk load, not for an upload or a sync.
    """
    result = ImportResult()
    expanded = list(expand_paths(paths))
    workers = _worker_count(workers, expanded)
    if workers > 1:
        _import_in_workers([str(p) for p in expanded], workers, batch_size, progress, result)
    else:
        for path in expanded:
            if path == "-":
                import_stream(
                    "<stdin>", stdin or sys.stdin.buffer, result=result, batch_size=batch_size,
                    progress=progress,
                )
                continue
            _record(str(path), _import_path(str(path), batch_size, progress), result)
    finish_import(result)
    return result


def _import_path(
    path: str, batch_size: int, progress: Callable[[int], None] | None
) -> ImportResult:
    try:
        with open(path, "rb") as stream:
            return _import_file(path, stream, batch_size, progress)
    except OSError as exc:
        return ImportResult(
            files=1, failed_files=1, errors=[f"{path}: cannot read: {exc.strerror or exc}"]
        )


def _worker_count(workers: int | None, paths: list) -> int:
    """Processes only where they are safe: PostgreSQL (SQLite has one writer), files only
    (not stdin), and no transaction open (each process commits on its own connection)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block or "-" in paths:
        return 1
    if workers is None:
        workers = os.cpu_count() or 1
    return max(1, min(workers, len(paths)))


def _import_in_workers(
    paths: list[str],
    workers: int,
    batch_size: int,
    progress: Callable[[int], None] | None,
    result: ImportResult,
) -> None:
    """Each file in a worker process on its own connection and transaction (atomic per file
    as before); results, cache invalidation and signals come back to this process. Two files
    holding the same study can block each other or deadlock: a file that the database refused
    is imported again here afterwards, alone."""
    retry = []
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),  # see common.processes
        initializer=start_django,
        initargs=(settings.SETTINGS_MODULE, connection.settings_dict["NAME"]),
    ) as pool:
        jobs = {pool.submit(_worker_import, path, batch_size): path for path in paths}
        for future in as_completed(jobs):
            path = jobs[future]
            outcome = future.result()
            if outcome.database_error:
                retry.append(path)
                continue
            if progress and outcome.studies:
                progress(outcome.studies)
            _record(path, outcome, result)
    for path in sorted(retry, key=paths.index):
        _record(path, _import_path(path, batch_size, progress), result)


def _worker_import(path: str, batch_size: int) -> ImportResult:
    try:
        return _import_path(path, batch_size, None)
    finally:
        connections.close_all()


def import_uploads(files: Iterable[tuple[str, IO[bytes]]]) -> ImportResult:
    """Import uploaded (name, binary stream) pairs, as the admin page does."""
    result = ImportResult()
    for name, stream in files:
        import_stream(name, stream, result=result)
    finish_import(result)
    return result


def finish_import(result: ImportResult) -> None:
    """Refresh the places whose sites changed, once, after all files; after a bulk load,
    put the search's table back in listing order."""
    if result.changed:
        with transaction.atomic():
            Place.refresh(result.places)
        TrialListing.keep_in_order(result.changed)
