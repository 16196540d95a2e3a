"""Admin for condition content. SimpleHistoryAdmin everywhere so every change is traceable."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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
)

REVIEW_FIELDSET = (
    "Review",
    {"fields": ("status", "reviewed_by", "reviewed_on", "next_review_due")},
)
REVIEW_FILTERS = ("status", "reviewed_on", "next_review_due")


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ("order", "heading", "slug", "body")
    prepopulated_fields = {"slug": ("heading",)}
    ordering = ("order", "id")


class FAQInline(admin.StackedInline):
    model = FAQ
    extra = 0
    fields = ("order", "question", "slug", "answer", "status")
    prepopulated_fields = {"slug": ("question",)}
    ordering = ("order", "id")


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "status", "reviewed_on", "next_review_due", "order")
    list_filter = REVIEW_FILTERS
    search_fields = ("name", "short_name", "summary", "sections__heading")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("references",)
    inlines = [SectionInline, FAQInline]
    readonly_fields = ("created_at", "updated_at", "created_by")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "order", "summary", "also_known_as")}),
        REVIEW_FIELDSET,
        ("Sources", {"fields": ("references",)}),
        ("Record", {"fields": ("created_at", "updated_at", "created_by")}),
    )

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ("heading", "article", "order")
    list_filter = ("article",)
    search_fields = ("heading", "body")
    prepopulated_fields = {"slug": ("heading",)}


@admin.register(FAQ)
class FAQAdmin(SimpleHistoryAdmin):
    list_display = ("question", "article", "status", "reviewed_on", "next_review_due", "order")
    list_filter = (*REVIEW_FILTERS, "article")
    search_fields = ("question", "answer")
    prepopulated_fields = {"slug": ("question",)}
    fieldsets = (
        (None, {"fields": ("article", "order", "question", "slug", "answer")}),
        REVIEW_FIELDSET,
    )


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    list_display = ("term", "also_called", "status", "reviewed_on", "next_review_due")
    list_filter = REVIEW_FILTERS
    search_fields = ("term", "also_called", "definition")
    prepopulated_fields = {"slug": ("term",)}
    fieldsets = ((None, {"fields": ("term", "slug", "definition", "also_called")}), REVIEW_FIELDSET)


@admin.register(Reference)
class ReferenceAdmin(SimpleHistoryAdmin):
    list_display = ("key", "citation", "pmid", "doi")
    search_fields = ("key", "citation", "pmid", "doi")


class ComparisonColumnInline(admin.TabularInline):
    model = ComparisonColumn
    extra = 0
    fields = ("order", "article")
    ordering = ("order", "id")


class ComparisonRowInline(admin.TabularInline):
    model = ComparisonRow
    extra = 0
    fields = ("order", "feature", "slug")
    prepopulated_fields = {"slug": ("feature",)}
    ordering = ("order", "id")
    show_change_link = True  # cells are edited on the row's own page


@admin.register(Comparison)
class ComparisonAdmin(SimpleHistoryAdmin):
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


class ComparisonCellInline(admin.TabularInline):
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
class ComparisonRowAdmin(SimpleHistoryAdmin):
    list_display = ("feature", "comparison", "order")
    list_filter = ("comparison",)
    search_fields = ("feature", "cells__answer", "cells__note")
    prepopulated_fields = {"slug": ("feature",)}
    inlines = [ComparisonCellInline]


@admin.register(ComparisonCell)
class ComparisonCellAdmin(SimpleHistoryAdmin):
    list_display = ("row", "column", "answer")
    list_filter = ("row__comparison",)
    search_fields = ("answer", "note", "row__feature")
    list_select_related = ("row", "column__article")
