"""Sitemap sections for live condition content only (conditions/revisions.py).

`lastmod` is when the text a page shows last changed, from its review record
(`Reviewed.review_record`, here of the live revision): the day a reviewer approved it, or for
shipped text no clinician here has approved yet, the content team's own date. Never the day
the content was loaded, and a pending draft or an edit to the rows behind a page never
moves it.
"""

from common.sitemaps import LanguagesSitemap
from conditions import revisions, translations
from conditions.models import Article, Comparison, GlossaryTerm

LIVE = {"article": Article, "comparison": Comparison, "glossaryterm": GlossaryTerm}


def latest_change(model_name: str):
    """When any live item of this kind (and so its list page) last changed."""
    items = revisions.live_items(LIVE[model_name])
    return max((item.review_record.changed_on for item in items
                if item.review_record.changed_on), default=None)  # fmt: skip


class ReviewedSitemap(LanguagesSitemap):
    """Each item in English and in each language it has a live translation in: the rule of
    conditions.translations.available_languages, read for all items at once."""

    changefreq = "monthly"
    model = None

    def items(self):
        self.translated = {
            language: set(translations.live_translations(self.model, language))
            for language in translations.LANGUAGES
        }
        return revisions.live_items(self.model)

    def get_languages_for_item(self, item):
        return [translations.ENGLISH, *(language for language in translations.LANGUAGES
                                        if item.pk in self.translated[language])]

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
