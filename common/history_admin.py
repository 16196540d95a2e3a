"""simple-history's admin, with history pages that only ever show the past.

`SimpleHistoryAdmin.history_form_view` saves a POSTed form for anyone with view or
change permission, and it checks permissions against the *historical* row (an old
draft status, say), so it bypassed the editorial workflow. Hiding the revert button
does not stop the POST; refusing it here does. Reverting goes through review instead
(conditions/workflow.py `revert_to`).
"""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied("History pages are read-only.")
        return super().history_form_view(request, object_id, version_id, extra_context)
