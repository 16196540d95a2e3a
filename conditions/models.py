"""Condition articles, glossary, FAQs and comparisons, all edited in the admin.

Content lives in plain FK'd rows (no JSON blobs) so a later review workflow can copy
an item into a pending draft while the published one stays live.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


class ReviewedQuerySet(models.QuerySet):
    """Shared by every item that goes through review before it is public."""

    def published(self) -> "ReviewedQuerySet":
        """Only published items are ever shown to the public (never a pending draft copy)."""
        return self.filter(status=Status.PUBLISHED, draft_of__isnull=True)

    def originals(self) -> "ReviewedQuerySet":
        """Items that are not a pending draft copy of a published item."""
        return self.filter(draft_of__isnull=True)

    def in_review(self) -> "ReviewedQuerySet":
        return self.filter(status=Status.IN_REVIEW)

    def drafts(self) -> "ReviewedQuerySet":
        return self.filter(status=Status.DRAFT)

    def due_for_review(self, within_days: int = 0) -> "ReviewedQuerySet":
        """Items whose next review date is today or earlier (or within `within_days`)."""
        limit = timezone.localdate() + datetime.timedelta(days=within_days)
        return self.filter(
            next_review_due__isnull=False, next_review_due__lte=limit, draft_of__isnull=True
        )


class FAQQuerySet(ReviewedQuerySet):
    def with_public_article(self) -> "FAQQuerySet":
        """FAQs that stand alone or belong to a published article."""
        return self.filter(
            models.Q(article__isnull=True) | models.Q(article__status=Status.PUBLISHED)
        )


# Custom permissions shared by every reviewed model (see conditions/workflow.py and
# mmn_portal/roles.py). `user.has_perm("conditions.<codename>")` grants them site-wide.
WORKFLOW_PERMISSIONS = [
    ("submit_for_review", "Can submit content for medical review"),
    ("approve_and_publish", "Can approve and publish content"),
    ("send_back", "Can send content back to the editor with a comment"),
    ("revert_version", "Can revert content to an earlier version (as a new draft)"),
]


def slug_unique_for_originals(model_name: str) -> models.UniqueConstraint:
    """Slugs are unique among live items; a pending draft copy shares its original's slug."""
    return models.UniqueConstraint(
        fields=["slug"],
        condition=models.Q(draft_of__isnull=True),
        name=f"{model_name}_slug_unique_for_originals",
        violation_error_message="Another item already uses this slug.",
    )


@dataclass(frozen=True)
class ReviewRecord:
    """What a public page says about the text it shows: who approved it and on what day,
    when it is next due for review, and when the text last changed. Pages, JSON-LD and
    the sitemap read it from `Reviewed.review_record` only."""

    reviewer: str  # "" when no clinician of the clinic has approved this text
    reviewed_on: datetime.date | None
    next_review_due: datetime.date | None
    changed_on: datetime.date | None
    partly_reviewed: bool = False  # a collection of which some items are approved, some not

    @property
    def is_reviewed(self) -> bool:
        return bool(self.reviewer and self.reviewed_on)

    @classmethod
    def combined(cls, records: list["ReviewRecord"]) -> "ReviewRecord":
        """One record for a page of many items (the glossary): reviewed only when every
        item is, since the oldest review; due at the earliest; changed at the newest."""
        reviewed = [record for record in records if record.is_reviewed]
        everyone = bool(records) and len(reviewed) == len(records)
        dues = [record.next_review_due for record in records if record.next_review_due]
        changes = [record.changed_on for record in records if record.changed_on]
        return cls(
            reviewer=", ".join(sorted({r.reviewer for r in reviewed})) if everyone else "",
            reviewed_on=min(r.reviewed_on for r in reviewed) if everyone else None,
            next_review_due=min(dues, default=None),
            changed_on=max(changes, default=None),
            partly_reviewed=bool(reviewed) and not everyone,
        )


def reviewer_display_name(user) -> str:
    if user is None:
        return ""
    profile = getattr(user, "staff_profile", None)
    if profile is not None:
        return str(profile)
    return user.get_full_name() or user.get_username()


