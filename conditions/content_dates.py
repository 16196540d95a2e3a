"""When the content team last changed each shipped content file (conditions/content/dates.yaml).

Shipped content that no clinician here has approved yet takes its dates from there: the date
a page says it last changed (JSON-LD `dateModified`, sitemap `lastmod`) and the first review
date, twelve months later (the item's review interval). Never the day `load_content` ran.
`tests/conditions/test_content.py` fails when a file changes without a new date.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from pathlib import Path

from conditions.yaml_files import load_yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"
MANIFEST = CONTENT_DIR / "dates.yaml"


def fingerprint(path: Path) -> str:
    """Short SHA-256 of a content file, as dates.yaml records it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@functools.cache
def manifest() -> dict[str, dict]:
    """{"articles/<slug>.yaml": {"changed": date, "fingerprint": "..."}, ...}"""
    return load_yaml(MANIFEST.read_text(encoding="utf-8")) or {}


def content_file(item) -> str | None:
    """The shipped file an item's text comes from, or None for items staff created."""
    if not item.shipped_digest:
        return None
    kind = item._meta.model_name
    if kind == "faq":
        return f"articles/{item.article.slug}.yaml" if item.article_id else None
    if kind == "article":
        return f"articles/{item.slug}.yaml"
    if kind == "comparison":
        return f"comparisons/{item.slug}.yaml"
    if kind == "glossaryterm":
        return "glossary.yaml"
    if kind == "translation":  # beside the English, in a folder named for the language
        english = item.english
        inner = content_file(english) if english is not None else None
        return f"{item.language}/{inner}" if inner else None
    return None


def written_on(item) -> datetime.date | None:
    """When the content team last changed the shipped text this item shows."""
    entry = manifest().get(content_file(item) or "")
    return entry["changed"] if entry else None
