"""The limit for the import: a bare `COPY` of the same mapped rows on the same machine.

The rows the importer wrote (trials, their sites and contacts) are copied out of the
benchmark database to files, then timed while `COPY` loads them into empty copies of their
tables in a scratch schema: the same columns, indexes and triggers (the search vector, left
empty as the importer leaves it, and the copy into the search's narrow table,
trials/listing.py), in as many streams as the importer has workers, and no Python in
between. The import's rate over this one is the figure the goal reads
(import >= 0.5 x COPY).
"""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

SCHEMA = "bench_copy"
# Enough rows for a steady rate at any scale; the tables' indexes start empty either way.
SAMPLE = 50_000
TABLES = ("trials_trial", "trials_site", "trials_centralcontact")
LISTING = "trials_listing"


def _columns(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND table_name = %s ORDER BY ordinal_position", [table])
    return [row[0] for row in cursor.fetchall()]


def _select(cursor, table: str, last_id: int, streams: int, stream: int) -> str:
    """The rows of one stream, in the table's column order; no search vector."""
    columns = ", ".join("NULL" if c == "search_vector" else f'"{c}"'
                        for c in _columns(cursor, table))
    key = "id" if table == "trials_trial" else "trial_id"
    return (f"SELECT {columns} FROM public.{table} "  # noqa: S608 - fixed names only
            f"WHERE {key} <= {int(last_id)} AND {key} % {streams} = {stream}")


def measure(connect, streams: int, sample: int = SAMPLE) -> dict:
    """Studies per second of a bare COPY of `sample` imported trials with their sites and
    contacts; `connect()` opens a new psycopg2 connection to the benchmark database."""
    admin = connect()
    admin.autocommit = True
    with tempfile.TemporaryDirectory(prefix="bench-copy-") as folder:
        files: list[list[Path]] = [[] for _ in range(streams)]
        with admin.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
            for table in TABLES:
                cursor.execute(f"CREATE TABLE {SCHEMA}.{table} "
                               f"(LIKE public.{table} INCLUDING ALL)")
            cursor.execute(f"CREATE TABLE {SCHEMA}.{LISTING} "
                           f"(LIKE public.{LISTING} INCLUDING ALL)")
            cursor.execute(
                f"CREATE TRIGGER copy_search_vector BEFORE INSERT ON {SCHEMA}.trials_trial "
                "FOR EACH ROW EXECUTE FUNCTION public.trials_trial_search_vector()")
            # It writes to `trials_listing` as the search path finds it: the scratch copy.
            cursor.execute(
                f"CREATE TRIGGER copy_listing AFTER INSERT ON {SCHEMA}.trials_trial "
                "FOR EACH ROW EXECUTE FUNCTION public.trials_listing_write()")
            cursor.execute("SELECT max(id), count(*) FROM (SELECT id FROM public.trials_trial "
                           "ORDER BY id LIMIT %s) s", [sample])
            last_id, studies = cursor.fetchone()
            for stream in range(streams):
                for table in TABLES:
                    path = Path(folder) / f"{table}-{stream}.copy"
                    with path.open("w") as out:
                        cursor.copy_expert(
                            f"COPY ({_select(cursor, table, last_id, streams, stream)}) "
                            "TO STDOUT", out)
                    files[stream].append(path)

        def load(paths: list[Path]) -> None:
            connection = connect()
            try:
                with connection, connection.cursor() as cursor:
                    cursor.execute(f"SET search_path TO {SCHEMA}, public")
                    for table, path in zip(TABLES, paths, strict=True):
                        with path.open() as data:
                            cursor.copy_expert(f"COPY {SCHEMA}.{table} FROM STDIN", data)
            finally:
                connection.close()

        threads = [threading.Thread(target=load, args=(paths,)) for paths in files]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
    with admin.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT count(*) FROM {SCHEMA}.trials_trial), "
                       f"(SELECT count(*) FROM {SCHEMA}.{LISTING})")
        copied, listed = cursor.fetchone()
        cursor.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
    admin.close()
    if not copied == listed == studies:
        raise SystemExit(f"COPY baseline: {copied} of {studies} trials arrived, {listed} listed")
    return {"studies": studies, "streams": streams, "seconds": round(seconds, 2),
            "studies_per_second": round(studies / seconds)}
