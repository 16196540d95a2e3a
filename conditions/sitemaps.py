"""Sitemap sections for published condition content only.

`lastmod` is when the text a page shows last changed, from its review record
(`Reviewed.review_record`): the day a reviewer approved it, or for shipped text no clinician
here has approved yet, the content team's own date. Never the day the content was loaded,
and a pending draft never moves it.
"""

from django.contrib.sitemaps import Sitemap

from conditions.models import Article, Comparison, GlossaryTerm

LIVE = {"article": Article, "comparison": Comparison, "glossaryterm": GlossaryTerm}


def latest_change(model_name: str):
    """When any published item of this kind (and so its list page) last changed."""
    items = LIVE[model_name].objects.published().select_related("reviewed_by__staff_profile")
    return max((item.review_record.changed_on for item in items
                if item.review_record.changed_on), default=None)  # fmt: skip


class ReviewedSitemap(Sitemap):
    changefreq = "monthly"
    model = None

    def items(self):
        return self.model.objects.published().select_related("reviewed_by__staff_profile")

    def lastmod(self, item):
        return item.review_record.changed_on


class ArticleSitemap(ReviewedSitemap):
    model = Article
    priority = 0.8


class ComparisonSitemap(ReviewedSitemap):
    model = Comparison
    priority = 0.7


class GlossarySitemap(ReviewedSitemap):
    model = GlossaryTerm
    priority = 0.4