class Reviewed(models.Model):
    """Workflow fields: who signed the item off, when, and when to look again.

    An edit to a published item is made on a *draft copy* (`draft_of` points at the
    published row); the published row stays live until a reviewer approves the copy,
    whose content is then copied onto it (conditions/workflow.py).
    """

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
    review_interval_months = models.PositiveSmallIntegerField(
        default=12, help_text="How long after approval the next review falls due."
    )
    draft_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="draft_copies",
        help_text="The published item this draft will replace once approved.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    shipped_digest = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Fingerprint of the shipped content last loaded or offered (load_content).",
    )
    # What patients read: the approved, frozen revision (conditions/revisions.py). Only
    # approval (and the loader, for shipped content no reviewer approved) moves it.
    live_revision = models.ForeignKey(
        "conditions.Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ReviewedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Only approval moves the live revision (revisions.publish, by a queryset update):
        # saving an instance read before an approval must not put its stale one back.
        updating = not self._state.adding and not kwargs.get("force_insert")
        if updating and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "live_revision"
            ]
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_draft_copy(self) -> bool:
        return self.draft_of_id is not None

    @property
    def original(self):
        """The live row this item is (or will become) public as."""
        return self.draft_of if self.draft_of_id else self

    @property
    def review_record(self) -> ReviewRecord:
        """The approval record of the text this row shows: for approved text, the approval
        (the day it became public is the day it last changed); for shipped text no clinician
        here has approved yet, the content team's own date and a first review a review
        interval later (conditions/content_dates.py), never the day it was loaded."""
        from conditions.content_dates import written_on
        from conditions.workflow import add_months

        if self.reviewed_on is not None:
            return ReviewRecord(self.reviewer_name, self.reviewed_on, self.next_review_due,
                                self.reviewed_on)  # fmt: skip
        written = written_on(self)
        due = add_months(written, self.review_interval_months) if written else None
        return ReviewRecord("", None, due, written)

    @property
    def reviewer_name(self) -> str:
        """The approving reviewer as patients read it ("Dr A. Smith, consultant
        neurologist"); "" when no clinician of the clinic has approved this version."""
        return reviewer_display_name(self.reviewed_by if self.reviewed_by_id else None)


class Reference(models.Model):
    key = models.CharField(max_length=60, unique=True, help_text="Short code, e.g. EFNS-PNS-2010.")
    citation = models.TextField()
    url = models.URLField(max_length=500, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    pmid = models.CharField("PubMed ID", max_length=20, blank=True)
    published = models.CharField(
        max_length=60,
        blank=True,
        help_text="When the source was published or last updated, e.g. 2010 or 16 July 2023.",
    )
    checked_on = models.DateField(
        null=True, blank=True, help_text="Web pages: when the team last checked the page."
    )
    shipped_digest = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    @property
    def link(self) -> str:
        """Best link to the source: its own URL, else DOI, else PubMed.

        Only web links count: a stored URL with any other scheme (javascript:, data:)
        is never turned into a link, whatever path it reached the database by.
        """
        if self.url.lower().startswith(("https://", "http://")):
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return ""


class Article(Reviewed):
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="For example MMN.")
    slug = models.SlugField(max_length=200)
    summary = models.TextField(help_text="Two or three plain sentences. Shown on lists.")
    order = models.PositiveIntegerField(default=0)
    also_known_as = models.JSONField(
        default=list, blank=True, help_text="Other names, used by search engines."
    )
    key_points = models.TextField(
        blank=True,
        help_text=(
            "The 'Key points' box at the top: one plain line each, five lines (what it is, "
            "what it is not, main symptom, main test, main treatment). Markdown allowed."
        ),
    )
    references = models.ManyToManyField(Reference, blank=True, related_name="articles")
    # Facts about the condition for search engines (JSON-LD), kept as data, not in templates.
    medical_codes = models.JSONField(
        default=list, blank=True,
        help_text='Codes for the condition, e.g. [{"system": "ICD-10-CM", "code": "G61.82"}].',
    )
    treatments = models.JSONField(
        default=list, blank=True, help_text="Names of the main treatments, e.g. IVIg."
    )
    signs_and_symptoms = models.JSONField(
        default=list, blank=True, help_text="Names of the main signs and symptoms."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["live_revision"])

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "condition article"
        permissions = WORKFLOW_PERMISSIONS
        constraints = [slug_unique_for_originals("article")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conditions:detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    @property
    def key_point_lines(self) -> list[str]:
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]


class SectionKind(models.TextChoices):
    """How a section is shown. The callout kinds are boxes marked like NHS urgent advice."""

    STANDARD = "standard", _("Standard section")
    # The clinic may be anywhere: the local number first, well-known ones as examples.
    EMERGENCY = "emergency", _(
        "Emergency: call your local emergency number (such as 911, 112 or 999)")
    URGENT = "urgent", _("Urgent: contact your care team the same day")


