"""Site countries in the reader's language.

ClinicalTrials.gov names a site's country in English, mostly by its ISO 3166 name ("Korea,
Republic of"). That name stays what is stored and searched (site_countries, the country
filter's value). A page in another language shows the country's everyday name in that
language from the Unicode CLDR (Babel): "Corea del Sur". A name pycountry cannot place
(an old one such as "Netherlands Antilles") stays as the registry wrote it, marked English.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pycountry
from babel import Locale
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from common.languages import active_language
from common.text import fold
from trials.codes import split_codes


@dataclass(frozen=True)
class CountryName:
    registry_name: str  # as stored and searched
    label: str  # as shown on this page
    lang: str = ""  # "en" when the label is the registry's English on another language's page

    def html(self) -> SafeString:
        if self.lang:
            return format_html('<span lang="{}">{}</span>', self.lang, self.label)
        return format_html("{}", self.label)


@lru_cache(maxsize=2048)
def country_name(registry_name: str, language: str) -> CountryName:
    if language == settings.LANGUAGE_CODE:
        return CountryName(registry_name, registry_name)
    try:
        code = pycountry.countries.lookup(registry_name).alpha_2
    except LookupError:
        code = None
    label = Locale.parse(language).territories.get(code) if code else None
    if label is None:
        return CountryName(registry_name, registry_name, "en")
    return CountryName(registry_name, label)


def shown_names(registry_names: list[str]) -> list[CountryName]:
    """These countries as this page names them, in its alphabetical order."""
    language = active_language()
    names = [country_name(name, language) for name in registry_names]
    return sorted(names, key=lambda name: fold(name.label))


def shown_list(site_countries: str) -> SafeString:
    """"Estados Unidos, Canadá, ..." for a result card, from a trial's site_countries: at
    most 8 names, then "…" (kept per language: the same few lists repeat on every page)."""
    return _shown_list(site_countries, active_language())


@lru_cache(maxsize=4096)
def _shown_list(site_countries: str, language: str, limit: int = 8) -> SafeString:
    names = shown_names(split_codes(site_countries))
    joined = format_html_join(", ", "{}", ((name.html(),) for name in names[:limit]))
    return format_html("{}, …", joined) if len(names) > limit else joined
