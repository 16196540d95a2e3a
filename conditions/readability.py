"""Flesch-Kincaid reading grade of editor-written Markdown (plain text first, via textstat)."""

from dataclasses import dataclass

import textstat

from conditions.rendering import plain_text

GRADE_LIMIT = 8  # the design asks for school grade 8 or lower


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


def article_readability(article) -> list[Readability]:
    """One score for the summary, then one per section, in page order."""
    scores = [Readability("Summary", reading_grade(article.summary))]
    scores += [Readability(s.heading, reading_grade(s.body)) for s in article.sections.all()]
    return scores
