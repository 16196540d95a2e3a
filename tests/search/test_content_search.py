"""Content search over the shipped pages, one table run as it is on SQLite and on PostgreSQL:
what patients type finds the part of a page that answers it."""

import pytest

from conditions.models import SearchEntry
from conditions.search import PARTIAL_NOTICE, search_content
from tests.search import urls
from trials.search.spelling import parse_query

pytestmark = pytest.mark.django_db

MMN = "/conditions/multifocal-motor-neuropathy/"
CIDP = "/conditions/chronic-inflammatory-demyelinating-polyneuropathy/"
ALS = "/conditions/amyotrophic-lateral-sclerosis/"
COMPARE = "/compare/mmn-als-cidp/"


@pytest.fixture
def content(shipped_content_for_module, db):
    """The shipped content, loaded once for the module."""


# (what a patient types, a page or anchor that answers it among the first five results)
TABLE = [
    # the examples
    ("mmn treatment", f"{MMN}#treatment"),
    ("ivig side effects", f"{MMN}#having-ivig-common-side-effects"),
    ("weak hands", f"{MMN}#symptoms-weakness"),
    ("can mmn be cured", f"{MMN}#outlook"),
    ("will steroids help my mmn", f"{MMN}#can-steroids-help"),
    ("immunoglobulin under the skin at home", f"{MMN}#treatment-scig"),
    ("difference between cidp and mmn", f"{CIDP}#how-it-differs-from-mmn"),
    ("lou gehrigs disease", ALS),
    ("multifocal motor neurapathy", MMN),  # misspelt
    # synonyms, both ways
    ("Lou Gehrig's disease", ALS),
    ("motor neurone disease", ALS),
    ("subcutaneous immunoglobulin", f"{MMN}#treatment-scig"),
    ("scig", f"{MMN}#treatment-scig"),
    ("intravenous immunoglobulin side effects", f"{MMN}#having-ivig-common-side-effects"),
    ("electromyography", f"{MMN}#diagnosis-needle-emg"),
    ("emg", f"{MMN}#diagnosis-needle-emg"),
    ("nerve test", f"{COMPARE}#nerve-test"),
    ("nerve conduction study", f"{MMN}#diagnosis-nerve-conduction-study"),
    ("corticosteroids mmn", f"{MMN}#treatment-treatments-not-used-for-mmn"),
    ("prednisone", "/glossary/corticosteroids/"),
    ("numb", f"{COMPARE}#sensation"),
    # questions and filler words
    ("is mmn fatal", f"{MMN}#is-mmn-fatal"),
    ("will i need ivig for life", f"{MMN}#will-i-need-ivig-for-life"),
    ("does cold make it worse", f"{MMN}#why-does-cold-make-it-worse"),
    ("is mmn the same as als", f"{MMN}#is-mmn-the-same-as-als"),
    ("what causes mmn", f"{MMN}#causes"),
    ("mmn trials", f"{MMN}#research-and-trials"),
    ("how is mmn treated", f"{MMN}#treatment"),
    ("treating cidp", f"{CIDP}#treatment"),
    # accents, case, hyphens, misspellings
    ("IMMUNOGLOBULIN", "/glossary/immunoglobulin/"),
    ("immunoglobuline", "/glossary/immunoglobulin/"),  # misspelt
    ("anti-GM1", "/glossary/anti-gm1-antibody/"),
    ("anti gm1", "/glossary/anti-gm1-antibody/"),
    ("conduction blok", "/glossary/conduction-block/"),  # misspelt
    ("Lewis-Sumner", "/glossary/lewis-sumner-syndrome/"),
    # quoted phrases, OR and minus
    ('"conduction block"', "/glossary/conduction-block/"),
    ("wrist drop OR foot drop", "/glossary/wrist-drop/"),
    ("plasma exchange -cidp", f"{MMN}#when-to-get-help"),
    # comparison rows
    ("breathing mmn als cidp", f"{COMPARE}#breathing"),
    ("protein spinal fluid", f"{COMPARE}#csf-protein"),
]


def test_what_patients_type_finds_the_answer_on_every_database(content):
    # One test for the whole table: loading the content once keeps it quick.
    missed = {q: urls(q)[:5] for q, expected in TABLE if expected not in urls(q)[:5]}
    assert missed == {}
    assert len(TABLE) >= 30


@pytest.mark.parametrize("question, condition", [
    ("can mmn be cured", MMN), ("mmn treatment", MMN), ("will steroids help my mmn", MMN),
    ("cidp treatment", CIDP), ("als breathing", ALS),
])
def test_a_question_about_one_condition_opens_with_that_conditions_pages(
    content, question, condition
):
    # An MMN patient asking "can MMN be cured?" must not read the ALS page first.
    assert urls(question)[0].startswith(condition)


def test_minus_leaves_out_every_part_with_the_word_or_its_synonyms(content):
    found = urls("plasma exchange -cidp")
    assert found
    for entry in SearchEntry.objects.filter(url__in=found):
        text = f"{entry.title} {entry.summary} {entry.body}".lower()
        assert "cidp" not in text and "chronic inflammatory demyelinating" not in text


def test_when_no_part_has_every_word_the_best_partial_matches_show_with_a_notice(content):
    results = search_content(parse_query("ivig zebrafish"))
    assert results.notices == [PARTIAL_NOTICE]
    assert "/glossary/intravenous-immunoglobulin/" in [e.url for e in results.entries][:5]
    assert search_content(parse_query("ivig infusion")).notices == []


def test_the_page_shows_the_heading_path_and_marks_the_words_safely(client, content):
    html = client.get("/search/", {"q": "ivig side effects"}).content.decode()
    assert "MMN › What a course of IVIg is like › Common side effects" in html
    assert "<mark>side effects</mark>" in html or "<mark>side</mark> <mark>effects</mark>" in html


def test_loading_content_builds_the_index(content, django_assert_num_queries):
    assert SearchEntry.objects.filter(url=f"{MMN}#treatment-ivig").exists()
    with django_assert_num_queries(2):  # is it current? then the ranked parts
        search_content(parse_query("ivig"))
