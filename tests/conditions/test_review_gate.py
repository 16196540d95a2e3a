"""One rule: nothing a patient sees changes without a medical reviewer's approval.

Each test is a path an editor (or anyone) tried around the workflow.
"""

import pytest
from django.urls import reverse

from conditions.models import ComparisonCell, ComparisonRow, Reference, Section, Status
from tests.conditions.factories import (
    ArticleFactory,
    ComparisonCellFactory,
    ComparisonColumnFactory,
    ComparisonFactory,
    ComparisonRowFactory,
    GlossaryTermFactory,
    ReferenceFactory,
    SectionFactory,
    build_comparison,
)

pytestmark = pytest.mark.django_db


def term_form(term, **overrides) -> dict:
    return {"term": term.term, "slug": term.slug, "definition": term.definition,
            "also_called": term.also_called, "review_interval_months": "12", **overrides}


@pytest.mark.parametrize("role", ["editor", "reviewer", "superuser"])
def test_posting_to_a_history_page_never_changes_a_published_item(client, staff, role):
    term = GlossaryTermFactory(term="Axon", slug="axon", definition="Reviewed words.")
    version = term.history.latest().history_id
    url = reverse("admin:conditions_glossaryterm_simple_history", args=[term.pk, version])
    response = staff(role).post(url, term_form(term, definition="Unreviewed words."))
    assert response.status_code == 403
    term.refresh_from_db()
    assert term.definition == "Reviewed words."
    assert "Unreviewed" not in client.get("/glossary/axon/").text


def test_posting_an_early_version_cannot_unpublish_a_page(staff):
    term = GlossaryTermFactory(status=Status.DRAFT, slug="axon")
    early = term.history.latest().history_id
    term.status = Status.PUBLISHED
    term.save()
    url = reverse("admin:conditions_glossaryterm_simple_history", args=[term.pk, early])
    staff("editor").post(url, term_form(term))
    term.refresh_from_db()
    assert term.status == Status.PUBLISHED


def test_a_published_comparison_cell_cannot_be_changed_from_its_history_page(staff):
    cell = ComparisonCellFactory(answer="No")
    version = cell.history.latest().history_id
    url = reverse("admin:conditions_comparisoncell_simple_history", args=[cell.pk, version])
    data = {"row": cell.row_id, "column": cell.column_id, "answer": "Yes", "note": ""}
    assert staff("editor").post(url, data).status_code == 403
    assert ComparisonCell.objects.get().answer == "No"


def test_history_pages_still_show_the_old_version(staff):
    term = GlossaryTermFactory(definition="Reviewed words.")
    version = term.history.latest().history_id
    url = reverse("admin:conditions_glossaryterm_simple_history", args=[term.pk, version])
    response = staff("editor").get(url)
    assert response.status_code == 200
    assert "Reviewed words." in response.text


@pytest.fixture
def cited_reference():
    reference = ReferenceFactory(key="EFNS-2010", citation="Guideline.",
                                 url="https://example.org/guideline")
    ArticleFactory(slug="mmn").references.add(reference)
    return reference


def reference_form(reference, **overrides) -> dict:
    return {"key": reference.key, "citation": reference.citation, "url": reference.url,
            "doi": reference.doi, "pmid": reference.pmid, **overrides}


def test_a_reference_shown_on_a_published_page_cannot_be_edited(client, staff, cited_reference):
    url = reverse("admin:conditions_reference_change", args=[cited_reference.pk])
    response = staff("editor").post(
        url, reference_form(cited_reference, url="https://elsewhere.example/"))
    assert response.status_code == 403
    cited_reference.refresh_from_db()
    assert cited_reference.url == "https://example.org/guideline"
    assert "elsewhere.example" not in client.get("/conditions/mmn/").text


def test_a_reference_shown_on_a_published_page_cannot_be_deleted(staff, cited_reference):
    url = reverse("admin:conditions_reference_delete", args=[cited_reference.pk])
    assert staff("editor").post(url, {"post": "yes"}).status_code == 403
    assert Reference.objects.filter(pk=cited_reference.pk).exists()


def test_a_reference_used_only_by_drafts_can_be_corrected(staff):
    reference = ReferenceFactory(key="NEW-1", url="https://example.org/typo")
    ArticleFactory(status=Status.DRAFT).references.add(reference)
    url = reverse("admin:conditions_reference_change", args=[reference.pk])
    response = staff("editor").post(url, reference_form(reference, url="https://example.org/ok"))
    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.url == "https://example.org/ok"


def section_form(article, **overrides) -> dict:
    return {"article": article.pk, "heading": "New part", "slug": "new-part",
            "body": "Unreviewed words.", "order": "9", **overrides}


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.IN_REVIEW])
def test_an_editor_cannot_add_a_section_to_a_published_or_in_review_article(staff, status):
    article = ArticleFactory(status=status)
    response = staff("editor").post(reverse("admin:conditions_section_add"), section_form(article))
    assert response.status_code in (200, 403)  # refused or form error, never saved
    assert not Section.objects.exists()


def test_the_section_add_form_offers_only_articles_the_user_may_edit(staff):
    draft = ArticleFactory(status=Status.DRAFT, name="Draft one")
    ArticleFactory(status=Status.IN_REVIEW, name="Waiting one")
    ArticleFactory(name="Live one")
    page = staff("editor").get(reverse("admin:conditions_section_add")).text
    assert "Draft one" in page and "Waiting one" not in page and "Live one" not in page
    assert f'value="{draft.pk}"' in page


def test_a_section_cannot_be_moved_into_a_published_article(staff):
    draft = ArticleFactory(status=Status.DRAFT)
    live = ArticleFactory()
    section = SectionFactory(article=draft, slug="part")
    url = reverse("admin:conditions_section_change", args=[section.pk])
    staff("editor").post(url, section_form(live, slug="part"))
    assert Section.objects.get().article == draft


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.IN_REVIEW])
def test_an_editor_cannot_add_a_row_to_a_published_or_in_review_comparison(staff, status):
    comparison = ComparisonFactory(status=status)
    data = {"comparison": comparison.pk, "feature": "New", "slug": "new", "order": "1",
            **{f"cells-{k}": v for k, v in
               {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000"}.items()}}
    staff("editor").post(reverse("admin:conditions_comparisonrow_add"), data)
    assert not ComparisonRow.objects.exists()


def test_the_cell_add_form_never_offers_rows_or_columns_of_a_published_comparison(staff):
    live = build_comparison(rows=1, columns=1, title="Live grid")
    draft = ComparisonFactory(status=Status.DRAFT, title="Draft grid")
    row = ComparisonRowFactory(comparison=draft, feature="Draft feature")
    ComparisonColumnFactory(comparison=draft)
    page = staff("editor").get(reverse("admin:conditions_comparisoncell_add")).text
    assert "Draft feature" in page
    assert live.rows.get().feature not in page
    assert f'value="{row.pk}"' in page


def test_a_cell_cannot_be_added_to_a_published_comparison(staff):
    live = build_comparison(rows=1, columns=1)
    row = live.rows.get()
    column = ComparisonColumnFactory(comparison=live)
    staff("editor").post(reverse("admin:conditions_comparisoncell_add"),
                         {"row": row.pk, "column": column.pk, "answer": "Sneaky", "note": ""})
    assert not ComparisonCell.objects.filter(answer="Sneaky").exists()
