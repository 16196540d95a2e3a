"""The sitemap's base: every page in each language it exists in, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap


class LanguagesSitemap(Sitemap):
    """One <url> per page and language (English unprefixed, Spanish under /es/), each
    listing its alternates and x-default (the English page). A section whose pages exist
    in fewer languages says so in get_languages_for_item, as pages do with
    `page_languages` (common/languages.py)."""

    i18n = True
    alternates = True
    x_default = True
