import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from conditions.models import (
    FAQ,
    Article,
    Comparison,
    ComparisonCell,
    ComparisonColumn,
    ComparisonRow,
    GlossaryTerm,
    Reference,
    Section,
    Status,
)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Ada"
    last_name = "Reviewer"


class PublishedFactory(DjangoModelFactory):
    """Published and reviewed today, due again in a year."""

    class Meta:
        abstract = True

    status = Status.PUBLISHED
    reviewed_on = factory.LazyFunction(timezone.localdate)
    next_review_due = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=365)
    )


class ReferenceFactory(DjangoModelFactory):
    class Meta:
        model = Reference

    key = factory.Sequence(lambda n: f"REF-{n}")
    citation = factory.Sequence(lambda n: f"Author A. A study number {n}. Journal. 2020.")
    pmid = factory.Sequence(lambda n: str(1000 + n))


class ArticleFactory(PublishedFactory):
    class Meta:
        model = Article

    name = factory.Sequence(lambda n: f"Condition {n}")
    short_name = factory.Sequence(lambda n: f"C{n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))
    summary = "A short plain summary."


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    article = factory.SubFactory(ArticleFactory)
    heading = factory.Sequence(lambda n: f"Part {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.heading))
    body = "Some plain words."
    order = factory.Sequence(int)


class FAQFactory(PublishedFactory):
    class Meta:
        model = FAQ

    article = factory.SubFactory(ArticleFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.question))
    answer = "A plain answer."


class GlossaryTermFactory(PublishedFactory):
    class Meta:
        model = GlossaryTerm

    term = factory.Sequence(lambda n: f"Term{n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.term))
    definition = "A plain definition."


class ComparisonFactory(PublishedFactory):
    class Meta:
        model = Comparison

    title = factory.Sequence(lambda n: f"Comparison {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    intro = "How these differ."


class ComparisonColumnFactory(DjangoModelFactory):
    class Meta:
        model = ComparisonColumn

    comparison = factory.SubFactory(ComparisonFactory)
    article = factory.SubFactory(ArticleFactory)
    order = factory.Sequence(int)


class ComparisonRowFactory(DjangoModelFactory):
    class Meta:
        model = ComparisonRow

    comparison = factory.SubFactory(ComparisonFactory)
    feature = factory.Sequence(lambda n: f"Feature {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.feature))
    order = factory.Sequence(int)


class ComparisonCellFactory(DjangoModelFactory):
    class Meta:
        model = ComparisonCell

    row = factory.SubFactory(ComparisonRowFactory)
    column = factory.SubFactory(
        ComparisonColumnFactory, comparison=factory.SelfAttribute("..row.comparison")
    )
    answer = "Yes"


def build_comparison(rows: int, columns: int = 3, **kwargs) -> Comparison:
    """A full grid: `rows` features × `columns` published articles."""
    comparison = ComparisonFactory(**kwargs)
    cols = [ComparisonColumnFactory(comparison=comparison) for _ in range(columns)]
    for _ in range(rows):
        row = ComparisonRowFactory(comparison=comparison)
        for column in cols:
            ComparisonCellFactory(row=row, column=column)
    return comparison


def inline_management(prefix: str, total: int, initial: int = 0) -> dict:
    """The management fields an admin inline formset posts alongside its forms."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def make_live() -> None:
    """Put the published rows factories made live now, as their first public read would
    (tests/conftest.py), so a counted block measures the page alone."""
    from conditions import revisions

    for model in (Article, FAQ, GlossaryTerm, Comparison):
        revisions.live_revisions(model)
