"""Admin for condition content. SimpleHistoryAdmin everywhere so every change is traceable.

Reviewed items (articles, FAQs, glossary terms, comparisons) follow the editorial
workflow in conditions/workflow.py: a published item is read-only here, and "Edit as
a new draft" opens its draft copy; buttons and actions call the workflow functions.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from common.history_admin import ReadOnlyHistoryAdmin
from conditions import dashboard, history, translations, workflow
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
from conditions.readability import Readability, article_readability, reading_grade

REVIEW_FIELDSET = (
    "Review",
    {
        "fields": (
            "workflow_state", "reviewed_by", "reviewed_on", "next_review_due",
            "review_interval_months",
        ),
        "description": "Set by the review workflow: use the buttons above the form.",
    },
)
WORKFLOW_READONLY = ("workflow_state", "reviewed_by", "reviewed_on", "next_review_due")
REVIEW_FILTERS = ("status", "reviewed_on", "next_review_due")


def readability_table(scores: list[Readability]) -> str:
    rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td>{}</td><td>{}{}</td></tr>',
        (
            (
                score.label,
                "–" if score.grade is None else score.grade,
                format_html("<strong>{}</strong>", score.verdict) if score.is_too_hard else "",
                "" if score.is_too_hard else score.verdict,
            )
            for score in scores
        ),
    )
    return format_html(
        '<table class="readability"><caption>Flesch-Kincaid school grade (aim for 8 or '
        'lower)</caption><thead><tr><th scope="col">Part</th><th scope="col">Grade</th>'
        '<th scope="col">Verdict</th></tr></thead><tbody>{}</tbody></table>',
        rows,
    )


class ContentRuleMixin:
    """Sections, rows, columns, cells and references (pages and inlines) obey the one rule,
    `workflow.may_change`, on the server: for the object as it stands before the form (the
    permission checks) and as the form would save it (save and delete)."""

    def _may_change(self, request, obj) -> bool:
        return obj is None or workflow.may_change(user=request.user, obj=obj)

    def has_add_permission(self, request, obj=None):
        if isinstance(self, InlineModelAdmin):  # obj is the parent being edited
            allowed = super().has_add_permission(request, obj)
        else:
            allowed = super().has_add_permission(request)
        return allowed and self._may_change(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_change(request, obj)

    def save_model(self, request, obj, form, change):
        workflow.ensure_may_change(user=request.user, obj=obj)  # e.g. the parent just chosen
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        workflow.ensure_may_change(user=request.user, obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            workflow.ensure_may_change(user=request.user, obj=obj)
        super().delete_queryset(request, queryset)


class ReviewedAdmin(ReadOnlyHistoryAdmin):
    """Shared workflow behaviour for articles, FAQs, glossary terms and comparisons."""

    change_form_template = "admin/conditions/reviewed_change_form.html"
    actions = ["submit_selected", "approve_selected"]

    # --- permissions: a published item is never edited in place ---
    def has_change_permission(self, request, obj=None):
        if obj is not None:
            return workflow.may_change(user=request.user, obj=obj)
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is not None and obj.is_published:
            return allowed and request.user.is_superuser
        return allowed

    def has_submit_for_review_permission(self, request):
        return request.user.has_perm("conditions.submit_for_review")

    def has_approve_and_publish_permission(self, request):
        return request.user.has_perm("conditions.approve_and_publish")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *WORKFLOW_READONLY)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("draft_copies")  # workflow_state

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Article:
            kwargs["queryset"] = Article.objects.originals()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        workflow.ensure_may_change(user=request.user, obj=obj)
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="status", ordering="status")
    def workflow_state(self, obj) -> str:
        if obj.is_draft_copy:
            return f"{obj.get_status_display()}: changes to the published version"
        copy = workflow.pending_copy(obj) if obj.is_published else None
        if copy is not None:
            return f"{obj.get_status_display()} (changes pending: {copy.get_status_display()})"
        return obj.get_status_display()

    def get_list_display(self, request):
        return [name if name != "status" else "workflow_state"
                for name in super().get_list_display(request)]

    # --- actions and buttons ---
    def _run(self, request, step, item, **kwargs):
        """Run one workflow step; report a refusal as a message. Returns the item or None."""
        try:
            return step(item=item, user=request.user, **kwargs)
        except (PermissionDenied, ValidationError) as exc:
            text = "; ".join(getattr(exc, "messages", [str(exc)]))
            self.message_user(request, f"{item}: {text}", messages.ERROR)
            return None

    @admin.action(description="Submit selected for review", permissions=["submit_for_review"])
    def submit_selected(self, request, queryset):
        done = sum(bool(self._run(request, workflow.submit_for_review, item))
                   for item in queryset)
        self.message_user(request, f"{done} submitted for review.")

    @admin.action(description="Approve and publish selected", permissions=["approve_and_publish"])
    def approve_selected(self, request, queryset):
        done = sum(bool(self._run(request, workflow.approve_and_publish, item))
                   for item in queryset)
        self.message_user(request, f"{done} approved and published.")

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/workflow/", view(self.workflow_view),
                 name=f"{prefix}_workflow"),
            path("<int:object_id>/versions/", view(self.versions_view),
                 name=f"{prefix}_versions"),
            path("<int:object_id>/versions/<int:history_id>/revert/", view(self.revert_view),
                 name=f"{prefix}_revert"),
            path("<int:object_id>/revisions/<int:revision_id>/revert/",
                 view(self.revert_revision_view), name=f"{prefix}_revert_revision"),
            *super().get_urls(),
        ]

    def _change_url(self, item) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                       args=[item.pk])

    def _viewable_item(self, request, object_id):
        """The item behind a custom admin URL; 404 if missing, 403 if the user may not view it."""
        item = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_permission(request, item):
            raise PermissionDenied
        return item

    def workflow_view(self, request, object_id):
        """POST only: start a draft copy, submit, approve or send back (with a comment)."""
        if request.method != "POST":
            raise PermissionDenied
        item = self._viewable_item(request, object_id)
        step = request.POST.get("step")
        comment = request.POST.get("comment", "")
        if step == "start_draft":
            copy = workflow.start_draft(item=item, user=request.user)
            self.message_user(request, "You are editing a draft. The published page stays "
                                       "as it is until a reviewer approves your changes.")
            return redirect(self._change_url(copy))
        steps = {
            "submit": (workflow.submit_for_review, "Submitted for review."),
            "approve": (workflow.approve_and_publish, "Approved and published."),
            "send_back": (workflow.send_back, "Sent back to the editor."),
        }
        if step not in steps:
            raise PermissionDenied
        function, done = steps[step]
        result = self._run(request, function, item, comment=comment)
        if result is not None:
            self.message_user(request, done)
        return redirect(self._change_url(result or item))

    def versions_view(self, request, object_id):
        """History with who changed what, a readable diff and "Revert to this version"."""
        item = self._viewable_item(request, object_id)
        records = list(item.history.select_related("history_user").order_by("-history_date",
                                                                            "-history_id"))
        by_id = {record.history_id: record for record in records}
        new = by_id.get(_int(request.GET.get("new"))) or (records[0] if records else None)
        old = by_id.get(_int(request.GET.get("old")))
        if old is None and new is not None:
            older = [r for r in records if r.history_date < new.history_date]
            old = older[0] if older else None
        changes = history.compare_versions(item, old, new) if old and new else []
        context = {
            **self.admin_site.each_context(request),
            "title": f"Versions of {item}",
            "opts": self.opts,
            "original": item,
            "records": records,
            "old": old,
            "new": new,
            "changes": changes,
            "can_revert": request.user.has_perm("conditions.revert_version"),
            "change_url": self._change_url(item),
            "live_revisions": revisions_of(item.original),
        }
        return TemplateResponse(request, "admin/conditions/versions.html", context)

    def revert_view(self, request, object_id, history_id):
        if request.method != "POST":
            raise PermissionDenied
        item = self._viewable_item(request, object_id)
        try:
            draft = workflow.revert_to(item=item, history_id=history_id, user=request.user)
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return redirect(self._change_url(item))
        self.message_user(request, "The earlier version is restored as a draft. Submit it for "
                                   "review to publish it.")
        return redirect(self._change_url(draft))

    def revert_revision_view(self, request, object_id, revision_id):
        """POST only: a new draft from an approved revision, to be reviewed again."""
        if request.method != "POST":
            raise PermissionDenied
        item = self._viewable_item(request, object_id)
        try:
            draft = workflow.revert_to_revision(item=item, revision_id=revision_id,
                                                user=request.user)
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return redirect(self._change_url(item))
        self.message_user(request, "That approved revision is now a draft. Submit it for "
                                   "review to publish it.")
        return redirect(self._change_url(draft))

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        if obj is not None:
            user = request.user
            context.update(
                live_changes=[] if obj.is_published else history.changes_against_live(obj),
            )
            context.update(
                workflow_item=obj,
                review_notes=workflow.review_notes(obj)[:20],
                pending_copy=workflow.pending_copy(obj) if obj.is_published else None,
                may_start_draft=obj.is_published and user.has_perm(
                    f"conditions.change_{self.opts.model_name}"),
                may_submit=obj.status == Status.DRAFT and user.has_perm(
                    "conditions.submit_for_review"),
                may_approve=obj.status == Status.IN_REVIEW and user.has_perm(
                    "conditions.approve_and_publish"),
                may_send_back=obj.status == Status.IN_REVIEW and user.has_perm(
                    "conditions.send_back"),
                preview_url=reverse("conditions:preview",
                                    args=[self.opts.model_name, obj.pk]),
                versions_url=reverse(
                    f"admin:conditions_{self.opts.model_name}_versions", args=[obj.original.pk]),
                workflow_url=reverse(
                    f"admin:conditions_{self.opts.model_name}_workflow", args=[obj.pk]),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


def revisions_of(item) -> list[Revision]:
    """The item's approved revisions, newest first, with the names of who changed each."""
    found = list(Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk,
    ).select_related("approved_by__staff_profile"))
    ids = {user_id for revision in found for user_id in revision.authors}
    users = {user.pk: user.get_full_name() or user.get_username()
             for user in get_user_model().objects.filter(pk__in=ids)}
    for revision in found:
        revision.author_names = [users.get(user_id, "a removed account")
                                 for user_id in revision.authors]
    return found


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class SectionInline(ContentRuleMixin, admin.StackedInline):
    model = Section
    extra = 0
    fields = ("order", "heading", "slug", "kind", "body", "reading_grade")
    readonly_fields = ("reading_grade",)
    prepopulated_fields = {"slug": ("heading",)}
    ordering = ("order", "id")

    @admin.display(description="reading grade")
    def reading_grade(self, section) -> str:
        score = Readability(section.heading, reading_grade(section.body))
        return f"{'–' if score.grade is None else score.grade} ({score.verdict})"


