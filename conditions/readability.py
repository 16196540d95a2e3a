"""Reading scores of editor-written Markdown (plain text first, via textstat).

English: Flesch-Kincaid school grade. Spanish: Fernández-Huerta reading ease.
"""

from dataclasses import dataclass

import textstat
from textstat.textstat import textstatistics

from conditions.rendering import plain_text

GRADE_LIMIT = 8  # the design asks for school grade 8 or lower
SPANISH_EASE_FLOOR = 65  # Fernández-Huerta; about school grade 8 (issue 25)

# textstat.set_lang() changes the one shared instance, and with it every English grade,
# so Spanish is measured on an instance of its own (the same formula and syllable rules).
_spanish_textstat = textstatistics()
_spanish_textstat.set_lang("es")


@dataclass(frozen=True)
class Readability:
    label: str
    grade: float | None

    @property
    def is_too_hard(self) -> bool:
        return self.grade is not None and self.grade > GRADE_LIMIT

    @property
    def verdict(self) -> str:
        if self.grade is None:
            return "No text yet"
        if self.is_too_hard:
            return f"Too hard: above grade {GRADE_LIMIT}"
        return "Plain enough"


def reading_grade(markdown_text: str) -> float | None:
    text = plain_text(markdown_text or "").strip()
    if not text:
        return None
    return round(textstat.flesch_kincaid_grade(text), 1)


def spanish_reading_ease(markdown_text: str) -> float | None:
    """Fernández-Huerta score of Spanish Markdown (higher is easier); None when there is no text."""
    text = plain_text(markdown_text or "").strip()
    if not text:
        return None
    return _spanish_textstat.fernandez_huerta(text)


def article_readability(article) -> list[Readability]:
    """One score for the summary, then one per section, in page order."""
    scores = [Readability("Summary", reading_grade(article.summary))]
    scores += [Readability(s.heading, reading_grade(s.body)) for s in article.sections.all()]
    return scores
