"""The one place Markdown becomes HTML: render, sanitise, then link glossary terms.

Everything that shows editor-written text goes through `render_markdown`, so
sanitisation can never be skipped. Results are cached by a hash of the input.
"""

import hashlib
import html
import re
from collections.abc import Iterable

import markdown
import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

RENDER_VERSION = "1"
CACHE_SECONDS = 60 * 60 * 24

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dfn", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _markdown_to_html(text: str, id_prefix: str) -> str:
    def make_id(value: str, separator: str) -> str:
        slug = slugify(value) or "part"
        return f"{id_prefix}-{slug}" if id_prefix else slug

    converter = markdown.Markdown(
        extensions=["extra", "sane_lists", "toc"],
        extension_configs={"toc": {"slugify": make_id, "permalink": False}},
        output_format="html",
    )
    return converter.convert(text)


def sanitise(raw_html: str) -> str:
    """Keep a small set of harmless tags; drop scripts, event handlers and odd URL schemes."""
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def render_markdown(text: str, id_prefix: str = "") -> SafeString:
    """Markdown to sanitised HTML. `id_prefix` keeps sub-heading ids unique on a page."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    digest = hashlib.sha256(f"{RENDER_VERSION}|{id_prefix}|{text}".encode()).hexdigest()
    key = f"conditions:md:{digest}"
    rendered = cache.get(key)
    if rendered is None:
        rendered = sanitise(_markdown_to_html(text, id_prefix))
        cache.set(key, rendered, CACHE_SECONDS)
    return mark_safe(rendered)  # noqa: S308 - sanitised by nh3 above


def plain_text(text: str) -> str:
    """Markdown to plain text, for snippets and readability scores (citations dropped)."""
    from conditions.citations import strip_markers

    return html.unescape(nh3.clean(str(render_markdown(strip_markers(text))), tags=set()))


# --- Glossary linking -------------------------------------------------------------

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")
# Text inside these elements is never linked: links in links are invalid, headings stay plain.
_SKIP_INSIDE = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "dfn", "abbr"}


class GlossaryLinker:
    """Marks the first appearance of each glossary term (or other name) in some HTML.

    Built once per page from all published terms; one linker call per article keeps
    "first appearance" counted across all of its sections.
    """

    def __init__(self, terms: Iterable) -> None:
        self.targets: dict[str, object] = {}
        for term in terms:
            for name in [term.term, *term.other_names]:
                self.targets.setdefault(name.casefold(), term)
        self.linked: set[int] = set()
        names = sorted(self.targets, key=len, reverse=True)  # longest first
        if names:
            alternatives = "|".join(re.escape(html.escape(name, quote=False)) for name in names)
            self.pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE)
        else:
            self.pattern = None

    def link(self, safe_html: str) -> SafeString:
        """Return `safe_html` (already sanitised) with first appearances wrapped in links."""
        if self.pattern is None or not safe_html:
            return mark_safe(safe_html)  # noqa: S308 - input is already sanitised
        out: list[str] = []
        skip_depth = 0
        for part in _TAG.split(safe_html):
            if part.startswith("<"):
                match = _TAG_NAME.match(part)
                if match and match.group(1).lower() in _SKIP_INSIDE:
                    if part.startswith("</"):
                        skip_depth = max(0, skip_depth - 1)
                    elif not part.endswith("/>"):
                        skip_depth += 1
                out.append(part)
            elif skip_depth or not part.strip():
                out.append(part)
            else:
                out.append(self.pattern.sub(self._replace, part))
        return mark_safe("".join(out))  # noqa: S308 - only our own markup is added

    def _replace(self, match: re.Match) -> str:
        word = match.group(0)
        term = self.targets.get(html.unescape(word).casefold())
        if term is None or term.pk in self.linked:
            return word
        self.linked.add(term.pk)
        url = html.escape(term.get_absolute_url())
        title = html.escape(f"Glossary: {term.term}")
        return f'<a class="glossary-term" href="{url}" title="{title}">{word}</a>'
