"""Every public sitemap section; apps add theirs here."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from conditions.sitemaps import ArticleSitemap, ComparisonSitemap, GlossarySitemap
from trials.sitemaps import TrialSitemap


class StaticPagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "conditions:home",
            "conditions:list",
            "conditions:comparison_list",
            "conditions:glossary",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "conditions": ArticleSitemap,
    "comparisons": ComparisonSitemap,
    "glossary": GlossarySitemap,
    "trials": TrialSitemap,
}
