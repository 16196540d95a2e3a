"""On a Spanish page, every English word is registry or untranslated content marked
lang="en": none comes from the interface (a string that missed gettext shows up here)."""

import re
from html.parser import HTMLParser

import pytest

from tests.trials.conftest import SAMPLE_FILES

pytestmark = pytest.mark.django_db

VOID = {"meta", "link", "input", "br", "img", "hr", "source", "col", "wbr"}
ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")
# Words an English interface sentence can hardly do without.
ENGLISH = re.compile(r"\b(the|and|you|your|this|is|are|with|for|not|page|trial|study|"
                     r"search|show|find|back|none|any)\b", re.IGNORECASE)


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
    page = OutsideEnglish()
    page.feed(client.get(path).content.decode())
    english = [text for text in page.texts
               if ENGLISH.search(text) and settings.SITE_NAME not in text]
    assert english == []
