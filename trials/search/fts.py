"""SQLite only: the FTS5 full-text index of trials (PostgreSQL has its stored search vector).

An external-content FTS5 table over trials_trial, kept current by triggers, so every
write path (save, the importer's bulk inserts and updates, admin edits, deletes) updates
it without the code knowing. Django rebuilds a SQLite table to alter it, which drops its
triggers, so `ensure()` runs after every migrate and puts back whatever is missing.
"""

# ruff: noqa: S608 -- the SQL here is built from the constant names above only; the text
# searched for is always passed as a parameter.
from __future__ import annotations

from common.fulltext import FullTextIndex
from common.query import FTS5_TOKENIZE

TABLE = "trials_trial_fts"
# In this order; the bm25() weights follow it (title words count
# most, as weight A does in the PostgreSQL vector).
COLUMNS = (
    "brief_title", "official_title", "acronym", "conditions_text", "interventions_text",
    "brief_summary",
)
BM25_WEIGHTS = (10.0, 10.0, 10.0, 4.0, 2.0, 1.0)

_cols = ", ".join(COLUMNS)
_new = ", ".join(f"new.{c}" for c in COLUMNS)
_old = ", ".join(f"old.{c}" for c in COLUMNS)

CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({_cols}, content='trials_trial', "
    f"content_rowid='id', tokenize='{FTS5_TOKENIZE}')"
)
TRIGGERS = {
    f"{TABLE}_insert": f"""
        CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON trials_trial BEGIN
            INSERT INTO {TABLE}(rowid, {_cols}) VALUES (new.id, {_new});
        END""",
    f"{TABLE}_delete": f"""
        CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON trials_trial BEGIN
            INSERT INTO {TABLE}({TABLE}, rowid, {_cols}) VALUES ('delete', old.id, {_old});
        END""",
    f"{TABLE}_update": f"""
        CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE OF {_cols} ON trials_trial
        BEGIN
            INSERT INTO {TABLE}({TABLE}, rowid, {_cols}) VALUES ('delete', old.id, {_old});
            INSERT INTO {TABLE}(rowid, {_cols}) VALUES (new.id, {_new});
        END""",
}


def ensure(connection) -> bool:
    """Create the index and its triggers where missing (SQLite only); rebuild the index when
    anything was missing, since rows may have changed without it. True when it did."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * (len(TRIGGERS) + 1))
        cursor.execute(
            f"SELECT name FROM sqlite_master WHERE name IN ({placeholders})", [TABLE, *TRIGGERS]
        )
        present = {row[0] for row in cursor.fetchall()}
        if present >= {TABLE, *TRIGGERS}:
            return False
        cursor.execute(CREATE_TABLE)
        for sql in TRIGGERS.values():
            cursor.execute(sql)
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")
    return True


def drop(connection) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


INDEX = FullTextIndex(TABLE, BM25_WEIGHTS)  # how TrialQuerySet.search() reads it
