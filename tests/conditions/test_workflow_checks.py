"""Workflow checks that had no test of their own (found by disabling each check in turn)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conditions import revisions, workflow
from conditions.models import GlossaryTerm, Status
from tests.conditions.factories import GlossaryTermFactory

pytestmark = pytest.mark.django_db


def term_form(term, **overrides) -> dict:
    return {"term": term.term, "slug": term.slug, "definition": term.definition,
            "also_called": term.also_called, "review_interval_months": "12", **overrides}


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.PUBLISHED])
def test_only_a_draft_can_be_submitted_for_review(staff, status):
    term = GlossaryTermFactory(status=status)
    with pytest.raises(ValidationError, match="Only a draft"):
        workflow.submit_for_review(item=term, user=staff("editor").user)
    assert GlossaryTerm.objects.get(pk=term.pk).status == status


def test_an_editor_cannot_change_an_item_in_review_a_reviewer_can(staff):
    term = GlossaryTermFactory(status=Status.IN_REVIEW, definition="Words under review.")
    url = reverse("admin:conditions_glossaryterm_change", args=[term.pk])
    editor = staff("editor")
    assert not workflow.can_edit(user=editor.user, item=term)
    editor.post(url, term_form(term, definition="Slipped in after submitting."))
    assert GlossaryTerm.objects.get(pk=term.pk).definition == "Words under review."
    assert workflow.can_edit(user=staff("reviewer").user, item=term)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PUBLISHED])
def test_only_an_item_in_review_can_be_sent_back(staff, status):
    term = GlossaryTermFactory(status=status)
    with pytest.raises(ValidationError, match="Only an item in review"):
        workflow.send_back(item=term, user=staff("reviewer").user, comment="Please fix.")
    assert GlossaryTerm.objects.get(pk=term.pk).status == status


def test_a_revision_of_another_item_cannot_be_reverted_to(staff):
    reviewer = staff("reviewer")
    mine, other = GlossaryTermFactory(slug="mine"), GlossaryTermFactory(slug="other")
    other_revision = revisions.publish(other, approver=None)
    revisions.publish(mine, approver=None)
    with pytest.raises(ValidationError, match="does not belong"):
        workflow.revert_to_revision(item=mine, revision_id=other_revision.pk,
                                    user=reviewer.user)
    assert not GlossaryTerm.objects.filter(draft_of=mine).exists()


def test_the_change_page_of_a_published_item_offers_no_save(staff):
    term = GlossaryTermFactory()
    page = staff("editor").get(reverse("admin:conditions_glossaryterm_change", args=[term.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.text


def test_saving_a_published_item_through_its_admin_is_refused_on_the_server(staff, rf):
    from django.contrib import admin
    from django.core.exceptions import PermissionDenied

    term = GlossaryTermFactory(definition="Approved words.")
    term.definition = "Changed in place."
    request = rf.post("/admin/")
    request.user = staff("editor").user
    with pytest.raises(PermissionDenied):
        admin.site._registry[GlossaryTerm].save_model(request, term, form=None, change=True)
    assert GlossaryTerm.objects.get(pk=term.pk).definition == "Approved words."


def test_moving_a_section_into_a_published_article_is_refused_on_the_server(staff, rf):
    from django.contrib import admin
    from django.core.exceptions import PermissionDenied

    from conditions.models import Section
    from tests.conditions.factories import ArticleFactory, SectionFactory

    section = SectionFactory(article=ArticleFactory(status=Status.DRAFT), body="Draft words.")
    live = ArticleFactory(slug="live")
    section.article = live
    request = rf.post("/admin/")
    request.user = staff("editor").user
    with pytest.raises(PermissionDenied):
        admin.site._registry[Section].save_model(request, section, form=None, change=True)
    assert not Section.objects.filter(article=live).exists()


def test_saving_a_copy_read_before_an_approval_keeps_the_live_revision():
    term = GlossaryTermFactory()
    stale = GlossaryTerm.objects.get(pk=term.pk)
    revision = revisions.publish(term, approver=None)
    stale.save()
    assert GlossaryTerm.objects.get(pk=term.pk).live_revision_id == revision.pk
