from django.contrib.sitemaps import Sitemap

from trials.models import Trial


class TrialSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Trial.objects.listed().only("nct_id", "clinic_reference", "updated_at")

    def lastmod(self, trial):
        return trial.updated_at
