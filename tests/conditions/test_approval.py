"""Two people: whoever changed an item cannot approve it, and the page names who did."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from accounts.models import StaffProfile
from conditions import workflow
from conditions.models import Article, ReviewNote, Status
from tests.conditions.conftest import article_change_form
from tests.conditions.factories import ArticleFactory, GlossaryTermFactory, SectionFactory

pytestmark = pytest.mark.django_db

NOT_REVIEWED = "Written by the portal team from the sources below; not yet reviewed by a " \
               "clinician here"


@pytest.fixture
def live_article():
    article = ArticleFactory(name="Nerve condition", slug="nerve-condition")
    SectionFactory(article=article, heading="Symptoms", slug="symptoms", body="Old words.")
    return article


def edit_and_submit(client, article, body: str):
    """Through the admin, as a person would: draft copy, edit its section, submit."""
    client.post(reverse("admin:conditions_article_workflow", args=[article.pk]),
                {"step": "start_draft"})
    copy = Article.objects.get(draft_of=article)
    client.post(reverse("admin:conditions_article_change", args=[copy.pk]),
                article_change_form(copy, symptoms=body))
    client.post(reverse("admin:conditions_article_workflow", args=[copy.pk]),
                {"step": "submit"})
    copy.refresh_from_db()
    assert copy.status == Status.IN_REVIEW
    return copy


def test_whoever_made_the_change_cannot_approve_it(client, staff, live_article):
    superuser = staff("superuser")  # holds every permission, still only one person
    copy = edit_and_submit(superuser, live_article, "Unchecked words.")
    response = superuser.post(reverse("admin:conditions_article_workflow", args=[copy.pk]),
                              {"step": "approve"}, follow=True)
    assert "another medical reviewer must approve it" in response.text
    assert "Unchecked" not in client.get("/conditions/nerve-condition/").text

    staff("reviewer").post(reverse("admin:conditions_article_workflow", args=[copy.pk]),
                           {"step": "approve"})
    assert "Unchecked words." in client.get("/conditions/nerve-condition/").text


def test_a_reviewer_who_corrects_an_item_in_review_needs_a_second_reviewer(staff):
    editor, first, second = staff("editor"), staff("reviewer", "r1"), staff("reviewer", "r2")
    term = GlossaryTermFactory(status=Status.DRAFT, created_by=editor.user)
    workflow.submit_for_review(item=term, user=editor.user)
    url = reverse("admin:conditions_glossaryterm_change", args=[term.pk])
    response = first.post(url, {"term": term.term, "slug": term.slug, "definition": "Corrected.",
                     "also_called": "", "review_interval_months": "12"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    term.refresh_from_db()
    with pytest.raises(ValidationError):
        workflow.approve_and_publish(item=term, user=first.user)
    workflow.approve_and_publish(item=term, user=second.user)
    term.refresh_from_db()
    assert (term.status, term.definition, term.reviewed_by) == (
        Status.PUBLISHED, "Corrected.", second.user)


def test_sending_back_does_not_make_the_reviewer_an_author(staff):
    editor, reviewer = staff("editor"), staff("reviewer")
    term = GlossaryTermFactory(status=Status.DRAFT)
    workflow.submit_for_review(item=term, user=editor.user)
    workflow.send_back(item=term, user=reviewer.user, comment="Simpler, please.")
    workflow.submit_for_review(item=term, user=editor.user)
    assert workflow.approve_and_publish(item=term, user=reviewer.user).is_published


def test_a_one_person_clinic_can_switch_the_second_person_off(settings, staff, live_article):
    settings.EDITORIAL_TWO_PERSON_APPROVAL = False
    superuser = staff("superuser")
    copy = edit_and_submit(superuser, live_article, "My own words.")
    assert workflow.approve_and_publish(item=copy, user=superuser.user).is_published


def test_the_page_names_the_approving_reviewer_and_the_approval_is_recorded(
    client, staff, live_article
):
    editor, reviewer = staff("editor"), staff("reviewer")
    StaffProfile.objects.create(user=reviewer.user, display_name="Dr A. Smith",
                                role="consultant neurologist")
    copy = edit_and_submit(editor, live_article, "Checked words.")
    reviewer.post(reverse("admin:conditions_article_workflow", args=[copy.pk]),
                  {"step": "approve"})
    page = client.get("/conditions/nerve-condition/").text
    assert "Dr A. Smith, consultant neurologist" in page
    assert NOT_REVIEWED not in page
    note = workflow.review_notes(live_article).get(action=ReviewNote.Action.APPROVED)
    assert note.author == reviewer.user and note.created_at is not None


def test_shipped_content_says_plainly_that_no_clinician_here_reviewed_it(client, staff):
    call_command("load_content", stdout=None)
    article = Article.objects.published().first()
    assert (article.reviewed_by, article.reviewed_on, article.reviewer_name) == (None, None, "")
    page = client.get(article.get_absolute_url()).text
    assert NOT_REVIEWED in page

    editor, reviewer = staff("editor"), staff("reviewer")
    StaffProfile.objects.create(user=reviewer.user, display_name="Dr B. Jones",
                                role="consultant neurologist")
    copy = workflow.start_draft(item=article, user=editor.user)
    workflow.submit_for_review(item=copy, user=editor.user)
    workflow.approve_and_publish(item=copy, user=reviewer.user)
    page = client.get(article.get_absolute_url()).text
    assert "Dr B. Jones, consultant neurologist" in page and NOT_REVIEWED not in page
