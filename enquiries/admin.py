from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from enquiries.models import Enquiry


class EnquiryAdminForm(forms.ModelForm):
    """Only the state changes here, and only forward: new → contacted → closed."""

    class Meta:
        model = Enquiry
        fields = ["state"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            later = self.instance.later_states()
            self.fields["state"].choices = [c for c in Enquiry.State.choices if c[0] in later]


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    """Trial coordinators' view of the requests. The list shows nothing about the visitor;
    opening a request shows their details and is recorded (who, when)."""

    form = EnquiryAdminForm
    list_display = ["study", "created_at", "state", "consent_version", "waiting"]
    list_filter = ["state", "about_similar", "created_at"]
    search_fields = ["study"]
    readonly_fields = ["study", "about_similar", "created_at", "closed_at", "first_name", "email",
                       "phone", "best_time", "message", "age", "sex", "consent_version",
                       "consent_text", "opened_by"]
    fieldsets = [
        (None, {"fields": ["study", "about_similar", "created_at", "state", "closed_at"]}),
        (_("How to reach them"), {"fields": ["first_name", "email", "phone", "best_time"]}),
        (_("What they sent"), {"fields": ["message", "age", "sex"]}),
        (_("Consent"), {"fields": ["consent_version", "consent_text"]}),
        (_("Record of openings"), {"fields": ["opened_by"]}),
    ]
    actions = ["mark_contacted", "mark_closed"]

    def has_add_permission(self, request):
        return False  # requests only come from visitors

    @admin.display(description=_("waiting"))
    def waiting(self, obj: Enquiry) -> str:
        if obj.state != Enquiry.State.NEW:
            return "–"
        return timesince(obj.created_at, timezone.now())

    @admin.display(description=_("consent text"))
    def consent_text(self, obj: Enquiry) -> str:
        return obj.consent_text

    @admin.display(description=_("opened by"))
    def opened_by(self, obj: Enquiry) -> str:
        openings = obj.openings.select_related("opened_by")
        return format_html_join(
            "", "<div>{} – {}</div>",
            ((opening.opened_by or _("a deleted account"),
              timezone.localtime(opening.opened_at).strftime("%d %b %Y %H:%M"))
             for opening in openings),
        ) or _("Nobody yet")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            self.get_object(request, object_id).record_opening(request.user)
        return response

    def save_model(self, request, obj, form, change):
        wanted, obj.state = obj.state, form.initial["state"]
        obj.move_to(wanted)

    @admin.action(description=_("Mark selected requests as contacted"), permissions=["change"])
    def mark_contacted(self, request, queryset):
        self._move(request, queryset, Enquiry.State.CONTACTED)

    @admin.action(description=_("Mark selected requests as closed"), permissions=["change"])
    def mark_closed(self, request, queryset):
        self._move(request, queryset, Enquiry.State.CLOSED)

    def _move(self, request, queryset, state: str) -> None:
        moved = 0
        for enquiry in queryset:
            if state in enquiry.later_states() and enquiry.state != state:
                enquiry.move_to(state)
                moved += 1
        self.message_user(request, _("%(count)d request(s) moved to %(state)s.") % {
            "count": moved, "state": Enquiry.State(state).label})
