"""Staff preview of unpublished content: exactly the public template, never public."""

import pytest
from django.urls import reverse

from conditions import translations, workflow
from conditions.models import Status
from tests.conditions.factories import (
    ArticleFactory,
    FAQFactory,
    GlossaryTermFactory,
    SectionFactory,
    build_comparison,
)

pytestmark = pytest.mark.django_db


def preview_url(item) -> str:
    return reverse("conditions:preview", args=[item._meta.model_name, item.pk])


def test_staff_preview_a_draft_with_the_public_template_and_a_banner(staff):
    term = GlossaryTermFactory(status=Status.DRAFT, term="Axon", definition="Nerve fibre.")
    response = staff("editor").get(preview_url(term))
    body = response.content.decode()
    assert response.status_code == 200
    assert "conditions/glossaryterm_detail.html" in [t.name for t in response.templates]
    assert "Preview — not published" in body and "Nerve fibre." in body
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_anonymous_visitors_get_404_and_no_content(client):
    term = GlossaryTermFactory(status=Status.DRAFT, definition="Secret draft words.")
    response = client.get(preview_url(term))
    assert response.status_code == 404
    assert "Secret draft words." not in response.content.decode()


def test_signed_in_but_unverified_staff_get_404(client, roles, django_user_model):
    user = django_user_model.objects.create_user("half", is_staff=True, is_superuser=True)
    client.force_login(user)  # password only, no second factor
    term = GlossaryTermFactory(status=Status.DRAFT)
    assert client.get(preview_url(term)).status_code == 404


def test_staff_without_view_permission_are_refused(staff):
    term = GlossaryTermFactory(status=Status.DRAFT)
    assert staff("coordinator").get(preview_url(term)).status_code == 403


def test_preview_of_a_pending_copy_shows_the_new_text_while_the_page_keeps_the_old(
    client, staff
):
    editor = staff("editor")
    article = ArticleFactory(slug="mmn")
    SectionFactory(article=article, slug="about", heading="About", body="Old words.")
    copy = workflow.start_draft(item=article, user=editor.user)
    copy.sections.update(body="New words.")
    preview = editor.get(preview_url(copy)).content.decode()
    assert "New words." in preview and "Old words." not in preview
    assert "Old words." in client.get("/conditions/mmn/").content.decode()


def test_preview_of_an_faq_shows_it_on_its_article(staff):
    faq = FAQFactory(status=Status.DRAFT, question="Is it catching?", answer="No, never.")
    body = staff("reviewer").get(preview_url(faq)).content.decode()
    assert "Is it catching?" in body and faq.article.name in body


def test_preview_of_a_comparison(staff):
    comparison = build_comparison(rows=1, status=Status.DRAFT)
    response = staff("reviewer").get(preview_url(comparison))
    assert response.status_code == 200
    assert comparison.title in response.content.decode()


def test_unknown_model_is_404(staff):
    assert staff("editor").get("/preview/reference/1/").status_code == 404


def test_the_change_page_links_to_the_preview(staff):
    term = GlossaryTermFactory(status=Status.DRAFT)
    page = staff("editor").get(reverse("admin:conditions_glossaryterm_change", args=[term.pk]))
    assert preview_url(term) in page.content.decode()


def test_a_reviewer_previews_a_translation_in_review_as_the_spanish_page_will_read(
        client, staff):
    from tests.conditions.test_translations import english_article

    editor, reviewer = staff("editor", "ed"), staff("reviewer", "rev")
    article = english_article()
    draft = translations.start_translation(item=article, language="es", user=editor.user)
    draft.text = {"name": "Neuropatía de prueba", "summary": "Un resumen en español.",
                  "sections": {"symptoms": {"heading": "Síntomas", "body": "Manos débiles."}}}
    workflow._save(draft, editor.user, "Translated")
    workflow.submit_for_review(item=draft, user=editor.user)

    response = reviewer.get(preview_url(draft))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es"' in body and "Manos débiles." in body
    assert "Nerve tests." in body  # a part not translated shows the English, marked so
    assert "todavía no" in body  # not reviewed yet, as the page will say until approved
    assert "Manos débiles." not in client.get("/es/conditions/mmn-test/").content.decode()
    page = reviewer.get(reverse("admin:conditions_translation_change", args=[draft.pk]))
    assert preview_url(draft) in page.content.decode()


def test_a_translation_preview_is_refused_to_visitors(client, staff):
    from tests.conditions.test_translations import english_article

    article = english_article()
    draft = translations.start_translation(item=article, language="es",
                                           user=staff("editor", "ed").user)
    assert client.get(preview_url(draft)).status_code == 404
    assert staff("coordinator").get(preview_url(draft)).status_code == 403


def test_a_translation_preview_offers_no_language_switch_to_itself(staff):
    # Shown in its translation's language at every address: a switch would lead back here.
    from tests.conditions.test_translations import english_article

    editor = staff("editor", "ed")
    draft = translations.start_translation(item=english_article(), language="es",
                                           user=editor.user)
    body = editor.get(preview_url(draft)).content.decode()
    assert "language-switcher" not in body
    assert "language-switcher" in editor.get(preview_url(draft.english)).content.decode()
