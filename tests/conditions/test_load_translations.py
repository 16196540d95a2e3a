"""load_content loads conditions/content/es/** as it loads English (small fixture files
here, never shipped text): live and marked not yet reviewed, idempotent, and never
overwriting a translation a reviewer approved."""

import io
import textwrap

import pytest
from django.core.management import CommandError, call_command

from conditions import translations, workflow
from conditions.models import FAQ, Article, Comparison, GlossaryTerm, Revision, Translation

pytestmark = pytest.mark.django_db

ARTICLE = """\
translates: mmn
name: Afección NMM
short_name: NMM
summary: Sobre la NMM.
key_points: ["**Qué es:** una afección."]
sections:
  - {slug: symptoms, heading: Síntomas, body: Manos débiles.}
faqs:
  - {slug: is-it-mmn, question: "¿Es NMM?", answer: Tal vez.}
"""


@pytest.fixture
def spanish_dir(content_dir):
    folder = content_dir / "es"
    (folder / "articles").mkdir(parents=True)
    (folder / "comparisons").mkdir()
    (folder / "articles" / "mmn.yaml").write_text(ARTICLE)
    (folder / "comparisons" / "mmn-als.yaml").write_text(textwrap.dedent("""\
        translates: mmn-als
        title: NMM y ELA
        intro: En qué se diferencian.
        rows:
          - slug: numbness
            feature: Entumecimiento
            cells:
              mmn: {answer: "No"}
              als: {answer: "No", note: La sensibilidad es normal.}
    """))
    (folder / "glossary.yaml").write_text(
        "- {slug: axon, term: Axón, also_called: '', definition: La parte larga de un nervio.}\n")
    return content_dir


def load(content_dir) -> str:
    out = io.StringIO()
    call_command("load_content", content_dir=content_dir, stdout=out, stderr=out)
    return out.getvalue()


def live_spanish(model):
    return {item.slug: item for item in translations.live_items_in(model, "es")}


def test_shipped_translations_go_live_and_say_no_clinician_reviewed_them(spanish_dir):
    output = load(spanish_dir)
    assert "translations (es): 4 created" in output
    article = live_spanish(Article)["mmn"]
    assert (article.name, article.summary) == ("Afección NMM", "Sobre la NMM.")
    assert article.frozen_sections[0].heading == "Síntomas"
    record = article.translation_record
    assert record.translated and not record.is_reviewed and not record.is_outdated
    assert live_spanish(FAQ)["is-it-mmn"].question == "¿Es NMM?"
    assert live_spanish(GlossaryTerm)["axon"].term == "Axón"
    comparison = live_spanish(Comparison)["mmn-als"]
    row = comparison.frozen_rows[0]
    assert row.feature == "Entumecimiento"
    assert {c.note for c in row.frozen_cells.values()} == {"", "La sensibilidad es normal."}
    # It translates the English revision that was loaded with it.
    english = Article.objects.get(slug="mmn")
    assert article.translation.source_revision_id == english.live_revision_id
    assert article.translation.source_hash == english.live_revision.content_hash


def test_loading_twice_changes_nothing(spanish_dir):
    load(spanish_dir)
    revisions, history = Revision.objects.count(), Translation.history.count()
    assert "translations (es): 4 same" in load(spanish_dir)
    assert (Revision.objects.count(), Translation.history.count()) == (revisions, history)


def test_changed_shipped_text_replaces_an_unreviewed_translation(spanish_dir):
    load(spanish_dir)
    (spanish_dir / "es" / "articles" / "mmn.yaml").write_text(
        ARTICLE.replace("Sobre la NMM.", "Todo sobre la NMM."))
    assert "translations (es): 3 same, 1 updated" in load(spanish_dir)
    assert live_spanish(Article)["mmn"].summary == "Todo sobre la NMM."


def test_a_translation_a_reviewer_approved_is_never_overwritten(spanish_dir, staff):
    load(spanish_dir)
    editor, reviewer = staff("editor").user, staff("reviewer").user
    draft = translations.start_translation(item=Article.objects.get(slug="mmn"),
                                           language="es", user=editor)
    workflow.submit_for_review(item=draft, user=editor)
    approved = workflow.approve_and_publish(item=draft, user=reviewer)
    (spanish_dir / "es" / "articles" / "mmn.yaml").write_text(
        ARTICLE.replace("Sobre la NMM.", "Otro texto."))
    assert "translations (es): 1 offered as a draft, 3 same" in load(spanish_dir)
    approved.refresh_from_db()
    shown = live_spanish(Article)["mmn"]
    assert shown.summary == "Sobre la NMM." and shown.translation_record.is_reviewed
    copy = Translation.objects.get(draft_of=approved)
    assert copy.text["summary"] == "Otro texto." and copy.status == "draft"
    assert "translations (es): 4 same" in load(spanish_dir)  # offered once, idempotent


def test_a_section_the_english_does_not_have_is_refused_clearly(spanish_dir):
    (spanish_dir / "es" / "articles" / "mmn.yaml").write_text(
        ARTICLE.replace("slug: symptoms", "slug: no-such-part"))
    with pytest.raises(CommandError, match="no English section with slug no-such-part"):
        load(spanish_dir)
    assert not Translation.objects.exists()  # all or nothing
