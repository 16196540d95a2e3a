import re

import pytest
from django.urls import reverse

from tests.trials.conftest import SAMPLE_IDS
from tests.trials.factories import CentralContactFactory, SiteFactory, TrialFactory
from tests.trials.results import shown_cards, shown_ids
from trials.caching import RESULTS_CACHE
from trials.models import Place

pytestmark = pytest.mark.django_db
LIST = "/trials/"


def test_results_page_lists_recruiting_trials_with_removable_status_chips(client, sample_trials):
    response = client.get(LIST)
    assert response.status_code == 200
    assert len(shown_ids(response)) == 3  # two more say Recruiting but are not confirmed
    body = response.content.decode()
    assert "Recruiting" in body and "Not yet recruiting" in body and "Show any status" in body
    assert "status=NOT_YET_RECRUITING" in body  # removing "Recruiting" keeps the other one


def test_any_status_shows_everything(client, sample_trials):
    response = client.get(LIST, {"status": "any"})
    assert response.context["page_obj"].paginator.count == 20


@pytest.mark.parametrize(
    "params",
    [
        {"status": "NOPE"}, {"age": "-5"}, {"age": "99999"}, {"page": "abc"}, {"page": "9999"},
        {"q": "diabetes\x00"}, {"q": "x" * 10_000}, {"sort": "sideways"}, {"near": "Xyzzyville"},
        {"phase": "PHASE9", "type": "ROBOT", "sex": "other", "healthy": "maybe"},
        {"country": "Narnia"}, {"sort": "distance"}, {"eligible": "on"},
    ],
)
def test_bad_input_gives_a_normal_page_with_a_message(client, sample_trials, params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert response.context["notices"] or response.context["place_match"].message


def test_filters_stay_folded_behind_one_control_that_counts_them(client, sample_trials):
    words_only = client.get(reverse("trials:list"), {"q": "cancer"}).content.decode()
    assert '<details class="trial-more-filters"><summary>Filters</summary>' in words_only
    with_filters = client.get(
        reverse("trials:list"), {"q": "cancer", "age": "40", "phase": "PHASE2"}
    ).content.decode()
    # Folded even when in use, so the results come straight after it on a phone.
    assert '<details class="trial-more-filters"><summary>Filters (2 in use)</summary>' in (
        with_filters
    )
    assert with_filters.index("Filters (2 in use)") < with_filters.index('id="results-heading"')


def test_invalid_filters_are_ignored_and_valid_ones_kept(client, sample_trials):
    response = client.get(LIST, {"status": "any", "age": "-5", "country": "Germany"})
    assert shown_ids(response) == ["NCT00711542"]
    body = response.content.decode()
    age_field = body[body.index('id="div_id_age"'):body.index('id="div_id_sex"')]
    assert "greater than or equal to 0" in age_field  # the age is flagged on its field


def test_prescreen_shows_reasons_and_the_reminder(client, sample_trials):
    response = client.get(LIST, {"status": "any", "q": "endometrial", "sex": "male"})
    body = response.content.decode()
    assert "You may not be eligible" in body
    assert "You said male; this study takes women only." in body
    assert "The study team decides who can take part." in body


def test_prescreen_answers_are_not_stored(client, sample_trials):
    client.get(LIST, {"age": "40", "sex": "female"})
    assert not client.cookies


def test_near_shows_the_nearest_site_in_km_and_miles(client, sample_trials):
    response = client.get(LIST, {"status": "any", "near": "Boston", "sort": "distance"})
    cards = shown_cards(response)
    assert "Boston" in cards[0].nearest_site
    assert " km (" in cards[0].nearest_site and "miles) away" in cards[0].nearest_site
    distances = [c.km for c in cards if c.km is not None]
    assert len(distances) > 1 and distances == sorted(distances)


def test_pages_past_the_end_show_the_last_page(client):
    for _ in range(25):
        TrialFactory()
    response = client.get(LIST, {"page": "7"})
    assert response.context["page_obj"].number == 2
    assert "There is no page 7" in response.content.decode()


def _results_page_queries(client, django_assert_max_num_queries, trials, sites):
    for _ in range(trials):
        trial = TrialFactory()
        CentralContactFactory(trial=trial)
        for _ in range(sites):
            SiteFactory(trial=trial)
    Place.refresh()
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"near": "Boston", "age": "30", "sex": "female"})
    assert response.status_code == 200


