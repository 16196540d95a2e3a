"""Every public sitemap section; apps add theirs here."""

import datetime

from django.urls import reverse

from common.sitemaps import LanguagesSitemap
from conditions.pages import single_comparison_slug
from conditions.sitemaps import ArticleSitemap, ComparisonSitemap, GlossarySitemap, latest_change
from trials.sitemaps import TrialSitemap, latest_trial_update

# Each list page changes when the newest item it lists changes.
LIST_PAGES = {
    "conditions:home": lambda: latest_change("article"),
    "conditions:list": lambda: latest_change("article"),
    "conditions:comparison_list": lambda: latest_change("comparison"),
    "conditions:glossary": lambda: latest_change("glossaryterm"),
    "trials:list": latest_trial_update,
}


class StaticPagesSitemap(LanguagesSitemap):
    changefreq = "monthly"

    def items(self):
        # Canonical URLs only: while /compare/ shows the one comparison, its canonical URL
        # is the comparison's own, which the comparisons section lists.
        return [name for name in LIST_PAGES
                if name != "conditions:comparison_list" or not single_comparison_slug()]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        changed = LIST_PAGES[item]()  # a date or a datetime: one kind in one sitemap
        return changed.date() if isinstance(changed, datetime.datetime) else changed


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "conditions": ArticleSitemap,
    "comparisons": ComparisonSitemap,
    "glossary": GlossarySitemap,
    "trials": TrialSitemap,
}
