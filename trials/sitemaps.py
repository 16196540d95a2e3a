from django.db.models import Max

from common.sitemaps import LanguagesSitemap
from trials.models import Trial


class TrialSitemap(LanguagesSitemap):
    """A study page in every language: its interface is translated, its registry text
    stays English (marked lang="en")."""

    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Trial.objects.listed().only(
            "nct_id", "clinic_reference", "last_update_posted", "updated_at"
        )

    def lastmod(self, trial):
        """The registry's own last update; a clinic's own trial has none, so its last edit."""
        return trial.last_update_posted or trial.updated_at.date()


def latest_trial_update():
    """When the trial listing last changed: the newest registry update of a listed trial."""
    latest = Trial.objects.listed().aggregate(
        posted=Max("last_update_posted"), edited=Max("updated_at")
    )
    return latest["posted"] or (latest["edited"].date() if latest["edited"] else None)
