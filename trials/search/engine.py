"""Trial search as a whole: filters, words, place and distance, order and paging.

The words are parsed in common/query.py and matched by TrialQuerySet.search(); places and
distances come from trials/search/places.py. TrialSearch.page() gives the view one ResultPage.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field, fields, replace
from typing import ClassVar
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext

from common.query import Query
from common.results import Result, ResultGroup
from common.versioned_cache import digest
from trials.caching import CANDIDATES_CACHE, COUNTRIES_CACHE, RESULTS_CACHE
from trials.countries import shown_list
from trials.listing import TrialListing
from trials.models import (
    OPEN_STATUSES,
    Place,
    Site,
    Trial,
)
from trials.search.places import (
    Location,
    PlaceMatch,
    SitePoints,
    at_the_clinic,
    clinic_distance_km,
    resolve_place,
    within,
)
from trials.search.spelling import parse_query
from trials.staleness import stale_cutoff

PER_PAGE = 20
MAX_PAGES = 50
MAX_RESULTS = PER_PAGE * MAX_PAGES


# ---------------------------------------------------------------- the search as a whole


# A search for a very common word ("cancer" is in a quarter of all trials) ranks or measures
# distance for at most this many matches: the first ones in the listing order (clinic's own
# trials, then the most recently updated), found by walking trials_listing_order_idx. Rare
# words match fewer trials than this, and every match is ranked. As many as a visitor can
# page through: ranking among twice as many read twice the rows (22,000 for "cancer" +
# phase 2 + interventional at 500,000 trials) to pick the same number of results.
CANDIDATES = MAX_RESULTS
# What the results list shows of each trial (trials/cards.py and the pre-screen): never
# the raw record, eligibility text or descriptions.
LIST_FIELDS = (
    "id", "nct_id", "clinic_reference", "brief_title", "conditions", "overall_status",
    "phases", "is_at_this_clinic", "minimum_age_days", "maximum_age_days", "sex",
    "last_update_posted", "start_date", "status_verified", "last_known_status",
    "site_countries", "site_count",
)
CARD_SITE_FIELDS = ("id", "trial_id", "facility", "city", "state", "country", "latitude",
                    "longitude")
LISTING_ORDER = ("-is_at_this_clinic", F("last_update_posted").desc(nulls_last=True), "pk")
ORDERS = {
    "updated": (F("last_update_posted").desc(nulls_last=True), "pk"),
    "start": (F("start_date").desc(nulls_last=True), "pk"),
}


@dataclass
class Ordered:
    """The ordered ids of the results (at most MAX_RESULTS) and what bounded them."""

    ids: list[int]
    distances: dict[int, float] = field(default_factory=dict)  # sorted by distance
    # Sorted by distance: each trial's nearest located site (id, km), measured already.
    nearest_sites: dict[int, tuple[int, float]] | None = None
    truncated: bool = False  # more trials match than are shown
    candidates_capped: bool = False  # ranked or measured among the first `candidates` only
    candidates: int = 0


def answer(parameter: str | None, default=None, **options):
    """A field of TrialSearch that holds the visitor's answer about themselves, sent as this
    query parameter (None: derived from one): used for their response only. Pages and form
    parts that carry one are never cached (mmn_portal/cache.py, form_part_html) and no cache
    key is made from these fields (public_key())."""
    return field(default=default, metadata={"answer": parameter}, **options)


@dataclass
class TrialSearch:
    """Everything the results page needs, computed from already-validated values."""

    q: str = ""
    statuses: list[str] = field(default_factory=lambda: list(OPEN_STATUSES))
    phases: list[str] = field(default_factory=list)
    study_type: str = ""
    country: str = ""
    age: int | None = answer("age")
    sex: str = answer("sex", "")
    only_eligible: bool = answer("eligible", False)
    healthy: str = ""
    near: str = answer("near", "")  # what the visitor typed; `place` is what it resolved to
    place: Location | Place | None = answer(None)
    within_km: int | None = None  # only trials with a site this close to `place`
    sort: str = "relevance"
    language: str = "en"  # of the page the words were typed on (common/query_languages.py)
    _query: Query | None = field(default=None, init=False, repr=False, compare=False)
    place_match: PlaceMatch = field(default_factory=PlaceMatch, init=False, compare=False)

    # Set below the class, from the fields marked answer().
    PERSONAL_FIELDS: ClassVar[tuple[str, ...]]
    PERSONAL_ANSWERS: ClassVar[frozenset[str]]  # their query parameters

    def __post_init__(self):
        if self.near and self.place is None:
            self.place_match = resolve_place(self.near)
            self.place = self.place_match.place

    @property
    def query(self) -> Query:
        """The parsed words (once per search: spelling help reads the vocabulary)."""
        if self._query is None:
            self._query = parse_query(self.q, self.language)
        return self._query

    @property
    def has_answers(self) -> bool:
        """The visitor told the search about themselves (a place, age, sex, the pre-screen
        filter): their results and cards are made for this response only."""
        given = (getattr(self, name) for name in self.PERSONAL_FIELDS)
        return any(value is not None and value is not False and value != "" for value in given)

    def public_key(self) -> str | None:
        """What this search's results are kept under in the shared cache: its public fields
        and the day's stale cutoff. None when the visitor's answers change the results (a
        place, the pre-screen filter): those are never kept."""
        if self.place or self.only_eligible:
            return None
        public = [(f.name, getattr(self, f.name)) for f in fields(self)
                  if f.init and f.name not in self.PERSONAL_FIELDS]
        return digest(repr((public, stale_cutoff())))

    def exact_trial(self) -> Trial | None:
        """The listed trial whose NCT id is the whole query, whatever the filters: the visitor
        asked for that study (its page says when it is not open)."""
        if not self.query.nct_id:
            return None
        return self.filtered().first()

    def filtered(self) -> QuerySet:
        """The matching trials, unordered; on PostgreSQL annotated with `rank` for text. An
        NCT id finds its study whatever the filters."""
        if self.query.nct_id:
            return Trial.objects.listed().search(self.query)
        qs = TrialListing.searchable()
        open_only = self.statuses == list(OPEN_STATUSES)
        qs = qs.open_to_join() if open_only else qs.with_status(self.statuses)
        qs = qs.with_phase(self.phases)
        if self.study_type:
            qs = qs.filter(study_type=self.study_type)
        if self.country:
            qs = qs.in_country(self.country)
        if self.healthy:
            qs = qs.filter(healthy_volunteers=(self.healthy == "yes"))
        if self.place and self.within_km:
            qs = within(qs, self.place, self.within_km)
        if self.only_eligible:  # "may be able to join": open as well as matching the answers
            qs = qs.suitable_for(age_years=self.age, sex=self.sex or None)
            # Not twice: the repeated status test made PostgreSQL expect a tenth of the
            # matches and choose a plan that read 37,000 pages (cancer, 500k: 0.6 s).
            qs = qs if open_only else qs.open_to_join()
        return qs.search(self.query) if self.q else qs

    def trials(self, ids: list[int], ordered: Ordered | None = None) -> list[Trial]:
        """The trials with these ids, in this order, with what a result card shows of their
        sites: their countries as the page names them (countries, HTML) and, near a place,
        their nearest located site with distance_km (nearest_site, else None) and the
        distance the results were sorted by (nearest_km)."""
        by_id = Trial.objects.only(*LIST_FIELDS).in_bulk(ids)
        found = [by_id[pk] for pk in ids if pk in by_id]
        nearest = {}
        if ordered is not None and ordered.nearest_sites is not None:
            nearest = ordered.nearest_sites
        elif self.place:
            nearest = SitePoints.of(ids).nearest(self.place)
        sites = Site.objects.only(*CARD_SITE_FIELDS).in_bulk(
            [site for site, _ in nearest.values()]) if nearest else {}
        for trial in found:
            trial.countries = shown_list(trial.site_countries)
            site_id, km = nearest.get(trial.pk, (None, None))
            trial.nearest_site = site = sites.get(site_id)
            if site is not None:
                site.distance_km = km
            if self.place:
                trial.nearest_km = ordered.distances.get(trial.pk) if ordered else None
        return found

    def page(self, number: int) -> ResultPage:
        """One page of results with everything the visitor should be told about them."""
        number = min(max(number, 1), MAX_PAGES)
        ordered, total = self._rows((number - 1) * PER_PAGE, PER_PAGE)
        if ordered is None:  # a page past the last one: the last page instead
            number = max(1, -(-self._rows(0, PER_PAGE)[1] // PER_PAGE))
            ordered, total = self._rows((number - 1) * PER_PAGE, PER_PAGE)
        ids = [None] * ((number - 1) * PER_PAGE) + ordered.ids
        paginator = Paginator(_Counted(ids, total), PER_PAGE)
        page = paginator.get_page(min(number, paginator.num_pages))
        page.object_list = list(page.object_list)
        return ResultPage(page, ordered, self.notices(ordered), self.place_match)

    def _rows(self, offset: int, limit: int) -> tuple[Ordered | None, int]:
        """_query_rows(). A search without the visitor's answers keeps all its ordered ids
        (at most MAX_RESULTS, compactly) in the cache per content version under
        public_key(), so its other pages need no query; searches whose results follow the
        visitor's answers always ask the database."""
        key = self.public_key()
        if key is None:
            return self._query_rows(offset, limit)
        every, total = RESULTS_CACHE.remember(self._every_row, key)
        ids = list(every.ids[offset:offset + limit])
        if offset and not ids:
            return None, 0
        return replace(every, ids=ids), total

    def _every_row(self) -> tuple[Ordered, int]:
        """Every result's id in order (at most MAX_RESULTS) and how many there are."""
        ordered, total = self._query_rows(0, MAX_RESULTS)
        return replace(ordered, ids=array("l", ordered.ids)), total  # 8 bytes an id

    def _query_rows(self, offset: int, limit: int) -> tuple[Ordered | None, int]:
        """The one search engine: `limit` ids from `offset` in order, and how many results
        there are (at most MAX_RESULTS); None past the last result.

        The matches are walked in an index order and the walk stops early: by date for
        sort=updated/start, else in the listing order. Ranking (text) reorders the first
        CANDIDATES of them (all of them when fewer match), in the same query, which also
        counts; the distance sort measures them (_by_distance)."""
        if self.sort == "distance" and self.place is not None:
            return self._by_distance(offset, limit)
        qs = self.filtered()
        ranked = self.sort not in ORDERS and "rank" in qs.query.annotations
        if self.sort in ORDERS:
            key = ORDERS[self.sort][0].expression.name
            columns, order, window = ("pk", key), ORDERS[self.sort], "k1 DESC NULLS LAST, pk"
        else:
            columns, order = ("pk", "is_at_this_clinic", "last_update_posted"), LISTING_ORDER
            window = "k1 DESC, k2 DESC NULLS LAST, pk"
        bound = CANDIDATES if ranked else MAX_RESULTS
        if ranked:
            columns += ("rank",)
        inner = qs.order_by(*order).values_list(*columns)[: bound + 1]
        sql, params = inner.query.get_compiler(using=inner.db).as_sql()
        # k1, k2: the walk's order; x: the rank. Equal ranks in the listing order, then by id.
        names = ", ".join(("pk", "k1", "k2", "x")[: len(columns)])
        outer = "x DESC, rn" if ranked else "rn"
        # Fixed names and orders from this function around the ORM's own SQL; the
        # visitor's words stay parameters.
        sql = (
            f"WITH c({names}) AS ({sql}) SELECT pk, n FROM (SELECT c.*, "  # noqa: S608
            f"count(*) OVER () AS n, row_number() OVER (ORDER BY {window}) AS rn FROM c) r "
            f"WHERE rn <= %s ORDER BY {outer} LIMIT %s OFFSET %s"
        )
        with connections[inner.db].cursor() as cursor:
            cursor.execute(sql, (*params, bound, limit, offset))
            rows = cursor.fetchall()
        if not rows:
            return (None, 0) if offset else (Ordered([]), 0)
        found = rows[0][1]  # matches, up to bound + 1
        capped = ranked and found > bound
        return Ordered(
            [pk for pk, _ in rows], truncated=capped or min(found, bound) > MAX_RESULTS,
            candidates_capped=capped, candidates=CANDIDATES if ranked else 0,
        ), min(found, bound, MAX_RESULTS)

    def _by_distance(self, offset: int, limit: int) -> tuple[Ordered | None, int]:
        """_query_rows() sorted by distance: the first CANDIDATES matches in the listing
        order, nearest first (equal distances in the listing order). A trial is as far away
        as its nearest located site; the clinic's own study that lists no site is at the
        clinic (at_the_clinic()); one without a located site comes last."""
        walked, at_clinic, points = self._candidates()
        capped = len(walked) > CANDIDATES
        walked = walked[:CANDIDATES]
        nearest = points.nearest(self.place)
        km = {pk: found[1] for pk, found in nearest.items()}
        clinic_km = clinic_distance_km(self.place)
        if clinic_km is not None:
            km.update((pk, clinic_km) for pk in at_clinic)
        nearest_first = sorted(range(len(walked)), key=lambda n: (
            walked[n] not in km, km.get(walked[n], 0.0), n))
        ids = [walked[n] for n in nearest_first[offset:offset + limit]]
        if not ids:
            return (None, 0) if offset else (Ordered([]), 0)
        return Ordered(
            ids, distances={pk: km[pk] for pk in ids if pk in km},
            nearest_sites={pk: nearest[pk] for pk in ids if pk in nearest},
            truncated=capped or len(walked) > MAX_RESULTS, candidates_capped=capped,
            candidates=CANDIDATES,
        ), min(len(walked), MAX_RESULTS)

    def _candidates(self) -> tuple[array, frozenset[int], SitePoints]:
        """The ids of the first CANDIDATES + 1 matches in the listing order, those of them
        at the clinic (at_the_clinic()) and the located sites of the first CANDIDATES. They
        follow the visitor's answers only through a distance limit or the pre-screen
        filter; otherwise they are kept, as public results are, under the key of the same
        search without its place: the same words near another place are measured again
        without a query."""
        def walk() -> tuple[array, frozenset[int], SitePoints]:
            rows = list(self.filtered().order_by(*LISTING_ORDER)
                        .annotate(at_clinic=at_the_clinic())
                        .values_list("pk", "at_clinic")[: CANDIDATES + 1])
            ids = array("l", (pk for pk, _ in rows))
            return (ids, frozenset(pk for pk, at_clinic in rows if at_clinic),
                    SitePoints.of(ids[:CANDIDATES]))

        if self.within_km or self.only_eligible:
            return walk()
        return CANDIDATES_CACHE.remember(walk, replace(self, near="", place=None).public_key())

    def notices(self, ordered: Ordered) -> list[str]:
        notices = list(self.query.notices) if self.q else []
        if self.query.no_words:
            notices.append(gettext("There are no words to search in “{text}”, so these are all "
                                   "the trials that match your filters.").format(
                                       text=self.query.text))
        if self.query.nct_id and not ordered.ids:
            notices.append(gettext("No study with the id {nct_id} is listed here.").format(
                nct_id=self.query.nct_id))
        if self.sort == "distance" and not self.place:
            notices.append(gettext("To sort by distance, choose a place in “Near this place”."))
        if self.within_km and not self.place:
            notices.append(gettext("To limit the distance, choose a place in “Near this "
                                   "place”."))
        if self.only_eligible and self.age is None and not self.sex:
            notices.append(gettext("Give your age or sex to show only trials you may be able "
                                   "to join."))
        if ordered.candidates_capped:
            count = number_format(ordered.candidates, force_grouping=True)
            if self.sort == "distance" and self.place:
                text = gettext("Very many trials match, so these are the nearest among the "
                               "{count} most recently updated ones. Add words or filters to "
                               "narrow the search.")
            else:
                text = gettext("Very many trials match, so these are the best matches among "
                               "the {count} most recently updated ones. Add words or filters "
                               "to narrow the search.")
            notices.append(text.format(count=count))
        return notices


