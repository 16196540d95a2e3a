"""Site-wide search: one box over condition pages, FAQs, glossary and trials.

Each app contributes a list of result groups; this view only cleans the query,
asks each app and picks the template.
"""

import unicodedata

from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.query import MAX_QUERY_LENGTH
from conditions.search import search_conditions
from trials.search import site_search_group


def clean_query(raw: str) -> tuple[str, str]:
    """Return a safe search string and a message for the visitor if we had to change it."""
    message = ""
    cleaned = "".join(ch for ch in raw if unicodedata.category(ch) not in {"Cc", "Cs", "Co"})
    if cleaned != raw and cleaned.strip() != raw.strip():
        message = "We removed some characters that cannot be searched."
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > MAX_QUERY_LENGTH:
        cleaned = cleaned[:MAX_QUERY_LENGTH].rstrip()
        message = (
            f"Your search was very long, so we used only the first {MAX_QUERY_LENGTH} characters."
        )
    return cleaned, message


def result_groups(query: str) -> list:
    """Result groups in the order they appear on the page."""
    groups = []
    groups += search_conditions(query)
    trials = site_search_group(query)
    if trials:
        groups.append(trials)
    return groups


@require_GET
def search(request):
    query, message = clean_query(request.GET.get("q", ""))
    groups = result_groups(query) if query else []
    if not query and "q" in request.GET and not message:
        message = "Type a word to search for, for example “IVIg” or “weakness”."
    context = {
        "query": query,
        "message": message,
        "groups": groups,
        "total": sum(len(group.results) for group in groups),
        "max_length": MAX_QUERY_LENGTH,
    }
    return render(request, "search/search.html", context)
