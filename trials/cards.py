"""The trial search's result cards, drawn in Python.

A results page shows 20 cards. Drawn with the template engine they took 4 to 5 ms (about
2,000 variable lookups and 600 translations), the largest part of a search that finds
trials whose cards are not kept yet; with format_html 1.7 ms; as below 1.1 ms (one page
of the 500k bench database). Every value goes through _e (escaped unless it is HTML
already), and registry text keeps lang="en" on a page in another language, as the
templates' `in_english` does.

Most of a card is the same in every search: it is kept (CARD_HTML_CACHE) without what
follows the visitor's answers, and each response puts in its own lines (answer_lines).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from common.content_version import content_version
from common.languages import english_lang, in_english, in_english_mark
from common.versioned_cache import get_many_versioned, set_many_versioned
from trials.caching import CARD_HTML_CACHE
from trials.eligibility import Prescreen, prescreen
from trials.search.engine import Ordered, TrialSearch
from trials.search.places import clinic_distance_km, is_at_the_clinic, miles
from trials.staleness import stale_cutoff

# Where a card's study link takes the search it was found by: cards are kept without it
# (the same card serves every search) and each response puts its own search in.
SEARCH_MARK = "?search-return"
# Where a kept card takes the lines that follow the visitor's answers.
ANSWERS_SLOT = "<!--answers-->"


@dataclass(frozen=True)
class CachedCard:
    """A result card as every search shows it: `html` holds ANSWERS_SLOT where the lines
    that follow the visitor's answers go, `sites` the sites line shown without a place."""

    html: str
    sites: str


@dataclass(frozen=True)
class ClinicSite:
    """Where the clinic's own study takes place when it lists no site: the clinic."""

    name: str
    address: str
    distance_km: float | None = None

    @property
    def distance_miles(self) -> float | None:
        return miles(self.distance_km) if self.distance_km is not None else None


def clinic_site(trial, site_count: int, place) -> ClinicSite | None:
    """The clinic, for a trial that takes place there (is_at_the_clinic), with its distance
    from `place` as the search measures it."""
    if not is_at_the_clinic(trial, site_count):
        return None
    clinic = settings.CLINIC
    return ClinicSite(clinic.get("name", ""), clinic.get("address", ""),
                      clinic_distance_km(place))


def result_cards(ids: list[int], search: TrialSearch, ordered: Ordered,
                 back: str = "") -> list[SafeString]:
    """The result cards of these trials, in order, as HTML; their study links carry `back`
    (the search, see presentation.search_return_query) so the study page can lead back.

    A card is drawn once per trial, content version and stale cutoff (a status can go
    stale overnight) and then read from the cache, all of a page's cards in one round
    trip; the database is asked only for the trials whose cards are missing. What follows
    the visitor's answers (the distance to their place, the pre-screen) is drawn for this
    response only and put into the card's slot, never stored, so the cache holds no
    visitor's answers.
    """
    version = content_version()
    keys, cards = {}, {}
    if version is not None:
        cutoff = stale_cutoff().isoformat()
        keys = {pk: CARD_HTML_CACHE.key(version, cutoff, pk) for pk in ids}
        cached = get_many_versioned(list(keys.values()), CARD_HTML_CACHE.seconds)
        cards = {pk: cached[key] for pk, key in keys.items() if key in cached}
    answered = search.has_answers
    trials = search.trials(ids if answered else [pk for pk in ids if pk not in cards],
                           ordered)
    fresh = {}
    for trial in trials:
        if trial.pk not in cards:
            cards[trial.pk] = draw_card(trial)
            if trial.pk in keys:
                fresh[keys[trial.pk]] = cards[trial.pk]
    if fresh:
        set_many_versioned(fresh, CARD_HTML_CACHE.seconds)
    lines = {trial.pk: answer_lines(trial, search, cards[trial.pk]) for trial in trials
             } if answered else {}
    search_query = _e("?" + back) if back else ""
    return [mark_safe(card.html.replace(ANSWERS_SLOT, lines.get(pk, card.sites))  # noqa: S308
                      .replace(f'{SEARCH_MARK}"', f'{search_query}"'))  # drawn, escaped
            for pk in ids if (card := cards.get(pk))]


