"""Filters and sorts against hand-checked expectations on the shipped records."""

import pytest

from common.query import parse
from tests.trials.factories import SiteFactory, TrialFactory
from tests.trials.results import searched
from trials.models import Place, Site, Trial
from trials.search.engine import TrialSearch, resolve_place
from trials.search.places import DistanceKm, SitePoints, haversine_km

pytestmark = pytest.mark.django_db

# Recruiting and still confirmed on the tests' registry day (NCT03281889 and NCT04523987 say
# Recruiting but were last verified in 2021 and 2020: ClinicalTrials.gov shows them as Unknown).
RECRUITING = ["NCT05531279", "NCT05602779", "NCT06388018"]


def ids(search: TrialSearch) -> list[str]:
    return sorted(t.nct_id for t in searched(search))


def test_default_is_recruiting_and_not_yet_recruiting(sample_trials):
    assert ids(TrialSearch()) == RECRUITING


def test_status_filter(sample_trials):
    # Unknown: the registry's own, and the Recruiting ones no longer confirmed.
    assert ids(TrialSearch(statuses=["UNKNOWN"])) == [
        "NCT03281889", "NCT04175379", "NCT04207047", "NCT04523987",
    ]
    assert ids(TrialSearch(statuses=["WITHDRAWN", "TERMINATED"])) == [
        "NCT00184067", "NCT00711542", "NCT01126879", "NCT01511679",
    ]


def test_phase_filter_matches_trials_with_two_phases(sample_trials):
    assert ids(TrialSearch(statuses=[], phases=["PHASE1"])) == ["NCT00711542", "NCT04523987"]
    assert ids(TrialSearch(statuses=[], phases=["PHASE2"])) == [
        "NCT00184067", "NCT00711542", "NCT01126879", "NCT02210780", "NCT03064438",
        "NCT03418623", "NCT06388018",
    ]
    assert ids(TrialSearch(statuses=[], phases=["PHASE3"])) == ["NCT02552212"]


def test_study_type_filter(sample_trials):
    assert ids(TrialSearch(statuses=[], study_type="OBSERVATIONAL")) == [
        "NCT01511679", "NCT05600179",
    ]


def test_country_filter(sample_trials):
    assert ids(TrialSearch(statuses=[], country="Germany")) == ["NCT00711542"]
    assert ids(TrialSearch(statuses=[], country="Canada")) == ["NCT02552212"]
    assert ids(TrialSearch(country="China")) == ["NCT05531279"]


def test_healthy_volunteers_filter(sample_trials):
    assert ids(TrialSearch(statuses=[], healthy="yes")) == [
        "NCT04175379", "NCT04207047", "NCT05600179",
    ]


def suitable(**answers) -> list[str]:
    """Trials whose limits take these answers, open or not."""
    return sorted(Trial.objects.suitable_for(**answers).values_list("nct_id", flat=True))


def test_only_eligible_is_open_and_suitable(sample_trials):
    for answers in ({"sex": "FEMALE"}, {"sex": "MALE"}, {"age_years": 15}, {"age_years": 40}):
        found = ids(TrialSearch(statuses=[], only_eligible=True, age=answers.get("age_years"),
                                sex=answers.get("sex", "")))
        open_ids = set(Trial.objects.open_to_join().values_list("nct_id", flat=True))
        assert found == sorted(set(suitable(**answers)) & open_ids)


def test_suitable_by_sex(sample_trials):
    women, men = suitable(sex="FEMALE"), suitable(sex="MALE")
    assert "NCT06388018" in women and "NCT01126879" not in women
    assert "NCT01126879" in men and "NCT06388018" not in men
    assert len(women) == len(men) == 19


def test_suitable_by_age_counts_the_boundaries(sample_trials):
    assert suitable(age_years=15) == [
        "NCT00763412", "NCT01511679", "NCT03281889", "NCT03630471", "NCT05602779",
    ]
    at_18 = suitable(age_years=18)
    assert "NCT03281889" in at_18  # maximum age exactly 18 years
    assert "NCT05602779" not in at_18  # maximum 17 years
    assert "NCT03418623" not in at_18  # minimum 21 years


def test_filters_combine(sample_trials):
    assert ids(TrialSearch(phases=["PHASE2"], country="United States", sex="FEMALE",
                           only_eligible=True)) == ["NCT06388018"]


