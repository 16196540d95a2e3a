import pytest
from django.urls import reverse

from conditions.models import (
    FAQ,
    Article,
    Comparison,
    ComparisonRow,
    GlossaryTerm,
    Reference,
    Section,
)
from tests.conditions.factories import (
    ArticleFactory,
    FAQFactory,
    GlossaryTermFactory,
    SectionFactory,
    build_comparison,
    inline_management,
)

pytestmark = pytest.mark.django_db


def article_form(**overrides) -> dict:
    data = {
        "name": "Multifocal motor neuropathy",
        "short_name": "MMN",
        "slug": "multifocal-motor-neuropathy",
        "order": "1",
        "summary": "MMN is rare.",
        "also_known_as": '["MMN"]',
        "status": "draft",
        "reviewed_by": "",
        "reviewed_on": "",
        "next_review_due": "2027-01-01",
        "review_interval_months": "12",
        **inline_management("sections", 2),
        **inline_management("faqs", 0),
        "sections-0-order": "1",
        "sections-0-heading": "What is MMN?",
        "sections-0-slug": "what-is-mmn",
        "sections-0-body": "A nerve condition.",
        "sections-1-order": "2",
        "sections-1-heading": "Symptoms",
        "sections-1-slug": "symptoms",
        "sections-1-body": "Weak hands.",
    }
    data.update(overrides)
    return data


def test_staff_can_create_an_article_with_inline_sections(admin_client, admin_user):
    response = admin_client.post(reverse("admin:conditions_article_add"), article_form())
    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get(slug="multifocal-motor-neuropathy")
    assert [s.heading for s in article.sections.all()] == ["What is MMN?", "Symptoms"]
    assert article.created_by == admin_user
    assert article.history.count() == 1


def test_staff_can_edit_and_reorder_sections(admin_client):
    article = ArticleFactory(slug="mmn", status="draft")
    first = SectionFactory(article=article, heading="First", slug="first", order=1)
    second = SectionFactory(article=article, heading="Second", slug="second", order=2)
    data = article_form(slug="mmn", name="MMN renamed", **inline_management("sections", 2, 2))
    data.update({
        "sections-0-id": str(first.pk), "sections-0-article": str(article.pk),
        "sections-0-order": "2", "sections-0-heading": "First", "sections-0-slug": "first",
        "sections-0-body": "One.",
        "sections-1-id": str(second.pk), "sections-1-article": str(article.pk),
        "sections-1-order": "1", "sections-1-heading": "Second", "sections-1-slug": "second",
        "sections-1-body": "Two.",
    })  # fmt: skip
    url = reverse("admin:conditions_article_change", args=[article.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.name == "MMN renamed"
    assert [s.heading for s in article.sections.all()] == ["Second", "First"]


def test_staff_can_add_a_glossary_term_as_a_draft(admin_client):
    response = admin_client.post(
        reverse("admin:conditions_glossaryterm_add"),
        {
            "term": "Axon",
            "slug": "axon",
            "definition": "The long part of a nerve cell.",
            "also_called": "",
            "status": "published",
            "reviewed_by": "",
            "reviewed_on": "",
            "next_review_due": "",
            "review_interval_months": "12",
        },  # fmt: skip
    )
    assert response.status_code == 302
    # The status is set by the review workflow only, never by the form.
    assert GlossaryTerm.objects.get(slug="axon").status == "draft"


@pytest.mark.parametrize(
    "model", [Article, Section, FAQ, GlossaryTerm, Reference, Comparison, ComparisonRow]
)
def test_change_lists_with_filters_and_search_load(admin_client, model):
    ArticleFactory()
    FAQFactory()
    GlossaryTermFactory()
    build_comparison(rows=2)
    url = reverse(f"admin:conditions_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "a"}).status_code == 200
    if any(f.name == "status" for f in model._meta.fields):
        assert admin_client.get(url, {"status__exact": "draft"}).status_code == 200


def test_change_pages_and_history_load(admin_client):
    comparison = build_comparison(rows=2)
    row = comparison.rows.first()
    article = ArticleFactory()
    for url in [
        reverse("admin:conditions_comparison_change", args=[comparison.pk]),
        reverse("admin:conditions_comparisonrow_change", args=[row.pk]),
        reverse("admin:conditions_comparisoncell_changelist"),
        reverse("admin:conditions_article_history", args=[article.pk]),
        reverse("admin:conditions_article_add"),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_anonymous_visitors_cannot_open_the_admin(client):
    response = client.get(reverse("admin:conditions_article_changelist"))
    assert response.status_code == 302


def test_the_changelist_status_column_costs_no_query_per_published_item(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:conditions_glossaryterm_changelist")
    GlossaryTermFactory()
    admin_client.get(url)  # warm-up: first-request work (caches, session) is not counted
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(url).status_code == 200
    GlossaryTermFactory.create_batch(3)
    with CaptureQueriesContext(connection) as four:
        assert admin_client.get(url).status_code == 200
    assert len(four) == len(one)
