"""The language switcher and hreflang alternates of every page (templates/base.html)."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext

from common.languages import active_language, language_links

register = template.Library()


@register.simple_tag(takes_context=True)
def page_language_links(context):
    """LanguageLink for each language; a view sets `page_languages` to the languages its
    page's content exists in (default: every language)."""
    request = context.get("request")
    if request is None:
        return []
    return language_links(request, context.get("page_languages"))


@register.simple_tag(takes_context=True)
def hreflang_alternates(context):
    """(hreflang, absolute URL) for each language the page exists in, plus x-default (the
    English page); nothing when it exists in one language only."""
    request = context.get("request")
    if request is None:
        return []
    links = [link for link in language_links(request, context.get("page_languages"))
             if link.exists]
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


@register.simple_tag
def in_english_mark():
    """" (in English)" after registry text on a page in another language, once per block;
    nothing on an English page. The mark sits outside the block's lang="en" element."""
    if active_language() == settings.LANGUAGE_CODE:
        return ""
    return format_html(' <span class="in-english">{}</span>', gettext("(in English)"))


@register.inclusion_tag("includes/registry_language_note.html")
def registry_language_note():
    """On a page in another language, a plain note that study records are in English."""
    return {"show": active_language() != settings.LANGUAGE_CODE}
