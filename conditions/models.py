"""Condition articles, glossary, FAQs and comparisons, all edited in the admin.

Content lives in plain FK'd rows (no JSON blobs) so a later review workflow can copy
an item into a pending draft while the published one stays live.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


class ReviewedQuerySet(models.QuerySet):
    """Shared by every item that goes through review before it is public."""

    def published(self) -> "ReviewedQuerySet":
        """Only published items are ever shown to the public."""
        return self.filter(status=Status.PUBLISHED)

    def due_for_review(self, within_days: int = 0) -> "ReviewedQuerySet":
        """Items whose next review date is today or earlier (or within `within_days`)."""
        limit = timezone.localdate() + datetime.timedelta(days=within_days)
        return self.filter(next_review_due__isnull=False, next_review_due__lte=limit)


class FAQQuerySet(ReviewedQuerySet):
    def with_public_article(self) -> "FAQQuerySet":
        """FAQs that stand alone or belong to a published article."""
        return self.filter(
            models.Q(article__isnull=True) | models.Q(article__status=Status.PUBLISHED)
        )


class Reviewed(models.Model):
    """Workflow fields: who signed the item off, when, and when to look again."""

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The clinician who checked the content.",
    )
    reviewed_on = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True, db_index=True)

    objects = ReviewedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def reviewer_name(self) -> str:
        if self.reviewed_by_id is None:
            return ""
        return self.reviewed_by.get_full_name() or self.reviewed_by.get_username()


class Reference(models.Model):
    key = models.CharField(max_length=60, unique=True, help_text="Short code, e.g. EFNS-PNS-2010.")
    citation = models.TextField()
    url = models.URLField(max_length=500, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    pmid = models.CharField("PubMed ID", max_length=20, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    @property
    def link(self) -> str:
        """Best link to the source: its own URL, else DOI, else PubMed."""
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return ""


class Article(Reviewed):
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="For example MMN.")
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(help_text="Two or three plain sentences. Shown on lists.")
    order = models.PositiveIntegerField(default=0)
    also_known_as = models.JSONField(
        default=list, blank=True, help_text="Other names, used by search engines."
    )
    references = models.ManyToManyField(Reference, blank=True, related_name="articles")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "condition article"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conditions:detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class Section(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, help_text="Used for the #anchor link.")
    body = models.TextField(help_text="Markdown. Raw HTML is removed.")
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "slug"], name="section_slug_unique_per_article"
            ),
        ]

    def __str__(self) -> str:
        return self.heading

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#{self.slug}"


class FAQ(Reviewed):
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="faqs"
    )
    question = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    answer = models.TextField(help_text="Markdown. Raw HTML is removed.")
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()
    objects = FAQQuerySet.as_manager()

    class Meta:
        ordering = ["order", "question"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        # FAQs have no page of their own; they sit under their article.
        if self.article_id:
            return f"{reverse('conditions:detail', kwargs={'slug': self.article.slug})}#{self.slug}"
        return reverse("conditions:list")


class GlossaryTerm(Reviewed):
    term = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    definition = models.TextField(help_text="One or two plain sentences.")
    also_called = models.CharField(
        max_length=300, blank=True, help_text="Other names, separated by commas."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]
        verbose_name = "glossary term"

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return reverse("conditions:glossary_term", kwargs={"slug": self.slug})

    @property
    def other_names(self) -> list[str]:
        return [name.strip() for name in self.also_called.split(",") if name.strip()]

    @property
    def letter(self) -> str:
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"


class Comparison(Reviewed):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    intro = models.TextField(blank=True, help_text="Markdown. Raw HTML is removed.")
    order = models.PositiveIntegerField(default=0)
    references = models.ManyToManyField(Reference, blank=True, related_name="comparisons")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conditions:comparison", kwargs={"slug": self.slug})


class ComparisonColumn(models.Model):
    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="columns")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["comparison", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comparison", "article"], name="comparison_column_unique_article"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.comparison}: {self.article}"


class ComparisonRow(models.Model):
    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="rows")
    feature = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["comparison", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comparison", "slug"], name="comparison_row_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.feature


class ComparisonCell(models.Model):
    row = models.ForeignKey(ComparisonRow, on_delete=models.CASCADE, related_name="cells")
    column = models.ForeignKey(ComparisonColumn, on_delete=models.CASCADE, related_name="cells")
    answer = models.CharField(max_length=300, help_text="A short answer, e.g. 'No'.")
    note = models.TextField(blank=True, help_text="Optional longer explanation.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["row", "column__order"]
        constraints = [
            models.UniqueConstraint(fields=["row", "column"], name="comparison_cell_one_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.row} / {self.column.article}: {self.answer}"

    def clean(self):
        if self.row_id and self.column_id and self.row.comparison_id != self.column.comparison_id:
            raise ValidationError("The row and the column must belong to the same comparison.")