class FAQInline(admin.StackedInline):
    """Listed for reference only: FAQs go through review on their own pages."""

    model = FAQ
    extra = 0
    fields = ("order", "question", "status")
    readonly_fields = fields
    show_change_link = True
    ordering = ("order", "id")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(ReviewedAdmin):
    list_display = ("name", "short_name", "status", "reviewed_on", "next_review_due", "order")
    list_filter = REVIEW_FILTERS
    search_fields = ("name", "short_name", "summary", "sections__heading")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("references",)
    inlines = [SectionInline, FAQInline]
    readonly_fields = ("created_at", "updated_at", "created_by", "readability")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "order", "summary", "also_known_as")}),
        ("Key points", {"fields": ("key_points",)}),
        ("For search engines", {
            "classes": ("collapse",),
            "description": "Codes (ICD-10-CM, Orphanet), main treatments and signs, shown to "
                           "search engines as structured data; reviewed like the text.",
            "fields": ("medical_codes", "treatments", "signs_and_symptoms"),
        }),
        ("Readability", {"fields": ("readability",)}),
        REVIEW_FIELDSET,
        ("Sources", {"fields": ("references",)}),
        ("Record", {"fields": ("created_at", "updated_at", "created_by")}),
    )

    @admin.display(description="Reading grade by section")
    def readability(self, obj) -> str:
        if obj.pk is None:
            return "Shown after the first save."
        return readability_table(article_readability(obj))

    def get_urls(self):
        return [
            path("dashboard/", self.admin_site.admin_view(self.dashboard_view),
                 name="conditions_dashboard"),
            *super().get_urls(),
        ]

    def dashboard_view(self, request):
        panels = dashboard.panels_for(request.user)
        if not panels.visible:
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Editorial dashboard",
            "panels": panels,
        }
        return TemplateResponse(request, "admin/conditions/dashboard.html", context)


