"""English unprefixed, Spanish under /es/: the language comes from the URL alone."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from common.versioned_cache import VersionedEntry
from tests.conditions.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HTML_LANG = re.compile(r'<html lang="([^"]+)"')


def html_lang(response) -> str:
    return HTML_LANG.search(response.content.decode()).group(1)


def test_unprefixed_page_stays_english_for_a_spanish_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    assert response.status_code == 200  # never a redirect to /es/
    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"
    assert not response.cookies
    assert not Session.objects.exists()


def test_spanish_prefix_serves_spanish(client):
    response = client.get("/es/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert html_lang(response) == "es"
    assert response["Content-Language"] == "es"
    assert not response.cookies


@pytest.mark.parametrize("path", ["/admin/login/", "/healthz", "/robots.txt", "/sitemap.xml"])
def test_site_routes_stay_unprefixed_and_english(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert client.get("/es" + path).status_code == 404


def test_admin_sign_in_is_not_translated_for_a_spanish_browser(client):
    html = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert html_lang_of(html) == "en"
    assert "Iniciar sesión" not in html


def html_lang_of(html: str) -> str:
    return HTML_LANG.search(html).group(1)


def public_routes():
    """Every named public route without arguments, read from the live URL resolver: the
    ones inside i18n_patterns."""
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                without_arguments = not pattern.pattern.converters
                yield from [namespace + pattern.name] if without_arguments else []

    localized = [p for p in get_resolver().url_patterns
                 if isinstance(p, URLResolver) and isinstance(p.pattern, LocalePrefixPattern)]
    assert len(localized) == 1
    return sorted(walk(localized[0].url_patterns))


PUBLIC_ROUTES = public_routes()


def test_the_public_routes_are_found():
    assert {"conditions:home", "trials:list", "search", "conditions:glossary"} <= set(PUBLIC_ROUTES)


@pytest.mark.parametrize("name", PUBLIC_ROUTES)
def test_every_public_route_answers_in_spanish_as_in_english(client, name):
    ArticleFactory(name="Multifocal motor neuropathy")
    english_url = reverse(name)
    with translation.override("es"):
        spanish_url = reverse(name)
    assert spanish_url == "/es" + english_url
    english, spanish = client.get(english_url), client.get(spanish_url)
    assert spanish.status_code == english.status_code
    if english.status_code == 200 and "text/html" in english["Content-Type"]:
        assert (html_lang(english), html_lang(spanish)) == ("en", "es")


def test_page_cache_never_serves_one_language_for_the_other(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert client.get("/")["X-Page-Cache"] == "miss"
    spanish = client.get("/es/")
    assert (spanish["X-Page-Cache"], html_lang(spanish)) == ("miss", "es")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert (english["X-Page-Cache"], html_lang(english)) == ("hit", "en")
    suggested = client.get("/", HTTP_ACCEPT_LANGUAGE="es")  # its own variant, still English
    assert (suggested["X-Page-Cache"], html_lang(suggested)) == ("miss", "en")


def test_cached_fragments_are_kept_per_language():
    entry = VersionedEntry("test:fragment", 60)
    with translation.override("en"):
        english = entry.key(1, "card")
    with translation.override("es"):
        spanish = entry.key(1, "card")
    assert english != spanish


def test_private_routes_stay_private_in_spanish(client):
    response = client.get("/es/ask/nowhere/")
    assert "no-store" in response["Cache-Control"]
