"""The content version's home when there is no shared cache (common/content_version.py)."""

from django.db import models


class ContentVersion(models.Model):
    """One row per content change; the version is the newest id. Only inserts, so a bump
    never waits for another process's transaction, and every process reads the same."""

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "mmn_content_version"

    def __str__(self) -> str:
        return f"content version {self.pk}"