@admin.register(Section)
class SectionAdmin(ContentRuleMixin, ReadOnlyHistoryAdmin):
    list_display = ("heading", "article", "order")
    list_filter = ("article",)
    search_fields = ("heading", "body")
    prepopulated_fields = {"slug": ("heading",)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = workflow.editable(Article, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(FAQ)
class FAQAdmin(ReviewedAdmin):
    list_display = ("question", "article", "status", "reviewed_on", "next_review_due", "order")
    list_filter = (*REVIEW_FILTERS, "article")
    search_fields = ("question", "answer")
    prepopulated_fields = {"slug": ("question",)}
    readonly_fields = ("answer_readability",)
    fieldsets = (
        (None, {"fields": ("article", "order", "question", "slug", "answer",
                           "answer_readability")}),
        REVIEW_FIELDSET,
    )

    @admin.display(description="Reading grade of the answer")
    def answer_readability(self, obj) -> str:
        return readability_table([Readability("Answer", reading_grade(obj.answer))])


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ReviewedAdmin):
    list_display = ("term", "also_called", "status", "reviewed_on", "next_review_due")
    list_filter = REVIEW_FILTERS
    search_fields = ("term", "also_called", "definition")
    prepopulated_fields = {"slug": ("term",)}
    readonly_fields = ("definition_readability",)
    fieldsets = (
        (None, {"fields": ("term", "slug", "definition", "definition_readability",
                           "also_called")}),
        REVIEW_FIELDSET,
    )

    @admin.display(description="Reading grade of the definition")
    def definition_readability(self, obj) -> str:
        return readability_table([Readability("Definition", reading_grade(obj.definition))])


@admin.register(Reference)
class ReferenceAdmin(ContentRuleMixin, ReadOnlyHistoryAdmin):
    """A reference cited by a published or in-review item is locked: to correct it, add a
    new reference to a draft of the item (the old one stays until that draft is approved)."""

    list_display = ("key", "citation", "published", "checked_on", "pmid", "doi")
    # A source's address typed without a scheme is an https one (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ("key", "citation", "pmid", "doi")


class ComparisonColumnInline(ContentRuleMixin, admin.TabularInline):
    model = ComparisonColumn
    extra = 0
    fields = ("order", "article")
    ordering = ("order", "id")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = Article.objects.originals()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ComparisonRowInline(ContentRuleMixin, admin.TabularInline):
    model = ComparisonRow
    extra = 0
    fields = ("order", "feature", "slug")
    prepopulated_fields = {"slug": ("feature",)}
    ordering = ("order", "id")
    show_change_link = True  # cells are edited on the row's own page


@admin.register(Comparison)
class ComparisonAdmin(ReviewedAdmin):
    list_display = ("title", "status", "reviewed_on", "next_review_due", "order")
    list_filter = REVIEW_FILTERS
    search_fields = ("title", "intro", "rows__feature")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("references",)
    inlines = [ComparisonColumnInline, ComparisonRowInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "order", "intro")}),
        REVIEW_FIELDSET,
        ("Sources", {"fields": ("references",)}),
    )


