from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class FeedbackQuerySet(models.QuerySet):
    def unhandled(self) -> "FeedbackQuerySet":
        return self.filter(is_handled=False)

    def latest_first(self) -> "FeedbackQuerySet":
        return self.order_by("-created_at")


class Feedback(models.Model):
    """An anonymous "Was this page helpful?" answer.

    Deliberately holds nothing about the visitor: no name, e-mail, IP address,
    user agent or session. Only the page, the answer and an optional comment.
    """

    page = models.CharField(max_length=200, help_text="The path of the page, e.g. /glossary/emg/.")
    is_helpful = models.BooleanField("helpful")
    comment = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    is_handled = models.BooleanField("handled", default=False, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "feedback"
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        answer = "helpful" if self.is_helpful else "not helpful"
        return f"{self.page}: {answer}"

    def mark_handled(self, user) -> None:
        self.is_handled = True
        self.handled_by = user
        self.handled_at = timezone.now()
        self.save(update_fields=["is_handled", "handled_by", "handled_at"])
