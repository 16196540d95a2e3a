"""Public pages are sent compressed when the browser accepts it; staff pages never are."""

import gzip
import re

import pytest

from tests.conditions.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def nonce_pair(response, body: str) -> tuple[str, str]:
    header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    in_page = re.search(r'nonce="([^"]+)"', body).group(1)
    return header, in_page


def test_public_page_is_compressed_and_a_cached_copy_keeps_a_matching_nonce(client):
    article = ArticleFactory(name="Multifocal motor neuropathy")
    for expected_cache in ("miss", "hit"):
        response = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip"
        assert response["X-Page-Cache"] == expected_cache
        body = gzip.decompress(response.content).decode()
        assert "Multifocal motor neuropathy" in body
        header, in_page = nonce_pair(response, body)
        assert header == in_page


def test_browser_without_gzip_gets_plain_html(client):
    article = ArticleFactory(name="Multifocal motor neuropathy")
    response = client.get(article.get_absolute_url())
    assert not response.has_header("Content-Encoding")
    assert b"Multifocal motor neuropathy" in response.content


def test_staff_pages_are_never_compressed(admin_client):
    # They carry CSRF tokens and personal data: no compression, no BREACH.
    response = admin_client.get("/admin/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert b"csrfmiddlewaretoken" in response.content
