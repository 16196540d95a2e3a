"""Load the shipped MMN, ALS and CIDP content from conditions/content/*.yaml.

Idempotent. The loader writes drafts: an item a reviewer approved, or one staff edited,
gets changed shipped content as a draft copy for review, and its live revision (what
patients read) is never touched. Shipped content no reviewer ever approved is brought up
to date in place and goes live again as shipped, still marked "not yet reviewed by a
clinician here" (conditions/shipped.py).
"""

import datetime
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from conditions import search_index, shipped, shipped_translations
from conditions.models import (
    FAQ,
    Article,
    Comparison,
    ComparisonCell,
    ComparisonColumn,
    ComparisonRow,
    GlossaryTerm,
    Reference,
    Section,
    SectionKind,
    Status,
)
from conditions.translations import LANGUAGES
from conditions.yaml_files import read_yaml

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
REVIEW_INTERVAL = datetime.timedelta(days=365)


def reference_date(content: dict) -> str | None:
    """The checked_on date as the fingerprint stores it (an ISO string)."""
    value = content["checked_on"]
    return value.isoformat() if value else None


class Command(BaseCommand):
    help = "Create the shipped condition content. Never changes items that already exist."

    def add_arguments(self, parser):
        parser.add_argument(
            "--content-dir", type=Path, default=CONTENT_DIR, help="Folder with the YAML files."
        )

    @transaction.atomic
    def handle(self, *args, content_dir: Path, **options):
        if not content_dir.is_dir():
            raise CommandError(f"No content folder at {content_dir}.")
        today = timezone.localdate()
        self.review = {
            "status": Status.PUBLISHED,
            "reviewed_on": None,  # no clinician here has approved it yet
            "next_review_due": today + REVIEW_INTERVAL,
            "reviewed_by": None,
        }
        self.created: Counter = Counter()
        self.present: Counter = Counter()
        self.synced: Counter = Counter()
        self.shipped_sources: dict[str, dict] = {}  # key -> the source as shipped

        if (path := content_dir / "references.yaml").exists():
            for item in read_yaml(path) or []:
                self.load_reference(item, path)
        for path in sorted((content_dir / "articles").glob("*.yaml")):
            self.load_article(read_yaml(path), path)
        if (path := content_dir / "glossary.yaml").exists():
            for item in read_yaml(path) or []:
                self.load_term(item, path)
        for path in sorted((content_dir / "comparisons").glob("*.yaml")):
            self.load_comparison(read_yaml(path), path)
        self.synced.update(shipped.publish_unreviewed(self.shipped_sources))
        for language in LANGUAGES:  # translations of the English just loaded
            if (folder := content_dir / language).is_dir():
                outcomes, busy = shipped_translations.load(folder, language, review=self.review)
                self.stdout.write(f"translations ({language}): " + ", ".join(
                    f"{count} {outcome}" for outcome, count in sorted(outcomes.items())))
                for unit in busy:
                    self.stderr.write(f"{unit}: shipped translation changed, but staff are "
                                      "editing it; not touched. Compare it by hand.")

        for kind in ["reference", "article", "FAQ", "glossary term", "comparison"]:
            self.stdout.write(
                f"{kind}s: {self.created[kind]} created, {self.present[kind]} already present"
            )
        if self.synced:
            self.stdout.write("existing items: " + ", ".join(
                f"{count} {outcome}" for outcome, count in sorted(self.synced.items())))
        search_index.rebuild()  # the site search finds the loaded content at once

    def sync(self, item, content: dict, label: str) -> None:
        """Update an existing item (or offer a draft); report one a person is editing."""
        outcome = shipped.sync(item, content)
        self.synced[outcome] += 1
        if outcome == "busy":
            self.stderr.write(f"{label}: shipped content changed, but staff are editing it; "
                              "not touched. Compare it with the content files by hand.")

    def mark_shipped(self, item, content: dict) -> None:
        type(item).objects.filter(pk=item.pk).update(shipped_digest=shipped.digest(content))

    def note(self, kind: str, created: bool) -> bool:
        (self.created if created else self.present)[kind] += 1
        return created

    def field(self, item: dict, name: str, path: Path):
        try:
            value = item[name]
        except (KeyError, TypeError) as exc:
            raise CommandError(f"{path}: an item is missing the field {name!r}.") from exc
        if isinstance(value, bool):  # YAML reads a bare No / Yes as a boolean
            raise CommandError(f"{path}: put quotes around the value of {name!r} ({value}).")
        return value

    def references(self, keys: list[str], path: Path) -> list[Reference]:
        found = {ref.key: ref for ref in Reference.objects.filter(key__in=keys)}
        if missing := [key for key in keys if key not in found]:
            raise CommandError(f"{path}: unknown reference keys {', '.join(missing)}.")
        return [found[key] for key in keys]

    def load_reference(self, item: dict, path: Path) -> None:
        content = {
            "citation": self.field(item, "citation", path),
            "url": item.get("url") or "",
            "doi": item.get("doi") or "",
            "pmid": str(item.get("pmid") or ""),
            "published": str(item.get("published") or ""),
            "checked_on": self.checked_on(item.get("checked_on"), path),
        }
        key = self.field(item, "key", path)
        self.shipped_sources[key] = content
        reference = Reference.objects.filter(key=key).first()
        if self.note("reference", reference is None):
            reference = Reference.objects.create(key=key, **content)
        else:
            self.sync(reference, {**content, "checked_on": reference_date(content)}, key)
            return
        self.mark_shipped(reference, {**content, "checked_on": reference_date(content)})

    def checked_on(self, value, path: Path) -> datetime.date | None:
        """A date, or a month written YYYY-MM (stored as its first day)."""
        if value in (None, ""):
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            text = str(value)
            return datetime.date.fromisoformat(f"{text}-01" if len(text) == 7 else text)
        except ValueError as exc:
            message = f"{path}: checked_on {value!r} is not YYYY-MM-DD or YYYY-MM."
            raise CommandError(message) from exc

    def load_article(self, data: dict, path: Path) -> None:
        slug = self.field(data, "slug", path)
        sections = [
            [self.field(section, "heading", path), self.field(section, "slug", path),
             self.field(section, "body", path).strip(), index,
             section.get("kind") or SectionKind.STANDARD]
            for index, section in enumerate(data.get("sections") or [], start=1)
        ]
        refs = self.references(data.get("references") or [], path)
        content = {
            "name": self.field(data, "name", path),
            "short_name": data.get("short_name", ""),
            "summary": self.field(data, "summary", path).strip(),
            "order": data.get("order", 0),
            "also_known_as": list(data.get("schema_also_known_as") or []),
            "key_points": "\n".join(" ".join(p.split()) for p in data.get("key_points") or []),
            "sections": sections,
            "references": sorted(ref.key for ref in refs),
        }
        article = Article.objects.originals().filter(slug=slug).first()
        if self.note("article", article is None):
            fields = {k: v for k, v in content.items() if k not in ("sections", "references")}
            article = Article.objects.create(slug=slug, **fields, **self.review)
            for heading, section_slug, body, order, kind in sections:
                Section.objects.create(article=article, heading=heading, slug=section_slug,
                                       body=body, order=order, kind=kind)
            article.references.set(refs)
            self.mark_shipped(article, content)
        else:
            self.sync(article, content, f"article {slug}")
        # Condition facts for search engines: filled in where still empty (editors' values stay).
        facts = {"medical_codes": data.get("schema_codes") or [],
                 "treatments": data.get("schema_treatments") or [],
                 "signs_and_symptoms": data.get("schema_signs") or []}  # fmt: skip
        missing = {name: value for name, value in facts.items()
                   if value and not getattr(article, name)}  # fmt: skip
        if missing:
            Article.objects.filter(pk=article.pk).update(**missing)
        # FAQs have their own slugs, so a new FAQ is added even to an existing article.
        for index, faq in enumerate(data.get("faqs") or [], start=1):
            faq_slug = self.field(faq, "slug", path)
            faq_content = {
                "article": slug,
                "question": self.field(faq, "question", path),
                "answer": self.field(faq, "answer", path).strip(),
                "order": index,
            }
            existing = FAQ.objects.originals().filter(slug=faq_slug).first()
            if self.note("FAQ", existing is None):
                created = FAQ.objects.create(
                    article=article, slug=faq_slug, question=faq_content["question"],
                    answer=faq_content["answer"], order=index, **self.review,
                )
                self.mark_shipped(created, faq_content)
            else:
                self.sync(existing, faq_content, f"FAQ {faq_slug}")

    def load_term(self, item: dict, path: Path) -> None:
        slug = self.field(item, "slug", path)
        content = {
            "term": self.field(item, "term", path),
            "definition": " ".join(self.field(item, "definition", path).split()),
            "also_called": item.get("also_called") or "",
        }
        term = GlossaryTerm.objects.originals().filter(slug=slug).first()
        if self.note("glossary term", term is None):
            term = GlossaryTerm.objects.create(slug=slug, **content, **self.review)
            self.mark_shipped(term, content)
        else:
            self.sync(term, content, f"glossary term {slug}")

    def load_comparison(self, data: dict, path: Path) -> None:
        slug = self.field(data, "slug", path)
        column_slugs = list(self.field(data, "columns", path))
        articles = {a.slug: a for a in Article.objects.originals().filter(slug__in=column_slugs)}
        if missing := [s for s in column_slugs if s not in articles]:
            raise CommandError(f"{path}: no article with slug {', '.join(missing)}.")
        rows, cells = [], []
        for index, row_data in enumerate(self.field(data, "rows", path), start=1):
            row_slug = self.field(row_data, "slug", path)
            rows.append([self.field(row_data, "feature", path), row_slug, index])
            for article_slug, cell in (row_data.get("cells") or {}).items():
                if article_slug not in articles:
                    raise CommandError(
                        f"{path}: row {row_slug!r} has a cell for {article_slug!r}, "
                        "which is not one of the columns."
                    )
                cells.append([row_slug, article_slug, self.field(cell, "answer", path),
                              " ".join((cell.get("note") or "").split())])
        refs = self.references(data.get("references") or [], path)
        content = {
            "title": self.field(data, "title", path),
            "intro": (data.get("intro") or "").strip(),
            "order": data.get("order", 0),
            "columns": [[s, index] for index, s in enumerate(column_slugs, start=1)],
            "rows": rows,
            "cells": sorted(cells),
            "references": sorted(ref.key for ref in refs),
        }
        comparison = Comparison.objects.originals().filter(slug=slug).first()
        if not self.note("comparison", comparison is None):
            self.sync(comparison, content, f"comparison {slug}")
            return
        comparison = Comparison.objects.create(
            slug=slug, title=content["title"], intro=content["intro"], order=content["order"],
            **self.review,
        )
        comparison.references.set(refs)
        columns = {
            s: ComparisonColumn.objects.create(comparison=comparison, article=articles[s],
                                               order=index)
            for s, index in content["columns"]
        }
        row_objects = {
            row_slug: ComparisonRow.objects.create(
                comparison=comparison, feature=feature, slug=row_slug, order=order)
            for feature, row_slug, order in rows
        }
        for row_slug, article_slug, answer, note in cells:
            ComparisonCell.objects.create(row=row_objects[row_slug], column=columns[article_slug],
                                          answer=answer, note=note)
        self.mark_shipped(comparison, content)
