"""Every public sitemap section; apps add theirs here."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["conditions:home"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": StaticPagesSitemap}
