"""Checks on the content that ships with the portal (conditions/content/*.yaml)."""

import re

import pytest
import textstat
from django.core.management import call_command

from conditions.models import FAQ, Article, Comparison, GlossaryTerm
from conditions.rendering import plain_text

pytestmark = pytest.mark.django_db
MMN = "multifocal-motor-neuropathy"
MAX_GRADE = 9


@pytest.fixture
def shipped(db):
    call_command("load_content", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_every_section_reads_at_grade_9_or_below(shipped):
    too_hard = []
    for article in Article.objects.prefetch_related("sections"):
        for section in article.sections.all():
            grade = textstat.flesch_kincaid_grade(plain_text(section.body))
            if grade > MAX_GRADE:
                too_hard.append(f"{article.slug}#{section.slug}: grade {grade}")
    assert too_hard == []


def test_every_article_has_references(shipped):
    assert Article.objects.count() >= 3
    assert not Article.objects.filter(references__isnull=True).exists()


def test_mmn_article_has_the_required_sections(shipped):
    headings = " | ".join(s.heading.lower() for s in Article.objects.get(slug=MMN).sections.all())
    for topic in ["what is", "symptom", "who", "cause", "diagnos", "treatment", "outlook",
                  "living", "help"]:  # fmt: skip
        assert topic in headings, topic


def test_mmn_diagnosis_covers_the_main_tests(shipped):
    text = " ".join(s.body.lower() for s in Article.objects.get(slug=MMN).sections.all())
    for words in ["nerve conduction", "emg", "antibod", "ivig"]:
        assert words in text, words


def test_there_are_enough_terms_faqs_and_comparison_rows(shipped):
    assert GlossaryTerm.objects.published().count() >= 25
    assert FAQ.objects.published().count() >= 8
    comparison = Comparison.objects.get(slug="mmn-als-cidp")
    assert comparison.rows.count() >= 10
    assert comparison.columns.count() == 3


def cells_for(feature_words: str) -> dict[str, str]:
    """Answer + note per column slug for the first row whose feature matches."""
    comparison = Comparison.objects.get(slug="mmn-als-cidp")
    for row in comparison.rows.prefetch_related("cells__column__article"):
        if re.search(feature_words, row.feature, re.IGNORECASE):
            return {c.column.article.slug: f"{c.answer} {c.note}".lower() for c in row.cells.all()}
    raise AssertionError(f"no comparison row matching {feature_words!r}")


def test_comparison_says_ivig_is_the_main_mmn_treatment(shipped):
    ivig = cells_for(r"\bivig\b|immunoglobulin")[MMN]
    assert re.search(r"main treatment|first treatment|first choice", ivig)


def test_comparison_says_steroids_do_not_help_mmn(shipped):
    steroids = cells_for(r"steroid")[MMN]
    assert re.search(r"^no\b|not recommended|do not help|does not help|worse", steroids)
    assert not re.search(r"\b(good|works|first choice)\b", steroids)


def test_mmn_article_says_life_expectancy_is_normal(shipped):
    text = " ".join(s.body.lower() for s in Article.objects.get(slug=MMN).sections.all())
    assert re.search(r"normal (life span|lifespan|life expectancy)", text)