@pytest.mark.parametrize(("trials", "sites"), [(3, 1), (30, 1), (3, 20), (30, 20)])
def test_query_count_is_constant(client, django_assert_max_num_queries, trials, sites):
    _results_page_queries(client, django_assert_max_num_queries, trials, sites)


@pytest.mark.parametrize("nct_id", SAMPLE_IDS)
def test_every_shipped_record_has_a_detail_page(client, sample_trials, nct_id):
    response = client.get(reverse("trials:detail", args=[nct_id]))
    assert response.status_code == 200
    assert "What this study is about" in response.content.decode()
    assert f"https://clinicaltrials.gov/study/{nct_id}" in response.content.decode()


def test_detail_explains_status_phase_and_criteria(client, sample_trials):
    body = client.get("/trials/nct06388018/").content.decode()
    assert "Recruiting: looking for people to take part now." in body
    assert "Phase 2: tests whether the treatment works" in body
    assert "You may be able to take part if" in body and "You cannot take part if" in body
    assert "Women only" in body


def test_detail_escapes_criteria_text(client):
    TrialFactory(nct_id="NCT00000009",
                 eligibility_criteria="Inclusion Criteria:\n* <script>alert(1)</script>")
    body = client.get("/trials/NCT00000009/").content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body


def test_detail_sorts_sites_nearest_first(client, sample_trials):
    response = client.get("/trials/NCT02552212/", {"near": "Boston"})
    distances = [s.distance_km for s in response.context["sites"] if s.distance_km is not None]
    assert distances == sorted(distances) and len(distances) > 50


def test_month_dates_stay_months(client, sample_trials):
    body = client.get("/trials/NCT00184067/").content.decode()
    assert "May 2004" in body and "1 May 2004" not in body


@pytest.mark.parametrize("identifier", ["NCT99999999", "NCT123", "x" * 300, "ünï", "%00"])
def test_unknown_or_malformed_ids_are_404(client, db, identifier):
    assert client.get(f"/trials/{identifier}/").status_code == 404


def test_hidden_trials_are_404_for_visitors_but_staff_can_preview(client, admin_client):
    TrialFactory(nct_id="NCT00000002", is_hidden=True)
    assert client.get("/trials/NCT00000002/").status_code == 404
    assert admin_client.get("/trials/NCT00000002/").status_code == 200


def test_clinic_trials_use_their_reference(client):
    trial = TrialFactory(nct_id=None, clinic_reference="mmn-grip-study")
    response = client.get(trial.get_absolute_url())
    assert response.status_code == 200
    assert "ClinicalTrials.gov" not in response.content.decode().split("<main")[1].split(
        "Back to trial search")[0].replace("Information comes from ClinicalTrials.gov", "")


def test_hidden_trials_need_staff_past_the_second_factor(client, django_user_model):
    """A stolen staff password alone never shows hidden trials (issue 11 item 6)."""
    TrialFactory(nct_id="NCT00000003", is_hidden=True)
    url = reverse("trials:detail", args=["NCT00000003"])
    staff = django_user_model.objects.create_user("nurse", "n@example.org", "pw-123-long-enough",
                                                  is_staff=True)
    client.force_login(staff)  # password only: no verified device in the session
    assert client.get(url).status_code == 404
    from tests.conftest import verify_client

    assert verify_client(client, staff).get(url).status_code == 200