class ComparisonCellInline(ContentRuleMixin, admin.TabularInline):
    model = ComparisonCell
    extra = 0
    fields = ("column", "answer", "note")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the columns of the row's own comparison.
        if db_field.name == "column":
            row_id = request.resolver_match.kwargs.get("object_id")
            row = ComparisonRow.objects.filter(pk=row_id).first() if row_id else None
            if row is not None:
                kwargs["queryset"] = ComparisonColumn.objects.filter(
                    comparison=row.comparison
                ).select_related("article")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ComparisonRow)
class ComparisonRowAdmin(ContentRuleMixin, ReadOnlyHistoryAdmin):
    list_display = ("feature", "comparison", "order")
    list_filter = ("comparison",)
    search_fields = ("feature", "cells__answer", "cells__note")
    prepopulated_fields = {"slug": ("feature",)}
    inlines = [ComparisonCellInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "comparison":
            kwargs["queryset"] = workflow.editable(Comparison, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ComparisonCell)
class ComparisonCellAdmin(ContentRuleMixin, ReadOnlyHistoryAdmin):
    list_display = ("row", "column", "answer")
    list_filter = ("row__comparison",)
    search_fields = ("answer", "note", "row__feature")
    list_select_related = ("row", "column__article")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("row", "column"):
            comparisons = workflow.editable(Comparison, request.user)
            kwargs["queryset"] = db_field.related_model.objects.filter(
                comparison__in=comparisons).select_related("comparison")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def revert_disabled(self, request, obj=None):
        return True


# --- translations: the translator's screen ------------------------------------------------


def _field_name(key: tuple) -> str:
    return "t__" + "__".join(key)


class TranslationTextForm(forms.ModelForm):
    """One box per translatable part of the English revision the translation translates,
    labelled with the English words; saved back into `Translation.text`."""

    parts: list = []  # (key, label, English words), set per translation by get_form

    class Meta:
        model = Translation
        fields = ["review_interval_months"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, _, _ in self.parts:
            self.initial.setdefault(_field_name(key),
                                    translations.text_at(self.instance.text, key))

    def save(self, commit=True):
        text = self.instance.text or {}
        for key, _, _ in self.parts:
            text = translations.with_text_at(text, key, self.cleaned_data.get(_field_name(key),
                                                                              "").strip())
        self.instance.text = text
        return super().save(commit)


@admin.register(Translation)
class TranslationAdmin(ReviewedAdmin):
    """Translations go through the same workflow as English content. Drafts are started
    from the English item ("Translate" on the dashboard, or "Edit as a new draft" here,
    which also moves the draft to the English live revision); never added blank."""

    change_form_template = "admin/conditions/translation_change_form.html"
    list_display = ("__str__", "language", "english_kind", "state", "status", "reviewed_on")
    list_filter = ("language", "status")
    search_fields = ("slug",)
    readonly_fields = ("english_item", "language", "translates", "translated_by")

    def has_add_permission(self, request):
        return False

    @admin.display(description="kind")
    def english_kind(self, obj) -> str:
        return obj.english_kind

    @admin.display(description="English item")
    def english_item(self, obj) -> str:
        english = obj.english
        if english is None:
            return "(removed)"
        url = reverse(f"admin:conditions_{english._meta.model_name}_change", args=[english.pk])
        return format_html('<a href="{}">{}</a>', url, english)

    @admin.display(description="translates the English revision")
    def translates(self, obj) -> str:
        source = obj.source_revision
        return f"approved {source.approved_at:%Y-%m-%d %H:%M} (hash {obj.source_hash[:12]})"

    @admin.display(description="state")
    def state(self, obj) -> str:
        if obj.is_draft_copy or obj.live_revision_id is None:
            return "not live"
        english = obj.english
        live = obj.live_revision.snapshot["fields"]["source_revision_id"]
        if english is None or english.live_revision_id == live:
            return "up to date"
        waived = obj.waivers.filter(translated_revision_id=live,
                                    english_revision_id=english.live_revision_id).exists()
        return "up to date (English change waived)" if waived else "outdated"

    def get_fieldsets(self, request, obj=None):
        parts = [_field_name(key) for key, _, _ in self._parts(obj)]
        return [
            (None, {"fields": ("english_item", "language", "translates", "translated_by")}),
            ("Translation", {"fields": parts,
                             "description": "Each box is labelled with the English words "
                                            "it translates. Leave a box empty to show the "
                                            "English there, marked as English."}),
            REVIEW_FIELDSET,
        ]

    @staticmethod
    def _parts(obj) -> list:
        return translations.english_parts(obj.source_revision.snapshot) if obj else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        parts = self._parts(obj)
        fields = {
            _field_name(key): forms.CharField(
                label=label, required=False, help_text=format_html("English: {}", english),
                widget=forms.Textarea(attrs={"rows": 6, "lang": obj.language})
                if key[-1] in ("body", "summary", "key_points", "answer", "definition",
                               "intro", "note")
                else forms.TextInput(attrs={"size": 80, "lang": obj.language}))
            for key, label, english in parts
        }
        form = type("TranslationForm", (TranslationTextForm,), {**fields, "parts": parts})
        kwargs["fields"] = ["review_interval_months"]
        return super().get_form(request, obj, change, form=form, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("start/<str:model_name>/<int:english_id>/", view(self.start_view),
                 name="conditions_translation_start"),
            path("<int:object_id>/waive/", view(self.waive_view),
                 name="conditions_translation_waive"),
            *super().get_urls(),
        ]

    def start_view(self, request, model_name, english_id):
        """POST only: open the Spanish draft of an English item (a new one, or the draft
        copy of the live translation, now translating the English live revision)."""
        if request.method != "POST":
            raise PermissionDenied
        english = translations.english_item(model_name, english_id)
        if english is None:
            raise Http404
        language = request.POST.get("language", "es")
        try:
            draft = translations.start_translation(item=english, language=language,
                                                   user=request.user)
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return redirect("admin:conditions_article_dashboard")
        self.message_user(request, "You are editing a draft translation. The published page "
                                   "stays as it is until a reviewer approves it.")
        return redirect(self._change_url(draft))

    def workflow_view(self, request, object_id):
        if request.method == "POST" and request.POST.get("step") == "start_draft":
            item = self._viewable_item(request, object_id)
            english = item.english
            if english is None:
                raise Http404
            draft = translations.start_translation(item=english, language=item.language,
                                                   user=request.user)
            return redirect(self._change_url(draft))
        return super().workflow_view(request, object_id)

    def waive_view(self, request, object_id):
        """POST only: record that the English change does not affect the translation."""
        if request.method != "POST":
            raise PermissionDenied
        item = self._viewable_item(request, object_id)
        try:
            translations.waive_update(translation_item=item, user=request.user,
                                      reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, "Recorded: the English change does not affect this "
                                       "translation.")
        return redirect(self._change_url(item))

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        if obj is not None:
            context.update(
                translator_parts=translations.translator_parts(obj),
                waivers=obj.original.waivers.select_related("decided_by",
                                                            "english_revision"),
                may_waive=(obj.is_published and self.state(obj) == "outdated"
                           and request.user.has_perm("conditions.waive_translation_update")),
                waive_url=reverse("admin:conditions_translation_waive", args=[obj.pk]),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
