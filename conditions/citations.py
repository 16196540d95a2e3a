"""Inline citations and trial links: what authors write, and what a page shows.

Authors cite a source in Markdown with its reference key in a marker: `[@EFNS-PNS-2010]`,
or several at once, `[@COCHRANE-2022; @HAHN-2013]`. The Markdown is rendered (and cached)
with the markers left as text; one `Citer` per page then turns every marker into a
numbered link to the page's sources list, numbering sources in the order the page first
cites them, and records each place so the list can link back.

Trial ids (NCT and 8 digits) in the same text become links, to the portal's own trial
page when a listed trial has that id, else to ClinicalTrials.gov. This also runs per
request, after the Markdown cache, so a trial that is added or hidden shows at once (and
the page cache is keyed by the content version, which every trial change bumps).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

# One marker: "[@KEY]" or "[@KEY1; @KEY2]". Keys are letters, digits, dot, dash, underscore.
MARKER_RE = re.compile(r"\[@([A-Za-z0-9][\w.-]*(?:\s*[;,]\s*@[A-Za-z0-9][\w.-]*)*)\]")
_KEY_RE = re.compile(r"@?([A-Za-z0-9][\w.-]*)")
_SPACE_BEFORE_MARKER = re.compile(r"[ \t]+(?=\[@)")
NCT_RE = re.compile(r"(?<![\w/-])(NCT\d{8})(?![\w-])")
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")
_NO_LINKS_INSIDE = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"}
CLINICALTRIALS_URL = "https://clinicaltrials.gov/study/{nct}"


def cited_keys(text: str) -> list[str]:
    """Every key cited in some Markdown, in order, repeats included."""
    return [key for marker in MARKER_RE.findall(text or "") for key in _KEY_RE.findall(marker)]


def strip_markers(text: str) -> str:
    """The text without its citation markers (for plain-text uses: snippets, scores)."""
    return MARKER_RE.sub("", _SPACE_BEFORE_MARKER.sub("", text or ""))


def _map_text(safe_html: str, replace, skip: set[str]) -> str:
    """Apply `replace` to the text between tags, except inside the `skip` elements."""
    out: list[str] = []
    depth = 0
    for part in _TAG.split(safe_html):
        if part.startswith("<"):
            match = _TAG_NAME.match(part)
            if match and match.group(1).lower() in skip and not part.endswith("/>"):
                depth = max(0, depth - 1) if part.startswith("</") else depth + 1
            out.append(part)
        elif depth or not part.strip():
            out.append(part)
        else:
            out.append(replace(part))
    return "".join(out)


@dataclass
class Source:
    """One numbered entry of a page's sources list."""

    number: int
    reference: object
    places: list[str] = field(default_factory=list)  # ids of the in-text links, in order

    @property
    def anchor(self) -> str:
        return f"source-{self.number}"


class Citer:
    """Numbers the sources of one page and turns its markers into links.

    `references` are the page's listed sources (shown even if nothing cites them, after
    the cited ones); `lookup` finds any other cited key (one query per page).
    """

    def __init__(self, references: Iterable = (), lookup=None) -> None:
        self.known = {ref.key: ref for ref in references}
        self.listed = list(self.known)
        self.lookup = lookup
        self.sources: dict[str, Source] = {}
        self.missing: list[str] = []

    def prepare(self, texts: Iterable[str]) -> None:
        """Fetch every key the page cites that is not among its listed references."""
        wanted = {key for text in texts for key in cited_keys(text)} - set(self.known)
        if wanted and self.lookup is not None:
            self.known.update({ref.key: ref for ref in self.lookup(wanted)})

    def _source(self, key: str) -> Source | None:
        if key not in self.sources:
            reference = self.known.get(key)
            if reference is None:
                self.missing.append(key)
                return None
            self.sources[key] = Source(len(self.sources) + 1, reference)
        return self.sources[key]

    def _marker(self, match: re.Match) -> str:
        links = []
        label = html.escape(gettext("Source"))  # read before the number by screen readers
        for key in _KEY_RE.findall(match.group(1)):
            source = self._source(key)
            if source is None:
                continue
            place = f"cite-{source.number}-{len(source.places) + 1}"
            source.places.append(place)
            links.append(
                f'<a class="citation" id="{place}" href="#{source.anchor}">'
                f'<span class="visually-hidden">{label} </span>{source.number}</a>'
            )
        if not links:
            return ""
        return f'<sup class="citations">[{", ".join(links)}]</sup>'

    def cite(self, safe_html: str) -> SafeString:
        """Sanitised HTML with its markers as numbered links (never inside a link)."""
        text = _SPACE_BEFORE_MARKER.sub("", str(safe_html))
        replaced = _map_text(text, lambda part: MARKER_RE.sub(self._marker, part), {"a"})
        return mark_safe(replaced)  # noqa: S308 - only our own markup is added

    def cite_plain(self, text: str) -> SafeString:
        """Plain text (a comparison note): escaped, then cited."""
        return self.cite(html.escape(text or "", quote=False))

    @property
    def source_list(self) -> list[Source]:
        """Cited sources in citation order, then listed ones nothing on the page cites."""
        for key in self.listed:
            self._source(key)
        return sorted(self.sources.values(), key=lambda s: s.number)


def link_trials(safe_html: str, listed_ids: set[str]) -> SafeString:
    """Trial ids as links: the portal's page for a listed trial, else the registry."""
    from django.urls import reverse

    def replace(part: str) -> str:
        def link(match: re.Match) -> str:
            nct = match.group(1)
            if nct in listed_ids:
                url = reverse("trials:detail", args=[nct])
            else:
                url = CLINICALTRIALS_URL.format(nct=nct)
            return f'<a class="trial-id" href="{html.escape(url)}">{nct}</a>'

        return NCT_RE.sub(link, part)

    return mark_safe(_map_text(str(safe_html), replace, _NO_LINKS_INSIDE))  # noqa: S308


def trial_ids_in(texts: Iterable[str]) -> set[str]:
    return {nct for text in texts for nct in NCT_RE.findall(text or "")}


def listed_trial_ids(ids: set[str]) -> set[str]:
    """Which of these ids belong to a trial the public can see (one query, none if empty)."""
    if not ids:
        return set()
    from trials.models import Trial

    return set(Trial.objects.listed().filter(nct_id__in=ids).values_list("nct_id", flat=True))
