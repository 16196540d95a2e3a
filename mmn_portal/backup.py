"""Database backup and restore for both supported engines.

PostgreSQL uses pg_dump's custom format and pg_restore; SQLite uses its online
backup API, so a backup taken while the site serves is still consistent.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """A backup or restore could not be completed; the message says why."""


def _postgres_env_and_args() -> tuple[dict[str, str], list[str]]:
    params = connection.settings_dict
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    args = ["--host", params.get("HOST") or "127.0.0.1", "--port", str(params.get("PORT") or 5432)]
    if params.get("USER"):
        args += ["--username", params["USER"]]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed (Debian package postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")


def backup_database(target: Path) -> Path:
    """Write a complete copy of the database to `target` and return it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if connection.vendor == "postgresql":
        env, args = _postgres_env_and_args()
        name = connection.settings_dict["NAME"]
        _run(["pg_dump", "--format=custom", "--no-owner", *args, "--file", str(partial), name], env)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(partial)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        raise BackupError(f"Backups are not supported for {connection.vendor}.")
    # Only a finished backup gets the real name, so a full disk never leaves a
    # truncated file that looks complete.
    partial.replace(target)
    return target


def restore_database(source: Path) -> None:
    """Replace the current database's contents with the backup in `source`."""
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    if connection.vendor == "postgresql":
        env, args = _postgres_env_and_args()
        name = connection.settings_dict["NAME"]
        connection.close()
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
             *args, "--dbname", name, str(source)],
            env,
        )
    elif connection.vendor == "sqlite":
        try:
            backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            backup.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not an SQLite backup: {exc}") from exc
        connection.ensure_connection()
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
    else:
        raise BackupError(f"Restore is not supported for {connection.vendor}.")
