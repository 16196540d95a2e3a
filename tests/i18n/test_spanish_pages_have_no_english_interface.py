"""On a Spanish page, every English word is registry or untranslated content marked
lang="en": none comes from the interface (a string that missed gettext shows up here)."""

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from tests.trials.conftest import SAMPLE_FILES

pytestmark = pytest.mark.django_db

VOID = {"meta", "link", "input", "br", "img", "hr", "source", "col", "wbr"}
ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")
# Words an English interface sentence can hardly do without, as a sentence writes them (in
# capitals they are more likely part of a code: the reference key COCHRANE-IS-2015).
_WORDS = ["the", "and", "you", "your", "this", "is", "are", "with", "for", "not", "page",
          "trial", "study", "search", "show", "find", "back", "none", "any", "source", "sources"]
_EITHER = "|".join(w for word in _WORDS for w in (word, word.capitalize()))
ENGLISH = re.compile(rf"\b({_EITHER})\b")


class OutsideEnglish(HTMLParser):
    """The text and labelling attributes not inside a lang="en" element (nor scripts)."""

    def __init__(self):
        super().__init__()
        self.english: list[bool] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        inside = any(self.english)
        if tag not in VOID:
            self.english.append(values.get("lang") == "en"
                                or tag in ("script", "style", "template"))
        if not inside and not any(self.english):
            self.texts += [values[name] for name in ATTRIBUTES if values.get(name)]

    def handle_endtag(self, tag):
        if tag not in VOID and self.english:
            self.english.pop()

    def handle_data(self, data):
        if data.strip() and not any(self.english):
            self.texts.append(data.strip())


def english_interface_text(client, path: str, site_name: str) -> list[str]:
    page = OutsideEnglish()
    page.feed(client.get(path).content.decode())
    return [text for text in page.texts if ENGLISH.search(text) and site_name not in text]


@pytest.fixture
def trials():
    from trials.importer import import_paths

    assert import_paths(SAMPLE_FILES).ok


@pytest.mark.parametrize("path", [
    "/es/",
    "/es/trials/?q=ivig&status=any&near=Boston&sort=distance&age=30&sex=female",
    "/es/trials/?q=zzzzqqq&phase=PHASE2",
    "/es/trials/?age=-5&status=NOPE&page=abc&near=Atlantis",
    "/es/trials/NCT02552212/?near=Boston",
    "/es/trials/NCT03281889/",
    "/es/search/?q=ivig",
    "/es/feedback/?page=/es/",
    "/es/nowhere/",
])
def test_a_spanish_page_has_no_english_interface_text(client, trials, settings, path):
    assert english_interface_text(client, path, settings.SITE_NAME) == []


def test_no_spanish_page_in_the_sitemap_has_english_interface_text(client, settings):
    # Every Spanish page of the shipped content, found as search engines find them: the
    # citations' screen-reader label once said "Source 3" on every Spanish article.
    call_command("load_content", stdout=None)
    sitemap = client.get("/sitemap.xml").content.decode()
    paths = sorted({urlparse(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)
                    if urlparse(url).path.startswith("/es/")})
    assert len(paths) > 50  # the articles, comparison and every glossary term
    found = {path: english_interface_text(client, path, settings.SITE_NAME) for path in paths}
    assert {path: texts for path, texts in found.items() if texts} == {}
