"""Published means approved: patients read the live revision a reviewer approved, and no
edit to any row, source, parent or order, and no loader run, changes it until a second
person approves the next one.

Each test is a way around review that was found on a running server: a source cited only by
a marker, a reviewer editing a cited source or moving a section before approving, and the
loader writing over approved text.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from conditions import workflow
from conditions.models import FAQ, Article, Reference, Section, Status
from tests.conditions.factories import ArticleFactory, ReferenceFactory, SectionFactory
from tests.conditions.test_commands import rewrite

pytestmark = pytest.mark.django_db


def approved(item, *, editor, reviewer):
    """Through the workflow as people do it: the editor submits, the reviewer approves."""
    workflow.submit_for_review(item=item, user=editor.user)
    return workflow.approve_and_publish(item=item, user=reviewer.user)


def reference_form(reference, **overrides) -> dict:
    return {"key": reference.key, "citation": reference.citation, "url": reference.url,
            "doi": reference.doi, "pmid": reference.pmid, "published": reference.published,
            **overrides}


def test_a_source_cited_only_by_a_marker_does_not_change_under_a_live_page(client, staff):
    editor, reviewer = staff("editor"), staff("reviewer")
    source = ReferenceFactory(key="HAHN-2013", citation="Hahn AF. The guideline.",
                              url="https://example.org/guideline")
    article = approved(ArticleFactory(slug="mmn", status=Status.DRAFT),
                       editor=editor, reviewer=reviewer)
    faq = FAQ.objects.create(article=article, question="Is it treatable?", slug="treatable",
                             answer="Yes, with immunoglobulin. [@HAHN-2013]")
    approved(faq, editor=editor, reviewer=reviewer)
    assert "Hahn AF. The guideline." in client.get("/conditions/mmn/").text

    response = editor.post(reverse("admin:conditions_reference_change", args=[source.pk]),
                           reference_form(source, citation="Someone else. Another paper.",
                                          url="https://elsewhere.example/"))

    assert response.status_code in (302, 403)  # editing is fine; the live page must not move
    page = client.get("/conditions/mmn/").text
    assert "Hahn AF. The guideline." in page and "https://example.org/guideline" in page
    assert "Another paper" not in page and "elsewhere.example" not in page


def test_a_reviewer_who_edited_a_cited_source_cannot_approve_the_draft(client, staff):
    editor, reviewer = staff("editor"), staff("reviewer")
    source = ReferenceFactory(key="EFNS-2010", citation="Guideline.",
                              url="https://example.org/guideline")
    draft = ArticleFactory(slug="mmn", status=Status.DRAFT)
    SectionFactory(article=draft, slug="treatment", body="Immunoglobulin helps. [@EFNS-2010]")
    workflow.submit_for_review(item=draft, user=editor.user)

    response = reviewer.post(reverse("admin:conditions_reference_change", args=[source.pk]),
                             reference_form(source, citation="A citation the reviewer wrote."))
    assert response.status_code == 302

    with pytest.raises(ValidationError, match="another medical reviewer"):
        workflow.approve_and_publish(item=draft, user=reviewer.user)
    assert client.get("/conditions/mmn/").status_code == 404


def test_a_reviewer_who_moved_a_section_away_cannot_approve_the_article(client, staff):
    editor, reviewer = staff("editor"), staff("reviewer")
    live = ArticleFactory(slug="mmn", status=Status.DRAFT)
    SectionFactory(article=live, slug="symptoms", heading="Symptoms", body="Weak hands.")
    SectionFactory(article=live, slug="emergency", heading="When to get help now",
                   body="Call 911 if you cannot breathe.")
    live = approved(live, editor=editor, reviewer=staff("reviewer", "first-reviewer"))
    copy = workflow.start_draft(item=live, user=editor.user)
    copy.summary = "A clearer summary."
    copy._history_user = editor.user
    copy.save()
    workflow.submit_for_review(item=copy, user=editor.user)
    elsewhere = ArticleFactory(slug="elsewhere", status=Status.DRAFT)
    moved = copy.sections.get(slug="emergency")

    response = reviewer.post(
        reverse("admin:conditions_section_change", args=[moved.pk]),
        {"article": elsewhere.pk, "heading": moved.heading, "slug": moved.slug,
         "body": moved.body, "order": moved.order, "kind": moved.kind},
    )
    assert response.status_code == 302

    with pytest.raises(ValidationError, match="another medical reviewer"):
        workflow.approve_and_publish(item=copy, user=reviewer.user)
    assert "Call 911 if you cannot breathe." in client.get("/conditions/mmn/").text


def test_load_content_never_overwrites_what_a_reviewer_approved(client, staff, content_dir):
    folder = content_dir
    call_command("load_content", content_dir=folder, stdout=None)
    editor, reviewer = staff("editor"), staff("reviewer")
    live = Article.objects.get(slug="mmn")
    copy = workflow.start_draft(item=live, user=editor.user)
    approved(copy, editor=editor, reviewer=reviewer)
    before = client.get("/conditions/mmn/").text
    assert "About MMN." in before and "not yet reviewed by a clinician here" not in before

    rewrite(folder / "articles" / "mmn.yaml", "Weak hands.", "Shipped words nobody approved.")
    call_command("load_content", content_dir=folder, stdout=None)

    after = client.get("/conditions/mmn/").text
    assert "Shipped words nobody approved." not in after and "Weak hands." in after
    assert Article.objects.get(draft_of=live).sections.get().body == (
        "Shipped words nobody approved.")  # offered as a draft for review


def test_shipped_content_no_reviewer_approved_keeps_its_not_yet_reviewed_line(client, content_dir):
    folder = content_dir
    call_command("load_content", content_dir=folder, stdout=None)
    rewrite(folder / "articles" / "mmn.yaml", "Weak hands.", "Weak hands and arms.")
    call_command("load_content", content_dir=folder, stdout=None)

    page = client.get("/conditions/mmn/").text
    assert "Weak hands and arms." in page
    assert "not yet reviewed by a clinician here" in page


def test_an_editor_edit_to_any_part_leaves_the_live_page_alone(client, staff):
    """Sections, order and sources changed in the working rows, outside the workflow."""
    editor, reviewer = staff("editor"), staff("reviewer")
    source = ReferenceFactory(key="R-1", citation="The right paper.")
    article = ArticleFactory(slug="mmn", status=Status.DRAFT)
    article.references.add(source)
    SectionFactory(article=article, slug="one", heading="First part", order=1,
                   body="First words. [@R-1]")
    SectionFactory(article=article, slug="two", heading="Second part", order=2,
                   body="Second words.")
    approved(article, editor=editor, reviewer=reviewer)

    Section.objects.filter(slug="one").update(body="Changed words.", order=5)
    Reference.objects.filter(pk=source.pk).update(citation="The wrong paper.")
    Article.objects.filter(pk=article.pk).update(summary="Changed summary.")

    page = client.get("/conditions/mmn/").text
    assert "First words." in page and "Changed words." not in page
    assert page.index("First part") < page.index("Second part")
    assert "The right paper." in page and "The wrong paper." not in page
    assert "Changed summary." not in page


def edited_copy(live, editor, **fields):
    copy = workflow.start_draft(item=live, user=editor.user)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy._history_user = editor.user
    copy.save()
    return copy


def test_each_approval_freezes_a_revision_with_its_record(staff):
    editor, reviewer = staff("editor"), staff("reviewer")
    draft = ArticleFactory(slug="mmn", status=Status.DRAFT, summary="First words.")
    draft._history_user = editor.user
    draft.save()
    live = approved(draft, editor=editor, reviewer=reviewer)
    first = live.live_revision
    assert first.approved_by == reviewer.user and first.authors == [editor.user.pk]
    assert first.snapshot["fields"]["summary"] == "First words." and len(first.content_hash) == 64
    with pytest.raises(ValueError, match="never changed"):
        first.save()

    approved(edited_copy(live, editor, summary="Second words."), editor=editor,
             reviewer=staff("reviewer", "other-reviewer"))
    live.refresh_from_db()
    assert live.live_revision != first and live.live_revision.snapshot["fields"]["summary"] == (
        "Second words.")
    first.refresh_from_db()
    assert first.snapshot["fields"]["summary"] == "First words."  # never changed


def test_the_reviewer_sees_the_whole_unit_against_live_sources_included(staff):
    editor, reviewer = staff("editor"), staff("reviewer")
    source = ReferenceFactory(key="NEW-2024", citation="A newer study of IVIg.")
    article = ArticleFactory(slug="mmn", status=Status.DRAFT)
    SectionFactory(article=article, slug="treatment", heading="Treatment", body="IVIg helps.")
    live = approved(article, editor=editor, reviewer=reviewer)
    copy = edited_copy(live, editor)
    copy.sections.filter(slug="treatment").update(body="IVIg helps most people. [@NEW-2024]")
    workflow.submit_for_review(item=copy, user=editor.user)

    page = staff("reviewer", "second").get(
        reverse("admin:conditions_article_change", args=[copy.pk])).text

    assert "Changes against the live version" in page
    assert "Section: Treatment" in page and "most people." in page
    assert "Source NEW-2024" in page and "A newer study of IVIg." in page
    assert source.citation in page


def test_revert_makes_a_new_draft_from_an_old_revision(client, staff):
    editor, reviewer, other = staff("editor"), staff("reviewer"), staff("reviewer", "other")
    article = ArticleFactory(slug="mmn", status=Status.DRAFT, summary="Words one.")
    live = approved(article, editor=editor, reviewer=reviewer)
    first = live.live_revision
    approved(edited_copy(live, editor, summary="Words two."), editor=editor, reviewer=reviewer)

    url = reverse("admin:conditions_article_revert_revision", args=[live.pk, first.pk])
    response = reviewer.post(url)

    assert response.status_code == 302
    copy = Article.objects.get(draft_of=live)
    assert copy.summary == "Words one." and copy.status == Status.DRAFT
    assert "Words two." in client.get("/conditions/mmn/").text  # live until approved
    workflow.submit_for_review(item=copy, user=editor.user)
    with pytest.raises(ValidationError):  # the reverting reviewer made the change
        workflow.approve_and_publish(item=copy, user=reviewer.user)
    workflow.approve_and_publish(item=copy, user=other.user)
    assert "Words one." in client.get("/conditions/mmn/").text
    versions = reviewer.get(reverse("admin:conditions_article_versions", args=[live.pk])).text
    assert "Approved revisions" in versions and "Live now" in versions
