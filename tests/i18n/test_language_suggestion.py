"""Accept-Language may suggest the other language, never redirect, and never poisons the
page cache."""

import re

import pytest

pytestmark = pytest.mark.django_db

SUGGESTION = re.compile(r'<p class="language-suggestion" lang="(\w+)"><a class="target" '
                        r'href="([^"]+)" hreflang="\w+">([^<]+)</a></p>')


def suggestion(response):
    found = SUGGESTION.search(response.content.decode())
    return found.groups() if found else None


def test_a_spanish_browser_is_offered_the_spanish_page_not_sent_there(client):
    response = client.get("/glossary/?letter=a", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")
    assert response.status_code == 200
    assert suggestion(response) == ("es", "/es/glossary/?letter=a", "Esta página está en español")
    assert "Accept-Language" in response["Vary"]
    assert not response.cookies


def test_an_english_browser_sees_no_suggestion_on_an_english_page(client):
    for header in ("en-US,en;q=0.9,es;q=0.8", "fr-FR,fr", ""):
        assert suggestion(client.get("/glossary/", HTTP_ACCEPT_LANGUAGE=header)) is None


def test_an_english_browser_on_a_spanish_page_is_offered_the_english_page(client):
    response = client.get("/es/trials/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert suggestion(response) == ("en", "/trials/", "This page is in English")


def test_the_page_cache_keeps_pages_with_and_without_the_suggestion_apart(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    offered = client.get("/glossary/", HTTP_ACCEPT_LANGUAGE="es")
    plain = client.get("/glossary/", HTTP_ACCEPT_LANGUAGE="en")
    assert (offered["X-Page-Cache"], plain["X-Page-Cache"]) == ("miss", "miss")
    again = client.get("/glossary/", HTTP_ACCEPT_LANGUAGE="es-AR,es;q=0.8")
    assert again["X-Page-Cache"] == "hit" and suggestion(again)[0] == "es"
    english = client.get("/glossary/", HTTP_ACCEPT_LANGUAGE="de-DE")
    assert english["X-Page-Cache"] == "hit" and suggestion(english) is None


def test_no_suggestion_for_a_language_the_page_does_not_exist_in(rf):
    from django.template import Context, Template
    from django.utils import translation

    request = rf.get("/conditions/als/", HTTP_ACCEPT_LANGUAGE="es")
    template = Template("{% load languages %}{% language_suggestion %}")
    with translation.override("en"):
        html = template.render(Context({"request": request, "page_languages": ["en"]}))
    assert "language-suggestion" not in html
