"""Honest dates on every content page: who reviewed the text shown and when, when it is next
due, and when it last changed (JSON-LD dateModified, sitemap lastmod), all from the approval
record of the live content or, for shipped text nobody here approved, from the content
team's own dates in conditions/content/dates.yaml. Never the day the content was loaded."""

import datetime
import json
import re

import pytest
from django.core.management import call_command

from conditions import content_dates, revisions
from conditions.models import Article, Comparison, GlossaryTerm, ReviewRecord
from tests.conditions.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db
WRITTEN = datetime.date(2025, 6, 15)
CONTENT_PAGES = ["/", "/conditions/multifocal-motor-neuropathy/", "/compare/mmn-als-cidp/",
                 "/glossary/", "/glossary/conduction-block/"]  # fmt: skip


@pytest.fixture
def shipped(db, monkeypatch):
    """The shipped content, loaded today, written by the content team on WRITTEN."""
    dated = {name: {**entry, "changed": WRITTEN}
             for name, entry in content_dates.manifest().items()}  # fmt: skip
    monkeypatch.setattr(content_dates, "manifest", lambda: dated)
    call_command("load_content", stdout=open("/dev/null", "w"))  # noqa: SIM115


def json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>',
                                html, re.S).group(1))  # fmt: skip


def page_node(data: dict) -> dict:
    """The node that describes the page (home: the WebPage of its @graph)."""
    return next((n for n in data["@graph"] if n["@type"] == "WebPage"), None) \
        if "@graph" in data else data


def test_every_content_page_type_shows_its_review_record(client, shipped):
    for path in CONTENT_PAGES:
        html = client.get(path).text
        assert "not yet reviewed by a clinician here" in html, path
        due = 'Next review due</dt><dd><time datetime="2026-06-15">15 June 2026</time>'
        assert due in html, path
        assert 'Last changed</dt><dd><time datetime="2025-06-15">' in html, path
        data = page_node(json_ld(html))
        assert data["dateModified"] == "2025-06-15", path  # not today, when it was loaded
        assert "lastReviewed" not in data and "reviewedBy" not in data, path


def test_sitemap_dates_shipped_content_by_the_content_teams_date(client, shipped):
    xml = client.get("/sitemap.xml").text
    dates = dict(re.findall(r"<loc>http://testserver([^<]+)</loc><lastmod>([^<]+)</lastmod>", xml))
    for path in CONTENT_PAGES:
        assert dates[path] == "2025-06-15", path


def test_approved_text_shows_who_approved_it_and_when(client, shipped):
    reviewer = UserFactory(first_name="Priya", last_name="Shah")
    approved = datetime.date(2026, 3, 2)
    for model in (Article, Comparison, GlossaryTerm):  # approval freezes its record
        for item in model.objects.published():
            revisions.publish(item, approver=reviewer, reviewed_on=approved,
                              next_review_due=datetime.date(2027, 3, 2))
    for path in CONTENT_PAGES:
        html = client.get(path).text
        assert ('Reviewed by</dt><dd>Priya Shah on <time datetime="2026-03-02">2 March 2026'
                '</time>') in html, path
        assert '<time datetime="2027-03-02">2 March 2027</time>' in html, path
        data = page_node(json_ld(html))
        assert data["dateModified"] == "2026-03-02", path
        if path != "/glossary/":  # a DefinedTermSet has no lastReviewed
            assert data["lastReviewed"] == "2026-03-02", path
            assert data["reviewedBy"] == {"@type": "Person", "name": "Priya Shah"}, path


def test_a_list_is_reviewed_only_when_every_item_is():
    reviewed = ReviewRecord("Dr A", datetime.date(2026, 1, 5), datetime.date(2027, 1, 5),
                            datetime.date(2026, 1, 5))  # fmt: skip
    later = ReviewRecord("Dr B", datetime.date(2026, 2, 1), datetime.date(2027, 2, 1),
                         datetime.date(2026, 2, 1))  # fmt: skip
    unreviewed = ReviewRecord("", None, datetime.date(2026, 11, 29), datetime.date(2025, 11, 29))
    both = ReviewRecord.combined([reviewed, later])
    assert (both.reviewer, both.reviewed_on, both.next_review_due, both.changed_on) == (
        "Dr A, Dr B", datetime.date(2026, 1, 5), datetime.date(2027, 1, 5),
        datetime.date(2026, 2, 1))
    mixed = ReviewRecord.combined([reviewed, unreviewed])
    assert not mixed.is_reviewed and mixed.partly_reviewed
    assert mixed.next_review_due == datetime.date(2026, 11, 29)


def test_an_article_staff_wrote_has_no_content_file_date():
    article = ArticleFactory(reviewed_by=None, reviewed_on=None)
    assert article.review_record == ReviewRecord("", None, None, None)