TrialSearch.PERSONAL_FIELDS = tuple(f.name for f in fields(TrialSearch) if "answer" in f.metadata)
TrialSearch.PERSONAL_ANSWERS = frozenset(
    f.metadata["answer"] for f in fields(TrialSearch) if f.metadata.get("answer"))


class _Counted:
    """A list of ids that says it holds `count` (the paginator asks), of which only the
    requested page's are known."""

    def __init__(self, ids: list, total: int):
        self.ids, self.total = ids, total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        return self.ids[index]


@dataclass
class ResultPage:
    """One page of a search: the trials' ids (page.object_list; the cards are made from
    them, mostly from the cache), how they were bounded, what to tell the visitor, and
    which place "near" meant."""

    page: Page
    ordered: Ordered
    notices: list[str]
    place_match: PlaceMatch

    @property
    def ids(self) -> list[int]:
        return self.page.object_list


def country_choices() -> list[str]:
    """The countries of listed trials' sites, kept per content version (an import or an
    edit makes a new one), so a search reads them from this process's memory."""
    return COUNTRIES_CACHE.remember(Site.listed_countries)


# ---------------------------------------------------------------- site-wide search

SITE_SEARCH_LIMIT = 10


def site_search_group(query: Query) -> ResultGroup | None:
    """The first few listed trials for the site-wide /search/ page, best match first."""
    search = TrialSearch(q=query.text, statuses=[], language=query.language.code)
    search._query = query  # parsed once for the whole site
    ids = search.page(1).ids[:SITE_SEARCH_LIMIT]
    by_id = Trial.objects.only("id", "nct_id", "clinic_reference", "brief_title",
                               "brief_summary", "overall_status", "status_verified",
                               "last_known_status").in_bulk(ids)
    found = [by_id[pk] for pk in ids if pk in by_id]
    if not found:
        return None
    results = [
        Result(trial.brief_title, trial.get_absolute_url(), trial.brief_summary[:200],
               trial.status_label, lang="" if query.language.code == "en" else "en")
        for trial in found
    ]
    return ResultGroup(
        gettext("Clinical trials"), results,
        more_url=f"{reverse('trials:list')}?{urlencode({'q': query.text, 'status': 'any'})}",
        more_label=gettext("Search all trials with filters"),
    )
