"""Shipped content updates that never overwrite staff edits.

Each loaded item remembers a fingerprint (`shipped_digest`) of the shipped content it
was loaded from, or last offered. When the content files change, `load_content` compares:

- the item's current content with that fingerprint: equal means nobody edited it, so
  the new shipped content replaces it in place (a history record says so);
- otherwise staff edited it, and the new shipped content arrives as a *draft copy* of
  the published item (conditions/workflow.py), for a reviewer to approve or discard.
  A draft copy a person already started is never touched; the item is reported instead.

What patients read is the live revision (conditions/revisions.py). The loader never
touches one a reviewer approved: such an item is updated only through a draft copy. Shipped
content no reviewer approved goes live again as shipped (`publish_unreviewed`), its sources
as the files give them, so it keeps saying it is not yet reviewed by a clinician here.

Content is compared in one plain form (`*_content` below), built alike from the YAML
and from the database, so a fingerprint never depends on which side it came from.
"""

from __future__ import annotations

import hashlib
import json

from conditions import revisions
from conditions.models import (
    FAQ,
    Article,
    Comparison,
    ComparisonCell,
    GlossaryTerm,
    Reference,
    Status,
)
from conditions.workflow import REVIEWED_MODELS, Snapshot, apply_snapshot

REASON = "Shipped content update (load_content)"
DRAFT_REASON = "Shipped content update offered as a draft (load_content)"


def digest(content: dict) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


# --- one plain form for each kind of item -------------------------------------------


def article_content(article: Article) -> dict:
    return {
        "name": article.name,
        "short_name": article.short_name,
        "summary": article.summary,
        "order": article.order,
        "also_known_as": list(article.also_known_as or []),
        "key_points": article.key_points,
        "sections": [
            [s.heading, s.slug, s.body, s.order, s.kind or "standard"]
            for s in article.sections.order_by("order", "id")
        ],
        "references": sorted(article.references.values_list("key", flat=True)),
    }


def faq_content(faq: FAQ) -> dict:
    return {
        "article": faq.article.slug if faq.article_id else None,
        "question": faq.question,
        "answer": faq.answer,
        "order": faq.order,
    }


def term_content(term: GlossaryTerm) -> dict:
    return {"term": term.term, "definition": term.definition, "also_called": term.also_called}


def comparison_content(comparison: Comparison) -> dict:
    cells = ComparisonCell.objects.filter(row__comparison=comparison).select_related(
        "row", "column__article"
    )
    return {
        "title": comparison.title,
        "intro": comparison.intro,
        "order": comparison.order,
        "columns": [
            [c.article.slug, c.order] for c in comparison.columns.select_related("article")
            .order_by("order", "id")
        ],
        "rows": [[r.feature, r.slug, r.order] for r in comparison.rows.order_by("order", "id")],
        "cells": sorted([c.row.slug, c.column.article.slug, c.answer, c.note] for c in cells),
        "references": sorted(comparison.references.values_list("key", flat=True)),
    }


def reference_content(reference: Reference) -> dict:
    return {
        "citation": reference.citation,
        "url": reference.url,
        "doi": reference.doi,
        "pmid": reference.pmid,
        "published": reference.published,
        "checked_on": reference.checked_on.isoformat() if reference.checked_on else None,
    }


CONTENT_OF = {
    Article: article_content,
    FAQ: faq_content,
    GlossaryTerm: term_content,
    Comparison: comparison_content,
    Reference: reference_content,
}


def current_digest(item) -> str:
    return digest(CONTENT_OF[type(item)](item))


# --- what the content files ask for, as a workflow snapshot -------------------------