class Section(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, help_text="Used for the #anchor link.")
    body = models.TextField(help_text="Markdown. Raw HTML is removed.")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(
        max_length=20,
        choices=SectionKind.choices,
        default=SectionKind.STANDARD,
        blank=True,  # left empty in a form: a standard section (see save)
        help_text="Emergency and urgent sections are shown (and printed) as marked boxes.",
    )

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

    def save(self, *args, **kwargs):
        self.kind = self.kind or SectionKind.STANDARD
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#{self.slug}"

    @property
    def is_callout(self) -> bool:
        return self.kind in (SectionKind.EMERGENCY, SectionKind.URGENT)


class FAQ(Reviewed):
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="faqs"
    )
    question = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200)
    answer = models.TextField(help_text="Markdown. Raw HTML is removed.")
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["live_revision"])
    objects = FAQQuerySet.as_manager()

    class Meta:
        ordering = ["order", "question"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"
        permissions = WORKFLOW_PERMISSIONS
        constraints = [slug_unique_for_originals("faq")]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        # FAQs have no page of their own; they sit under their article.
        if self.article_id:
            return f"{reverse('conditions:detail', kwargs={'slug': self.article.slug})}#{self.slug}"
        return reverse("conditions:list")


class GlossaryTerm(Reviewed):
    term = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    definition = models.TextField(help_text="One or two plain sentences.")
    also_called = models.CharField(
        max_length=300, blank=True, help_text="Other names, separated by commas."
    )

    history = HistoricalRecords(excluded_fields=["live_revision"])

    class Meta:
        ordering = ["term"]
        verbose_name = "glossary term"
        permissions = WORKFLOW_PERMISSIONS
        constraints = [slug_unique_for_originals("glossaryterm")]

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
    slug = models.SlugField(max_length=200)
    intro = models.TextField(blank=True, help_text="Markdown. Raw HTML is removed.")
    order = models.PositiveIntegerField(default=0)
    references = models.ManyToManyField(Reference, blank=True, related_name="comparisons")

    history = HistoricalRecords(excluded_fields=["live_revision"])

    class Meta:
        ordering = ["order", "title"]
        permissions = WORKFLOW_PERMISSIONS
        constraints = [slug_unique_for_originals("comparison")]

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


class ReviewNote(models.Model):
    """One step of the review trail: submitted, approved, sent back (with a comment), reverted.

    Kept against the live item (the original), so the trail survives draft copies.
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        APPROVED = "approved", "Approved and published"
        SENT_BACK = "sent_back", "Sent back to draft"
        REVERTED = "reverted", "Reverted to an earlier version"

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=20, choices=Action.choices)
    comment = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="reviewnote_item_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.author} on {self.created_at:%Y-%m-%d}"


class SearchEntry(models.Model):
    """One part of a public page as the site search finds it: an article, a section or
    subsection, an FAQ, a glossary term, a comparison or one of its rows. Rebuilt from the
    public content (conditions/search_index.py), never edited."""

    kind = models.CharField(max_length=20)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=500)
    path = models.CharField(max_length=500, blank=True, help_text="MMN › Treatment › IVIg")
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    position = models.PositiveIntegerField(help_text="Listing order: ties in rank go by it.")
    language = models.CharField(
        max_length=8, default="en", help_text="The search it belongs to: the pages in this "
        "language, searched with its stemming and synonyms.")
    lang = models.CharField(
        max_length=8, blank=True,
        help_text="The language of its words when it is not `language` (\"en\": a part "
        "not translated yet, shown in English).")
    search_vector = SearchVectorField(null=True, editable=False)  # PostgreSQL only

    class Meta:
        ordering = ["position", "id"]
        indexes = [GinIndex(fields=["search_vector"], name="searchentry_vector_gin")]

    def __str__(self) -> str:
        return self.path or self.title


class SearchIndexState(models.Model):
    """One row: whether content changed since the search index was last built."""

    stale = models.BooleanField(default=True)

    def __str__(self) -> str:
        return "stale" if self.stale else "current"


class RevisionQuerySet(models.QuerySet):
    def live(self, model: type[Reviewed]) -> "RevisionQuerySet":
        """The revisions patients read now: one per live item of `model`."""
        live = model.objects.filter(draft_of__isnull=True, live_revision__isnull=False)
        return self.filter(pk__in=live.values("live_revision")).select_related(
            "approved_by__staff_profile")


class Revision(models.Model):
    """One approved version of a reviewed item's whole public unit, frozen (Wagtail's
    revisions): the item with its sections, key points, FAQ text, every source it shows or
    cites as shown, the comparison with its rows and cells. Public pages read only the
    item's live revision, so no later edit to any row reaches a patient unapproved.

    Never changed once written. `approved_by` is empty for shipped content that no
    clinician here has approved (pages then say it is not yet reviewed).
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(help_text="The live item (never a draft copy).")
    slug = models.SlugField(max_length=200, help_text="Where the public page is, as approved.")
    snapshot = models.JSONField(encoder=DjangoJSONEncoder)
    content_hash = models.CharField(max_length=64)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(default=timezone.now)
    reviewed_on = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    authors = models.JSONField(
        default=list, blank=True,
        help_text="Ids of everyone who changed the unit since the previous live revision.",
    )
    note = models.CharField(max_length=200, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="revision_item_idx"),
            models.Index(fields=["content_type", "slug"], name="revision_slug_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.slug} as approved on {self.approved_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A revision is never changed: approve a new one instead.")
        super().save(*args, **kwargs)

    @property
    def reviewer_name(self) -> str:
        return reviewer_display_name(self.approved_by)


