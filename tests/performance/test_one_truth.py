"""One truth in every process, on the default settings (`make run`: SQLite, no Redis, the
page cache on): a change made by a management command in another process is what the
running server serves on its very next request."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest

from bench.harness import ROOT, free_port, get, manage

NCT_ID = "NCT00184067"
MMN = "/conditions/multifocal-motor-neuropathy/"

APPROVE = """
from django.contrib.auth.models import User
from conditions import workflow
from conditions.models import Article
editor = User.objects.create_superuser("editor", "e@example.org", "x" * 20)
reviewer = User.objects.create_superuser("reviewer", "r@example.org", "x" * 20)
live = Article.objects.get(slug="multifocal-motor-neuropathy", draft_of=None)
copy = workflow.start_draft(item=live, user=editor)
copy.summary = "A summary approved in another process."
copy._history_user = editor
copy.save()
workflow.submit_for_review(item=copy, user=editor)
workflow.approve_and_publish(item=copy, user=reviewer)
"""
HIDE = f"""
from trials.models import Trial
trial = Trial.objects.get(nct_id="{NCT_ID}")
trial.is_hidden = True
trial.save()
"""


@contextmanager
def runserver(env):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                get(base + "/healthz")
                break
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def cached_twice(base: str, path: str) -> bytes:
    get(base + path)
    status, body = get(base + path)
    assert status == 200
    return body


@pytest.fixture
def default_site(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("REDIS_URL", "DATABASE_URL", "PAGE_CACHE_SECONDS",
                          "CONTENT_VERSION_STORE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    manage(env, "migrate", "--noinput")
    manage(env, "load_content")
    manage(env, "import_trials", "trials/sample_data")
    with runserver(env) as base:
        yield env, base


def test_a_command_in_another_process_is_served_on_the_next_request(default_site):
    env, base = default_site
    trial_page = f"/trials/{NCT_ID}/"
    search = "/trials/?status=any&q=" + NCT_ID
    assert NCT_ID in cached_twice(base, search).decode()
    cached_twice(base, trial_page)
    assert b"approved in another process" not in cached_twice(base, MMN)

    manage(env, "shell", "-c", HIDE)
    manage(env, "shell", "-c", APPROVE)

    assert get(base + trial_page)[0] == 404
    assert f'href="/trials/{NCT_ID}/"' not in get(base + search)[1].decode()
    assert b"A summary approved in another process." in get(base + MMN)[1]