def test_free_text_finds_conditions_and_titles(sample_trials):
    assert ids(TrialSearch(statuses=[], q="melanoma")) == ["NCT00184067"]
    assert ids(TrialSearch(statuses=[], q="Crohn")) == ["NCT03058679"]
    assert ids(TrialSearch(statuses=[], q="nct02552212")) == ["NCT02552212"]


def test_hidden_trials_are_never_listed(sample_trials):
    from trials.models import Trial

    Trial.objects.filter(nct_id="NCT06388018").update(is_hidden=True)
    assert "NCT06388018" not in ids(TrialSearch())


@pytest.mark.parametrize(
    "pair",
    [("MMN", "multifocal motor neuropathy"), ("ALS", "Lou Gehrig"),
     ("motor neurone disease", "amyotrophic lateral sclerosis"),
     ("CIDP", "chronic inflammatory demyelinating polyneuropathy"),
     ("IVIg", "immunoglobulin")],
)
def test_synonyms_find_the_same_trials(pair):
    mmn = TrialFactory(brief_title="Efgartigimod in multifocal motor neuropathy")
    als = TrialFactory(brief_title="A drug for amyotrophic lateral sclerosis",
                       conditions=["ALS"])
    cidp = TrialFactory(brief_title="Nerve study", conditions=["CIDP"])
    ivig = TrialFactory(brief_title="Home treatment",
                        interventions=[{"type": "DRUG", "name": "Intravenous immunoglobulin"}])
    TrialFactory(brief_title="Signals and totals")  # must not match ALS
    first, second = (ids(TrialSearch(q=text)) for text in pair)
    assert first == second and len(first) == 1
    assert first[0] in {t.nct_id for t in (mmn, als, cidp, ivig)}


def test_query_parsing_pulls_out_synonym_phrases_and_drops_filler_words():
    parsed = parse("Lou Gehrig's trials")
    assert len(parsed.clauses) == 1
    assert parsed.clauses[0].alternatives[0].words == ("als",)


def test_sort_by_distance_puts_the_nearest_site_first(db):
    far = SiteFactory(city="Seattle", latitude=47.6, longitude=-122.3).trial
    near = SiteFactory(city="Providence", latitude=41.8, longitude=-71.4).trial
    SiteFactory(trial=far, city="Boston")
    Place.refresh()
    place = resolve_place("Providence").place
    results = searched(TrialSearch(place=place, sort="distance"))
    assert [t.pk for t in results] == [near.pk, far.pk]
    assert results[0].nearest_km == pytest.approx(0, abs=5)
    assert 60 < results[1].nearest_km < 80  # Boston is about 66 km from Providence


def test_places_resolve_with_did_you_mean(db):
    SiteFactory(city="Portland", country="Australia", latitude=-38.3, longitude=141.6)
    Place.refresh()
    # Portland, Oregon has ten times the people of Portland, Maine: it is used, and the
    # others (the trial-site town in Australia too) are offered.
    portland = resolve_place("portland")
    assert portland.place.label == "Portland, Oregon, United States"
    offered = {p.label for p in portland.suggestions}
    assert {"Portland, Maine, United States", "Portland, Australia"} <= offered
    assert resolve_place("Portland, Australia").place.latitude == -38.3
    assert resolve_place("Portland, Maine, United States").place.region == "Maine"
    assert resolve_place("Portland, ME").place.region == "Maine"
    unknown = resolve_place("Portlnd")
    assert unknown.place is None and "Did you mean" in unknown.message
    assert "Portland, Oregon, United States" in {p.label for p in unknown.suggestions}


def test_places_of_similar_size_offer_a_choice(db):
    springfield = resolve_place("Springfield")
    assert springfield.place is None and "Which one?" in springfield.message
    assert len(springfield.suggestions) >= 5


@pytest.mark.parametrize(
    ("text", "country", "lat"),
    [("London", "United Kingdom", 51.5), ("Zaragoza", "Spain", 41.6),
     ("Melbourne", "Australia", -37.8), ("london, uk", "United Kingdom", 51.5),
     ("London, Canada", "Canada", 43.0), ("Zürich", "Switzerland", 47.4),
     ("melbourne, usa", "United States", 28.1)],
)
def test_any_city_on_earth_with_15000_people_is_known_offline(db, text, country, lat):
    place = resolve_place(text).place
    assert place.country == country and place.latitude == pytest.approx(lat, abs=0.3)


