"""Smaller hardening: nonces in cached pages, Permissions-Policy, no caching of a visitor's
answers, a working day for staff sessions, and an access log without answers."""

import datetime
import logging
import re
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.accounts.helpers import make_staff
from tests.conditions.factories import GlossaryTermFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NONCE = re.compile(r'nonce="([^"]+)"')


def test_text_that_looks_like_the_nonce_placeholder_is_never_replaced(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    GlossaryTermFactory(term="__mmn-csp-nonce__ word", slug="odd")
    first, second = client.get("/glossary/odd/"), client.get("/glossary/odd/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    for response in (first, second):
        assert "__mmn-csp-nonce__ word" in response.text
        header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        assert set(NONCE.findall(response.text)) <= ({header[1]} if header else set())


def test_a_cached_page_gets_a_fresh_nonce_each_time():
    from django.http import HttpResponse

    from mmn_portal import cache as page_cache

    page = HttpResponse('<script nonce="abc123">go()</script><p>abc123</p>')
    page["Content-Security-Policy"] = "script-src 'self' 'nonce-abc123'"
    frozen = page_cache.freeze(page)
    one, two = page_cache.thaw(frozen), page_cache.thaw(frozen)
    nonces = [NONCE.search(r.content.decode())[1] for r in (one, two)]
    assert nonces[0] != nonces[1] and "abc123" not in nonces
    for response, nonce in zip((one, two), nonces, strict=True):
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert page_cache.freeze(page)[-1] != frozen[-1]  # a new placeholder per stored page


@pytest.mark.parametrize("path", ["/", "/glossary/", "/trials/", "/admin/login/",
                                  "/no-such-page/", "/healthz", "/robots.txt"])
def test_every_response_sends_a_permissions_policy(client, path, settings):
    settings.PAGE_CACHE_SECONDS = 600
    for response in (client.get(path), client.get(path)):  # stored and from the cache
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_a_not_modified_answer_sends_it_too(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    first = client.get("/glossary/")
    again = client.get("/glossary/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "camera=()" in again["Permissions-Policy"]


@pytest.mark.parametrize("query", ["age=40&age_unit=years", "sex=female", "near=Leeds",
                                   "eligible=1", "age=47&age=", "sex=&sex=female&sex="])
def test_responses_with_pre_screen_answers_are_never_stored(client, settings, query):
    settings.PAGE_CACHE_SECONDS = 600
    response = client.get(f"/trials/?{query}")
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives
    assert "X-Page-Cache" not in response  # nor put in the shared page cache
    assert "X-Page-Cache" not in client.get(f"/trials/?{query}")


def test_pages_without_answers_stay_cacheable(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert "no-store" not in client.get("/trials/").get("Cache-Control", "")


def test_staff_sessions_end_after_a_working_day_without_activity(admin_client, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert admin_client.get("/admin/").status_code == 200
    session = Session.objects.get()
    assert session.expire_date > timezone.now() + datetime.timedelta(hours=7, minutes=55)
    session.expire_date = timezone.now() - datetime.timedelta(seconds=1)  # a day idle
    session.save()
    response = admin_client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_each_staff_request_restarts_the_working_day(admin_client):
    admin_client.get("/admin/")
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(hours=1))
    assert admin_client.get("/admin/").status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + datetime.timedelta(hours=7)


def test_anonymous_visitors_still_get_no_session(client):
    make_staff("someone")
    client.get("/")
    client.get("/glossary/")
    assert Session.objects.count() == 0 and not client.cookies.get("sessionid")


def access_line(path_with_query: str) -> str:
    """One access-log line written by gunicorn with the shipped configuration."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    namespace = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102 (our own file)
    config.set("accesslog", "-")
    config.set("access_log_format", namespace["access_log_format"])
    logger = Logger(config)
    records = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(handler.format(record))
    logger.access_log.handlers = [handler]
    path, _, query = path_with_query.partition("?")
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path_with_query, "PATH_INFO": path,
               "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1",
               "REMOTE_ADDR": "203.0.113.5", "HTTP_REFERER": "https://x.example/?age=41",
               "HTTP_USER_AGENT": "Browser/1.0"}

    class Response:
        status = "200 OK"
        headers = []
        sent = 10
        response_length = 10

    class Request:
        headers = []

    logger.access(Response(), Request(), environ, datetime.timedelta(milliseconds=12))
    return records[0]


def test_the_shipped_gunicorn_access_log_omits_answers_referer_and_address():
    line = access_line("/trials/?age=41&sex=female&near=Leeds")
    assert "/trials/" in line and "200" in line
    for secret in ("age=41", "female", "Leeds", "x.example", "203.0.113.5"):
        assert secret not in line


def test_the_readme_production_command_uses_the_shipped_gunicorn_config():
    readme = (ROOT / "README.md").read_text()
    command = next(line for line in readme.splitlines() if line.startswith("gunicorn "))
    assert "-c gunicorn.conf.py" in command
