"""Load the shipped translations (conditions/content/<language>/**) as load_content loads
English: keyed by the English slugs (docs/design.md, "Translations").

Each unit becomes a `Translation` of the English item's shipped revision, live and marked
"not yet reviewed by a clinician here", as shipped English is. Idempotent: a unit whose
shipped text did not change is left alone (it turns outdated, not rewritten, when only the
English changed). A translation a reviewer approved, or one staff edited, is never
overwritten: changed shipped text is offered as its draft copy for review, and one a person
already started is reported, not touched.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from django.core.management.base import CommandError

from conditions import revisions, workflow
from conditions.models import (
    FAQ,
    Article,
    Comparison,
    GlossaryTerm,
    Revision,
    Status,
    Translation,
)
from conditions.translations import _english_type
from conditions.yaml_files import read_yaml

REASON = "Shipped translation update (load_content)"
DRAFT_REASON = "Shipped translation offered as a draft (load_content)"
NOTE = "Shipped translation, not reviewed here (load_content)"


def digest(text: dict) -> str:
    return hashlib.sha256(json.dumps(text, sort_keys=True, ensure_ascii=False).encode()
                          ).hexdigest()


def _get(data, name: str, path: Path):
    try:
        value = data[name]
    except (KeyError, TypeError) as exc:
        raise CommandError(f"{path}: an item is missing the field {name!r}.") from exc
    if isinstance(value, bool):  # YAML reads a bare No / Yes as a boolean
        raise CommandError(f"{path}: put quotes around the value of {name!r} ({value}).")
    return value


def _one_line(text) -> str:
    return " ".join(str(text or "").split())


def _english(model, slug: str, path: Path):
    item = model.objects.originals().filter(slug=slug, live_revision__isnull=False).first()
    if item is None:
        raise CommandError(f"{path}: no published English {model._meta.verbose_name} "
                           f"with slug {slug!r} to translate.")
    return item


def _known(slugs, english: set[str], what: str, path: Path) -> None:
    if unknown := sorted(set(slugs) - english):
        raise CommandError(f"{path}: no English {what} with slug {', '.join(unknown)}.")


def units(folder: Path) -> list[tuple[object, dict, Path]]:
    """(English item, translated text, file) for every unit in a language's folder."""
    found = []
    for path in sorted((folder / "articles").glob("*.yaml")):
        data = read_yaml(path)
        article = _english(Article, _get(data, "translates", path), path)
        sections = {
            _get(s, "slug", path): {"heading": _get(s, "heading", path),
                                    "body": _get(s, "body", path).strip()}
            for s in data.get("sections") or []
        }
        _known(sections, set(article.sections.values_list("slug", flat=True)), "section", path)
        text = {
            "name": _get(data, "name", path),
            "short_name": data.get("short_name") or "",
            "summary": _get(data, "summary", path).strip(),
            "key_points": "\n".join(_one_line(p) for p in data.get("key_points") or []),
            "also_known_as": list(data.get("schema_also_known_as") or []),
            "treatments": list(data.get("schema_treatments") or []),
            "signs_and_symptoms": list(data.get("schema_signs") or []),
            "sections": sections,
        }
        found.append((article, text, path))
        for faq in data.get("faqs") or []:
            english = _english(FAQ, _get(faq, "slug", path), path)
            found.append((english, {"question": _get(faq, "question", path),
                                    "answer": _get(faq, "answer", path).strip()}, path))
    for path in sorted((folder / "comparisons").glob("*.yaml")):
        data = read_yaml(path)
        comparison = _english(Comparison, _get(data, "translates", path), path)
        rows = {}
        for row in data.get("rows") or []:
            cells = {column: {"answer": _get(cell, "answer", path),
                              "note": _one_line(cell.get("note"))}
                     for column, cell in (row.get("cells") or {}).items()}
            rows[_get(row, "slug", path)] = {"feature": _get(row, "feature", path),
                                             "cells": cells}
        _known(rows, set(comparison.rows.values_list("slug", flat=True)), "row", path)
        found.append((comparison, {"title": _get(data, "title", path),
                                   "intro": (data.get("intro") or "").strip(), "rows": rows},
                      path))
    if (path := folder / "glossary.yaml").exists():
        for term in read_yaml(path) or []:
            english = _english(GlossaryTerm, _get(term, "slug", path), path)
            found.append((english, {"term": _get(term, "term", path),
                                    "also_called": term.get("also_called") or "",
                                    "definition": _one_line(_get(term, "definition", path))},
                          path))
    return found


def shipped_source(item) -> Revision:
    """The English revision shipped text translates: the item's live revision while it is
    the shipped text as loaded (no reviewer approved it), else the newest such revision."""
    live = item.live_revision
    if live.approved_by_id is None:
        return live
    shipped = Revision.objects.filter(
        content_type=live.content_type, object_id=item.pk, approved_by__isnull=True).first()
    return shipped or live


def load(folder: Path, language: str, *, review: dict) -> tuple[Counter, list[str]]:
    """Load every unit of one language's folder: counts by outcome, and the units left
    alone because a person is editing their translation."""
    outcomes: Counter = Counter()
    busy = []
    for english, text, path in units(folder):
        outcome = sync(english, text, language, review=review)
        outcomes[outcome] += 1
        if outcome == "busy":
            busy.append(f"{path.name}: {english}")
    return outcomes, busy


def _publish_shipped(item: Translation) -> None:
    revisions.publish(item, approver=None, reviewed_on=None,
                      next_review_due=item.next_review_due, note=NOTE)


def sync(english, text: dict, language: str, *, review: dict) -> str:
    """Create, update in place, offer as a draft, or leave one shipped translation."""
    wanted = digest(text)
    source = shipped_source(english)
    item = Translation.objects.of(english, language).filter(draft_of__isnull=True).first()
    if item is None:
        item = Translation(language=language, english_type=_english_type(type(english)),
                           english_id=english.pk, slug=english.slug, source_revision=source,
                           source_hash=source.content_hash, text=text, shipped_digest=wanted,
                           **review)
        workflow._save(item, None, REASON)
        _publish_shipped(item)
        return "created"
    if item.shipped_digest == wanted:
        return "same"
    unedited = digest(item.text) == item.shipped_digest
    approved = item.live_revision is not None and item.live_revision.approved_by_id is not None
    if unedited and not approved and item.status == Status.PUBLISHED:
        item.text, item.shipped_digest = text, wanted
        item.source_revision, item.source_hash = source, source.content_hash
        workflow._save(item, None, REASON)
        _publish_shipped(item)
        return "updated"
    if item.status != Status.PUBLISHED:
        return "busy"
    copy = Translation.objects.filter(draft_of=item).first()
    if copy is not None and copy.created_by_id is not None:
        return "busy"  # a person's own draft: never touched
    if copy is None:
        copy = Translation(draft_of=item, status=Status.DRAFT, created_by=None,
                           language=language, english_type_id=item.english_type_id,
                           english_id=item.english_id, slug=item.slug)
    copy.text, copy.source_revision, copy.source_hash = text, source, source.content_hash
    workflow._save(copy, None, DRAFT_REASON)
    Translation.objects.filter(pk=item.pk).update(shipped_digest=wanted)
    return "offered as a draft"
