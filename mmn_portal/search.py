"""Site-wide search: one box over condition pages, FAQs, glossary and trials.

The words are parsed once (common/query.py); each app contributes its result groups for
that query; this view only cleans the text, asks each app and picks the template.
"""

import unicodedata

from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from common.query import MAX_QUERY_LENGTH
from conditions.search import search_content
from trials.search.engine import site_search_group
from trials.search.spelling import parse_query


def clean_query(raw: str) -> tuple[str, str]:
    """Return a safe search string and a message for the visitor if we had to change it."""
    message = ""
    cleaned = "".join(ch for ch in raw if unicodedata.category(ch) not in {"Cc", "Cs", "Co"})
    if cleaned != raw and cleaned.strip() != raw.strip():
        message = gettext("We removed some characters that cannot be searched.")
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > MAX_QUERY_LENGTH:
        cleaned = cleaned[:MAX_QUERY_LENGTH].rstrip()
        message = (
            gettext("Your search was very long, so we used only the first {count} characters.")
            .format(count=MAX_QUERY_LENGTH)
        )
    return cleaned, message


def site_results(text: str) -> tuple[list, list[str]]:
    """Result groups in the order they appear on the page, and what to tell the visitor.
    The words are parsed once (spelling help included) for content and trials alike."""
    query = parse_query(text, translation.get_language())
    content = search_content(query)
    groups = list(content.groups)
    trials = site_search_group(query)
    if trials:
        groups.append(trials)
    return groups, [*query.notices, *content.notices]


@require_GET
def search(request):
    query, message = clean_query(request.GET.get("q", ""))
    groups, notices = site_results(query) if query else ([], [])
    if not query and "q" in request.GET and not message:
        message = gettext("Type a word to search for, for example “IVIg” or “weakness”.")
    context = {
        "query": query,
        "message": message,
        "notices": notices,
        "groups": groups,
        "total": sum(len(group.results) for group in groups),
        "max_length": MAX_QUERY_LENGTH,
    }
    return render(request, "search/search.html", context)
