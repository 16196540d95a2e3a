"""Live revisions: what patients read is what a reviewer approved, frozen.

Approval freezes an item's whole public unit into an immutable `Revision` (`freeze`): an
article with its sections and key points, an FAQ's answer, a glossary term, a comparison
with its columns, rows and cells, and for each every source it lists or cites, resolved
as the page shows it. Public pages, site search, the sitemap and JSON-LD read only live
revisions (`live_items`, `live_item`), turned back into unsaved model instances
(`materialize`), so templates work as before. An edit to any row, source, parent or order,
and any loader run, changes the draft side only, until the next revision is approved.

`freeze` uses only fields and related managers, so the data migration that made every
published item a live revision runs it on the migration's historical models.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from common.content_version import bump_content_version
from conditions.citations import cited_keys
from conditions.models import (
    FAQ,
    Article,
    Comparison,
    ComparisonCell,
    ComparisonColumn,
    ComparisonRow,
    GlossaryTerm,
    Reference,
    Revision,
    Section,
    Status,
    Translation,
)

# The fields of each kind that patients read (workflow fields stay out).
PUBLIC_FIELDS = {
    "article": ["name", "short_name", "slug", "summary", "order", "also_known_as", "key_points",
                "medical_codes", "treatments", "signs_and_symptoms"],
    "faq": ["article_id", "question", "slug", "answer", "order"],
    "glossaryterm": ["term", "slug", "definition", "also_called"],
    "comparison": ["title", "slug", "intro", "order"],
    # A translation: its words, the English item and the English revision it translates.
    "translation": ["language", "slug", "english_type_id", "english_id", "source_revision_id",
                    "source_hash", "translated_by_id", "text"],
}
SOURCE_FIELDS = ["citation", "url", "doi", "pmid", "published", "checked_on"]
MODELS = {"article": Article, "faq": FAQ, "glossaryterm": GlossaryTerm,
          "comparison": Comparison, "translation": Translation}


# --- freezing -----------------------------------------------------------------------


def _sources(item, listed: list[str], texts: list[str]) -> dict:
    """Every source the unit lists or cites, as the page shows it."""
    keys = set(listed) | {key for text in texts for key in cited_keys(text)}
    references = item._meta.apps.get_model("conditions", "Reference")
    return {
        ref.key: {"id": ref.pk, **{name: getattr(ref, name) for name in SOURCE_FIELDS}}
        for ref in references.objects.filter(key__in=keys).order_by("key")
    }


def freeze(item, sources: dict[str, dict] | None = None) -> dict:
    """The whole public unit of `item` (a row: live, draft or copy) as plain JSON data.

    `sources` (key -> fields) replaces the text of those sources: the loader freezes
    shipped content with its sources as shipped, whatever staff did to the rows."""
    kind = item._meta.model_name
    shot = {"kind": kind, "fields": {name: getattr(item, name) for name in PUBLIC_FIELDS[kind]}}
    listed, texts = [], []
    if kind == "article":
        sections = item.sections.order_by("order", "id")
        shot["sections"] = [
            {"id": s.pk, "heading": s.heading, "slug": s.slug, "body": s.body,
             "order": s.order, "kind": s.kind or "standard"}
            for s in sections
        ]
        listed = list(item.references.order_by("key").values_list("key", flat=True))
        texts = [item.key_points, *(s["body"] for s in shot["sections"])]
    elif kind == "faq":
        texts = [item.answer]
    elif kind == "comparison":
        cells = {}
        for cell in item._meta.apps.get_model("conditions", "ComparisonCell").objects.filter(
                row__comparison=item).select_related("column").order_by("column__order", "id"):
            cells.setdefault(cell.row_id, []).append(
                {"id": cell.pk, "article_id": cell.column.article_id, "answer": cell.answer,
                 "note": cell.note})
        shot["columns"] = [
            {"article_id": c.article_id, "order": c.order, "name": c.article.name,
             "short_name": c.article.short_name, "slug": c.article.slug}
            for c in item.columns.select_related("article").order_by("order", "id")
        ]
        shot["rows"] = [
            {"id": r.pk, "feature": r.feature, "slug": r.slug, "order": r.order,
             "cells": cells.get(r.pk, [])}
            for r in item.rows.order_by("order", "id")
        ]
        listed = list(item.references.order_by("key").values_list("key", flat=True))
        texts = [item.intro, *(c["note"] for row in shot["rows"] for c in row["cells"])]
    shot["references"] = listed
    shot["sources"] = _sources(item, listed, texts)
    shot["shipped_digest"] = item.shipped_digest  # shipped text: dated by the content team
    for key, source in shot["sources"].items():
        source.update({name: (sources or {}).get(key, source)[name] for name in SOURCE_FIELDS})
    return json.loads(json.dumps(shot, cls=DjangoJSONEncoder))  # dates as ISO text, as stored


def content_hash(shot: dict) -> str:
    """Fingerprint of what patients read (row ids aside: a draft copy's own rows differ)."""
    def strip_ids(value):
        if isinstance(value, dict):
            return {k: strip_ids(v) for k, v in value.items() if k != "id"}
        if isinstance(value, list):
            return [strip_ids(v) for v in value]
        return value

    text = json.dumps(strip_ids(shot), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


# --- reading: revisions back into (unsaved) model instances --------------------------


def _source(data: dict, key: str) -> Reference:
    checked = data.get("checked_on")
    values = {name: data.get(name) or "" for name in SOURCE_FIELDS if name != "checked_on"}
    return Reference(id=data.get("id"), key=key, **values,
                     checked_on=datetime.date.fromisoformat(checked) if checked else None)


def build(kind: str, object_id: int, shot: dict):
    """An unsaved instance showing `shot`, with its parts on `frozen_*` attributes."""
    model = MODELS[kind]
    item = model(id=object_id, status=Status.PUBLISHED, **shot["fields"])
    item.frozen_sources = {key: _source(data, key) for key, data in shot["sources"].items()}
    item.frozen_references = [item.frozen_sources[key] for key in shot["references"]
                              if key in item.frozen_sources]
    if kind == "article":
        item.frozen_sections = [
            Section(id=s["id"], article=item, heading=s["heading"], slug=s["slug"],
                    body=s["body"], order=s["order"], kind=s["kind"])
            for s in shot["sections"]
        ]
    if kind == "comparison":
        columns = []
        for c in shot["columns"]:
            article = Article(id=c["article_id"], name=c["name"], short_name=c["short_name"],
                              slug=c["slug"])
            columns.append(ComparisonColumn(comparison=item, article=article, order=c["order"]))
        item.frozen_columns = columns
        item.frozen_rows = []
        for r in shot["rows"]:
            row = ComparisonRow(id=r["id"], comparison=item, feature=r["feature"],
                                slug=r["slug"], order=r["order"])
            row.frozen_cells = {c["article_id"]: ComparisonCell(id=c["id"], answer=c["answer"],
                                                                note=c["note"])
                                for c in r["cells"]}
            item.frozen_rows.append(row)
    return item


def materialize(revision: Revision):
    """The item as its revision shows it, with the approval record as patients read it."""
    kind = revision.snapshot["kind"]
    item = build(kind, revision.object_id, revision.snapshot)
    item.live_revision = revision
    item.shipped_digest = revision.snapshot.get("shipped_digest", "")
    item.reviewed_by = revision.approved_by
    item.reviewed_on = revision.reviewed_on
    item.next_review_due = revision.next_review_due
    item.updated_at = revision.approved_at  # when what the page shows last changed
    return item


def preview(item):
    """A draft, item in review or draft copy exactly as approving it would publish it."""
    original = item.original
    shown = build(item._meta.model_name, original.pk, freeze(item))
    shown.reviewed_by, shown.reviewed_on = None, None
    shown.next_review_due = None
    return shown


ORDERING = {
    "article": lambda a: (a.order, a.name),
    "faq": lambda f: (f.order, f.question),
    "glossaryterm": lambda t: t.term,
    "comparison": lambda c: (c.order, c.title),
    "translation": lambda t: (t.language, t.english_type_id, t.slug),
}


def live_revisions(model):
    return Revision.objects.live(model)


def live_items(model) -> list:
    """Every live item of `model`, in its usual order, as patients read it."""
    items = [materialize(revision) for revision in live_revisions(model)]
    return sorted(items, key=ORDERING[model._meta.model_name])


def live_items_of(*models) -> dict:
    """The live items of several models in one query: {model: [items in order]}."""
    query = live_revisions(models[0])
    for model in models[1:]:
        query = query | live_revisions(model)
    found = {model: [] for model in models}
    by_kind = {model._meta.model_name: model for model in models}
    for revision in query:
        found[by_kind[revision.snapshot["kind"]]].append(materialize(revision))
    return {model: sorted(items, key=ORDERING[model._meta.model_name])
            for model, items in found.items()}


def live_item(model, slug: str):
    revision = live_revisions(model).filter(slug=slug).first()
    return materialize(revision) if revision is not None else None


def live_faqs_of(article_ids) -> list[FAQ]:
    """Live FAQs that stand under one of these live articles."""
    wanted = set(article_ids)
    return [faq for faq in live_items(FAQ) if faq.article_id in wanted]


def live_ids(model) -> set[int]:
    return set(live_revisions(model).values_list("object_id", flat=True))


# --- approving ----------------------------------------------------------------------


def publish(live, *, approver, reviewed_on=None, next_review_due=None, authors=(),
            note: str = "", shot: dict | None = None, approved_at=None) -> Revision:
    """Freeze `live` (the original row, content already in place) as its new live revision.

    `approver` None means no clinician here approved it (shipped content, loader).
    """
    shot = shot if shot is not None else freeze(live)
    when = approved_at or timezone.now()
    revision = Revision.objects.create(
        content_type=ContentType.objects.get_for_model(type(live)),
        object_id=live.pk,
        slug=shot["fields"]["slug"],
        snapshot=shot,
        content_hash=content_hash(shot),
        approved_by=approver,
        approved_at=when,
        reviewed_on=reviewed_on,
        next_review_due=next_review_due,
        authors=sorted(authors),
        note=note,
    )
    type(live).objects.filter(pk=live.pk).update(live_revision=revision)
    live.live_revision = revision
    bump_content_version()  # a queryset update sends no signal
    return revision


def publish_unrevisioned(model) -> int:
    """Make every published item of `model` without a live revision live as it stands,
    with its current approval record. For content from before revisions existed."""
    count = 0
    for item in model.objects.filter(status=Status.PUBLISHED, draft_of__isnull=True,
                                      live_revision__isnull=True):
        last_change = item.history.order_by("-history_date").first()
        publish(item, approver=item.reviewed_by, reviewed_on=item.reviewed_on,
                next_review_due=item.next_review_due, note="Published before revisions",
                approved_at=last_change.history_date if last_change else None)
        count += 1
    return count


# --- who changed the unit since the live revision ------------------------------------

# History records the workflow writes without changing any words (starting a copy of the
# approved text, submitting, sending back): their user is not an author of the change.
STARTED, SUBMITTED, SENT_BACK = "Draft copy started", "Submitted for review", "Sent back to draft"
NOT_AUTHORSHIP = (STARTED, SUBMITTED, SENT_BACK)


def _authors(history, since) -> set[int]:
    if since is not None:
        history = history.filter(history_date__gt=since)
    return set(
        history.exclude(history_user=None)
        .exclude(history_change_reason__in=NOT_AUTHORSHIP)
        .values_list("history_user_id", flat=True)
    )


def _parts_history(model, parent: str, parent_ids: set[int], known_ids: set[int], since):
    """History of the parts (sections, rows) that were in the unit at any moment since
    `since`, wherever they are now: a part moved to another item still counts."""
    history = model.history.all()
    recent = history.filter(history_date__gt=since) if since is not None else history
    ids = set(known_ids) | set(
        recent.filter(**{f"{parent}__in": parent_ids}).values_list("id", flat=True))
    return history.filter(id__in=ids), ids


def change_authors(item, candidate: dict | None = None) -> set[int]:
    """Everyone who changed anything the revision diff covers, through any row or path:
    the item and its draft copy, its sections or rows and cells (also ones moved away), and
    every source either version shows or cites. Counted since the live revision."""
    original = item.original
    live = original.live_revision
    since = live.approved_at if live is not None else None
    candidate = candidate if candidate is not None else freeze(item)
    shots = [candidate, *([live.snapshot] if live is not None else [])]
    unit = {original.pk, item.pk}
    model = type(original)
    authors = _authors(model.history.filter(id__in=unit), since)
    if isinstance(original, Article):
        known = {s["id"] for shot in shots for s in shot["sections"]}
        history, _ = _parts_history(Section, "article_id", unit, known, since)
        authors |= _authors(history, since)
    if isinstance(original, Comparison):
        known = {r["id"] for shot in shots for r in shot["rows"]}
        history, row_ids = _parts_history(ComparisonRow, "comparison_id", unit, known, since)
        authors |= _authors(history, since)
        cells = ComparisonCell.history.filter(row_id__in=row_ids)
        authors |= _authors(cells, since)
    source_ids = {s["id"] for shot in shots for s in shot["sources"].values()}
    authors |= _authors(Reference.history.filter(id__in=source_ids), since)
    return authors


# --- the reviewer's diff ------------------------------------------------------------


def readable(shot: dict | None) -> dict[str, str]:
    """A unit as labelled plain texts, for a field-by-field difference."""
    if not shot:
        return {}
    out = {name.replace("_", " ").capitalize(): _text(value)
           for name, value in shot["fields"].items()}
    for section in shot.get("sections", []):
        label = f"Section: {section['heading']}"
        kind = "" if section["kind"] == "standard" else f" ({section['kind']})"
        out[label] = f"{section['body']}{kind}"
    if "sections" in shot:
        out["Order of sections"] = "\n".join(s["heading"] for s in shot["sections"])
    for column in shot.get("columns", []):
        out[f"Column {column['order']}"] = column["name"]
    for row in shot.get("rows", []):
        out[f"Row: {row['feature']}"] = "\n".join(
            f"{c['answer']}" + (f" ({c['note']})" if c["note"] else "") for c in row["cells"])
    if "rows" in shot:
        out["Order of rows"] = "\n".join(r["feature"] for r in shot["rows"])
    if shot["kind"] == "translation":
        out.pop("Text", None)
        out.update(translated_parts(shot["fields"]["text"]))
    out["Listed sources"] = ", ".join(shot.get("references", []))
    for key, source in shot.get("sources", {}).items():
        out[f"Source {key}"] = "\n".join(
            f"{name}: {source[name]}" for name in SOURCE_FIELDS if source.get(name))
    return out


def _text(value) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def translated_parts(text: dict) -> dict[str, str]:
    """A translation's words as labelled plain texts (fields, then sections or rows)."""
    out = {}
    for name, value in (text or {}).items():
        if name == "sections":
            for slug, part in value.items():
                out[f"Section {slug}"] = f"{part.get('heading', '')}\n{part.get('body', '')}"
        elif name == "rows":
            for slug, row in value.items():
                cells = "\n".join(f"{column}: {cell.get('answer', '')}"
                                  + (f" ({cell['note']})" if cell.get("note") else "")
                                  for column, cell in row.get("cells", {}).items())
                out[f"Row {slug}"] = f"{row.get('feature', '')}\n{cells}"
        else:
            out[name.replace("_", " ").capitalize()] = _text(value)
    return out
