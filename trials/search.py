"""Trial search: free text with synonyms and spelling help, filters, distance and paging.

PostgreSQL: websearch query against the stored, weighted search vector, ranked, with
misspelled words replaced by the closest word in the trial vocabulary (pg_trgm).
SQLite: the same query language reduced to word matching over `search_text`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, FloatField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from mmn_portal.results import Result, ResultGroup
from trials.models import (
    NCT_ID_RE,
    OPEN_STATUSES,
    SEARCH_CONFIG,
    Place,
    SearchWord,
    Site,
    Trial,
    fold,
    words_of,
)

PER_PAGE = 20
MAX_PAGES = 50
MAX_RESULTS = PER_PAGE * MAX_PAGES
MAX_QUERY_LENGTH = 200
EARTH_RADIUS_KM = 6371.0
KM_PER_MILE = 1.609344
SPELLING_THRESHOLD = 0.4
COUNTRIES_CACHE_KEY = "trials:countries"

# Each group: ways people write the same thing. Any one of them finds all of them.
SYNONYM_GROUPS: list[tuple[str, ...]] = [
    ("mmn", "multifocal motor neuropathy"),
    (
        "als",
        "amyotrophic lateral sclerosis",
        "motor neurone disease",
        "motor neuron disease",
        "lou gehrig",
        "lou gehrigs",
    ),
    ("cidp", "chronic inflammatory demyelinating polyneuropathy"),
    ("ivig", "intravenous immunoglobulin", "immunoglobulin", "immune globulin"),
]
QUERY_OPERATORS = {"or", "and", "not"}


def clean_query(q: str) -> str:
    return " ".join(q.replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


@dataclass
class ParsedQuery:
    groups: list[tuple[str, ...]] = field(default_factory=list)  # synonym groups found
    rest: str = ""  # what is left, in websearch syntax

    @property
    def rest_words(self) -> list[str]:
        return [w for w in words_of(self.rest) if w not in QUERY_OPERATORS]


def parse_query(q: str) -> ParsedQuery:
    """Pull synonym phrases out of the query; the rest is searched as typed."""
    text = fold(clean_query(q)).replace("'", "")
    parsed = ParsedQuery()
    for group in SYNONYM_GROUPS:
        for phrase in sorted(group, key=len, reverse=True):
            pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
            if pattern.search(text):
                text = pattern.sub(" ", text)
                parsed.groups.append(group)
                break
    parsed.rest = " ".join(text.split())
    return parsed


def correct_spelling(words: list[str]) -> dict[str, str]:
    """Map each word not in the vocabulary to its closest vocabulary word (PostgreSQL only)."""
    from django.contrib.postgres.search import TrigramSimilarity

    candidates = sorted({w for w in words if len(w) >= 4 and w.isalpha()})[:8]
    if not candidates:
        return {}
    known = set(SearchWord.objects.filter(word__in=candidates).values_list("word", flat=True))
    fixes = {}
    for word in candidates:
        if word in known:
            continue
        best = (
            SearchWord.objects.annotate(similarity=TrigramSimilarity("word", word))
            .filter(word__trigram_similar=word, similarity__gte=SPELLING_THRESHOLD)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
            .first()
        )
        if best:
            fixes[word] = best
    return fixes


def _postgres_search(qs: QuerySet, parsed: ParsedQuery) -> QuerySet:
    parts = []
    for group in parsed.groups:
        parts.append(
            reduce(
                or_,
                [SearchQuery(p, search_type="phrase", config=SEARCH_CONFIG) for p in group],
            )
        )
    if parsed.rest_words:
        fixes = correct_spelling(parsed.rest_words)
        rest = re.sub(r"\w+", lambda m: fixes.get(m.group(0), m.group(0)), parsed.rest)
        parts.append(SearchQuery(rest, search_type="websearch", config=SEARCH_CONFIG))
    if not parts:
        return qs
    query = reduce(and_, parts)
    return qs.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))


def _simple_search(qs: QuerySet, parsed: ParsedQuery) -> QuerySet:
    conditions = []
    for group in parsed.groups:
        phrases = [" " + " ".join(words_of(p)) + " " for p in group]
        conditions.append(reduce(or_, [Q(search_text__contains=p) for p in phrases]))
    for word in parsed.rest_words:
        conditions.append(Q(search_text__contains=" " + word))
    return qs.filter(*conditions) if conditions else qs


def search_trials(qs: QuerySet, q: str) -> QuerySet:
    """Trials matching q; on PostgreSQL annotated with `rank` (higher is better)."""
    q = clean_query(q)
    if not q:
        return qs
    if NCT_ID_RE.match(q.upper()):
        return qs.filter(nct_id=q.upper())
    parsed = parse_query(q)
    if connection.vendor == "postgresql":
        return _postgres_search(qs, parsed)
    return _simple_search(qs, parsed)


# ---------------------------------------------------------------- places and distance


def distance_km(lat_field: str, lon_field: str, lat: float, lon: float):
    """Great-circle distance in km from (lat, lon) to two fields, computed in the database."""
    lat1, lon1 = math.radians(lat), math.radians(lon)
    dlat = (Radians(F(lat_field)) - Value(lat1)) / 2
    dlon = (Radians(F(lon_field)) - Value(lon1)) / 2
    a = Power(Sin(dlat), 2) + Value(math.cos(lat1)) * Cos(Radians(F(lat_field))) * Power(
        Sin(dlon), 2
    )
    return Value(2 * EARTH_RADIUS_KM) * ASin(Least(Sqrt(a), Value(1.0)))


@dataclass
class PlaceMatch:
    place: Place | None = None
    suggestions: list[Place] = field(default_factory=list)
    message: str = ""


def resolve_place(text: str) -> PlaceMatch:
    """Match typed text to a known trial-site place; suggest places when unsure. Never geocodes."""
    text = clean_query(text)
    if not text:
        return PlaceMatch()
    city, _, country = (part.strip() for part in text.rpartition(",")) if "," in text else (
        text, "", ""
    )
    if country:
        exact = Place.objects.filter(city__iexact=city, country__iexact=country).first()
        if exact:
            return PlaceMatch(place=exact)
    matches = list(Place.objects.filter(city__iexact=city or text)[:10])
    if len(matches) == 1:
        return PlaceMatch(place=matches[0])
    if matches:
        return PlaceMatch(
            suggestions=matches, message=f"More than one place is called “{city}”. Which one?"
        )
    start = (city or text)[:4]
    suggestions = list(Place.objects.filter(city__istartswith=start)[:5]) if start else []
    message = f"We do not know any trial sites in “{text}”."
    if suggestions:
        message += " Did you mean one of these?"
    else:
        message += " Try the name of a nearby city."
    return PlaceMatch(suggestions=suggestions, message=message)


# ---------------------------------------------------------------- the search as a whole


@dataclass
class TrialSearch:
    """Everything the results page needs, computed from already-validated values."""

    q: str = ""
    statuses: list[str] = field(default_factory=lambda: list(OPEN_STATUSES))
    phases: list[str] = field(default_factory=list)
    study_type: str = ""
    country: str = ""
    age: int | None = None
    sex: str = ""
    only_eligible: bool = False
    healthy: str = ""
    place: Place | None = None
    sort: str = "relevance"

    def queryset(self) -> QuerySet:
        qs = Trial.objects.listed().with_status(self.statuses).with_phase(self.phases)
        if self.study_type:
            qs = qs.filter(study_type=self.study_type)
        if self.country:
            qs = qs.in_country(self.country)
        if self.healthy:
            qs = qs.filter(healthy_volunteers=(self.healthy == "yes"))
        if self.only_eligible:
            qs = qs.suitable_for(age_years=self.age, sex=self.sex or None)
        qs = qs.search(self.q) if self.q else qs
        return self._ordered(self._with_sites(qs))

    def _with_sites(self, qs: QuerySet) -> QuerySet:
        sites = Site.objects.all()
        if self.place:
            located = Q(latitude__isnull=False, longitude__isnull=False)
            km = distance_km("latitude", "longitude", self.place.latitude, self.place.longitude)
            sites = sites.annotate(distance_km=km).order_by(
                F("distance_km").asc(nulls_last=True), "pk"
            )
            nearest = (
                Site.objects.filter(located, trial=OuterRef("pk"))
                .annotate(distance=km)
                .order_by("distance")
                .values("distance")[:1]
            )
            qs = qs.annotate(nearest_km=Subquery(nearest, output_field=FloatField()))
        return qs.prefetch_related(Prefetch("sites", queryset=sites), "contacts")

    def _ordered(self, qs: QuerySet) -> QuerySet:
        sort = self.sort
        if sort == "distance" and self.place:
            return qs.order_by(F("nearest_km").asc(nulls_last=True), "-is_at_this_clinic", "pk")
        if sort == "updated":
            return qs.order_by(F("last_update_posted").desc(nulls_last=True), "pk")
        if sort == "start":
            return qs.order_by(F("start_date").desc(nulls_last=True), "pk")
        if "rank" in qs.query.annotations:
            return qs.order_by("-is_at_this_clinic", "-rank", "pk")
        return qs.order_by(
            "-is_at_this_clinic", F("last_update_posted").desc(nulls_last=True), "pk"
        )

    def page(self, number: int) -> tuple[Page, bool]:
        """One page of results, and whether the results were cut at MAX_RESULTS."""
        paginator = Paginator(self.queryset()[:MAX_RESULTS], PER_PAGE)
        page = paginator.get_page(min(max(number, 1), paginator.num_pages))
        return page, paginator.count >= MAX_RESULTS


def country_choices() -> list[str]:
    countries = cache.get(COUNTRIES_CACHE_KEY)
    if countries is None:
        countries = list(
            Site.objects.filter(trial__is_hidden=False)
            .exclude(country="")
            .order_by("country")
            .values_list("country", flat=True)
            .distinct()
        )
        cache.set(COUNTRIES_CACHE_KEY, countries, 600)
    return countries


def miles(km: float) -> float:
    return km / KM_PER_MILE


# ---------------------------------------------------------------- site-wide search

SITE_SEARCH_LIMIT = 10


def site_search_group(q: str) -> ResultGroup | None:
    """The first few listed trials for the site-wide /search/ page, best match first."""
    trials = Trial.objects.listed().search(q)
    # Only a full-text match is ranked (an NCT id match is not).
    ranked = "rank" in trials.query.annotations
    ordering = ["-rank", "-last_update_posted"] if ranked else ["-last_update_posted"]
    found = list(trials.order_by(*ordering)[:SITE_SEARCH_LIMIT])
    if not found:
        return None
    results = [
        Result(trial.brief_title, trial.get_absolute_url(), trial.brief_summary[:200],
               trial.get_overall_status_display())
        for trial in found
    ]
    return ResultGroup(
        "Clinical trials", results,
        more_url=f"/trials/?{urlencode({'q': q, 'status': 'any'})}",
        more_label="Search all trials with filters",
    )
