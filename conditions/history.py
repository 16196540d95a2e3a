"""Readable differences between two history records of a content item."""

import difflib
import re
from dataclasses import dataclass, field

from conditions import revisions
from conditions.models import Article, Comparison, ComparisonRow, Section
from conditions.workflow import version_moment

LONG_TEXT = 80  # longer values are shown as a word-by-word difference
_WORDS = re.compile(r"\S+|\s+")


@dataclass
class Change:
    field: str
    old: str
    new: str
    pieces: list[tuple[str, str]] = field(default_factory=list)  # ("same"|"removed"|"added", text)

    @property
    def is_long(self) -> bool:
        return bool(self.pieces)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level difference (difflib), so a changed sentence in a long body is easy to spot."""
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    pieces = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("removed", "".join(old_words[a1:a2])))
        if b2 > b1:
            pieces.append(("added", "".join(new_words[b1:b2])))
    return pieces


def _change(label: str, old, new) -> Change:
    old_text, new_text = ("" if v is None else str(v) for v in (old, new))
    change = Change(label, old_text, new_text)
    if max(len(old_text), len(new_text)) > LONG_TEXT or "\n" in old_text + new_text:
        change.pieces = word_diff(old_text, new_text)
    return change


def children_text(item, when) -> str | None:
    """Sections (or comparison rows) as they were at `when`, as one readable text."""
    if isinstance(item, Article):
        sections = Section.history.as_of(when).filter(article_id=item.pk)
        return "\n\n".join(
            f"## {s.heading}\n{s.body}" for s in sorted(sections, key=lambda s: (s.order, s.pk))
        )
    if isinstance(item, Comparison):
        rows = ComparisonRow.history.as_of(when).filter(comparison_id=item.pk)
        return "\n".join(r.feature for r in sorted(rows, key=lambda r: (r.order, r.pk)))
    return None


def compare_versions(item, old_record, new_record) -> list[Change]:
    """Field-by-field changes from `old_record` to `new_record` (history records of `item`)."""
    delta = new_record.diff_against(old_record, excluded_fields=["updated_at", "draft_of"])
    changes = []
    for change in delta.changes:
        label = item._meta.get_field(change.field).verbose_name.capitalize()
        changes.append(_change(label, change.old, change.new))
    old_children = children_text(item, version_moment(old_record))
    new_children = children_text(item, version_moment(new_record))
    if old_children != new_children:
        label = "Sections" if isinstance(item, Article) else "Rows"
        changes.append(_change(label, old_children, new_children))
    return changes


def compare_units(old_shot: dict | None, new_shot: dict) -> list[Change]:
    """What approving `new_shot` changes for patients, part by part, against `old_shot`
    (the live revision; None when nothing is live yet): fields, sections and their order,
    rows and cells, and every source as it is shown."""
    old, new = revisions.readable(old_shot), revisions.readable(new_shot)
    return [_change(label, old.get(label, ""), new.get(label, ""))
            for label in [*new, *(label for label in old if label not in new)]
            if old.get(label, "") != new.get(label, "")]


def changes_against_live(item) -> list[Change]:
    """The reviewer's diff: the item (a draft, item in review or draft copy) as approval
    would freeze it, against its live revision."""
    live = item.original.live_revision
    return compare_units(live.snapshot if live else None, revisions.freeze(item))