def test_city_country_never_falls_back_to_another_country(db):
    match = resolve_place("Zaragoza, Canada")
    assert match.place is None and "in Canada" in match.message
    assert resolve_place("London, Narnia").place is None


def test_the_database_measures_distances_as_the_trial_page_does(db):
    """The search sorts by DistanceKm (SQL) and the cards and trial page show haversine_km
    (Python): the same kilometres on either database, none without coordinates."""
    trial = TrialFactory()
    points = [(42.36, -71.06), (-33.87, 151.21), (51.51, -0.13), (0.0, 180.0),
              (-42.36, 108.94), (None, 2.35)]
    for lat, lon in points:
        SiteFactory(trial=trial, latitude=lat, longitude=lon)
    measured = Site.objects.filter(trial=trial).annotate(
        km=DistanceKm("latitude", "longitude", 42.36, -71.06)).order_by("pk")
    kms = [site.km for site in measured]
    assert kms[0] == pytest.approx(0, abs=1e-6) and kms[-1] is None
    for (lat, lon), km in zip(points[:-1], kms, strict=False):
        assert km == pytest.approx(haversine_km(42.36, -71.06, lat, lon), rel=1e-9)
    assert kms[4] == pytest.approx(20015, rel=1e-3)  # the far side of the earth


def test_the_distance_sort_measures_sites_as_the_trial_page_does(db):
    """The distance sort measures all candidates' sites at once (SitePoints, numpy): the
    same kilometres as haversine_km, the nearest site of each trial, ties by site id."""
    far, near = TrialFactory(), TrialFactory()
    points = [(-33.87, 151.21), (51.51, -0.13), (0.0, 180.0), (-42.36, 108.94), (None, 2.35)]
    sites = [SiteFactory(trial=far, latitude=lat, longitude=lon) for lat, lon in points]
    tied = [SiteFactory(trial=near, latitude=41.82, longitude=-71.41) for _ in range(2)]
    boston = Place(city="Boston", country="United States", latitude=42.36, longitude=-71.06)
    nearest = SitePoints.of([far.pk, near.pk, TrialFactory().pk]).nearest(boston)
    assert set(nearest) == {far.pk, near.pk}  # a trial without located sites has none
    assert nearest[near.pk][0] == min(site.pk for site in tied)
    assert nearest[far.pk][0] == sites[1].pk  # London
    assert nearest[far.pk][1] == pytest.approx(haversine_km(42.36, -71.06, 51.51, -0.13),
                                               rel=1e-9)
    antipode = Place(city="x", country="y", latitude=-42.36, longitude=108.94)
    assert SitePoints.of([far.pk]).nearest(antipode) == {far.pk: (sites[3].pk, 0.0)}


def test_cities_without_trial_sites_give_distances(db):
    trial = SiteFactory(city="Madrid", country="Spain", latitude=40.42, longitude=-3.70).trial
    for city, low, high in [("Zaragoza", 250, 300), ("London", 1200, 1300),
                            ("Melbourne", 17000, 17500)]:
        results = searched(TrialSearch(near=city, sort="distance"))
        assert [t.pk for t in results] == [trial.pk]
        assert low < results[0].nearest_km < high, city


def test_distance_limit_keeps_only_trials_with_a_site_that_close(db):
    near = SiteFactory(city="Reading", country="United Kingdom", latitude=51.45,
                       longitude=-0.97).trial  # about 60 km from London
    far = SiteFactory(city="Leeds", country="United Kingdom", latitude=53.8,
                      longitude=-1.55).trial  # about 270 km
    assert {t.pk for t in searched(TrialSearch(near="London"))} == {near.pk, far.pk}
    assert [t.pk for t in searched(TrialSearch(near="London", within_km=100))] == [near.pk]
    assert [t.pk for t in searched(TrialSearch(near="London", within_km=25))] == []
    assert len(searched(TrialSearch(near="London", within_km=500))) == 2


