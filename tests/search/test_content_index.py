"""Content search over parts editors make, on SQLite and on PostgreSQL: equal ranks keep
the listing order, snippets are escaped, and the index follows approvals only."""

import pytest

from conditions import workflow
from tests.conditions.factories import ArticleFactory, GlossaryTermFactory, SectionFactory
from tests.search import urls

pytestmark = pytest.mark.django_db


def test_ties_keep_the_listing_order_then_the_id(db):
    article = ArticleFactory(slug="mmn", name="Multifocal motor neuropathy", short_name="MMN")
    for n in range(4):
        SectionFactory(article=article, heading=f"Part {n}", slug=f"part-{n}",
                       body="Same words here.", order=n)
    assert urls("same words") == [f"/conditions/mmn/#part-{n}" for n in range(4)]


def test_snippets_escape_what_editors_wrote(client, db):
    GlossaryTermFactory(term="Zebrafish", slug="zebrafish",
                        definition="Fish <script>alert(1)</script> & zebrafish.")
    html = client.get("/search/", {"q": "zebrafish"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<mark>zebrafish</mark>" in html


def test_the_index_follows_approvals_and_deletes_never_row_edits(db, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "e@example.org", "x" * 20)
    reviewer = django_user_model.objects.create_superuser("doctor", "d@example.org", "x" * 20)
    article = ArticleFactory(slug="mmn", name="Multifocal motor neuropathy", short_name="MMN")
    section = SectionFactory(article=article, heading="Pets", slug="pets", body="Zebrafish.")
    assert urls("zebrafish") == ["/conditions/mmn/#pets"]
    section.body = "Salmon."
    section.save()  # the live row, outside review: patients still read the approved words
    assert urls("zebrafish") == ["/conditions/mmn/#pets"] and urls("salmon") == []
    copy = workflow.start_draft(item=article, user=editor)
    copy.sections.filter(slug="pets").update(body="Trout.")
    copy._history_user = editor
    copy.save()
    workflow.submit_for_review(item=copy, user=editor)
    assert urls("trout") == []
    workflow.approve_and_publish(item=copy, user=reviewer)
    assert urls("trout") == ["/conditions/mmn/#pets"] and urls("zebrafish") == []
    article.delete()
    assert urls("trout") == []
