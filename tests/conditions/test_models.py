import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from conditions.models import Article, GlossaryTerm, Status
from tests.conditions.factories import (
    ArticleFactory,
    ComparisonCellFactory,
    ComparisonRowFactory,
    GlossaryTermFactory,
    ReferenceFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_duplicate_cell_for_the_same_row_and_column_is_refused():
    cell = ComparisonCellFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ComparisonCellFactory(row=cell.row, column=cell.column)


def test_duplicate_article_slug_is_refused():
    ArticleFactory(slug="mmn")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="mmn")


def test_section_slug_is_unique_within_an_article_only():
    section = SectionFactory(slug="symptoms")
    SectionFactory(slug="symptoms")  # another article: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        SectionFactory(article=section.article, slug="symptoms")


def test_comparison_row_slug_is_unique_within_a_comparison():
    row = ComparisonRowFactory(slug="pain")
    with pytest.raises(IntegrityError), transaction.atomic():
        ComparisonRowFactory(comparison=row.comparison, slug="pain")


def test_reference_key_is_unique():
    ReferenceFactory(key="EFNS-2010")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferenceFactory(key="EFNS-2010")


def test_published_returns_only_published_items():
    ArticleFactory(name="Shown")
    ArticleFactory(name="Draft", status=Status.DRAFT)
    ArticleFactory(name="Waiting", status=Status.IN_REVIEW)
    assert [a.name for a in Article.objects.published()] == ["Shown"]


def test_due_for_review_finds_overdue_and_soon_due_items():
    today = timezone.localdate()
    GlossaryTermFactory(term="Overdue", next_review_due=today - datetime.timedelta(days=1))
    GlossaryTermFactory(term="Today", next_review_due=today)
    GlossaryTermFactory(term="Soon", next_review_due=today + datetime.timedelta(days=10))
    GlossaryTermFactory(term="Later", next_review_due=today + datetime.timedelta(days=100))
    GlossaryTermFactory(term="Undated", next_review_due=None)
    due = GlossaryTerm.objects.due_for_review()
    assert sorted(t.term for t in due) == ["Overdue", "Today"]
    soon = GlossaryTerm.objects.due_for_review(within_days=30)
    assert sorted(t.term for t in soon) == ["Overdue", "Soon", "Today"]


def test_reviewer_name_is_the_full_name():
    article = ArticleFactory(reviewed_by=UserFactory(first_name="Sam", last_name="Lee"))
    assert article.reviewer_name == "Sam Lee"


def test_reference_link_falls_back_to_doi_then_pubmed():
    assert ReferenceFactory(url="", doi="10.1/x", pmid="1").link == "https://doi.org/10.1/x"
    assert ReferenceFactory(url="", doi="", pmid="42").link == (
        "https://pubmed.ncbi.nlm.nih.gov/42/"
    )


def test_changes_are_kept_in_history():
    article = ArticleFactory(name="First")
    article.name = "Second"
    article.save()
    assert [h.name for h in article.history.all()] == ["Second", "First"]