def snapshot_for(item, content: dict) -> Snapshot:
    """A workflow Snapshot that writes `content` onto an item of the same kind."""
    if isinstance(item, Article):
        refs = Reference.objects.filter(key__in=content["references"])
        fields = {k: content[k] for k in ("name", "short_name", "summary", "order",
                                          "also_known_as", "key_points")}
        sections = [
            {"heading": h, "slug": s, "body": b, "order": o, "kind": k}
            for h, s, b, o, k in content["sections"]
        ]
        return Snapshot(fields=fields, reference_ids=[r.pk for r in refs], sections=sections)
    if isinstance(item, FAQ):
        article = Article.objects.originals().filter(slug=content["article"]).first()
        fields = {"question": content["question"], "answer": content["answer"],
                  "order": content["order"], "article_id": article.pk if article else None}
        return Snapshot(fields=fields, reference_ids=None)
    if isinstance(item, GlossaryTerm):
        return Snapshot(fields=dict(content), reference_ids=None)
    refs = Reference.objects.filter(key__in=content["references"])
    articles = {
        a.slug: a.pk for a in Article.objects.originals().filter(
            slug__in=[slug for slug, _ in content["columns"]])
    }
    return Snapshot(
        fields={k: content[k] for k in ("title", "intro", "order")},
        reference_ids=[r.pk for r in refs],
        columns=[{"article_id": articles[slug], "order": order}
                 for slug, order in content["columns"]],
        rows=[{"feature": f, "slug": s, "order": o} for f, s, o in content["rows"]],
        cells=[{"row_slug": r, "article_id": articles[a], "answer": ans, "note": note}
               for r, a, ans, note in content["cells"]],
    )


def sync(item, content: dict) -> str:
    """Bring an existing item up to the shipped `content`. Returns what happened:
    'same', 'updated', 'drafted', 'kept' (staff edits, shipped unchanged) or 'busy'
    (staff edits and a person's own draft copy is open: reported, not touched)."""
    wanted = digest(content)
    now = current_digest(item)
    if now == wanted:
        if item.shipped_digest != wanted:
            type(item).objects.filter(pk=item.pk).update(shipped_digest=wanted)
        return "same"
    unedited = bool(item.shipped_digest) and now == item.shipped_digest
    if isinstance(item, Reference):
        if not unedited:
            return "kept" if item.shipped_digest == wanted else "busy"
        for name, value in content.items():
            setattr(item, name, value)
        item.shipped_digest = wanted
        item._change_reason = REASON
        item.save()
        return "updated"
    if unedited and item.status == Status.PUBLISHED and not approved_by_a_reviewer(item):
        item.shipped_digest = wanted
        apply_snapshot(target=item, shot=snapshot_for(item, content), user=None, reason=REASON)
        return "updated"
    if item.shipped_digest == wanted:
        return "kept"  # already offered (or staff chose their own version)
    if item.status != Status.PUBLISHED:
        return "busy"  # someone is working on this item itself
    copy = type(item).objects.filter(draft_of=item).first()
    if copy is not None and copy.created_by_id is not None:
        return "busy"
    if copy is None:
        copy = type(item)(draft_of=item, status=Status.DRAFT, created_by=None)
        for name in ("slug", "review_interval_months"):
            setattr(copy, name, getattr(item, name))
        if isinstance(item, FAQ):
            copy.article_id = item.article_id
    apply_snapshot(target=copy, shot=snapshot_for(item, content), user=None, reason=DRAFT_REASON)
    type(item).objects.filter(pk=item.pk).update(shipped_digest=wanted)
    return "drafted"


def approved_by_a_reviewer(item) -> bool:
    live = item.live_revision
    return live is not None and live.approved_by_id is not None


def publish_unreviewed(shipped_sources: dict[str, dict]) -> dict[str, int]:
    """Put shipped content that no reviewer approved live as it now stands (new items, and
    ones updated in place), sources as shipped. Returns a count for the report."""
    published = 0
    for model in REVIEWED_MODELS.values():
        items = model.objects.originals().filter(status=Status.PUBLISHED).select_related(
            "live_revision")
        for item in items:
            if approved_by_a_reviewer(item):
                continue
            shot = revisions.freeze(item, sources=shipped_sources)
            if item.live_revision is None or (
                    item.live_revision.content_hash != revisions.content_hash(shot)):
                revisions.publish(item, approver=None, reviewed_on=item.reviewed_on,
                                  next_review_due=item.next_review_due, shot=shot,
                                  note="Shipped content, not reviewed here (load_content)")
                published += 1
    return {"put live as shipped": published} if published else {}
