"""Security headers, other origins, cookies and privacy on every public page."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.security.pages import audit, public_pages

pytestmark = pytest.mark.django_db


def test_every_public_page_sends_the_security_headers(client, site_data):
    for path in public_pages(client):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert "script-src 'self'" in csp, path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "same-origin", path


def test_no_public_page_loads_anything_from_another_origin(client, site_data):
    for path in public_pages(client):
        page = audit(client.get(path).content.decode())
        assert page.foreign_fetches == [], path
        assert page.untrusted_scripts == [], path
        assert page.event_handlers == [], path


def test_every_form_that_posts_carries_a_csrf_token(client, site_data):
    pages_with_forms = 0
    for path in [*public_pages(client), "/admin/login/"]:
        page = audit(client.get(path).content.decode())
        assert page.csrf_tokens >= page.post_forms, path
        pages_with_forms += page.post_forms > 0
    assert pages_with_forms >= 1  # the staff sign-in form (feedback needs no cookie)


def test_anonymous_visitors_get_no_cookies_on_any_content_page(client, site_data):
    for path in public_pages(client):
        cookies = set(client.get(path).cookies)
        if path.startswith("/feedback/"):
            assert cookies <= {"csrftoken"}, path  # only where they may send the form
        else:
            assert cookies == set(), path


def test_a_trial_search_with_age_and_sex_stores_and_logs_nothing(client, site_data, caplog):
    secret_age, secret_term = "47", "cancer"
    with caplog.at_level(logging.DEBUG), CaptureQueriesContext(connection) as queries:
        response = client.get("/trials/", {"q": secret_term, "age": secret_age,
                                           "sex": "female", "near": "Boston",
                                           "status": "any"})
    assert response.status_code == 200
    assert "You may" in response.content.decode()  # the answers were used for this page
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    logged = "\n".join(record.getMessage() for record in caplog.records
                       if not record.name.startswith("django.db.backends"))
    assert secret_term not in logged and "age=47" not in logged
    assert response.cookies == {}


def test_the_admin_is_not_indexable(client):
    response = client.get("/admin/login/")
    assert "noindex" in response.get("X-Robots-Tag", "")
    assert "Disallow: /admin/" in client.get("/robots.txt").content.decode()


def test_anonymous_visitors_cannot_reach_staff_pages(client):
    for path in ["/admin/", "/admin/conditions/article/", "/admin/trials/trial/",
                 "/admin/feedback/feedback/", "/admin/auth/user/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/"), path


def test_the_development_server_logs_paths_without_the_visitors_answers():
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("django.server")
    logger.addHandler(handler)
    try:  # the same call Django's runserver request handler makes
        logger.info('"%s" %s %s', "GET /trials/?age=47&sex=FEMALE&near=Leeds HTTP/1.1", "200", "9")
    finally:
        logger.removeHandler(handler)
    assert [record.getMessage() for record in records] == ['"GET /trials/ HTTP/1.1" 200 9']


def test_pre_screener_answers_never_reach_the_cache(client, site_data, settings, monkeypatch):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 600
    written: list[str] = []
    real_set = cache.set

    def recording_set(key, value, *args, **kwargs):
        written.append(repr(value))
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)  # works for any cache backend
    for _ in range(2):
        response = client.get("/trials/", {"q": "cancer", "age": "117", "sex": "female",
                                           "near": "Boston", "status": "any"})
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert 'value="117"' in response.content.decode()  # the page itself shows the answer
    assert not [value for value in written if "117" in value]
    # Without personal answers the same search is cached as usual.
    client.get("/trials/", {"q": "cancer"})
    assert client.get("/trials/", {"q": "cancer"})["X-Page-Cache"] == "hit"
