"""Shared pieces for benchmarks and the load test: a private PostgreSQL database,
manage.py in a subprocess, and gunicorn on a loopback port."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BENCH_POSTGRES_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database_url(name: str) -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def recreate_database(name: str) -> str:
    """Drop and create `name` on the local PostgreSQL server; return its URL."""
    import psycopg2

    connection = psycopg2.connect(ADMIN_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return database_url(name)


def app_env(db_url: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_DEBUG": "1", **extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=quiet, text=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = 2, threads: int = 1) -> Iterator[str]:
    """Serve the project with gunicorn on a free loopback port; yield its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "mmn_portal.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", str(workers), "--threads", str(threads), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if get(base + "/healthz")[0] in (200, 503):
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


@contextlib.contextmanager
def private_postgres(conf: Path, data_dir: Path) -> Iterator[str]:
    """A PostgreSQL cluster of our own (its own folder and a free port) that includes `conf`;
    yield its admin URL and stop it afterwards. The folder is kept for `--reuse`."""
    bindir = Path(subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                                 check=True).stdout.strip())
    # initdb and postgres refuse to run as root.
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if not (data_dir / "PG_VERSION").exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        if as_postgres:
            shutil.chown(data_dir, "postgres", "postgres")
        subprocess.run([*as_postgres, str(bindir / "initdb"), "-D", str(data_dir), "-U",
                        "postgres", "--auth=trust", "-E", "UTF8"], check=True,
                       capture_output=True)
        with open(data_dir / "postgresql.conf", "a", encoding="utf-8") as stream:
            stream.write(f"\ninclude '{conf.resolve()}'\n")
    port = free_port()
    pg_ctl = [*as_postgres, str(bindir / "pg_ctl"), "-D", str(data_dir)]
    subprocess.run([*pg_ctl, "-l", str(data_dir / "server.log"), "-w", "-o",
                    f"-p {port} -h 127.0.0.1 -k /tmp", "start"], check=True,
                   capture_output=True)
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], check=False, capture_output=True)
