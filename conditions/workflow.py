"""Editorial workflow: draft -> in review -> published, and back to draft with a comment.

Every state change goes through these functions (admin actions, buttons and tests call
them); each checks the user's permissions and raises PermissionDenied or ValidationError.

Editing a published item never touches the live row. `start_draft` clones it (fields,
references and children) into a *draft copy* (`draft_of` = the live row). The copy is
edited, submitted and reviewed like any draft; `approve_and_publish` then copies its
content onto the live row in one transaction (so the live row's history records the
change) and deletes the copy. Until then the public site, search and sitemap only ever
see the live row, because `published()` excludes copies and a copy is never published.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from conditions import revisions
from conditions.models import (
    FAQ,
    Article,
    Comparison,
    ComparisonCell,
    ComparisonColumn,
    ComparisonRow,
    GlossaryTerm,
    Reference,
    Reviewed,
    ReviewNote,
    Revision,
    Section,
    Status,
    Translation,
)
from conditions.revisions import SENT_BACK, STARTED, SUBMITTED, change_authors

# The fields an editor writes; workflow fields (status, reviewer, dates) are never copied.
CONTENT_FIELDS: dict[type[Reviewed], list[str]] = {
    Article: ["name", "short_name", "slug", "summary", "order", "also_known_as", "key_points",
              "medical_codes", "treatments", "signs_and_symptoms"],
    FAQ: ["article_id", "question", "slug", "answer", "order"],
    GlossaryTerm: ["term", "slug", "definition", "also_called"],
    Comparison: ["title", "slug", "intro", "order"],
    # A translation's English item stays fixed; the text and what it translates change.
    Translation: ["language", "slug", "english_type_id", "english_id", "source_revision_id",
                  "source_hash", "translated_by_id", "text"],
}
for _fields in CONTENT_FIELDS.values():
    _fields.append("review_interval_months")

REVIEWED_MODELS: dict[str, type[Reviewed]] = {
    model._meta.model_name: model for model in CONTENT_FIELDS
}


def _require(user, codename: str) -> None:
    if not (user and user.is_active and user.is_staff and user.has_perm(f"conditions.{codename}")):
        raise PermissionDenied(f"You do not have permission to {codename.replace('_', ' ')}.")


def _note(*, item: Reviewed, user, action: str, comment: str = "") -> ReviewNote:
    original = item.original
    return ReviewNote.objects.create(
        content_type=ContentType.objects.get_for_model(original),
        object_id=original.pk,
        action=action,
        comment=comment,
        author=user,
    )


def _save(obj, user, reason: str = "", **kwargs) -> None:
    """Save with the acting user and a reason in the history record."""
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    obj.save(**kwargs)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def review_notes(item: Reviewed):
    """The review trail (newest first) of an item or of its draft copy."""
    original = item.original
    return ReviewNote.objects.filter(
        content_type=ContentType.objects.get_for_model(original), object_id=original.pk
    ).select_related("author")


def can_edit(*, user, item: Reviewed) -> bool:
    """Drafts are editable by anyone with change permission; items in review only by
    someone who may also approve them; a published item never (edit a draft copy)."""
    if not user.has_perm(f"conditions.change_{item._meta.model_name}"):
        return False
    if item.status == Status.DRAFT:
        return True
    if item.status == Status.IN_REVIEW:
        return user.has_perm("conditions.approve_and_publish")
    return False


def editable(model: type[Reviewed], user):
    """The items of `model` that `user` may change now (for the parent choices of a form)."""
    if not user.has_perm(f"conditions.change_{model._meta.model_name}"):
        return model.objects.none()
    statuses = [Status.DRAFT]
    if user.has_perm("conditions.approve_and_publish"):
        statuses.append(Status.IN_REVIEW)
    return model.objects.filter(status__in=statuses)


def owners(obj) -> list[Reviewed]:
    """The reviewed items whose public content `obj` is part of.

    A section belongs to its article, rows, columns and cells to their comparison, and a
    reference to every article and comparison that cites it (drafts and copies included).
    """
    if isinstance(obj, Reviewed):
        return [obj]
    if isinstance(obj, Section):
        return [obj.article] if obj.article_id else []
    if isinstance(obj, (ComparisonRow, ComparisonColumn)):
        return [obj.comparison] if obj.comparison_id else []
    if isinstance(obj, ComparisonCell):
        return [obj.row.comparison] if obj.row_id else []
    if isinstance(obj, Reference):
        if obj.pk is None:
            return []
        return [*obj.articles.all(), *obj.comparisons.all()]
    raise TypeError(f"{type(obj).__name__} is not reviewed content.")


def may_change(*, user, obj) -> bool:
    """THE rule: content changes only while every item it shows on is editable by `user`.

    Every admin path (change, add, delete, inlines, actions) asks this for the object as
    the form would save it, so a child cannot be added to, moved into or edited in a
    published or in-review item, and a cited reference cannot change under a live page.
    """
    return all(can_edit(user=user, item=owner) for owner in owners(obj))


def ensure_may_change(*, user, obj) -> None:
    if not may_change(user=user, obj=obj):
        raise PermissionDenied(
            "This is part of published or in-review content: change it in a draft."
        )


def pending_copy(item: Reviewed) -> Reviewed | None:
    """The open draft copy of a published item, if someone has started one."""
    if item.is_draft_copy:
        return item
    # .all() so a prefetch of draft_copies (the admin changelist) is used: no query per row.
    return next(iter(item.draft_copies.all()), None)


# --- children (sections; comparison columns, rows and cells) ----------------------


@dataclass
class Snapshot:
    """Everything an item shows, detached from any row: used to clone, apply and revert."""

    fields: dict
    reference_ids: list[int] | None
    sections: list[dict] | None = None
    columns: list[dict] | None = None  # article_id, order
    rows: list[dict] | None = None  # feature, slug, order
    cells: list[dict] | None = None  # row_slug, article_id, answer, note


def snapshot(item: Reviewed) -> Snapshot:
    fields = {name: getattr(item, name) for name in CONTENT_FIELDS[type(item)]}
    refs = None
    if hasattr(item, "references"):
        refs = list(item.references.values_list("pk", flat=True))
    shot = Snapshot(fields=fields, reference_ids=refs)
    if isinstance(item, Article):
        shot.sections = list(item.sections.values("heading", "slug", "body", "order", "kind"))
    if isinstance(item, Comparison):
        shot.columns = list(item.columns.values("article_id", "order"))
        shot.rows = list(item.rows.values("feature", "slug", "order"))
        shot.cells = [
            {"row_slug": c.row.slug, "article_id": c.column.article_id, "answer": c.answer,
             "note": c.note}
            for c in ComparisonCell.objects.filter(row__comparison=item).select_related(
                "row", "column"
            )
        ]
    return shot


def version_moment(record) -> datetime.datetime:
    """The last moment at which a history record was the item's current version.

    Children (sections, rows, cells) are saved just after their parent row when an item
    is created, so a version covers everything up to the parent's next record.
    """
    following = record.next_record
    if following is None:
        return timezone.now()
    return following.history_date - datetime.timedelta(microseconds=1)


def historical_snapshot(*, item: Reviewed, history_id: int) -> Snapshot:
    """The item exactly as it was at one history record, with its children as of then."""
    record = item.history.filter(history_id=history_id).first()
    if record is None:
        raise ValidationError("That version does not belong to this item.")
    when = version_moment(record)
    fields = {name: getattr(record, name) for name in CONTENT_FIELDS[type(item)]}
    shot = Snapshot(fields=fields, reference_ids=None)  # references are not versioned
    if isinstance(item, Article):
        shot.sections = [
            {"heading": s.heading, "slug": s.slug, "body": s.body, "order": s.order,
             "kind": s.kind}
            for s in Section.history.as_of(when).filter(article_id=item.pk)
        ]
    if isinstance(item, Comparison):
        rows = list(ComparisonRow.history.as_of(when).filter(comparison_id=item.pk))
        slug_by_row = {row.pk: row.slug for row in rows}
        shot.rows = [{"feature": r.feature, "slug": r.slug, "order": r.order} for r in rows]
        columns = {c.pk: c.article_id for c in item.columns.all()}  # columns are not versioned
        shot.cells = [
            {"row_slug": slug_by_row[c.row_id], "article_id": columns[c.column_id],
             "answer": c.answer, "note": c.note}
            for c in ComparisonCell.history.as_of(when).filter(row_id__in=slug_by_row)
            if c.column_id in columns
        ]
    return shot


def _sync(existing: dict, wanted: dict, create, user, reason: str) -> None:
    """Update rows matched by key, create the missing ones, delete the rest (with history)."""
    for key, values in wanted.items():
        row = existing.pop(key, None)
        if row is None:
            create(**values)
            continue
        if any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            _save(row, user, reason)
    for row in existing.values():
        row._history_user = user
        row._change_reason = reason
        row.delete()


def apply_snapshot(*, target: Reviewed, shot: Snapshot, user, reason: str) -> None:
    """Write a snapshot's content onto `target` (fields, references, children).

    The target's row is saved first and its children just after, as when an item is
    created, so one history record of the target covers its children (`version_moment`).
    """
    for name, value in shot.fields.items():
        setattr(target, name, value)
    _save(target, user, reason)
    _apply_children(target=target, shot=shot, user=user, reason=reason)


def _apply_children(*, target: Reviewed, shot: Snapshot, user, reason: str) -> None:
    if shot.reference_ids is not None:
        target.references.set(shot.reference_ids)

    def make(model, **values):
        obj = model(**values)
        _save(obj, user, reason)
        return obj

    if shot.sections is not None:
        _sync(
            {s.slug: s for s in target.sections.all()},
            {s["slug"]: s for s in shot.sections},
            lambda **v: make(Section, article=target, **v),
            user,
            reason,
        )
    if isinstance(target, Comparison):
        if shot.columns is not None:
            _sync(
                {c.article_id: c for c in target.columns.all()},
                {c["article_id"]: c for c in shot.columns},
                lambda **v: make(ComparisonColumn, comparison=target, **v),
                user,
                reason,
            )
        _sync(
            {r.slug: r for r in target.rows.all()},
            {r["slug"]: r for r in shot.rows},
            lambda **v: make(ComparisonRow, comparison=target, **v),
            user,
            reason,
        )
        rows = {r.slug: r for r in target.rows.all()}
        columns = {c.article_id: c for c in target.columns.all()}
        existing = {
            (c.row.slug, c.column.article_id): c
            for c in ComparisonCell.objects.filter(row__comparison=target).select_related(
                "row", "column"
            )
        }
        wanted = {
            (c["row_slug"], c["article_id"]): {
                "row_id": rows[c["row_slug"]].pk,
                "column_id": columns[c["article_id"]].pk,
                "answer": c["answer"],
                "note": c["note"],
            }
            for c in shot.cells
            if c["row_slug"] in rows and c["article_id"] in columns
        }
        _sync(existing, wanted, lambda **v: make(ComparisonCell, **v), user, reason)


# --- who changed it: conditions/revisions.py (change_authors, from the revision diff) ----


def two_person_approval() -> bool:
    return getattr(settings, "EDITORIAL_TWO_PERSON_APPROVAL", True)


# --- the workflow -----------------------------------------------------------------


@transaction.atomic
def start_draft(*, item: Reviewed, user) -> Reviewed:
    """The draft copy in which to edit a published item (made on first use)."""
    _require(user, f"change_{item._meta.model_name}")
    if item.is_draft_copy or not item.is_published:
        return item
    model = type(item)
    item = model.objects.select_for_update().get(pk=item.pk)
    if existing := model.objects.filter(draft_of=item).first():
        return existing
    copy = model(draft_of=item, status=Status.DRAFT, created_by=user)
    apply_snapshot(target=copy, shot=snapshot(item), user=user, reason=STARTED)
    return copy


@transaction.atomic
def submit_for_review(*, item: Reviewed, user, comment: str = "") -> Reviewed:
    _require(user, "submit_for_review")
    if item.status != Status.DRAFT:
        raise ValidationError("Only a draft can be submitted for review.")
    item.status = Status.IN_REVIEW
    _save(item, user, SUBMITTED)
    _note(item=item, user=user, action=ReviewNote.Action.SUBMITTED, comment=comment)
    return item


@transaction.atomic
def send_back(*, item: Reviewed, user, comment: str) -> Reviewed:
    _require(user, "send_back")
    if item.status != Status.IN_REVIEW:
        raise ValidationError("Only an item in review can be sent back.")
    if not comment.strip():
        raise ValidationError("Say what needs to change: a comment is required.")
    item.status = Status.DRAFT
    _save(item, user, SENT_BACK)
    _note(item=item, user=user, action=ReviewNote.Action.SENT_BACK, comment=comment.strip())
    return item


@transaction.atomic
def approve_and_publish(*, item: Reviewed, user, comment: str = "") -> Reviewed:
    """Publish an item in review; a draft copy replaces its live original, which it returns."""
    _require(user, "approve_and_publish")
    if item.status != Status.IN_REVIEW:
        raise ValidationError("Only an item in review can be approved.")
    authors = change_authors(item)
    if two_person_approval() and user.pk in authors:
        raise ValidationError(
            "You changed this item, so another medical reviewer must approve it."
        )
    today = timezone.localdate()
    live = item
    if item.is_draft_copy:
        live = type(item).objects.select_for_update().get(pk=item.draft_of_id)
    live.status = Status.PUBLISHED
    live.reviewed_by = user
    live.reviewed_on = today
    if item.is_draft_copy:
        shot = snapshot(item)
        editor = item.created_by
        item._history_user = user
        item.delete()  # the copy's job is done; its own history keeps the editor's changes
        reason = "Approved changes" + (f" drafted by {editor.get_username()}" if editor else "")
        live.next_review_due = add_months(today, shot.fields["review_interval_months"])
        apply_snapshot(target=live, shot=shot, user=user, reason=reason)
    else:
        live.next_review_due = add_months(today, live.review_interval_months)
        _save(live, user, "Approved and published")
    revisions.publish(live, approver=user, authors=authors, reviewed_on=today,
                      next_review_due=live.next_review_due, note=comment)
    _note(item=live, user=user, action=ReviewNote.Action.APPROVED, comment=comment)
    return live


@transaction.atomic
def revert_to(*, item: Reviewed, history_id: int, user) -> Reviewed:
    """Restore an earlier version as a draft, which then goes through review again.

    For a published item the restored text goes into its draft copy; the live page is
    unchanged until a reviewer approves it.
    """
    _require(user, "revert_version")
    original = item.original
    shot = historical_snapshot(item=original, history_id=history_id)
    target = start_draft(item=original, user=user) if original.is_published else original
    target.status = Status.DRAFT  # saved by apply_snapshot, so it goes through review again
    apply_snapshot(target=target, shot=shot, user=user, reason=f"Reverted to version {history_id}")
    _note(item=target, user=user, action=ReviewNote.Action.REVERTED,
          comment=f"Restored version {history_id}.")
    return target


def revision_snapshot(revision: Revision) -> Snapshot:
    """A live revision as a workflow Snapshot, to write it back into a draft. Sources are
    shared rows, so the draft lists the same keys; their text is whatever they say now."""
    shot = revision.snapshot
    fields = dict(shot["fields"])
    keys = shot["references"]
    reference_ids = (list(Reference.objects.filter(key__in=keys).values_list("pk", flat=True))
                     if shot["kind"] in ("article", "comparison") else None)
    out = Snapshot(fields=fields, reference_ids=reference_ids)
    if shot["kind"] == "article":
        out.sections = [{name: s[name] for name in ("heading", "slug", "body", "order", "kind")}
                        for s in shot["sections"]]
    if shot["kind"] == "comparison":
        out.columns = [{"article_id": c["article_id"], "order": c["order"]}
                       for c in shot["columns"]]
        out.rows = [{"feature": r["feature"], "slug": r["slug"], "order": r["order"]}
                    for r in shot["rows"]]
        out.cells = [{"row_slug": r["slug"], "article_id": c["article_id"],
                      "answer": c["answer"], "note": c["note"]}
                     for r in shot["rows"] for c in r["cells"]]
    return out


@transaction.atomic
def revert_to_revision(*, item: Reviewed, revision_id: int, user) -> Reviewed:
    """Make a new draft from an earlier approved revision; it goes through review again."""
    _require(user, "revert_version")
    original = item.original
    revision = Revision.objects.filter(
        pk=revision_id, object_id=original.pk,
        content_type=ContentType.objects.get_for_model(original)).first()
    if revision is None:
        raise ValidationError("That revision does not belong to this item.")
    target = start_draft(item=original, user=user) if original.is_published else original
    target.status = Status.DRAFT
    reason = f"Reverted to the revision approved on {revision.approved_at:%Y-%m-%d %H:%M}"
    apply_snapshot(target=target, shot=revision_snapshot(revision), user=user, reason=reason)
    _note(item=target, user=user, action=ReviewNote.Action.REVERTED,
          comment=f"Restored revision {revision.pk}.")
    return target
