"""History: who changed what, a readable diff, and revert through review."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from conditions import workflow
from conditions.history import word_diff
from conditions.models import Article, GlossaryTerm, Status
from tests.conditions.conftest import article_change_form
from tests.conditions.factories import ArticleFactory, GlossaryTermFactory, SectionFactory

pytestmark = pytest.mark.django_db


def publish_edit(article, *, body: str, editor, reviewer):
    copy = workflow.start_draft(item=article, user=editor)
    section = copy.sections.get()
    section.body = body
    section._history_user = editor
    section.save()
    workflow.submit_for_review(item=copy, user=editor)
    return workflow.approve_and_publish(item=copy, user=reviewer)


def test_revert_restores_the_exact_earlier_text_as_a_draft_that_needs_review(client, staff):
    editor, reviewer = staff("editor").user, staff("reviewer").user
    article = ArticleFactory(slug="mmn", summary="First summary.")
    SectionFactory(article=article, slug="about", heading="About", body="First *exact* text.\n")
    first_version = article.history.latest().history_id
    publish_edit(article, body="Second text.", editor=editor, reviewer=reviewer)

    draft = workflow.revert_to(item=article, history_id=first_version, user=reviewer)

    assert draft.draft_of == article and draft.status == Status.DRAFT
    assert draft.sections.get().body == "First *exact* text.\n"
    assert "Second text." in client.get("/conditions/mmn/").content.decode()  # still live
    workflow.submit_for_review(item=draft, user=editor)
    with pytest.raises(ValidationError):  # reverting is a change: a second reviewer approves
        workflow.approve_and_publish(item=draft, user=reviewer)
    workflow.approve_and_publish(item=draft, user=staff("reviewer", "second").user)
    article.refresh_from_db()
    assert article.sections.get().body == "First *exact* text.\n"
    assert "First <em>exact</em> text." in client.get("/conditions/mmn/").content.decode()


def test_revert_of_a_draft_restores_it_in_place(staff):
    reviewer = staff("reviewer").user
    term = GlossaryTermFactory(status=Status.IN_REVIEW, definition="Original words.")
    first = term.history.earliest().history_id
    term.definition = "Rewritten words."
    term.save()
    draft = workflow.revert_to(item=term, history_id=first, user=reviewer)
    assert draft.pk == term.pk
    assert (draft.status, draft.definition) == (Status.DRAFT, "Original words.")


def test_history_records_who_changed_what_through_the_admin(staff):
    editor = staff("editor")
    term = GlossaryTermFactory(status=Status.DRAFT, slug="emg", term="EMG")
    editor.post(
        reverse("admin:conditions_glossaryterm_change", args=[term.pk]),
        {"term": "EMG", "slug": "emg", "definition": "A test of muscles.",
         "also_called": "", "review_interval_months": "12"},
    )
    latest = term.history.latest()
    assert latest.history_user == editor.user
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == ["definition"]


def test_versions_page_shows_who_changed_what_with_a_word_diff(staff):
    editor, reviewer = staff("editor"), staff("reviewer")
    article = ArticleFactory(slug="mmn")
    SectionFactory(article=article, slug="about", heading="About",
                   body="Weakness starts in the hands and spreads slowly.")
    publish_edit(article, body="Weakness starts in one hand and spreads slowly.",
                 editor=editor.user, reviewer=reviewer.user)
    response = reviewer.get(reverse("admin:conditions_article_versions", args=[article.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "reviewer" in body  # the approver is the author of the live row's new version
    assert '<del class="diff-removed"><span class="visually-hidden">[removed: </span>the' in body
    assert '<ins class="diff-added"><span class="visually-hidden">[added: </span>one' in body
    assert "Revert to this version" in body


def test_the_editor_sees_versions_but_no_revert_button(staff):
    term = GlossaryTermFactory()
    response = staff("editor").get(reverse("admin:conditions_glossaryterm_versions",
                                           args=[term.pk]))
    assert response.status_code == 200
    assert "Revert to this version" not in response.content.decode()


def test_an_editor_cannot_revert_through_the_admin_url(staff):
    term = GlossaryTermFactory(status=Status.DRAFT, definition="One.")
    first = term.history.earliest().history_id
    term.definition = "Two."
    term.save()
    url = reverse("admin:conditions_glossaryterm_revert", args=[term.pk, first])
    assert staff("editor").post(url).status_code == 403
    assert GlossaryTerm.objects.get().definition == "Two."


def test_the_draft_copys_history_keeps_the_editors_change(staff):
    editor = staff("editor")
    article = ArticleFactory(slug="mmn")
    SectionFactory(article=article, slug="about", heading="About", body="Old.")
    copy = workflow.start_draft(item=article, user=editor.user)
    editor.post(reverse("admin:conditions_article_change", args=[copy.pk]),
                article_change_form(copy, about="New."))
    section = Article.objects.get(pk=copy.pk).sections.get()
    assert section.history.latest().history_user == editor.user


def test_feedback_and_trials_record_history_with_the_user(staff):
    from feedback.models import Feedback
    from trials.models import Trial

    reviewer = staff("reviewer")
    item = Feedback.objects.create(page="/", is_helpful=True)
    reviewer.post(reverse("admin:feedback_feedback_changelist"),
                  {"action": "mark_handled", "_selected_action": [item.pk]})
    assert item.history.latest().history_user == reviewer.user
    assert hasattr(Trial, "history")


def test_word_diff_marks_only_the_changed_words():
    assert word_diff("one two three", "one 2 three") == [
        ("same", "one "), ("removed", "two"), ("added", "2"), ("same", " three")
    ]


def test_revert_through_the_admin_url_needs_view_permission_on_the_item(staff_client_factory):
    term = GlossaryTermFactory(status=Status.DRAFT, definition="One.")
    first = term.history.earliest().history_id
    term.definition = "Two."
    term.save()
    client = staff_client_factory()
    client.user.user_permissions.add(  # revert only: no view permission on glossary terms
        Permission.objects.get(codename="revert_version", content_type__model="glossaryterm")
    )
    url = reverse("admin:conditions_glossaryterm_revert", args=[term.pk, first])
    assert client.post(url).status_code == 403
    assert GlossaryTerm.objects.get().definition == "Two."
