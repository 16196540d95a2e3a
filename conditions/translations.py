"""Translations that stay honest: what a Spanish page shows, and whether it is current.

A `Translation` (conditions/models.py) is one public unit in another language. It goes
through the same workflow as English content and is frozen on approval into a `Revision`
(conditions/revisions.py), so patients read only approved translations, as they read only
approved English.

Whether a translation is outdated is computed, never stored: its live revision names the
English revision it translates (`source_revision_id`); when the English item's live
revision is another one, the translation is outdated from the moment that revision was
approved, unless a reviewer recorded that this English change does not affect it
(`TranslationWaiver`, with a reason).

Public pages in another language overlay the live translation on the live English item
(`in_language`); a part with no live translation keeps its English words and says so
(`lang = "en"`). Other modules read translations only through this module:
`available_languages` (hreflang, sitemap) and `live_items_in` (search).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from common.content_version import bump_content_version
from conditions import revisions, workflow
from conditions.models import (
    FAQ,
    Article,
    Comparison,
    GlossaryTerm,
    Revision,
    Status,
    Translation,
    TranslationWaiver,
)

ENGLISH = "en"
LANGUAGES = ("es",)  # the languages content is translated into
TRANSLATED_MODELS = (Article, FAQ, GlossaryTerm, Comparison)


def request_language() -> str:
    """The active language as content knows it: "es" under /es/, else English."""
    language = (translation.get_language() or ENGLISH).split("-")[0]
    return language if language in LANGUAGES else ENGLISH


# --- which translations are live, and whether each is current ---------------------------


def _english_type(model) -> ContentType:
    return ContentType.objects.get_for_model(model)


def live_translations(model, language: str) -> dict[int, Translation]:
    """{English item id: its live translation into `language`, as approved}, one query."""
    rows = (Translation.objects.filter(
        english_type=_english_type(model), language=language, draft_of__isnull=True,
        live_revision__isnull=False).select_related("live_revision__approved_by__staff_profile"))
    return {row.english_id: revisions.materialize(row.live_revision) for row in rows}


def waived(translations) -> set[tuple[int, int, int]]:
    """(translation id, translated revision id, English revision id) a reviewer waived."""
    ids = [t.pk for t in translations]
    if not ids:
        return set()
    return set(TranslationWaiver.objects.filter(translation_id__in=ids).values_list(
        "translation_id", "translated_revision_id", "english_revision_id"))


def is_current(translation_item: Translation, english_revision_id: int | None,
               waivers: set) -> bool:
    """Made from the English live revision, or that English change was waived."""
    source = translation_item.source_revision_id
    return source == english_revision_id or (
        (translation_item.pk, source, english_revision_id) in waivers)


@dataclass
class TranslationRecord:
    """How a translated page was made, as the page states it."""

    language: str
    translated: bool  # False: no live translation; the page shows the English
    source_date: datetime.date | None = None  # the English version translated
    reviewer: str = ""
    reviewed_on: datetime.date | None = None
    english_updated_on: datetime.date | None = None  # set when the translation is outdated
    english_link: str = ""  # the English page (lists); else from english_item, when read
    partly: bool = False  # a list of which some items are translated, some not yet
    english_item: object = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def english_url(self) -> str:
        """The English original. Worked out only when a page shows it (an FAQ's would
        read its article)."""
        return self.english_link or (english_url(self.english_item) if self.english_item
                                     else "")

    @property
    def is_reviewed(self) -> bool:
        return bool(self.reviewer and self.reviewed_on)

    @property
    def is_outdated(self) -> bool:
        return self.english_updated_on is not None

    @classmethod
    def for_page(cls, main, parts=()) -> TranslationRecord | None:
        """The record a page states: its main item's, outdated when it or any translated
        part shown with it (an article's FAQs, glossary terms on the list) is."""
        record = getattr(main, "translation_record", None)
        if record is None:
            return None
        updated = [r.english_updated_on for r in
                   [record, *(getattr(p, "translation_record", None) for p in parts)]
                   if r is not None and r.translated and r.english_updated_on]
        return dataclasses.replace(record, english_updated_on=max(updated, default=None))

    @classmethod
    def combined(cls, items, english_url: str) -> TranslationRecord | None:
        """One record for a page of many items (the glossary): translated when every item
        is; reviewed when every translation is, since the oldest; from the oldest English
        version; outdated since the newest English change not yet translated."""
        records = [item.translation_record for item in items
                   if getattr(item, "translation_record", None) is not None]
        if not records:
            return None
        done = [r for r in records if r.translated]
        reviewed = bool(done) and all(r.is_reviewed for r in done)
        return cls(
            records[0].language, len(done) == len(records),
            source_date=min((r.source_date for r in done if r.source_date), default=None),
            reviewer=", ".join(sorted({r.reviewer for r in done})) if reviewed else "",
            reviewed_on=min(r.reviewed_on for r in done) if reviewed else None,
            english_updated_on=max((r.english_updated_on for r in done
                                    if r.english_updated_on), default=None),
            english_link=english_url,
            partly=bool(done) and len(done) < len(records),
        )


def revision_date(revision: Revision | None) -> datetime.date | None:
    """The date of an English version: when it was approved here, or for shipped text no
    reviewer approved, when the content team wrote it (conditions/content/dates.yaml)."""
    if revision is None:
        return None
    if revision.approved_by_id is None and revision.snapshot.get("shipped_digest"):
        from conditions.content_dates import manifest

        kind, slug = revision.snapshot["kind"], revision.slug
        folder = {"article": "articles", "comparison": "comparisons"}.get(kind)
        name = f"{folder}/{slug}.yaml" if folder else "glossary.yaml"
        entry = manifest().get(name) if kind != "faq" else None
        if entry:
            return entry["changed"]
    return timezone.localdate(revision.approved_at)


def english_url(item) -> str:
    with translation.override(ENGLISH):
        return item.get_absolute_url()


def english_url_of(name: str) -> str:
    """The English address of a named page (a list), whatever the request's language."""
    with translation.override(ENGLISH):
        return reverse(name)


def _overlay(item, found: Translation | None, english_revision: Revision | None,
             waivers: set, sources: dict[int, Revision], language: str) -> None:
    """Put the translated words on an English item (in place) and say how it was made."""
    item.language = language if found is not None else ENGLISH
    item.translation = found
    item.lang = "" if found is not None else ENGLISH  # the HTML lang attribute it needs
    if found is None:
        item.translation_record = TranslationRecord(language, False, english_item=item)
        return
    outdated = not is_current(found, english_revision.pk if english_revision else None, waivers)
    item.translation_record = TranslationRecord(
        language, True,
        source_date=revision_date(sources.get(found.source_revision_id)),
        reviewer=found.reviewer_name, reviewed_on=found.reviewed_on,
        english_updated_on=revision_date(english_revision) if outdated else None,
        english_item=item,
    )
    text = found.text or {}
    for name in FIELDS[item._meta.model_name]:
        if text.get(name):
            setattr(item, name, text[name])
    if isinstance(item, Article):
        parts = text.get("sections") or {}
        for section in item.frozen_sections:
            words = parts.get(section.slug)
            section.lang = "" if words else ENGLISH
            if words:
                section.heading, section.body = words["heading"], words["body"]
    if isinstance(item, Comparison):
        rows = text.get("rows") or {}
        slugs = {column.article.pk: column.article.slug for column in item.frozen_columns}
        for row in item.frozen_rows:
            words = rows.get(row.slug)
            row.lang = "" if words else ENGLISH
            if words:
                row.feature = words["feature"]
                for article_id, cell in row.frozen_cells.items():
                    if said := (words.get("cells") or {}).get(slugs.get(article_id)):
                        cell.answer, cell.note = said["answer"], said.get("note") or ""


# The plain fields a translation can give each kind (sections and rows aside).
FIELDS = {
    "article": ["name", "short_name", "summary", "key_points", "also_known_as", "treatments",
                "signs_and_symptoms"],
    "faq": ["question", "answer"],
    "glossaryterm": ["term", "also_called", "definition"],
    "comparison": ["title", "intro"],
}


def in_language(items: list, model, language: str) -> list:
    """Overlay the live translations into `language` on live English `items` of `model`
    (materialized, conditions/revisions.py), in place. A fixed number of queries."""
    if language == ENGLISH or not items:
        return items
    found = live_translations(model, language)
    waivers = waived(found.values())
    wanted = {t.source_revision_id for t in found.values()}
    sources = Revision.objects.in_bulk(wanted) if wanted else {}
    for item in items:
        _overlay(item, found.get(item.pk), getattr(item, "live_revision", None), waivers,
                 sources, language)
    if model is Comparison:
        _name_columns(items, language)
    return items


def _name_columns(comparisons: list, language: str) -> None:
    """A comparison's column headings: each article's live translated name."""
    names = live_translations(Article, language)
    for item in comparisons:
        for column in item.frozen_columns:
            if said := names.get(column.article.pk):
                column.article.name = said.text.get("name") or column.article.name
                column.article.short_name = (said.text.get("short_name")
                                             or column.article.short_name)


def preview(translation_item: Translation):
    """The live English item with this translation's words on it, as approving the
    translation would publish it (a draft, one in review or a draft copy): what its
    reviewer reads before approving. None when the English item is not live."""
    model = translation_item.english_type.model_class()
    item = revisions.live_item(model, translation_item.slug)
    if item is None:
        return None
    language = translation_item.language
    sources = Revision.objects.in_bulk([translation_item.source_revision_id])
    _overlay(item, translation_item, item.live_revision, set(), sources, language)
    # Not reviewed yet, whatever a draft copy carries over from the live translation.
    item.translation_record = dataclasses.replace(item.translation_record, reviewer="",
                                                  reviewed_on=None)
    if model is Comparison:
        _name_columns([item], language)
    return item


def live_items_in(model, language: str, *, translated_only: bool = False) -> list:
    """The live items of `model` as a page in `language` shows them (English where there is
    no live translation, marked `lang = "en"`). `translated_only`: only translated ones."""
    items = in_language(revisions.live_items(model), model, language)
    if translated_only and language != ENGLISH:
        items = [item for item in items if item.translation is not None]
    return items


def available_languages(item) -> list[str]:
    """The languages a public item can be read in: English, and each language with a live
    translation (for hreflang alternates and the sitemap)."""
    model = type(item)
    if model is Translation or model not in TRANSLATED_MODELS:
        return [ENGLISH]
    languages = Translation.objects.filter(
        english_type=_english_type(model), english_id=item.pk, draft_of__isnull=True,
        live_revision__isnull=False).values_list("language", flat=True)
    return [ENGLISH, *sorted(set(languages))]


# --- the state of every translation, for staff --------------------------------------------


@dataclass
class TranslationState:
    english: object  # the live English item (materialized)
    model_name: str
    translation: Translation | None  # the live translation, if any
    state: str  # "up to date", "outdated" or "missing"
    outdated_since: datetime.datetime | None = None

    @property
    def outdated_days(self) -> int | None:
        if self.outdated_since is None:
            return None
        return (timezone.now() - self.outdated_since).days


def states(language: str) -> list[TranslationState]:
    """Every live English item and its translation into `language`: up to date, outdated
    (since when the English changed) or missing. A fixed number of queries."""
    out = []
    for model in TRANSLATED_MODELS:
        english = revisions.live_items(model)
        found = live_translations(model, language)
        waivers = waived(found.values())
        for item in english:
            done = found.get(item.pk)
            live = item.live_revision
            if done is None:
                out.append(TranslationState(item, model._meta.model_name, None, "missing"))
            elif is_current(done, live.pk, waivers):
                out.append(TranslationState(item, model._meta.model_name, done, "up to date"))
            else:
                out.append(TranslationState(item, model._meta.model_name, done, "outdated",
                                            live.approved_at))
    return out


# --- the translator's steps (the rest is the ordinary workflow: conditions/workflow.py) ---


def english_item(model_name: str, pk: int):
    """The live English row of a translatable kind, or None."""
    model = {m._meta.model_name: m for m in TRANSLATED_MODELS}.get(model_name)
    if model is None:
        return None
    return model.objects.originals().filter(pk=pk, live_revision__isnull=False).first()


def _require(user, codename: str) -> None:
    if not (user and user.is_active and user.is_staff and user.has_perm(f"conditions.{codename}")):
        raise PermissionDenied(f"You do not have permission to {codename.replace('_', ' ')}.")


@transaction.atomic
def start_translation(*, item, language: str, user) -> Translation:
    """The draft in which to translate `item` (a live English row) from its live revision.

    With no translation yet, a new draft; with a live one, its draft copy (the ordinary
    workflow), now translating the English live revision, so approving it brings the
    translation up to date. An open draft is returned as it is.
    """
    _require(user, "change_translation")
    if language not in LANGUAGES:
        raise ValidationError(f"Content is not translated into {language!r}.")
    live = item.original.live_revision if hasattr(item, "original") else None
    if live is None:
        raise ValidationError("Only approved English content can be translated.")
    existing = Translation.objects.of(item.original, language).filter(
        draft_of__isnull=True).first()
    if existing is None:
        draft = Translation(language=language, english_type=_english_type(type(item)),
                            english_id=item.original.pk, slug=item.original.slug,
                            source_revision=live, source_hash=live.content_hash,
                            translated_by=user, created_by=user)
        workflow._save(draft, user, revisions.STARTED)
        return draft
    draft = workflow.start_draft(item=existing, user=user)
    if draft.status == Status.DRAFT and draft.source_revision_id != live.pk:
        draft.source_revision, draft.source_hash = live, live.content_hash
        draft.translated_by = user
        workflow._save(draft, user, revisions.STARTED)
    return draft


@transaction.atomic
def waive_update(*, translation_item: Translation, user, reason: str) -> TranslationWaiver:
    """Record that the English change since the live translation's source does not affect
    it (a typo fix), with the reason. Not by anyone who made that English change."""
    _require(user, "waive_translation_update")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why the English change does not affect the translation.")
    original = translation_item.original
    live = original.live_revision
    if live is None:
        raise ValidationError("Only a published translation can be kept for an English change.")
    english = original.english
    english_live = english.live_revision if english is not None else None
    translated = live.snapshot["fields"]["source_revision_id"]
    if english_live is None or english_live.pk == translated:
        raise ValidationError("The translation is up to date: there is no change to waive.")
    changed_by = _authors_since(english_live, translated)
    if workflow.two_person_approval() and user.pk in changed_by:
        raise ValidationError("You made this English change, so another reviewer must judge "
                              "whether it affects the translation.")
    waiver, _ = TranslationWaiver.objects.get_or_create(
        translation=original, translated_revision_id=translated, english_revision=english_live,
        defaults={"reason": reason, "decided_by": user})
    bump_content_version()  # the page's notice goes
    return waiver


def _authors_since(english_live: Revision, translated_id: int) -> set[int]:
    """Everyone who changed the English item between the translated revision and now."""
    found = set()
    for authors in Revision.objects.filter(
            content_type=english_live.content_type, object_id=english_live.object_id,
            pk__gt=translated_id, pk__lte=english_live.pk).values_list("authors", flat=True):
        found.update(authors)
    return found


# --- the translator's screen: what changed in the English, beside the Spanish -------------


def english_parts(shot: dict) -> list[tuple[tuple, str, str]]:
    """(key in a translation's text, label, English words) for every translatable part of
    an English revision, in page order. Keys: ("summary",), ("sections", slug, "body"),
    ("rows", slug, "cells", article slug, "note")..."""
    fields, kind = shot["fields"], shot["kind"]
    out = [((name,), name.replace("_", " ").capitalize(), str(fields.get(name) or ""))
           for name in FIELDS[kind] if isinstance(fields.get(name, ""), str)]
    for section in shot.get("sections", []):
        slug = section["slug"]
        out += [(("sections", slug, "heading"), f"Section {slug}: heading", section["heading"]),
                (("sections", slug, "body"), f"Section {slug}: text", section["body"])]
    slugs = {column["article_id"]: column["slug"] for column in shot.get("columns", [])}
    for row in shot.get("rows", []):
        slug = row["slug"]
        out.append((("rows", slug, "feature"), f"Row {slug}: feature", row["feature"]))
        for cell in row["cells"]:
            column = slugs.get(cell["article_id"], str(cell["article_id"]))
            for name in ("answer", "note"):
                out.append((("rows", slug, "cells", column, name),
                            f"Row {slug}, {column}: {name}", cell[name]))
    return out


def text_at(text: dict, key: tuple) -> str:
    value = text or {}
    for step in key:
        value = value.get(step) if isinstance(value, dict) else None
    return value if isinstance(value, str) else ""


def with_text_at(text: dict, key: tuple, words: str) -> dict:
    """`text` with `words` at `key` (nested dicts made as needed); empty words removed."""
    out = copy.deepcopy(text or {})
    place = out
    for step in key[:-1]:
        place = place.setdefault(step, {})
    if words:
        place[key[-1]] = words
    else:
        place.pop(key[-1], None)
    return _pruned(out)


def _pruned(value):
    """Without empty groups: a section none of whose words are translated is absent."""
    if not isinstance(value, dict):
        return value
    kept = {name: _pruned(inner) for name, inner in value.items()}
    return {name: inner for name, inner in kept.items() if inner != {}}


@dataclass
class TranslatorPart:
    label: str
    english_before: str  # in the English revision translated
    english_now: str  # in the English live revision
    spanish: str  # in this translation
    pieces: list  # word diff of the English, when it changed

    @property
    def changed(self) -> bool:
        return self.english_before != self.english_now


def translator_parts(item: Translation) -> list[TranslatorPart]:
    """Every part of the English, before (the revision `item` translates) and now (the
    live revision), with a word diff where it changed, beside the translated words."""
    from conditions.history import word_diff

    before = {key: words for key, _, words in english_parts(item.source_revision.snapshot)}
    english = item.english
    live = english.live_revision if english is not None else None
    now = english_parts(live.snapshot) if live is not None else []
    current = {key: words for key, _, words in now}
    keys = [*current, *(key for key in before if key not in current)]
    labels = {key: label for key, label, _ in [*english_parts(item.source_revision.snapshot),
                                                *now]}
    out = []
    for key in keys:
        old, new = before.get(key, ""), current.get(key, "")
        out.append(TranslatorPart(labels[key], old, new, text_at(item.text, key),
                                  word_diff(old, new) if old != new else []))
    return out