def test_visible_to_shows_hidden_trials_only_to_verified_staff(django_user_model, rf):
    from django.contrib.auth.models import AnonymousUser

    from trials.models import Trial

    TrialFactory(nct_id="NCT00000004", is_hidden=True)
    shown = TrialFactory(nct_id="NCT00000005")
    staff = django_user_model.objects.create_user("s", "s@example.org", "x", is_staff=True)
    staff.is_verified = lambda: False
    assert list(Trial.objects.visible_to(AnonymousUser())) == [shown]
    assert list(Trial.objects.visible_to(staff)) == [shown]
    staff.is_verified = lambda: True
    assert Trial.objects.visible_to(staff).count() == 2


# ---------------------------------------------------------------- result cards


def test_a_result_card_shows_an_edited_title_at_once(client, db):
    trial = TrialFactory(brief_title="Walking after stroke", overall_status="RECRUITING")
    SiteFactory(trial=trial, country="France")
    first = client.get(LIST, {"q": "stroke", "n": "1"}).content.decode()
    assert "Walking after stroke" in first and "1 in France" in first
    trial.brief_title = "Walking again after stroke"
    trial.save()
    again = client.get(LIST, {"q": "stroke", "n": "2"}).content.decode()
    assert "Walking again after stroke" in again and "1 in France" in again


CARD_RE = re.compile(r'<article class="card trial-card.*?</article>', re.DOTALL)


def test_cards_keep_nothing_of_a_visitors_answers(client, sample_trials, monkeypatch):
    """The cards drawn for a search with answers are kept, but only what every search
    shows: the distance and pre-screen lines are drawn for that response alone."""
    from django.core.cache import cache

    stored = {}
    set_many = cache.set_many
    monkeypatch.setattr(cache, "set_many", lambda data, *a, **k: (
        stored.update(data), set_many(data, *a, **k))[1])
    body = client.get(LIST, {"status": "any", "age": "40", "near": "Boston"}).content.decode()
    cards = {key: value for key, value in stored.items() if "trials:card" in key}
    assert "Nearest site:" in body and "miles) away" in body and "prescreen" in body
    assert len(cards) == body.count("trial-card ") + body.count('trial-card"')
    kept = repr(list(cards.items()))
    for answer in ["Boston", "Nearest site", "miles) away", "prescreen", "You said"]:
        assert answer not in kept
    again = client.get(LIST, {"status": "any", "age": "40", "near": "Boston"}).content.decode()
    assert CARD_RE.findall(again) == CARD_RE.findall(body)  # the kept cards, answers put in


def test_the_other_pages_of_a_search_need_no_search_query(client, sample_trials):
    """A search without answers keeps all its ordered ids: page 2 reads them from the
    cache, and the pages together show each trial once, in the order of an uncached run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from common.content_version import bump_content_version

    TrialFactory.create_batch(5)
    first = shown_ids(client.get(LIST, {"status": "any"}))
    with CaptureQueriesContext(connection) as queries:
        second = shown_ids(client.get(LIST, {"status": "any", "page": "2"}))
    assert not [q for q in queries.captured_queries if "row_number()" in q["sql"]]
    assert len(first) == 20 and second and not set(first) & set(second)
    bump_content_version()  # nothing kept: the database orders page 2 alone
    assert shown_ids(client.get(LIST, {"status": "any", "page": "2"})) == second


def test_a_distance_sort_near_another_place_reuses_the_walked_candidates(client, db):
    """The same words near a new place measure the kept candidates again (no new walk of
    the listing), and each place gets its own nearest first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seattle = SiteFactory(city="Seattle", latitude=47.6, longitude=-122.3,
                          trial__brief_title="Grip strength study").trial
    providence = SiteFactory(city="Providence", latitude=41.8, longitude=-71.4,
                             trial__brief_title="Grip strength trial").trial
    Place.refresh()
    search = {"q": "grip", "status": "any", "sort": "distance"}
    assert shown_ids(client.get(LIST, {**search, "near": "Providence"})) == [
        providence.nct_id, seattle.nct_id]
    with CaptureQueriesContext(connection) as queries:
        near_seattle = shown_ids(client.get(LIST, {**search, "near": "Seattle"}))
    assert near_seattle == [seattle.nct_id, providence.nct_id]
    assert not [q for q in queries.captured_queries if '"at_clinic"' in q["sql"]]


