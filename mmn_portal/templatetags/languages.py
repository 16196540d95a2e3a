"""The language switcher and hreflang alternates of every page (templates/base.html)."""

from django import template
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.languages import (
    english_lang,
    in_english,
    in_english_mark,
    is_english_page,
    language_links,
    preferred_other_language,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def page_language_links(context):
    """LanguageLink for each language; a view sets `page_languages` to the languages its
    page's content exists in (default: every language). None for a page that has no
    address in another language (a staff preview)."""
    request = context.get("request")
    if request is None:
        return []
    links = language_links(request, context.get("page_languages"),
                           context.get("language_query"))
    others = [link for link in links if not link.current and _is_another_page(request, link)]
    return links if others else []


def _is_another_page(request, link) -> bool:
    """The link leads to a page of its own: a route that exists in its language (staff
    pages have one address, shown in one language) and is not this very address."""
    path = link.url.split("?")[0]
    if path == request.path:
        return False
    with translation.override(link.code):
        try:
            resolve(path)
        except Resolver404:
            return False
    return True


@register.simple_tag(takes_context=True)
def hreflang_alternates(context):
    """(hreflang, absolute URL) for each language the page exists in, plus x-default (the
    English page); nothing when it exists in one language only."""
    request = context.get("request")
    if request is None:
        return []
    links = [link for link in language_links(request, context.get("page_languages"),
                                             context.get("language_query")) if link.exists]
    if len(links) < 2:
        return []
    alternates = [(link.code, request.build_absolute_uri(link.url)) for link in links]
    return [*alternates, ("x-default", alternates[0][1])]


@register.simple_tag(takes_context=True)
def page_is_in_its_language(context) -> bool:
    """False on a page whose content is not written in the URL's language (a Spanish page
    showing an untranslated article): base.html then asks search engines not to index it,
    the English page being the one with those words."""
    request = context.get("request")
    if request is None:
        return True
    return any(link.current and link.exists
               for link in language_links(request, context.get("page_languages")))


register.simple_tag(in_english_mark)
register.filter(in_english)
register.simple_tag(english_lang)


@register.inclusion_tag("includes/registry_language_note.html")
def registry_language_note():
    """On a page in another language, a plain note that study records are in English."""
    return {"show": not is_english_page()}


# Each in its own language: shown to a visitor whose browser prefers it.
SUGGESTIONS = {"en": _("This page is in English"), "es": _("This page is in Spanish")}


@register.inclusion_tag("includes/language_suggestion.html", takes_context=True)
def language_suggestion(context):
    """A small link to the same page in the language the visitor's browser prefers, when
    the page exists in it. Never a redirect, never a cookie: the response says
    `Vary: Accept-Language` (LanguageFromPathMiddleware) and the page cache keys it by
    preferred_other_language, the only thing read from the header."""
    request = context.get("request")
    if request is None:
        return {}
    request.reads_accept_language = True
    code = preferred_other_language(request)
    links = {link.code: link for link in language_links(
        request, context.get("page_languages"), context.get("language_query"))}
    link = links.get(code)
    if link is None or not link.exists:
        return {}
    with translation.override(code):
        text = str(SUGGESTIONS.get(code, link.name))
    return {"link": link, "text": text}
