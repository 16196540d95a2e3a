"""Checks on the content that ships with the portal (conditions/content/*.yaml)."""

import re

import pytest
import textstat
from django.core.management import call_command

from conditions.models import FAQ, Article, Comparison, GlossaryTerm
from conditions.rendering import plain_text

pytestmark = pytest.mark.django_db
MMN = "multifocal-motor-neuropathy"
MAX_GRADE = 8


@pytest.fixture
def shipped(db):
    call_command("load_content", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_every_section_and_summary_reads_at_grade_8_or_below(shipped):
    too_hard = []
    for article in Article.objects.prefetch_related("sections"):
        grade = textstat.flesch_kincaid_grade(plain_text(article.summary))
        if grade > MAX_GRADE:
            too_hard.append(f"{article.slug} summary: grade {grade}")
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


def all_patient_text() -> str:
    """Every sentence a visitor can read: articles, FAQs, glossary and comparison cells."""
    parts = []
    for article in Article.objects.prefetch_related("sections"):
        parts += [article.summary, *(s.body for s in article.sections.all())]
    parts += [f.answer for f in FAQ.objects.all()]
    parts += [t.definition for t in GlossaryTerm.objects.all()]
    for comparison in Comparison.objects.prefetch_related("rows__cells"):
        parts += [f"{c.answer}. {c.note}" for row in comparison.rows.all() for c in row.cells.all()]
    return " ".join(" ".join(part.split()) for part in parts)


def test_no_page_says_a_sign_rules_out_mmn(shipped):
    text = all_patient_text()
    assert not re.search(r"rules? out MMN\b", text)
    assert text.count("makes MMN unlikely") + text.count("make MMN unlikely") >= 4
    assert "will look for other causes" in text


def test_steroid_advice_is_about_treating_mmn_never_refusing_steroids(shipped):
    text = all_patient_text().lower()
    assert not re.search(r"(refuse|avoid|never take|do not take) (any )?steroids", text)
    assert "tell every doctor" in text
    assert re.search(r"need (them|steroids) for another illness", text)


def test_inheritance_is_stated_with_care(shipped):
    text = all_patient_text().lower()
    assert "not passed down" not in text
    assert "not known to run in families" in text
    assert "no genetic test" in text


def test_trapped_nerve_surgery_is_said_not_to_help_mmn(shipped):
    diagnosis = Article.objects.get(slug=MMN).sections.get(slug="diagnosis").body
    text = " ".join(diagnosis.split()).lower()
    assert re.search(r"surgery for a \"trapped nerve\" will not help", text)
    assert "delays the right treatment" in text


def test_no_do_not_help_heading_lists_a_drug_that_helps_some_people(shipped):
    treatment = Article.objects.get(slug=MMN).sections.get(slug="treatment").body
    for block in re.split(r"^### ", treatment, flags=re.MULTILINE)[1:]:
        heading, _, body = block.partition("\n")
        if re.search(r"(do not|don't|does not) help", heading, re.IGNORECASE):
            assert "helps some people" not in body, heading


def test_comparison_rows_read_as_the_fact_sheet_says(shipped):
    als, cidp = "amyotrophic-lateral-sclerosis", "chronic-inflammatory-demyelinating-polyneuropathy"
    assert cells_for(r"speech")[MMN].startswith("usually not affected")
    assert cells_for(r"^reflexes")[MMN].startswith("normal or reduced")
    assert "slightly brisk" in cells_for(r"^reflexes")[MMN]
    assert "not typical" not in cells_for(r"cramps")[cidp]
    assert "brain, brainstem and spinal cord" in cells_for(r"nerves affected")[als]


def test_comparison_has_a_spinal_fluid_protein_row(shipped):
    csf = cells_for(r"spinal fluid|csf")
    assert "normal" in csf[MMN] and "1 gram per liter" in csf[MMN]
    assert "high" in csf["chronic-inflammatory-demyelinating-polyneuropathy"]
    assert "not a test used to diagnose als" in csf["amyotrophic-lateral-sclerosis"]
