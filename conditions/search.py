"""Case- and accent-insensitive search over published condition content.

PostgreSQL uses the `unaccent` extension (see migration 0002); SQLite uses a small
`mmn_fold` SQL function registered in apps.py. Both compare folded text with LIKE,
which is plenty for a few hundred content rows.
"""

from django.db.models import Func, Q, QuerySet, TextField

from common.results import Result, ResultGroup
from common.text import fold
from conditions.models import FAQ, Article, GlossaryTerm, Section, Status
from conditions.rendering import plain_text

MAX_RESULTS_PER_GROUP = 50


class Folded(Func):
    """SQL expression for fold(): unaccent + lower on PostgreSQL, mmn_fold on SQLite."""

    output_field = TextField()

    def as_sql(self, compiler, conn, **extra):
        return super().as_sql(compiler, conn, function="mmn_fold", **extra)

    def as_postgresql(self, compiler, conn, **extra):
        return super().as_sql(compiler, conn, template="lower(unaccent(%(expressions)s))", **extra)


def matching(queryset: QuerySet, fields: list[str], term: str) -> QuerySet:
    """Rows where any of `fields` contains `term`, ignoring case and accents."""
    folded = fold(term)
    aliases = {f"_folded_{name}": Folded(name) for name in fields}
    condition = Q()
    for alias in aliases:
        condition |= Q(**{f"{alias}__contains": folded})
    return queryset.alias(**aliases).filter(condition)


def _snippet(markdown_text: str, length: int = 200) -> str:
    text = " ".join(plain_text(markdown_text).split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def search_conditions(term: str) -> list[ResultGroup]:
    """Result groups for condition content; a fixed number of queries, whatever the term."""
    articles = matching(Article.objects.published(), ["name", "short_name", "summary"], term)[
        :MAX_RESULTS_PER_GROUP
    ]
    sections = matching(
        Section.objects.filter(article__status=Status.PUBLISHED).select_related("article"),
        ["heading", "body"],
        term,
    )[:MAX_RESULTS_PER_GROUP]
    faqs = matching(
        FAQ.objects.published().with_public_article().select_related("article"),
        ["question", "answer"],
        term,
    )[:MAX_RESULTS_PER_GROUP]
    terms = matching(GlossaryTerm.objects.published(), ["term", "also_called", "definition"], term)[
        :MAX_RESULTS_PER_GROUP
    ]
    groups = [
        ResultGroup(
            "Condition pages",
            [Result(a.title, a.get_absolute_url(), _snippet(a.summary)) for a in articles]
            + [
                Result(s.heading, s.get_absolute_url(), _snippet(s.body), s.article.name)
                for s in sections
            ],
        ),
        ResultGroup(
            "Questions and answers",
            [Result(f.question, f.get_absolute_url(), _snippet(f.answer)) for f in faqs],
        ),
        ResultGroup(
            "Glossary",
            [Result(t.term, t.get_absolute_url(), _snippet(t.definition)) for t in terms],
        ),
    ]
    return [group for group in groups if group.results]


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """connection_created handler: give SQLite the mmn_fold() function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "mmn_fold", 1, lambda value: fold(value) if value else value, deterministic=True
        )
