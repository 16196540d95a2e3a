"""Draft -> in review -> published, with pending draft copies of published items."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from conditions import workflow
from conditions.models import Article, ComparisonCell, GlossaryTerm, ReviewNote, Section, Status
from tests.conditions.conftest import article_change_form
from tests.conditions.factories import (
    ArticleFactory,
    GlossaryTermFactory,
    SectionFactory,
    build_comparison,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_article():
    article = ArticleFactory(name="Nerve condition", slug="nerve-condition")
    SectionFactory(article=article, heading="Symptoms", slug="symptoms",
                   body="Weak hands and old wording.", order=1)
    return article


def public_views(client, slug: str) -> tuple[str, str, str]:
    page = client.get(f"/conditions/{slug}/").content.decode()
    search = client.get("/search/", {"q": "marmalade"}).content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    return page, search, sitemap


def test_an_editors_change_is_not_public_until_a_reviewer_approves_it(
    client, staff, live_article
):
    editor, reviewer = staff("editor"), staff("reviewer")
    workflow_url = reverse("admin:conditions_article_workflow", args=[live_article.pk])

    response = editor.post(workflow_url, {"step": "start_draft"})
    copy = Article.objects.get(draft_of=live_article)
    assert response.url == reverse("admin:conditions_article_change", args=[copy.pk])
    response = editor.post(
        reverse("admin:conditions_article_change", args=[copy.pk]),
        article_change_form(copy, symptoms="Weak hands and marmalade wording."),
    )
    assert response.status_code == 302
    workflow.submit_for_review(item=copy, user=editor.user)

    page, search, sitemap = public_views(client, "nerve-condition")
    assert "old wording" in page and "marmalade" not in page
    assert "/conditions/nerve-condition/" not in search
    assert sitemap.count("/conditions/nerve-condition/</loc>") == 1  # one page, no copy
    assert "/preview/" not in sitemap

    reviewer.post(reverse("admin:conditions_article_workflow", args=[copy.pk]),
                  {"step": "approve"})

    page, search, sitemap = public_views(client, "nerve-condition")
    assert "marmalade wording" in page and "old wording" not in page
    assert "/conditions/nerve-condition/#symptoms" in search
    assert sitemap.count("/conditions/nerve-condition/</loc>") == 1  # one page, no copy
    assert not Article.objects.filter(draft_of__isnull=False).exists()
    live_article.refresh_from_db()
    assert live_article.reviewed_by == reviewer.user
    assert live_article.reviewed_on == timezone.localdate()
    assert Section.objects.get(article=live_article).pk == live_article.sections.get().pk


def test_the_search_never_finds_text_that_is_only_in_a_pending_draft(client, staff, live_article):
    editor = staff("editor")
    copy = workflow.start_draft(item=live_article, user=editor.user)
    copy.sections.update(body="Only marmalade here.")
    workflow.submit_for_review(item=copy, user=editor.user)
    body = client.get("/search/", {"q": "marmalade"}).content.decode()
    assert "nerve-condition" not in body


def test_published_excludes_draft_copies_and_copies_share_the_slug(staff, live_article):
    copy = workflow.start_draft(item=live_article, user=staff("editor").user)
    assert copy.slug == live_article.slug
    assert list(Article.objects.published()) == [live_article]
    assert [s.body for s in copy.sections.all()] == ["Weak hands and old wording."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(name="Clash", slug=live_article.slug, summary="x")


def test_starting_a_draft_twice_returns_the_same_copy(staff, live_article):
    user = staff("editor").user
    first = workflow.start_draft(item=live_article, user=user)
    assert workflow.start_draft(item=live_article, user=user) == first
    assert first.created_by == user


def test_a_published_item_cannot_be_changed_in_place_in_the_admin(staff, live_article):
    for role in ["editor", "reviewer", "superuser"]:
        client = staff(role)
        url = reverse("admin:conditions_article_change", args=[live_article.pk])
        response = client.post(url, article_change_form(live_article, symptoms="Sneaky."))
        assert response.status_code == 403
    assert live_article.sections.get().body == "Weak hands and old wording."


def test_sections_of_a_published_article_are_read_only_on_their_own_page(staff, live_article):
    section = live_article.sections.get()
    url = reverse("admin:conditions_section_change", args=[section.pk])
    response = staff("editor").post(url, {"article": live_article.pk, "heading": "X",
                                          "slug": "x", "body": "Sneaky.", "order": 1})
    assert response.status_code == 403


def test_send_back_needs_a_comment_and_the_editor_sees_it(staff):
    editor, reviewer = staff("editor"), staff("reviewer")
    term = GlossaryTermFactory(status=Status.IN_REVIEW, created_by=editor.user)
    with pytest.raises(ValidationError):
        workflow.send_back(item=term, user=reviewer.user, comment="  ")
    workflow.send_back(item=term, user=reviewer.user, comment="Please define 'axon' simply.")
    term.refresh_from_db()
    assert term.status == Status.DRAFT
    note = ReviewNote.objects.get()
    assert (note.action, note.author) == (ReviewNote.Action.SENT_BACK, reviewer.user)
    page = editor.get(reverse("admin:conditions_glossaryterm_change", args=[term.pk]))
    assert "Please define &#x27;axon&#x27; simply." in page.content.decode()


def test_send_back_through_the_admin_button(staff):
    term = GlossaryTermFactory(status=Status.IN_REVIEW)
    reviewer = staff("reviewer")
    reviewer.post(reverse("admin:conditions_glossaryterm_workflow", args=[term.pk]),
                  {"step": "send_back", "comment": "Too long."})
    term.refresh_from_db()
    assert term.status == Status.DRAFT
    assert workflow.review_notes(term).get().comment == "Too long."


def test_approval_sets_the_next_review_from_the_items_interval(staff):
    term = GlossaryTermFactory(status=Status.IN_REVIEW, review_interval_months=6)
    workflow.approve_and_publish(item=term, user=staff("reviewer").user)
    today = timezone.localdate()
    assert term.next_review_due == workflow.add_months(today, 6)
    assert term.next_review_due > today + datetime.timedelta(days=170)


def test_only_items_in_review_can_be_approved(staff):
    term = GlossaryTermFactory(status=Status.DRAFT)
    with pytest.raises(ValidationError):
        workflow.approve_and_publish(item=term, user=staff("reviewer").user)


def test_an_approved_comparison_copy_replaces_rows_and_cells(client, staff):
    comparison = build_comparison(rows=2, slug="a-vs-b")
    editor = staff("editor")
    copy = workflow.start_draft(item=comparison, user=editor.user)
    ComparisonCell.objects.filter(row__comparison=copy).update(answer="Changed")
    assert "Changed" not in client.get("/compare/a-vs-b/").content.decode()
    workflow.submit_for_review(item=copy, user=editor.user)
    workflow.approve_and_publish(item=copy, user=staff("reviewer").user)
    assert set(ComparisonCell.objects.filter(row__comparison=comparison)
               .values_list("answer", flat=True)) == {"Changed"}
    assert client.get("/compare/a-vs-b/").content.decode().count(">Changed<") == 6


def test_an_in_review_item_is_editable_by_a_reviewer_but_not_an_editor(staff):
    term = GlossaryTermFactory(status=Status.IN_REVIEW)
    assert workflow.can_edit(user=staff("reviewer").user, item=term)
    assert not workflow.can_edit(user=staff("editor").user, item=term)


def test_a_new_draft_is_never_public(client, staff):
    GlossaryTermFactory(status=Status.DRAFT, slug="hidden", term="Hidden")
    assert client.get("/glossary/hidden/").status_code == 404
    assert GlossaryTerm.objects.published().count() == 0
