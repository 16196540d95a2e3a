"""`{% json_ld "kind" item ... %}`: a page's schema.org JSON-LD, with the CSP nonce."""

from django import template
from django.utils.html import format_html

from mmn_portal import structured_data

register = template.Library()

BUILDERS = {
    "home": structured_data.home_page,
    "article": structured_data.article_page,
    "comparison": structured_data.comparison_page,
    "glossary": structured_data.glossary_page,
    "glossary_term": structured_data.glossary_term_page,
    "trial": structured_data.trial_page,
}


@register.simple_tag(takes_context=True)
def json_ld(context, kind: str, *items):
    data = BUILDERS[kind](*items, context["request"])
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        context.get("CSP_NONCE", ""),
        structured_data.script_text(data),
    )
