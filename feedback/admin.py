from django.contrib import admin

from common.history_admin import ReadOnlyHistoryAdmin
from feedback.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyHistoryAdmin):
    list_display = ["created_at", "page", "is_helpful", "short_comment", "is_handled"]
    list_filter = ["is_handled", "is_helpful", "created_at"]
    search_fields = ["page", "comment"]
    readonly_fields = ["page", "is_helpful", "comment", "created_at", "handled_by", "handled_at"]
    fields = readonly_fields[:4] + ["is_handled", "handled_by", "handled_at"]
    actions = ["mark_handled"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # feedback only comes from visitors

    @admin.display(description="comment")
    def short_comment(self, obj: Feedback) -> str:
        return obj.comment[:80]

    @admin.action(description="Mark selected feedback as handled", permissions=["change"])
    def mark_handled(self, request, queryset):
        for item in queryset.unhandled():
            item.mark_handled(request.user)
        self.message_user(request, "Marked as handled.")

    def save_model(self, request, obj, form, change):
        if obj.is_handled and obj.handled_by is None:
            obj.mark_handled(request.user)
        else:
            super().save_model(request, obj, form, change)
