from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from common.history_admin import ReadOnlyHistoryAdmin
from trials import clinic_text
from trials.importer import import_uploads
from trials.models import (
    CentralContact,
    Phase,
    Place,
    Site,
    SyncRun,
    SyncRunCondition,
    TrackedCondition,
    Trial,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".json,application/json"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_clean(item, initial) for item in data]
        return [single_clean(data, initial)]


class TrialUploadForm(forms.Form):
    files = MultipleFileField(
        label="Study JSON files",
        help_text="ClinicalTrials.gov API v2 study files or {\"studies\": [...]} pages, "
        "20 MB at most in total.",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if sum(f.size for f in files) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The files are larger than 20 MB in total.")
        for upload in files:
            if not upload.name.lower().endswith(".json"):
                raise forms.ValidationError(f"{upload.name} is not a .json file.")
        return files


class PhaseFilter(admin.SimpleListFilter):
    title = "phase"
    parameter_name = "phase"

    def lookups(self, request, model_admin):
        return Phase.choices

    def queryset(self, request, queryset):
        return queryset.with_phase([self.value()]) if self.value() else queryset


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["facility", "city", "state", "postcode", "country", "status", "latitude",
              "longitude"]


class CentralContactInline(admin.TabularInline):
    model = CentralContact
    extra = 0


@admin.register(Trial)
class TrialAdmin(ReadOnlyHistoryAdmin):
    list_display = ["identifier", "brief_title", "overall_status", "phase_label",
                    "is_at_this_clinic", "is_hidden", "last_update_posted"]
    list_display_links = ["identifier", "brief_title"]
    list_filter = [
        "overall_status", PhaseFilter, "study_type", "is_at_this_clinic", "is_hidden",
        "last_update_posted",
    ]
    search_fields = ["nct_id", "clinic_reference", "brief_title", "official_title",
                     "conditions_text", "lead_sponsor"]
    inlines = [SiteInline, CentralContactInline]
    actions = ["pin", "unpin", "hide", "show", "approve_clinic_text"]
    readonly_fields = ["record_version", "updated_at"]
    change_list_template = "admin/trials/trial/change_list.html"
    fieldsets = [
        (None, {"fields": ["nct_id", "clinic_reference", "brief_title", "official_title",
                           "acronym", "is_at_this_clinic", "is_hidden"]}),
        ("Description", {"fields": ["brief_summary", "detailed_description", "conditions",
                                    "keywords", "interventions"]}),
        ("Status and design", {"fields": ["overall_status", "why_stopped", "status_verified",
                                          "last_known_status", "phases", "study_type",
                                          ("enrollment_count", "enrollment_type"),
                                          "lead_sponsor", "has_results"]}),
        ("Who can take part", {"fields": ["eligibility_criteria", "minimum_age_days",
                                          "maximum_age_days", "sex", "healthy_volunteers"]}),
        ("Dates", {"fields": [("start_date", "start_date_precision", "start_date_type"),
                              ("primary_completion_date", "primary_completion_date_precision",
                               "primary_completion_date_type"),
                              ("completion_date", "completion_date_precision",
                               "completion_date_type"),
                              "first_posted", "last_update_posted", "record_version",
                              "updated_at"]}),
    ]

    @admin.display(description="Identifier", ordering="nct_id")
    def identifier(self, obj):
        return obj.identifier

    @admin.display(description="Phase")
    def phase_label(self, obj):
        return obj.phase_label

    @admin.action(description="Pin as “at this clinic”")
    def pin(self, request, queryset):
        self._flag(request, queryset, "is_at_this_clinic", True, "pinned as at this clinic")

    @admin.action(description="Unpin from “at this clinic”")
    def unpin(self, request, queryset):
        self._flag(request, queryset, "is_at_this_clinic", False, "unpinned")

    @admin.action(description="Hide from the public listing")
    def hide(self, request, queryset):
        self._flag(request, queryset, "is_hidden", True, "hidden")

    @admin.action(description="Show in the public listing")
    def show(self, request, queryset):
        waiting = [t for t in queryset if t.is_clinic_own and not clinic_text.is_approved(t)]
        if waiting:
            self.message_user(request, "The clinic's own studies are shown once another "
                              "person approves their text: " + ", ".join(
                                  t.identifier for t in waiting), messages.ERROR)
        self._flag(request, queryset.exclude(pk__in=[t.pk for t in waiting]), "is_hidden",
                   False, "shown")

    @admin.action(description="Approve the clinic's own text and show it",
                  permissions=["approve_clinic_text"])
    def approve_clinic_text(self, request, queryset):
        done = 0
        for trial in queryset:
            try:
                clinic_text.approve(trial=trial, user=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                text = "; ".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(request, f"{trial.identifier}: {text}", messages.ERROR)
        self.message_user(request, f"{done} approved and shown.")

    def has_approve_clinic_text_permission(self, request):
        return request.user.has_perm("trials.approve_clinic_text")

    def _flag(self, request, queryset, field, value, verb):
        count = 0
        places = set(Site.objects.filter(trial__in=queryset).values_list("city", "country"))
        for trial in queryset:  # save() keeps the history and search index current
            setattr(trial, field, value)
            trial.save(update_fields=[field, "updated_at"])
            count += 1
        if field == "is_hidden":
            Place.refresh(places)  # only the places of these trials' sites
        self.message_user(request, f"{count} trial{'s' if count != 1 else ''} {verb}.")

    def get_urls(self):
        urls = [
            path("upload/", self.admin_site.admin_view(self.upload_view),
                 name="trials_trial_upload"),
        ]
        return urls + super().get_urls()

    def upload_view(self, request):
        if not request.user.has_perm("trials.import_trials"):
            raise PermissionDenied
        form = TrialUploadForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            result = import_uploads((f.name, f) for f in form.cleaned_data["files"])
            level = messages.SUCCESS if result.ok else messages.ERROR
            self.message_user(request, f"Trials: {result.summary()}.", level)
            if result.ok:
                return redirect(reverse("admin:trials_trial_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload ClinicalTrials.gov study files",
            "form": form,
            "result": result,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/trials/trial/upload.html", context)


@admin.register(TrackedCondition)
class TrackedConditionAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "position", "article")
    list_editable = ("position",)
    search_fields = ("name", "short_name", "search_terms")
    fields = ("name", "short_name", "search_terms", "article", "position")


class SyncRunConditionInline(admin.TabularInline):
    model = SyncRunCondition
    extra = 0
    can_delete = False
    fields = ("condition_name", "fetched", "created", "updated", "unchanged", "failed",
              "no_longer_matching", "error")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SyncRun)
class SyncRunAdmin(admin.ModelAdmin):
    """A read-only record: runs are written by `sync_trials` only."""

    list_display = ("started_at", "finished_at", "is_ok", "is_incremental", "error")
    list_filter = ("is_ok",)
    readonly_fields = ("started_at", "finished_at", "is_ok", "is_incremental", "updated_since",
                       "error")
    inlines = [SyncRunConditionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
