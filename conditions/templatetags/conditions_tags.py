from django import template

from conditions.rendering import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Editor-written Markdown as sanitised HTML."""
    return render_markdown(text or "")
