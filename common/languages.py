"""The portal's languages in URLs: English unprefixed, every other language under /<code>/."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation.trans_real import parse_accept_lang_header


def prefixed_languages() -> list[str]:
    """The languages whose pages live under /<code>/ (all but the default)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_of_path(path: str) -> str:
    """The language a URL path is in: its prefix's, else the default (English)."""
    for code in prefixed_languages():
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return code
    return settings.LANGUAGE_CODE


def path_without_language(path: str) -> str:
    """The path with its language prefix taken off: /es/ask/1/ -> /ask/1/, /es/ -> /.

    Rules that speak of routes ("never cache /ask/") read this, so they hold in every
    language."""
    code = language_of_path(path)
    if code == settings.LANGUAGE_CODE:
        return path
    return path[len(code) + 1:] or "/"


def path_in_language(path: str, language: str) -> str:
    """The same route in another language: /trials/ -> /es/trials/ and back."""
    bare = path_without_language(path)
    return bare if language == settings.LANGUAGE_CODE else f"/{language}{bare}"


def all_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def active_language() -> str:
    """The language of the page being made: the URL's (LanguageFromPathMiddleware)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in all_languages() else settings.LANGUAGE_CODE


def is_english_page() -> bool:
    return active_language() == settings.LANGUAGE_CODE


# Registry text stays in English. On a page in another language it is marked lang="en", so
# screen readers say it in English, and followed by "(in English)" once per block.
def english_lang() -> SafeString:
    """` lang="en"` for an element holding registry text ("" on an English page)."""
    return SafeString("" if is_english_page() else ' lang="en"')


def in_english_mark() -> SafeString:
    """" (in English)" after registry text; nothing on an English page. The mark sits
    outside the block's lang="en" element."""
    if is_english_page():
        return SafeString("")
    return format_html(' <span class="in-english">{}</span>', gettext("(in English)"))


def in_english(value) -> SafeString:
    """Registry text, escaped, in a lang="en" span on a page in another language."""
    if is_english_page():
        return conditional_escape(value)
    return format_html('<span lang="en">{}</span>', value)


def content_language(item=None) -> str:
    """The language a page's own words are in, for JSON-LD's inLanguage: the page's, unless
    `item` is shown in English on a page in another language (conditions.translations
    gives an item in another language a `translation`; without one its words stay English).
    """
    language = active_language()
    if item is not None and language != settings.LANGUAGE_CODE \
            and getattr(item, "translation", None) is None:
        return settings.LANGUAGE_CODE
    return language


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language: "English", "Español"
    url: str  # the same page in this language, query string kept
    exists: bool  # the page's content is written in this language
    current: bool  # the language being shown


def language_links(request, page_languages=None, query=None) -> list[LanguageLink]:
    """The page being shown in every language, for the switcher and hreflang alternates.

    `page_languages` (a view's context variable of that name) lists the languages the
    page's content exists in; missing means every language. An article whose Spanish
    translation is not live sets ["en"]: the switcher still leads to the Spanish page (its
    interface is Spanish, the article's words English and marked so), but search engines are
    told of no Spanish alternate.
    """
    existing = all_languages() if page_languages is None else list(page_languages)
    if query is None:  # a view that reflects its query only once checked gives it instead
        query = request.META.get("QUERY_STRING", "")
    current = active_language()
    return [
        LanguageLink(code, name, path_in_language(request.path, code)
                     + (f"?{query}" if query else ""), code in existing, code == current)
        for code, name in settings.LANGUAGES
    ]


def preferred_other_language(request) -> str:
    """The language the visitor's browser prefers (Accept-Language), when it is another
    of ours than the page's and ranks above it; else "". Only a suggestion is made of it,
    never a redirect, and the page cache keys pages by it (mmn_portal/cache.py)."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    if not header:
        return ""
    page = language_of_path(request.path)
    ours = all_languages()
    for code, _quality in parse_accept_lang_header(header):  # best first
        base = code.split("-")[0].lower()
        if base in ours:
            return "" if base == page else base
    return ""
