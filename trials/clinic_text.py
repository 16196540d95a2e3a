"""The clinic's own studies go through review: one coordinator alone cannot publish them.

A study without an NCT id is written by the clinic, so its words are the clinic's words to
patients. It is hidden until a second person approves its text (`approve`), and an edit to
that text hides it again (`Trial.save`). Registry records stay as imported.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trials.derived import clinic_text_digest
from trials.models import Trial


def is_approved(trial: Trial) -> bool:
    return bool(trial.clinic_text_digest) and trial.clinic_text_digest == clinic_text_digest(
        trial)


APPROVED = "Clinic text approved"


def authors_since_approval(trial: Trial) -> set[int]:
    """Everyone who changed the study since its text was last approved."""
    history = trial.history.exclude(history_user=None).exclude(history_change_reason=APPROVED)
    if trial.clinic_text_approved_at is not None:
        history = history.filter(history_date__gt=trial.clinic_text_approved_at)
    return set(history.values_list("history_user_id", flat=True))


def approve(*, trial: Trial, user) -> Trial:
    if not (user.is_active and user.is_staff and user.has_perm("trials.approve_clinic_text")):
        raise PermissionDenied("You do not have permission to approve the clinic's text.")
    trial = Trial.objects.get(pk=trial.pk)  # as stored: what the second person read
    if not trial.is_clinic_own:
        raise ValidationError("Registry records are shown as the registry's words.")
    if user.pk in authors_since_approval(trial):
        raise ValidationError("You changed this study, so another person must approve it.")
    trial.clinic_text_digest = clinic_text_digest(trial)
    trial.clinic_text_approved_by = user
    trial.clinic_text_approved_at = timezone.now()
    trial.is_hidden = False
    trial._history_user = user
    trial._change_reason = APPROVED
    trial.save()
    return trial
