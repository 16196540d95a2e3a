"""Load the shipped MMN, ALS and CIDP content from conditions/content/*.yaml.

Idempotent: an item that already exists (same slug or reference key) is left
exactly as it is, because staff may have edited it in the admin.
"""

import datetime
from collections import Counter
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

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

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
REVIEW_INTERVAL = datetime.timedelta(days=365)


def read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from exc


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

        for kind in ["reference", "article", "FAQ", "glossary term", "comparison"]:
            self.stdout.write(
                f"{kind}s: {self.created[kind]} created, {self.present[kind]} already present"
            )

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
        _, created = Reference.objects.get_or_create(
            key=self.field(item, "key", path),
            defaults={
                "citation": self.field(item, "citation", path),
                "url": item.get("url") or "",
                "doi": item.get("doi") or "",
                "pmid": str(item.get("pmid") or ""),
                "published": str(item.get("published") or ""),
                "checked_on": self.checked_on(item.get("checked_on"), path),
            },
        )
        self.note("reference", created)

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
        article = Article.objects.filter(slug=slug).first()
        if self.note("article", article is None):
            article = Article.objects.create(
                slug=slug,
                name=self.field(data, "name", path),
                short_name=data.get("short_name", ""),
                summary=self.field(data, "summary", path).strip(),
                order=data.get("order", 0),
                also_known_as=list(data.get("schema_also_known_as") or []),
                key_points="\n".join(" ".join(p.split()) for p in data.get("key_points") or []),
                **self.review,
            )
            Section.objects.bulk_create(
                Section(
                    article=article,
                    heading=self.field(section, "heading", path),
                    slug=self.field(section, "slug", path),
                    body=self.field(section, "body", path).strip(),
                    order=index,
                    kind=section.get("kind") or SectionKind.STANDARD,
                )
                for index, section in enumerate(data.get("sections") or [], start=1)
            )
            article.references.set(self.references(data.get("references") or [], path))
        # FAQs have their own slugs, so a new FAQ is added even to an existing article.
        for index, faq in enumerate(data.get("faqs") or [], start=1):
            slug = self.field(faq, "slug", path)
            if self.note("FAQ", not FAQ.objects.filter(slug=slug).exists()):
                FAQ.objects.create(
                    article=article,
                    slug=slug,
                    question=self.field(faq, "question", path),
                    answer=self.field(faq, "answer", path).strip(),
                    order=index,
                    **self.review,
                )

    def load_term(self, item: dict, path: Path) -> None:
        _, created = GlossaryTerm.objects.get_or_create(
            slug=self.field(item, "slug", path),
            defaults={
                "term": self.field(item, "term", path),
                "definition": " ".join(self.field(item, "definition", path).split()),
                "also_called": item.get("also_called") or "",
                **self.review,
            },
        )
        self.note("glossary term", created)

    def load_comparison(self, data: dict, path: Path) -> None:
        slug = self.field(data, "slug", path)
        if not self.note("comparison", not Comparison.objects.filter(slug=slug).exists()):
            return
        comparison = Comparison.objects.create(
            slug=slug,
            title=self.field(data, "title", path),
            intro=(data.get("intro") or "").strip(),
            order=data.get("order", 0),
            **self.review,
        )
        comparison.references.set(self.references(data.get("references") or [], path))
        column_slugs = list(self.field(data, "columns", path))
        articles = {a.slug: a for a in Article.objects.filter(slug__in=column_slugs)}
        if missing := [s for s in column_slugs if s not in articles]:
            raise CommandError(f"{path}: no article with slug {', '.join(missing)}.")
        columns = {
            s: ComparisonColumn.objects.create(
                comparison=comparison, article=articles[s], order=index
            )
            for index, s in enumerate(column_slugs, start=1)
        }
        for index, row_data in enumerate(self.field(data, "rows", path), start=1):
            row = ComparisonRow.objects.create(
                comparison=comparison,
                feature=self.field(row_data, "feature", path),
                slug=self.field(row_data, "slug", path),
                order=index,
            )
            for article_slug, cell in (row_data.get("cells") or {}).items():
                if article_slug not in columns:
                    raise CommandError(
                        f"{path}: row {row.slug!r} has a cell for {article_slug!r}, "
                        "which is not one of the columns."
                    )
                ComparisonCell.objects.create(
                    row=row,
                    column=columns[article_slug],
                    answer=self.field(cell, "answer", path),
                    note=" ".join((cell.get("note") or "").split()),
                )
