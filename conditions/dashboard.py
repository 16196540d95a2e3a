"""What the editorial dashboard lists, per user. Read-only queries only."""

from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone

from conditions import translations
from conditions.models import FAQ, Article, Comparison, GlossaryTerm, Translation
from conditions.workflow import add_months

REVIEWED = [Article, FAQ, GlossaryTerm, Comparison]
DUE_WITHIN_DAYS = 30
STALE_TRIAL_MONTHS = 12
FEEDBACK_SHOWN = 10
SYNC_RUNS_SHOWN = 5


@dataclass
class Entry:
    item: object
    kind: str
    model_name: str
    note: str = ""


@dataclass
class Panels:
    waiting_for_review: list[Entry] | None = None
    due_for_review: list[Entry] | None = None
    my_drafts: list[Entry] | None = None
    stale_trials: list | None = None
    sync_runs: list | None = None
    feedback: list | None = None
    enquiries: dict | None = None
    translations: dict | None = None  # language -> {"outdated": [...], "missing": ...}
    may_translate: bool = False
    shown: list[str] = field(default_factory=list)

    @property
    def visible(self) -> bool:
        return bool(self.shown)


def _entries(querysets, note=lambda item: "") -> list[Entry]:
    return [
        Entry(item, model._meta.verbose_name, model._meta.model_name, note(item))
        for model, queryset in querysets
        for item in queryset
    ]


def panels_for(user) -> Panels:
    panels = Panels()
    today = timezone.localdate()
    can_view_content = all(user.has_perm(f"conditions.view_{m._meta.model_name}")
                           for m in REVIEWED)
    if user.has_perm("conditions.approve_and_publish"):
        panels.waiting_for_review = _entries(
            (m, m.objects.in_review().select_related("draft_of"))
            for m in [*REVIEWED, Translation]
        )
        panels.shown.append("waiting_for_review")
    if can_view_content:
        def due_note(item):
            days = (item.next_review_due - today).days
            return f"overdue by {-days} days" if days < 0 else f"due in {days} days"

        panels.due_for_review = sorted(
            _entries(((m, m.objects.published().due_for_review(within_days=DUE_WITHIN_DAYS))
                      for m in REVIEWED), due_note),
            key=lambda entry: entry.item.next_review_due,
        )
        panels.my_drafts = _entries(
            (m, m.objects.filter(created_by=user).exclude(status="published"))
            for m in REVIEWED
        )
        panels.shown += ["due_for_review", "my_drafts"]
    if user.has_perm("conditions.view_translation"):
        panels.translations = {language: translation_states(language)
                               for language in translations.LANGUAGES}
        panels.may_translate = user.has_perm("conditions.change_translation")
        panels.shown.append("translations")
    if user.has_perm("trials.view_trial"):
        from trials.models import OPEN_STATUSES, Trial
        from trials.staleness import stale_q

        # Only trials that say they take people need checking; closed ones are history.
        cutoff = add_months(today, -STALE_TRIAL_MONTHS)
        panels.stale_trials = list(
            Trial.objects.listed().filter(overall_status__in=OPEN_STATUSES)
            .filter(Q(last_update_posted__lt=cutoff) | stale_q())
            .order_by(F("last_update_posted").asc(nulls_first=True), "pk")
            .only("nct_id", "clinic_reference", "brief_title", "overall_status",
                  "last_update_posted", "status_verified", "last_known_status")[:50]
        )
        panels.shown.append("stale_trials")
    if user.has_perm("trials.view_syncrun"):
        from trials.models import SyncRun

        panels.sync_runs = list(SyncRun.objects.prefetch_related("conditions")[:SYNC_RUNS_SHOWN])
        panels.shown.append("sync_runs")
    if user.has_perm("feedback.view_feedback"):
        from feedback.models import Feedback

        panels.feedback = list(Feedback.objects.order_by("is_handled", "-created_at")
                               [:FEEDBACK_SHOWN])
        panels.shown.append("feedback")
    if user.has_perm("enquiries.view_enquiry"):
        from enquiries.models import Enquiry

        panels.enquiries = Enquiry.objects.waiting_summary()
        panels.shown.append("enquiries")
    return panels


TRANSLATION_STATES = ("outdated", "missing", "up_to_date")


def translation_states(language: str) -> dict[str, list]:
    """Every live English item by the state of its translation: outdated (longest first),
    missing, up to date."""
    found = {state: [] for state in TRANSLATION_STATES}
    for entry in translations.states(language):
        found[entry.state.replace(" ", "_")].append(entry)
    found["outdated"].sort(key=lambda entry: entry.outdated_since)
    return found