def test_a_new_trial_is_found_at_once(client, db):
    TrialFactory(brief_title="Balance after stroke", overall_status="RECRUITING")
    assert "1 trial found" in client.get(LIST, {"q": "stroke", "n": "1"}).content.decode()
    TrialFactory(brief_title="Speech after stroke", overall_status="RECRUITING")
    assert "2 trials found" in client.get(LIST, {"q": "stroke", "n": "2"}).content.decode()


@pytest.mark.parametrize("answers", [
    {"near": "Boston", "within": "100"}, {"near": "Boston", "sort": "distance"},
    {"age": "47", "sex": "female", "eligible": "1"},
])
def test_results_for_a_visitors_answers_are_never_kept(client, sample_trials, monkeypatch,
                                                       answers):
    from django.core.cache import cache

    stored = {}
    set_one = cache.set
    monkeypatch.setattr(cache, "set", lambda key, value, *a, **k: (
        stored.__setitem__(key, value), set_one(key, value, *a, **k))[1])
    body = client.get(LIST, {"status": "any", **answers}).content.decode()
    answer = 'value="Boston"' if "near" in answers else 'value="47"'
    assert answer in body  # the visitor sees their answer in the form...
    assert not [key for key in stored if RESULTS_CACHE.prefix in key]
    assert stored and not [key for key, value in stored.items() if answer in str(value)]
    client.get(LIST, {"status": "any"})  # ...and a search without answers is kept
    assert [key for key in stored if RESULTS_CACHE.prefix in key]


def test_the_form_shows_each_searchs_own_words_and_filters(client, sample_trials):
    first = client.get(LIST, {"q": "cancer", "phase": "PHASE2"}).content.decode()
    again = client.get(LIST, {"q": "diabetes", "phase": "PHASE2"}).content.decode()
    assert 'value="cancer"' in first and 'value="diabetes"' in again
    assert 'value="cancer"' not in again
    for body in (first, again):  # the cached filters part keeps the visitor's filter
        assert re.search(r'<input type="checkbox"[^>]*value="PHASE2"[^>]*checked', body)
        assert "Filters (1 in use)" in body
        assert body.count('<form class="trial-search-form"') == 1


def test_an_unrecognised_place_is_flagged_on_its_own_field(client):
    html = client.get("/trials/", {"near": "Xqzzyville"}).content.decode()
    field = re.search(r'<input[^>]*name="near"[^>]*>', html).group(0)
    assert "is-invalid" in field and 'aria-invalid="true"' in field
    error_id = re.search(r'aria-describedby="([^"]*)"', field).group(1).split()
    assert any(f'id="{part}"' in html and "We do not know a city or town called" in
               html[html.index(f'id="{part}"'):][:300] for part in error_id)  # fmt: skip
    assert re.search(r'<details class="trial-more-filters" open>', html)  # not folded away


def test_kept_candidates_stay_within_their_memory_bound(client, db, monkeypatch):
    """Each distance search keeps its candidates' points (about 100 kB at registry scale)
    in this process: the oldest go once the kind's byte bound is reached."""
    from trials.caching import CANDIDATES_CACHE

    kept = CANDIDATES_CACHE.local
    one_search = 8 + 4 * 8  # one trial's id; its one site's trial id, coordinates and id
    monkeypatch.setattr(kept, "max_bytes", 2 * one_search)
    for word in ("grip", "walking", "speech"):
        SiteFactory(city="Boston", latitude=42.36, longitude=-71.06,
                    trial__brief_title=f"A {word} study")
        client.get(LIST, {"q": word, "status": "any", "near": "Boston", "sort": "distance"})
    assert len(kept.entries) == 2 and kept.bytes == 2 * one_search
