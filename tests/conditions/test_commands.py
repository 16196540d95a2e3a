import io

import pytest
from django.core.management import CommandError, call_command

from conditions.models import FAQ, Article, Comparison, ComparisonCell, GlossaryTerm, Reference

pytestmark = pytest.mark.django_db


def load(content_dir) -> str:
    out = io.StringIO()
    call_command("load_content", content_dir=content_dir, stdout=out)
    return out.getvalue()


def test_load_content_creates_published_reviewed_items(content_dir):
    output = load(content_dir)
    article = Article.objects.get(slug="mmn")
    # Published, and honest about it: no clinician of this clinic has approved it yet.
    assert article.is_published and article.reviewed_by is None and article.reviewed_on is None
    assert article.next_review_due is not None
    assert [r.key for r in article.references.all()] == ["R1"]
    assert ComparisonCell.objects.count() == 2
    assert "articles: 2 created, 0 already present" in output


def test_load_content_twice_changes_nothing(content_dir):
    load(content_dir)
    counts = [m.objects.count() for m in (Article, FAQ, GlossaryTerm, Reference, Comparison)]
    output = load(content_dir)
    assert [m.objects.count() for m in (Article, FAQ, GlossaryTerm, Reference, Comparison)] == (
        counts
    )
    assert "articles: 0 created, 2 already present" in output
    assert Article.history.count() == 2  # no new history rows either


def test_load_content_never_overwrites_staff_edits(content_dir):
    load(content_dir)
    Article.objects.filter(slug="mmn").update(summary="Edited by staff.", status="draft")
    GlossaryTerm.objects.filter(slug="axon").update(definition="Edited.")
    load(content_dir)
    assert Article.objects.get(slug="mmn").summary == "Edited by staff."
    assert Article.objects.get(slug="mmn").status == "draft"
    assert GlossaryTerm.objects.get(slug="axon").definition == "Edited."


def test_load_content_reports_unknown_reference_keys(content_dir):
    (content_dir / "references.yaml").write_text("[]\n")
    with pytest.raises(CommandError, match="unknown reference keys R1"):
        load(content_dir)
    assert Article.objects.count() == 0  # all or nothing


def test_load_site_data_includes_the_content():
    from mmn_portal.management.commands.load_site_data import STEPS

    assert ("load_content", []) in STEPS


def rewrite(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_second_load_finds_every_item_unchanged(content_dir):
    load(content_dir)
    output = load(content_dir)
    # 1 reference, 2 articles, 2 FAQs, 1 term and 1 comparison
    assert "existing items: 7 same" in output


def test_changed_shipped_content_updates_items_nobody_edited(content_dir):
    load(content_dir)
    rewrite(content_dir / "articles" / "mmn.yaml", "Weak hands.", "Weak hands and arms.")
    rewrite(content_dir / "glossary.yaml", "The long part of a nerve.", "The long fiber.")
    rewrite(content_dir / "comparisons" / "mmn-als.yaml", "Sensation is normal.", "Normal.")

    output = load(content_dir)

    article = Article.objects.get(slug="mmn")
    assert article.sections.get().body == "Weak hands and arms."
    assert article.is_published and not Article.objects.filter(draft_of=article).exists()
    assert article.history.first().history_change_reason.startswith("Shipped content update")
    assert GlossaryTerm.objects.get(slug="axon").definition == "The long fiber."
    assert ComparisonCell.objects.filter(note="Normal.").exists()
    assert "3 updated" in output


def test_shipped_changes_to_a_staff_edited_item_arrive_as_a_draft_copy(content_dir):
    load(content_dir)
    article = Article.objects.get(slug="mmn")
    article.summary = "Edited by staff."
    article.save()
    rewrite(content_dir / "articles" / "mmn.yaml", "About MMN.", "About MMN, revised.")

    output = load(content_dir)

    article.refresh_from_db()
    assert article.summary == "Edited by staff." and article.is_published
    copy = Article.objects.get(draft_of=article)
    assert copy.status == "draft" and copy.summary == "About MMN, revised."
    assert copy.sections.get().body == "Weak hands."
    assert "1 drafted" in output
    # Loading again offers nothing new and leaves the copy as it is.
    load(content_dir)
    assert Article.objects.filter(draft_of=article).count() == 1


def test_a_draft_copy_someone_started_is_never_touched(content_dir, django_user_model):
    load(content_dir)
    editor = django_user_model.objects.create(username="editor")
    article = Article.objects.get(slug="mmn")
    Article.objects.filter(pk=article.pk).update(summary="Edited by staff.")
    Article.objects.create(draft_of=article, slug="mmn", name="x", summary="Mine.",
                           created_by=editor)
    rewrite(content_dir / "articles" / "mmn.yaml", "About MMN.", "About MMN, revised.")
    err = io.StringIO()
    call_command("load_content", content_dir=content_dir, stdout=io.StringIO(), stderr=err)
    assert Article.objects.get(draft_of=article).summary == "Mine."
    assert "staff are editing it" in err.getvalue()
