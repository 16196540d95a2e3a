"""A real PostgreSQL restart while the site serves: 503 while down, then back to 200.

It uses a private throwaway cluster (initdb on a free port) so the shared server and
the rest of the suite are never disturbed.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = max(Path("/usr/lib/postgresql").glob("*/bin"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(*command: str) -> None:
    subprocess.run(["su", "postgres", "-c", " ".join(command)], check=True, capture_output=True)


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # loopback only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def private_postgres():
    folder = Path(tempfile.mkdtemp(prefix="mmn-pg-"))
    shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    as_postgres(str(PG_BIN / "initdb"), "-A", "trust", "-U", "postgres", "-D", str(data))
    pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-w",
              "-o", f"'-p {port} -k {folder} -c listen_addresses=127.0.0.1'"]

    def start():
        as_postgres(*pg_ctl, "-l", str(folder / "log"), "start")

    def stop():
        as_postgres(*pg_ctl, "-m", "fast", "stop")

    start()
    yield f"postgres://postgres@127.0.0.1:{port}/postgres", start, stop
    subprocess.run(["su", "postgres", "-c", " ".join([*pg_ctl, "-m", "immediate", "stop"])],
                   check=False, capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


def test_site_recovers_by_itself_after_postgres_restarts(private_postgres):
    database_url, start_postgres, stop_postgres = private_postgres
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1"}
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "mmn_portal.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "2", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if status_of(base + "/healthz") == 200:
                    break
            except OSError:
                time.sleep(0.1)
        assert status_of(base + "/healthz") == 200

        stop_postgres()
        assert status_of(base + "/healthz") == 503

        start_postgres()
        statuses = [status_of(base + path) for path in ["/healthz", "/", "/trials/"] * 5]
        assert statuses == [200] * 15
    finally:
        server.terminate()
        server.wait(timeout=10)
