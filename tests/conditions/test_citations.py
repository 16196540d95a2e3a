"""Inline citations, trial links, key points and urgent callouts as a visitor sees them."""

import re

import pytest
from django.urls import reverse

from conditions.citations import cited_keys, strip_markers
from conditions.models import SectionKind
from conditions.readability import reading_grade
from tests.conditions.factories import (
    ArticleFactory,
    ComparisonCellFactory,
    FAQFactory,
    ReferenceFactory,
    SectionFactory,
)
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db


def article_page(client, article) -> str:
    return client.get(article.get_absolute_url()).content.decode()


def test_markers_are_found_and_stripped_for_plain_text():
    text = "Weak hands [@A-1]. IVIg helps [@B-2; @C-3].\n\nNo marker here."
    assert cited_keys(text) == ["A-1", "B-2", "C-3"]
    assert strip_markers(text) == "Weak hands. IVIg helps.\n\nNo marker here."
    assert reading_grade(text) == reading_grade(strip_markers(text))


def test_citations_become_numbered_links_to_the_sources_list_and_back(client):
    first = ReferenceFactory(key="FIRST-2010", citation="First paper.", published="2010")
    second = ReferenceFactory(key="SECOND-2020", citation="Second paper.")
    article = ArticleFactory()
    article.references.set([second, first])
    SectionFactory(article=article, body="MMN is rare [@FIRST-2010].")
    SectionFactory(article=article, body="It is treated [@SECOND-2020; @FIRST-2010].")
    FAQFactory(article=article, answer="Yes [@SECOND-2020].")

    html = article_page(client, article)

    # Numbered in the order the page first cites them, not the order of the list.
    assert re.findall(r'id="(cite-\d-\d)" href="#source-(\d)"', html) == [
        ("cite-1-1", "1"), ("cite-2-1", "2"), ("cite-1-2", "1"), ("cite-2-2", "2"),
    ]
    assert "[@" not in html
    sources = html[html.index('id="references"'):]
    assert sources.index("First paper.") < sources.index("Second paper.")
    assert '<li id="source-1" value="1">First paper.' in sources
    assert "Published: 2010." in sources
    assert 'href="#cite-1-1">Back to text' in sources
    assert 'href="#cite-1-2">2' in sources  # the second place that cites source 1


def test_a_comparison_note_and_intro_carry_citations(client):
    ref = ReferenceFactory(key="CMP-1", citation="Comparison paper.")
    cell = ComparisonCellFactory(note="Protein is high [@CMP-1].")
    comparison = cell.row.comparison
    comparison.intro = "How they differ [@CMP-1]."
    comparison.save()
    comparison.references.set([ref])

    html = client.get(comparison.get_absolute_url()).content.decode()

    assert html.count('href="#source-1"') == 2
    assert "Comparison paper." in html and "[@" not in html


def test_an_unknown_marker_shows_nothing_odd(client):
    article = ArticleFactory()
    SectionFactory(article=article, body="A claim [@NO-SUCH-KEY].")
    html = article_page(client, article)
    assert "NO-SUCH-KEY" not in html and "A claim." in html
    assert 'id="references"' not in html


def test_trial_ids_link_to_our_page_when_listed_else_to_the_registry(client):
    TrialFactory(nct_id="NCT05225675")
    TrialFactory(nct_id="NCT05405361", is_hidden=True)
    article = ArticleFactory()
    SectionFactory(article=article, body="See NCT05225675, NCT05405361 and NCT01234567.")

    html = article_page(client, article)

    assert f'href="{reverse("trials:detail", args=["NCT05225675"])}">NCT05225675</a>' in html
    assert 'href="https://clinicaltrials.gov/study/NCT05405361">NCT05405361</a>' in html
    assert 'href="https://clinicaltrials.gov/study/NCT01234567">NCT01234567</a>' in html


def test_a_newly_listed_trial_changes_the_link_at_once(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    article = ArticleFactory()
    SectionFactory(article=article, body="The ARDA trial (NCT05225675).")
    assert "clinicaltrials.gov/study/NCT05225675" in article_page(client, article)

    TrialFactory(nct_id="NCT05225675")

    assert 'href="/trials/NCT05225675/"' in article_page(client, article)


def test_key_points_box_sits_above_the_first_section(client):
    article = ArticleFactory(key_points="It is rare.\nIt is not ALS.\n\nIt is treatable.")
    SectionFactory(article=article, heading="What is it?", body="Words.")
    html = article_page(client, article)
    box = html[html.index('class="key-points"'):html.index("What is it?")]
    assert "Key points" in box
    points = re.findall(r"<li>(.*?)</li>", box)
    assert points == ["It is rare.", "It is not ALS.", "It is treatable."]


def test_emergency_and_urgent_sections_are_marked_callouts(client):
    article = ArticleFactory()
    SectionFactory(article=article, heading="Get help now", kind=SectionKind.EMERGENCY,
                   body="Call 911 if you cannot breathe.")
    SectionFactory(article=article, heading="Call your team today", kind=SectionKind.URGENT,
                   body="Weakness is back early.")
    SectionFactory(article=article, heading="Outlook", body="Good.")
    html = article_page(client, article)
    assert re.search(r'class="[^"]*callout callout-emergency"[^>]*>\s*<p class="callout-label">'
                     r"<strong>Emergency: call your local emergency number \(such as 911, 112 "
                     r"or 999\)", html)
    assert 'class="article-section callout callout-urgent"' in html
    assert "Urgent: contact your care team the same day" in html
    assert html.count("callout-label") == 2


def test_print_styles_never_hide_the_callouts_or_key_points():
    from pathlib import Path

    from django.conf import settings

    css_dir = Path(settings.BASE_DIR) / "static" / "css"
    for name in ["print.css", "site.css"]:
        css = (css_dir / name).read_text()
        for rule in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
            selectors, body = rule
            if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", body):
                assert not re.search(r"callout|key-points|citation|source", selectors), rule