class TranslationQuerySet(ReviewedQuerySet):
    def of(self, item, language: str) -> "TranslationQuerySet":
        """Translations (live rows and draft copies) of one English item into `language`."""
        from django.contrib.contenttypes.models import ContentType

        return self.filter(english_type=ContentType.objects.get_for_model(type(item)),
                           english_id=item.pk, language=language)


class Translation(Reviewed):
    """One public unit (an article with its sections and key points, an FAQ, a glossary
    term, a comparison with its rows and cells) in another language.

    It records the English live revision it translates (`source_revision`, with that
    revision's content hash), who translated it, and goes through the same draft -> review
    -> publish workflow and two-person rule as English content (conditions/workflow.py):
    approval freezes it into a `Revision` like any other item. Whether it is outdated is
    computed from revision ids (conditions/translations.py), never stored.

    `text` holds the translated words keyed like the shipped files (docs/design.md):
    fields by name, sections and comparison rows by the English slug.
    """

    language = models.CharField(max_length=8, default="es")
    english_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+",
        help_text="The kind of English item translated.",
    )
    english_id = models.PositiveBigIntegerField(help_text="The English item (its live row).")
    english = GenericForeignKey("english_type", "english_id")
    slug = models.SlugField(max_length=200, help_text="The English item's slug.")
    source_revision = models.ForeignKey(
        "conditions.Revision", on_delete=models.PROTECT, related_name="+",
        help_text="The approved English revision this text translates.",
    )
    source_hash = models.CharField(
        max_length=64, help_text="The content hash of that English revision.")
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", help_text="Empty for shipped text (the portal team).",
    )
    text = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["live_revision"])
    objects = TranslationQuerySet.as_manager()

    class Meta:
        ordering = ["language", "english_type", "slug"]
        permissions = [
            *WORKFLOW_PERMISSIONS,
            ("waive_translation_update",
             "Can record that an English change does not affect a translation"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["english_type", "english_id", "language"],
                condition=models.Q(draft_of__isnull=True),
                name="translation_one_per_item_and_language",
                violation_error_message="This item already has a translation in that language.",
            ),
        ]
        indexes = [models.Index(fields=["english_type", "english_id"],
                                name="translation_english_idx")]

    def __str__(self) -> str:
        return f"{self.title or self.slug} ({self.language})"

    def get_absolute_url(self) -> str:
        from django.utils import translation

        with translation.override(self.language):
            english = self.english
            return english.get_absolute_url() if english is not None else "/"

    @property
    def english_kind(self) -> str:
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_id(self.english_type_id).model

    @property
    def title(self) -> str:
        text = self.text or {}
        return text.get("name") or text.get("question") or text.get("term") or text.get(
            "title") or ""


class TranslationWaiver(models.Model):
    """A reviewer's record that an English change does not affect a translation (a typo
    fix): the translation made from `translated_revision` stays current for
    `english_revision`. Never changed once written; the reason is required."""

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE,
                                    related_name="waivers")
    translated_revision = models.ForeignKey(
        "conditions.Revision", on_delete=models.PROTECT, related_name="+",
        help_text="The English revision the translation was made from.",
    )
    english_revision = models.ForeignKey(
        "conditions.Revision", on_delete=models.PROTECT, related_name="+",
        help_text="The newer English revision that does not change the translation.",
    )
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "translated_revision", "english_revision"],
                name="translation_waiver_once"),
        ]

    def __str__(self) -> str:
        return f"{self.translation}: English revision {self.english_revision_id} waived"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A waiver is a record: it is never changed.")
        super().save(*args, **kwargs)
