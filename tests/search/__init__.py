"""Search tests. `urls()` is what they ask of the content search."""

from conditions.search import search_content
from trials.search.spelling import parse_query


def urls(q: str, language: str = "en") -> list[str]:
    """The addresses the content search finds for `q` typed on a page in `language`, best
    first."""
    return [entry.url for entry in search_content(parse_query(q, language)).entries]