def test_the_clinics_own_trials_without_a_site_are_at_the_clinic(db, settings):
    settings.CLINIC_LOCATION = (51.52, -0.12)  # central London
    own = TrialFactory(nct_id=None, clinic_reference="mmn-home-infusion",
                       is_at_this_clinic=True)
    elsewhere = SiteFactory(city="Leeds", country="United Kingdom", latitude=53.8,
                            longitude=-1.55).trial
    results = searched(TrialSearch(near="Reading, UK", sort="distance"))
    assert [t.pk for t in results] == [own.pk, elsewhere.pk]
    assert 50 < results[0].nearest_km < 70
    assert [t.pk for t in searched(TrialSearch(near="London", within_km=25))] == [own.pk]


def test_without_a_clinic_location_the_clinics_own_trials_have_no_distance(db, settings):
    settings.CLINIC_LOCATION = None
    own = TrialFactory(nct_id=None, clinic_reference="mmn-home-infusion",
                       is_at_this_clinic=True)
    elsewhere = SiteFactory(city="Leeds", country="United Kingdom", latitude=53.8,
                            longitude=-1.55).trial
    results = searched(TrialSearch(near="Reading, UK", sort="distance"))
    assert [t.pk for t in results] == [elsewhere.pk, own.pk]  # an unknown distance is last
    assert results[1].nearest_km is None
    assert [t.pk for t in searched(TrialSearch(near="London", within_km=500))] == [
        elsewhere.pk]


def test_a_clinic_study_listing_sites_without_coordinates_is_not_placed_at_the_clinic(
        client, db, settings):
    """One rule for the search, the result card and the study page: the clinic's own study
    is at the clinic only when it lists no site. Listed sites whose place is unknown give
    no distance; the study is never given the clinic's instead."""
    settings.CLINIC_LOCATION = (51.52, -0.12)  # central London
    settings.PAGE_CACHE_SECONDS = 0
    own = TrialFactory(nct_id=None, clinic_reference="mmn-ward-study", is_at_this_clinic=True,
                       brief_title="Ward study of IVIg for MMN")
    SiteFactory(trial=own, city="Somewhere", country="United Kingdom", latitude=None,
                longitude=None)
    elsewhere = SiteFactory(city="Leeds", country="United Kingdom", latitude=53.8,
                            longitude=-1.55).trial
    results = searched(TrialSearch(near="Reading, UK", sort="distance"))
    assert [t.pk for t in results] == [elsewhere.pk, own.pk]  # no distance: last
    assert results[1].nearest_km is None
    assert searched(TrialSearch(near="London", within_km=25)) == []
    body = client.get("/trials/", {"q": "ward", "near": "Reading, UK"}).content.decode()
    card = body.split("Ward study of IVIg for MMN", 1)[1].split("</article>", 1)[0]
    assert "our clinic" not in card and "<strong>Sites:</strong> 1 in" in card
    study = client.get("/trials/mmn-ward-study/", {"near": "Reading, UK"}).content.decode()
    assert "(our clinic)" not in study


def test_the_visitors_answers_are_declared_once_and_kept_out_of_the_cache_key(db):
    from trials.forms import TrialSearchForm

    assert {"age", "sex", "near", "eligible"} == TrialSearch.PERSONAL_ANSWERS
    assert set(TrialSearchForm.base_fields) >= TrialSearch.PERSONAL_ANSWERS
    plain = TrialSearch(q="neuropathy")
    assert TrialSearch(q="neuropathy", age=0, sex="FEMALE").public_key() == plain.public_key()
    assert TrialSearch(q="neuropathy", near="London").public_key() is None
    assert TrialSearch(age=0).has_answers and not plain.has_answers


def test_the_pre_screen_filter_tests_the_open_statuses_once(sample_trials):
    """A repeated status test made PostgreSQL expect a tenth of the matches and pick a plan
    that read the whole table (0.6 s at 500,000 trials); the answers stay the same."""
    def sql(search: TrialSearch) -> str:
        return str(search.filtered().query)

    eligible = TrialSearch(q="neuropathy", age=45, only_eligible=True)
    assert sql(eligible).count("status_verified") == sql(TrialSearch(q="neuropathy")).count(
        "status_verified")
    assert ids(TrialSearch(age=45, only_eligible=True)) == ["NCT05531279", "NCT06388018"]
    assert ids(TrialSearch(statuses=["COMPLETED"], age=45, only_eligible=True)) == []
