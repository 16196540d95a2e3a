"""`{% json_ld "kind" item ... %}`: a page's schema.org JSON-LD, with the CSP nonce.
`{% breadcrumb_nav "kind" item %}`: the page's breadcrumb navigation, from the same trail
as its BreadcrumbList (common/breadcrumbs.py)."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html

from common.breadcrumbs import trail
from conditions import structured_data

register = template.Library()

BUILDERS = {
    "home": structured_data.home_page,
    "article": structured_data.article_page,
    "condition_list": structured_data.condition_list_page,
    "comparison": structured_data.comparison_page,
    "glossary": structured_data.glossary_page,
    "glossary_term": structured_data.glossary_term_page,
    "trial": structured_data.trial_page,
    "trial_list": structured_data.trial_list_page,
}


@register.simple_tag(takes_context=True)
def json_ld(context, kind: str, *items):
    data = BUILDERS[kind](*items, context["request"])
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        context.get("CSP_NONCE", ""),
        structured_data.script_text(data),
    )


@register.simple_tag
def breadcrumb_nav(kind: str, item):
    return render_to_string("includes/breadcrumbs.html", {"crumbs": trail(kind, item)})
