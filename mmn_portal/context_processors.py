from functools import lru_cache

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, gettext

from conditions.pages import MMN_SLUG


@lru_cache(maxsize=8)
def _nav_links(language: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(label, URL, the views it is the current link for), reversed once per process and
    language (the URLs carry the language prefix)."""
    return (
        (gettext("Home"), reverse("conditions:home"), ("conditions:home",)),
        (gettext("About MMN"), reverse("conditions:detail", kwargs={"slug": MMN_SLUG}), ()),
        (gettext("Compare"), reverse("conditions:comparison_list"), ("conditions:comparison",)),
        (gettext("Glossary"), reverse("conditions:glossary"), ("conditions:glossary",)),
        (gettext("Clinical trials"), reverse("trials:list"), ("trials:",)),
    )


def main_nav(request) -> list[dict]:
    """The header's links, the one for the page being shown marked current."""
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match else ""
    return [
        {"label": label, "url": url,
         "current": request.path == url or bool(views and view.startswith(views))}
        for label, url, views in _nav_links(get_language())
    ]


@lru_cache(maxsize=8)
def _search_url(language: str) -> str:
    return reverse("search")


def site(request):
    """Site name, clinic details and links for the header and footer of every page."""
    return {
        "SITE_NAME": settings.SITE_NAME, "CLINIC": settings.CLINIC,
        "MAIN_NAV": main_nav(request), "HOME_URL": _nav_links(get_language())[0][1],
        "SEARCH_URL": _search_url(get_language()),
    }
