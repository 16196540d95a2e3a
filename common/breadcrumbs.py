"""The breadcrumb trail of each page that shows one: drawn as the page's breadcrumb
navigation and given to search engines as its BreadcrumbList, from the same list."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str


def trail(kind: str, item) -> list[Crumb]:
    """Home first, the page itself last."""
    home = Crumb(gettext("Home"), reverse("conditions:home"))
    if kind == "article":
        here = Crumb(item.short_name or item.name, item.get_absolute_url())
        return [home, Crumb(gettext("Conditions"), reverse("conditions:list")), here]
    if kind == "comparison":
        # While there is one comparison, /compare/ shows it: no list to go back to.
        listing = [Crumb(gettext("Compare"), reverse("conditions:comparison_list"))]
        return [home, *(listing if getattr(item, "has_others", False) else []),
                Crumb(item.title, item.get_absolute_url())]  # fmt: skip
    if kind == "glossary_term":
        return [home, Crumb(gettext("Glossary"), reverse("conditions:glossary")),
                Crumb(item.term, item.get_absolute_url())]  # fmt: skip
    if kind == "trial":
        return [home, Crumb(gettext("Clinical trials"), reverse("trials:list")),
                Crumb(item.identifier, item.get_absolute_url())]  # fmt: skip
    raise ValueError(f"No breadcrumb trail for {kind!r}")