def draw_card(trial) -> CachedCard:
    """The card of a trial loaded by TrialSearch.trials, without the visitor's answers."""
    clinic_own = trial.is_at_this_clinic
    meta = (f'<span class="trial-status status-tone-{_e(trial.status_info.tone)}">'
            f'{_e(gettext("Status:"))} {_e(trial.status_label)}</span>')
    if phase := trial.phase_label:
        meta += f" <span>{_e(phase)}</span>"
    meta += f" <span>{_e(trial.nct_id or gettext('Clinic study'))}</span>"
    if clinic_own:
        meta += f' <strong class="trial-clinic-flag">{_e(gettext("At this clinic"))}</strong>'
    conditions = ""
    if trial.conditions:
        names = in_english(SafeString(", ".join(map(_e, trial.conditions))))
        conditions = f'<p class="mb-1"><strong>{_e(gettext("Conditions:"))}</strong> {names}</p>'
    card = (f'<article class="card trial-card{" trial-card-clinic" if clinic_own else ""}">'
            f'<div class="card-body"><h3 class="h4 card-title">'
            f'<a href="{_e(trial.get_absolute_url())}{SEARCH_MARK}"{english_lang()}>'
            f'{_e(trial.brief_title)}</a>{in_english_mark()}</h3>'
            f'<p class="trial-meta">{meta}</p>{conditions}{ANSWERS_SLOT}</div></article>')
    return CachedCard(html=card, sites=sites_line(trial, clinic_site(trial, trial.site_count,
                                                                      None)))


def answer_lines(trial, search: TrialSearch, card: CachedCard) -> str:
    """The lines of a card that follow the visitor's answers: the sites line with the
    distance from their place (else the card's own), then the pre-screen of their age and
    sex."""
    sites = card.sites
    if search.place is not None:
        sites = sites_line(trial, clinic_site(trial, trial.site_count, search.place),
                           trial.nearest_site)
    screened = prescreen(trial, age_years=search.age, sex=search.sex or None)
    return sites + (prescreen_box(screened) if screened else "")


def sites_line(trial, clinic: ClinicSite | None, nearest=None) -> str:
    """Where the study takes place: its nearest site to the visitor's place (with the
    distance), the clinic, or how many sites in which countries (HTML)."""
    if nearest is not None:
        where = (f"<span{english_lang()}>{_e(nearest.facility or nearest.city)}, "
                 f"{_e(nearest.place)}</span>")
        distance = _distance(nearest.distance_km, miles(nearest.distance_km))
        return _line(gettext("Nearest site:"), f"{where}: {distance}")
    if clinic is not None:
        text = f"{_e(gettext('our clinic'))}, {_e(clinic.name)}"
        if clinic.address:
            text += f", {_e(clinic.address)}"
        if clinic.distance_km is not None:
            text += f": {_distance(clinic.distance_km, clinic.distance_miles)}"
        return _line(gettext("Where:"), text)
    if trial.site_count:
        return _line(gettext("Sites:"), gettext("%(count)s in %(countries)s") % {
            "count": trial.site_count, "countries": _e(trial.countries)})
    return _line(gettext("Sites:"), _e(gettext("not listed yet") if trial.is_open_to_join
                                       else gettext("none listed")))


def prescreen_box(screened: Prescreen) -> str:
    """The pre-screen of the visitor's answers against the study's limits (HTML)."""
    reasons = f". {_e(' '.join(screened.reasons))}" if screened.reasons else ""
    return (f'<div class="prescreen prescreen-{_e(screened.state)}"><p class="mb-0">'
            f"<strong>{_e(screened.summary)}</strong>{reasons}</p>"
            f'<p class="mb-0">{_e(screened.reminder)}</p></div>')


def _line(label: str, html: str) -> str:
    return f'<p class="mb-1"><strong>{_e(label)}</strong> {html}</p>'


def _distance(km: float, in_miles: float) -> str:
    # The same words as the study page's (a template's blocktranslate).
    return gettext("about %(km)s km (%(miles)s miles) away") % {
        "km": floatformat(km, 0), "miles": floatformat(in_miles, 0)}  # digits only


def _e(value) -> str:
    """`value` as HTML: escaped, unless it is HTML already (conditional_escape, without the
    checks for lazy text that made it most of the time of drawing a card)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))
