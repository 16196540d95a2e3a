"""Two app servers share PostgreSQL and Redis: an admin change through one is seen at once
through the other, even though the other had the page in its cache."""

import http.client
import os
import re
import uuid
from urllib.parse import urlencode, urlparse

import pytest
from django.conf import settings
from django.db import connection

from bench.harness import app_env, database_url, gunicorn
from tests.conftest import verify_client
from tests.trials.conftest import SAMPLE_DIR
from trials.importer import import_paths
from trials.models import Trial

NCT_ID = "NCT00184067"


def request(base: str, method: str, path: str, *, cookies: dict | None = None,
            form: dict | None = None) -> tuple[int, dict, bytes]:
    """One request, no redirects followed; returns status, headers (lower-case) and body."""
    url = urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    received: dict[str, str] = {}
    for name, value in response.getheaders():  # several Set-Cookie headers: keep them all
        key = name.lower()
        received[key] = f"{received[key]}, {value}" if key in received else value
    result = (response.status, received, response.read())
    conn.close()
    return result


@pytest.fixture
def two_hosts():
    """Two gunicorn servers on different ports, same test database, same Redis."""
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/3"
    env = app_env(
        database_url(connection.settings_dict["NAME"]),
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"two-hosts-{uuid.uuid4().hex[:8]}",
        DJANGO_CONN_MAX_AGE="0",  # the test database is dropped at the end of the run
        PAGE_CACHE_SECONDS="600",
    )
    with gunicorn(env, workers=1) as first, gunicorn(env, workers=1) as second:
        yield first, second


@pytest.mark.django_db(transaction=True)
def test_an_admin_change_through_one_host_is_seen_at_once_through_the_other(
    two_hosts, admin_user
):
    first, second = two_hosts
    import_paths([SAMPLE_DIR / f"{NCT_ID}.json"])
    trial = Trial.objects.get(nct_id=NCT_ID)
    page = trial.get_absolute_url()
    # The second host has the public page cached.
    assert request(second, "GET", page)[0] == 200
    status, headers, _ = request(second, "GET", page)
    assert (status, headers["x-page-cache"]) == (200, "hit")

    # Staff hide the trial through the first host's admin, signed in with both factors.
    from django.test import Client

    session = verify_client(Client(), admin_user).cookies[settings.SESSION_COOKIE_NAME].value
    cookies = {settings.SESSION_COOKIE_NAME: session}
    changelist = "/admin/trials/trial/"
    status, headers, body = request(first, "GET", changelist, cookies=cookies)
    assert status == 200, "the verified staff session reaches the admin"
    csrf = re.search(r"csrftoken=([^;]+)", headers["set-cookie"]).group(1)
    status, _, _ = request(
        first, "POST", changelist, cookies={**cookies, "csrftoken": csrf},
        form={"csrfmiddlewaretoken": csrf, "action": "hide", "_selected_action": [trial.pk]},
    )
    assert status == 302
    assert Trial.objects.get(pk=trial.pk).is_hidden

    # The very next anonymous request to the other host sees it.
    assert request(second, "GET", page)[0] == 404
