"""The translator's screen and steps in the admin, checked on the server: starting a
draft, saving the text part by part, the two-person rule, the waiver with a reason."""

import pytest

from conditions import translations
from conditions.models import Article, Status, Translation, TranslationWaiver
from tests.conditions.test_translations import change_english_summary, english_article, translate

pytestmark = pytest.mark.django_db

START = "/admin/conditions/translation/start/article/{}/"


def change_url(item) -> str:
    return f"/admin/conditions/translation/{item.pk}/change/"


def test_an_editor_translates_part_by_part_and_a_reviewer_approves(staff):
    editor, reviewer = staff("editor"), staff("reviewer")
    article = english_article()
    assert editor.get(START.format(article.pk)).status_code == 403  # POST only
    response = editor.post(START.format(article.pk), {"language": "es"})
    draft = Translation.objects.get()
    assert response["Location"] == change_url(draft)
    page = editor.get(change_url(draft)).content.decode()
    assert "English: Weak hands." in page  # each box labelled with the English it translates
    data = {"t__name": "Afección", "t__summary": "Un resumen.",
            "t__sections__symptoms__heading": "Síntomas",
            "t__sections__symptoms__body": "Manos débiles.",
            "review_interval_months": "12"}
    assert editor.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.text["sections"] == {"symptoms": {"heading": "Síntomas",
                                                   "body": "Manos débiles."}}
    assert draft.text["summary"] == "Un resumen." and "tests" not in draft.text["sections"]
    workflow = f"/admin/conditions/translation/{draft.pk}/workflow/"
    editor.post(workflow, {"step": "submit"})
    editor.post(workflow, {"step": "approve"})  # not an editor's to approve
    assert translations.live_items_in(Article, "es")[0].translation is None
    reviewer.post(workflow, {"step": "approve"})
    assert translations.live_items_in(Article, "es")[0].summary == "Un resumen."


def test_the_translator_screen_shows_the_english_change_beside_the_spanish(staff):
    editor, reviewer = staff("editor").user, staff("reviewer").user
    article = english_article()
    live = translate(article, editor=editor, reviewer=reviewer)
    change_english_summary(article, editor=editor, reviewer=reviewer, summary="New words.")
    page = staff("superuser").get(change_url(live)).content.decode()
    screen = page.split('id="translator-heading"')[1].split("</table>")[0]
    changed = screen.split('<tr class="translator-changed">')[1].split("</tr>")[0]
    assert "Summary <strong>(changed)</strong>" in changed
    assert ('<del class="diff-removed"><span class="visually-hidden">[removed: </span>short '
            'plain summary.') in changed
    assert "[added: </span>New" in changed and "Un resumen en español." in changed
    assert "Record: does not affect the translation" in page


def test_a_waiver_is_recorded_only_for_a_reviewer_with_a_reason(staff):
    editor, reviewer = staff("editor"), staff("reviewer")
    article = english_article()
    live = translate(article, editor=editor.user, reviewer=reviewer.user)
    change_english_summary(article, editor=editor.user, reviewer=reviewer.user)
    waive = f"/admin/conditions/translation/{live.pk}/waive/"
    assert reviewer.get(waive).status_code == 403
    editor.post(waive, {"reason": "Only a typo."})
    reviewer.post(waive, {"reason": "   "})
    assert not TranslationWaiver.objects.exists()
    assert translations.states("es")[0].state == "outdated"
    reviewer.post(waive, {"reason": "Only a typo."})
    waiver = TranslationWaiver.objects.get()
    assert (waiver.reason, waiver.decided_by) == ("Only a typo.", reviewer.user)
    assert translations.states("es")[0].state == "up to date"
    page = reviewer.get(change_url(live)).content.decode()
    assert "“Only a typo.”" in page


def test_updating_starts_a_draft_of_the_live_translation_from_the_new_english(staff):
    editor, reviewer = staff("editor"), staff("reviewer").user
    article = english_article()
    live = translate(article, editor=editor.user, reviewer=reviewer)
    change_english_summary(article, editor=editor.user, reviewer=reviewer)
    editor.post(START.format(article.pk), {"language": "es"})
    copy = Translation.objects.get(draft_of=live)
    article.refresh_from_db()
    assert copy.status == Status.DRAFT and copy.source_revision_id == article.live_revision_id
    assert copy.text == live.text
    live.refresh_from_db()  # the live translation is untouched until approval
    assert live.live_revision.snapshot["fields"]["source_revision_id"] != copy.source_revision_id


def test_the_dashboard_lists_translations_by_state_with_a_translate_button(staff):
    editor = staff("editor")
    english_article()
    page = editor.get("/admin/conditions/article/dashboard/").content.decode()
    assert "Translations (es): 0 outdated, 1 missing, 0 up to date" in page
    assert '<button type="submit">Translate</button>' in page
    assert staff("coordinator").get("/admin/conditions/article/dashboard/").content.decode(
        ).count("Translations (es)") == 0
