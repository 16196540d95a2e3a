"""The language switcher, hreflang alternates, the sitemap's alternates and inLanguage."""

import json
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from tests.conditions.factories import GlossaryTermFactory
from tests.conditions.test_translations import english_article, translate

pytestmark = pytest.mark.django_db

ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
SWITCHER = re.compile(r'<nav class="language-switcher"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)" hreflang="([^"]+)" lang="([^"]+)">([^<]+)</a>')


def switcher_links(html: str) -> list[tuple[str, str, str, str]]:
    return LINK.findall(SWITCHER.search(html).group(1))


def test_the_english_page_links_to_the_same_page_in_spanish_keeping_the_search(client):
    html = client.get("/trials/?q=ivig&status=any").content.decode()
    assert switcher_links(html) == [
        ("/es/trials/?q=ivig&amp;status=any", "es", "es", "Español")]


def test_the_spanish_page_links_back_to_english(client):
    html = client.get("/es/glossary/").content.decode()
    assert switcher_links(html) == [("/glossary/", "en", "en", "English")]


def test_alternates_go_both_ways_with_x_default(client):
    english = ALTERNATE.findall(client.get("/trials/").content.decode())
    spanish = ALTERNATE.findall(client.get("/es/trials/").content.decode())
    expected = [("en", "http://testserver/trials/"), ("es", "http://testserver/es/trials/"),
                ("x-default", "http://testserver/trials/")]
    assert english == spanish == expected


def render_head(path: str, page_languages) -> str:
    request = RequestFactory().get(path)
    template = Template("{% load languages %}{% hreflang_alternates as alternates %}"
                        "{% for code, url in alternates %}{{ code }}={{ url }};{% endfor %}"
                        "{% page_is_in_its_language as own %}own={{ own }}")
    with translation.override("es" if path.startswith("/es/") else "en"):
        return template.render(Context({"request": request, "page_languages": page_languages}))


def test_a_page_that_exists_in_english_only_has_no_alternates():
    assert render_head("/conditions/als/", ["en"]) == "own=True"


def test_a_spanish_page_showing_untranslated_content_is_not_indexed():
    assert render_head("/es/conditions/als/", ["en"]) == "own=False"
    assert render_head("/es/conditions/als/", None).endswith("own=True")


def sitemap_entries(client) -> dict[str, list[tuple[str, str]]]:
    xml = client.get("/sitemap.xml").content.decode()
    entries = {}
    for url in re.findall(r"<url>(.*?)</url>", xml, re.S):
        loc = re.search(r"<loc>http://testserver([^<]+)</loc>", url).group(1)
        entries[loc] = re.findall(r'hreflang="([^"]+)" href="http://testserver([^"]+)"', url)
    return entries


def test_the_sitemap_lists_spanish_pages_only_where_a_translation_is_live(client, staff):
    article = english_article()
    translate(article, editor=staff("editor", "ed").user, reviewer=staff("reviewer", "rv").user)
    GlossaryTermFactory(slug="emg")
    entries = sitemap_entries(client)
    both = [("en", "/conditions/mmn-test/"), ("es", "/es/conditions/mmn-test/"),
            ("x-default", "/conditions/mmn-test/")]
    assert entries["/conditions/mmn-test/"] == entries["/es/conditions/mmn-test/"] == both
    assert "/es/glossary/emg/" not in entries
    assert entries["/glossary/emg/"] == [("en", "/glossary/emg/"),
                                         ("x-default", "/glossary/emg/")]
    assert ("es", "/es/trials/") in entries["/trials/"]


def json_ld(html: str) -> list[dict]:
    scripts = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return [json.loads(script) for script in scripts]


def in_languages(data) -> set[str]:
    found = set()
    if isinstance(data, dict):
        found |= {data["inLanguage"]} if "inLanguage" in data else set()
        for value in data.values():
            found |= in_languages(value)
    elif isinstance(data, list):
        for value in data:
            found |= in_languages(value)
    return found


def test_in_language_is_the_language_of_the_pages_words(client):
    GlossaryTermFactory(slug="emg")
    assert in_languages(json_ld(client.get("/trials/").content.decode())) == {"en-US"}
    assert in_languages(json_ld(client.get("/es/trials/").content.decode())) == {"es"}
    # A term with no Spanish translation keeps its English words on the Spanish page.
    spanish_term = json_ld(client.get("/es/glossary/emg/").content.decode())
    assert in_languages(spanish_term) == {"en-US"}


def test_an_article_names_its_spanish_page_only_once_a_translation_is_live(client, staff):
    article = english_article()
    before = ALTERNATE.findall(client.get("/conditions/mmn-test/").content.decode())
    spanish_before = client.get("/es/conditions/mmn-test/").content.decode()
    assert before == [] and '<meta name="robots" content="noindex">' in spanish_before
    translate(article, editor=staff("editor", "ed").user, reviewer=staff("reviewer", "rv").user)
    after = ALTERNATE.findall(client.get("/conditions/mmn-test/").content.decode())
    spanish = client.get("/es/conditions/mmn-test/").content.decode()
    assert [code for code, _url in after] == ["en", "es", "x-default"]
    assert ALTERNATE.findall(spanish) == after
    assert '<meta name="robots" content="noindex">' not in spanish
