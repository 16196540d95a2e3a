"""The spelling vocabulary: the words that trials/search/spelling.py matches misspelt query words
to. A model of its own, registered with the app through trials/models.py."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models.functions import Left, Length

from common.query import words_of
from trials.derived import VOCABULARY_FIELDS


class SearchWord(models.Model):
    """The words of trial titles and conditions and of the public content: the vocabulary that
    trials/search/spelling.py matches misspelt query words to, each in its language. The
    registry's words are English; the content's are those of the pages they come from, so
    an English search never "corrects" a word to a Spanish one ("efects" to "efectos")."""

    word = models.CharField(max_length=60)
    language = models.CharField(max_length=8, default="en")

    class Meta:
        ordering = ["word"]
        constraints = [models.UniqueConstraint(fields=["word", "language"],
                                               name="searchword_word_language_unique")]
        # spelling.closest() reads the words of one first letter and about one length.
        indexes = [models.Index("language", Left("word", 1), Length("word"),
                                name="searchword_shape_idx")]

    def __str__(self) -> str:
        return self.word

    @classmethod
    def add_from_trials(cls, trials: models.QuerySet) -> None:
        rows = trials.order_by().values_list(*VOCABULARY_FIELDS)
        cls.add_from_values(" ".join(text or "" for text in row) for row in rows)

    @classmethod
    def add_from_values(cls, texts: Iterable[str], language: str = "en") -> None:
        """Add the words not yet known, in one insert."""
        cls.add_words(cls.words_in(texts), language)

    @staticmethod
    def words_in(texts: Iterable[str]) -> set[str]:
        words: set[str] = set()
        for text in texts:
            words.update(w for w in words_of(text) if 3 <= len(w) <= 60 and w.isalpha())
        return words

    @classmethod
    def add_words(cls, words: set[str], language: str = "en") -> None:
        """Inserted in sorted order, so imports running side by side never deadlock. Known
        words are left to the unique index (ON CONFLICT DO NOTHING). Looking them up first
        cost a query that PostgreSQL, on a table without statistics, answered from the
        trigram index: 0.2 s a file once dead entries piled up there (the test database)."""
        if not words:
            return
        cls.objects.bulk_create(
            [cls(word=w, language=language) for w in sorted(words)], ignore_conflicts=True,
            batch_size=1000,
        )
