"""Requests from visitors to the clinic's trial team ("Ask our trial team about this study").

These hold personal data, given on purpose with consent, so: no history table (a withdrawn
request must be gone, not kept as a past version), nothing about the visitor in `__str__`
(the admin log keeps it), and a retention rule (`purge_enquiries`).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enquiries.consent import CONSENT_TEXTS


class EnquiryQuerySet(models.QuerySet):
    def waiting(self) -> "EnquiryQuerySet":
        """Not yet answered: nobody from the team has contacted the visitor."""
        return self.filter(state=Enquiry.State.NEW)

    def waiting_summary(self) -> dict:
        """How many requests wait for the team, and when the oldest of them was sent."""
        return self.waiting().aggregate(count=models.Count("pk"), oldest=models.Min("created_at"))

    def past_retention(self, *, closed_days: int, any_days: int) -> "EnquiryQuerySet":
        """Closed over `closed_days` ago, or sent over `any_days` ago whatever their state."""
        now = timezone.now()
        return self.filter(
            models.Q(state=Enquiry.State.CLOSED, closed_at__lt=now - timedelta(days=closed_days))
            | models.Q(created_at__lt=now - timedelta(days=any_days))
        )


class Enquiry(models.Model):
    class State(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        CLOSED = "closed", _("Closed")

    class BestTime(models.TextChoices):
        ANY = "any", _("Any time")
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")
        EVENING = "evening", _("Early evening")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    # The study may later be hidden or removed; `study` keeps what the visitor asked about.
    trial = models.ForeignKey(
        "trials.Trial", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="enquiries",
    )
    study = models.CharField(_("study"), max_length=400)
    about_similar = models.BooleanField(
        _("asks about similar studies"), default=False,
        help_text=_("The study was not open, so the visitor asked about studies like it."),
    )
    first_name = models.CharField(_("first name"), max_length=60)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    best_time = models.CharField(_("best time to call"), max_length=10,
                                 choices=BestTime.choices, blank=True)
    message = models.TextField(_("message"), max_length=500, blank=True)
    # Only when the visitor ticked "include my age and sex answers from the pre-screen".
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    consent_version = models.CharField(_("consent version"), max_length=20)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.NEW, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request to the trial team")
        verbose_name_plural = _("requests to the trial team")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="", phone=""), name="enquiry_has_a_way_to_reply"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["new", "contacted", "closed"]),
                name="enquiry_state_known",
            ),
        ]

    def __str__(self) -> str:
        # No name or contact: this text is kept in the admin's change log.
        return f"Request {self.pk}"

    @property
    def consent_text(self) -> str:
        return str(CONSENT_TEXTS.get(self.consent_version, ""))

    def later_states(self) -> list[str]:
        """This state and the ones after it: requests move new → contacted → closed."""
        order = list(self.State.values)
        return order[order.index(self.state):]

    def move_to(self, state: str) -> None:
        if state == self.state:
            return
        if state not in self.later_states():
            raise ValueError(f"A request cannot go back from {self.state} to {state}.")
        self.state = state
        self.closed_at = timezone.now() if state == self.State.CLOSED else None
        self.save(update_fields=["state", "closed_at"])

    def record_opening(self, user) -> None:
        self.openings.create(opened_by=user)


class EnquiryOpening(models.Model):
    """Who opened a request in the admin, and when: personal data is read on purpose only."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="openings")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("opening of a request")

    def __str__(self) -> str:
        return f"{self.enquiry} opened by {self.opened_by} at {self.opened_at:%Y-%m-%d %H:%M}"
