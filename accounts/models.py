"""What the public site says about a staff member: only what they choose to show."""

from django.conf import settings
from django.db import models


class StaffProfile(models.Model):
    """The name and role shown on pages a staff member approved as medical reviewer."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    display_name = models.CharField(
        max_length=120, help_text="As patients should read it, e.g. “Dr A. Smith”."
    )
    role = models.CharField(
        max_length=120, blank=True, help_text="For example “consultant neurologist”."
    )

    class Meta:
        ordering = ["display_name"]
        verbose_name = "staff profile"

    def __str__(self) -> str:
        return f"{self.display_name}, {self.role}" if self.role else self.display_name
