"""Translations that stay honest (conditions/translations.py): made through the same
workflow and two-person rule, outdated the moment the English they translate changes,
unless a reviewer records (with a reason) that the change does not affect them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conditions import translations, workflow
from conditions.models import Article, Translation, TranslationWaiver, reviewer_display_name
from tests.conditions.factories import ArticleFactory, SectionFactory, make_live

pytestmark = pytest.mark.django_db

SPANISH = {"name": "Neuropatía de prueba", "summary": "Un resumen en español.",
           "sections": {"symptoms": {"heading": "Síntomas", "body": "Manos débiles."}}}


def english_article(slug="mmn-test", name="Test condition"):
    article = ArticleFactory(slug=slug, name=name)
    SectionFactory(article=article, slug="symptoms", heading="Symptoms", body="Weak hands.")
    SectionFactory(article=article, slug="tests", heading="Tests", body="Nerve tests.")
    make_live()
    return Article.objects.get(pk=article.pk)


def translate(article, *, text=SPANISH, editor, reviewer) -> Translation:
    """A Spanish translation drafted by `editor`, approved by `reviewer`."""
    draft = translations.start_translation(item=article, language="es", user=editor)
    draft.text = text
    workflow._save(draft, editor, "Translated")
    workflow.submit_for_review(item=draft, user=editor)
    return workflow.approve_and_publish(item=draft, user=reviewer)


def change_english_summary(article, *, editor, reviewer, summary="A changed summary."):
    copy = workflow.start_draft(item=article, user=editor)
    copy.summary = summary
    workflow._save(copy, editor, "Edited")
    workflow.submit_for_review(item=copy, user=editor)
    return workflow.approve_and_publish(item=copy, user=reviewer)


@pytest.fixture
def editor(staff):
    return staff("editor", "ed").user


@pytest.fixture
def reviewer(staff):
    return staff("reviewer", "rev").user


@pytest.fixture
def boss(staff):
    return staff("superuser", "boss").user


@pytest.fixture
def second_reviewer(staff):
    return staff("reviewer", "rev2").user


def spanish(article):
    return translations.live_items_in(Article, "es")[0] if article else None


def test_an_approved_translation_overlays_the_english_and_says_how_it_was_made(
        editor, reviewer):
    article = english_article()
    translate(article, editor=editor, reviewer=reviewer)
    shown = spanish(article)
    assert shown.name == "Neuropatía de prueba"
    assert shown.summary == "Un resumen en español."
    by_slug = {s.slug: s for s in shown.frozen_sections}
    assert (by_slug["symptoms"].heading, by_slug["symptoms"].lang) == ("Síntomas", "")
    # The untranslated section keeps its English words, marked as English.
    assert (by_slug["tests"].heading, by_slug["tests"].lang) == ("Tests", "en")
    record = shown.translation_record
    assert record.translated and record.is_reviewed and not record.is_outdated
    assert record.reviewer == reviewer_display_name(reviewer)
    assert record.english_url == "/conditions/mmn-test/"
    assert translations.available_languages(article) == ["en", "es"]


def test_a_draft_translation_is_not_shown(editor):
    article = english_article()
    draft = translations.start_translation(item=article, language="es", user=editor)
    draft.text = SPANISH
    draft.save()
    assert spanish(article).translation is None
    assert spanish(article).name == "Test condition"
    assert translations.available_languages(article) == ["en"]


def test_the_translator_cannot_approve_their_own_translation(boss, reviewer):
    article = english_article()
    draft = translations.start_translation(item=article, language="es", user=boss)
    draft.text = SPANISH
    workflow._save(draft, boss, "Translated")
    workflow.submit_for_review(item=draft, user=boss)
    with pytest.raises(ValidationError, match="another medical reviewer"):
        workflow.approve_and_publish(item=draft, user=boss)
    assert spanish(article).translation is None
    workflow.approve_and_publish(item=draft, user=reviewer)
    assert spanish(article).translation is not None


def test_approving_a_new_english_revision_makes_the_translation_outdated_at_once(
        editor, reviewer):
    article = english_article()
    translate(article, editor=editor, reviewer=reviewer)
    assert translations.states("es")[0].state == "up to date"
    change_english_summary(article, editor=editor, reviewer=reviewer)
    state = translations.states("es")[0]
    assert (state.state, state.outdated_days) == ("outdated", 0)
    record = spanish(article).translation_record
    assert record.is_outdated
    # The Spanish text stays what was approved, translated from the older English.
    assert spanish(article).summary == "Un resumen en español."


def test_updating_the_translation_to_the_new_english_makes_it_current(
        editor, reviewer, second_reviewer):
    article = english_article()
    translate(article, editor=editor, reviewer=reviewer)
    change_english_summary(article, editor=editor, reviewer=reviewer)
    article.refresh_from_db()
    translate(article, text={**SPANISH, "summary": "Un resumen cambiado."}, editor=editor,
              reviewer=second_reviewer)
    assert translations.states("es")[0].state == "up to date"
    assert spanish(article).summary == "Un resumen cambiado."


def test_a_waiver_with_a_reason_keeps_the_translation_current(
        editor, reviewer, second_reviewer):
    article = english_article()
    live = translate(article, editor=editor, reviewer=reviewer)
    change_english_summary(article, editor=editor, reviewer=reviewer)
    with pytest.raises(ValidationError, match="Say why"):
        translations.waive_update(translation_item=live, user=second_reviewer, reason="  ")
    waiver = translations.waive_update(translation_item=live, user=second_reviewer,
                                       reason="A typo fix in the English.")
    assert (waiver.decided_by, waiver.reason) == (second_reviewer, "A typo fix in the English.")
    article.refresh_from_db()
    assert waiver.english_revision_id == article.live_revision_id
    assert translations.states("es")[0].state == "up to date"
    # The next English change is outdated again: a waiver covers one English revision.
    change_english_summary(article, editor=editor, reviewer=second_reviewer,
                           summary="Changed again.")
    assert translations.states("es")[0].state == "outdated"


def test_a_waiver_is_refused_to_editors_and_to_whoever_made_the_english_change(
        editor, reviewer, boss):
    article = english_article()
    live = translate(article, editor=editor, reviewer=reviewer)
    change_english_summary(article, editor=boss, reviewer=reviewer)
    with pytest.raises(PermissionDenied):
        translations.waive_update(translation_item=live, user=editor, reason="Typo.")
    with pytest.raises(ValidationError, match="You made this English change"):
        translations.waive_update(translation_item=live, user=boss, reason="Typo.")
    assert not TranslationWaiver.objects.exists()
    assert translations.states("es")[0].state == "outdated"


def test_there_is_nothing_to_waive_while_the_translation_is_up_to_date(
        editor, reviewer, second_reviewer):
    live = translate(english_article(), editor=editor, reviewer=reviewer)
    with pytest.raises(ValidationError, match="up to date"):
        translations.waive_update(translation_item=live, user=second_reviewer, reason="Typo.")


def test_only_staff_who_may_change_translations_start_one(staff):
    article = english_article()
    with pytest.raises(PermissionDenied):
        translations.start_translation(item=article, language="es",
                                       user=staff("coordinator").user)
    with pytest.raises(ValidationError, match="not translated into"):
        translations.start_translation(item=article, language="fr", user=staff("editor").user)
    assert not Translation.objects.exists()
