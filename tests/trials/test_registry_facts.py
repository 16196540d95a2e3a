"""Registry facts exactly as the record gives them (issue 22, section 2), on the kinds of
real records the registry holds: an ESTIMATED posting date, Markdown escapes and bullets,
"not applicable" phase beside a drug, and "only trials I may be able to join"."""

import datetime as dt
import re

import pytest

from tests.trials.factories import SiteFactory, TrialFactory
from tests.trials.results import shown_cards
from trials.eligibility import NA_WITH_MEDICINE
from trials.models import Status, Trial
from trials.presentation import registry_text_html
from trials.search.places import resolve_place


def page(client, identifier: str, **params) -> str:
    response = client.get(f"/trials/{identifier}/", params)
    assert response.status_code == 200
    return response.content.decode()


# ---------------------------------------------------------------- dates with their own type


def test_an_estimated_posting_date_says_estimated_and_an_actual_one_actual(client, sample_trials):
    body = page(client, "NCT00763412")  # first posted ESTIMATED, results posted ACTUAL
    assert 'First posted</dt><dd>1 October 2008 <span class="date-kind">(estimated)</span>' in body
    assert ('Results first posted</dt><dd>5 June 2017 <span class="date-kind">(actual)</span>'
            in body)
    assert "first posted 5 June 2017, actual" in body  # beside the results link
    body = page(client, "NCT04523987")
    assert 'First posted</dt><dd>24 August 2020 <span class="date-kind">(actual)</span>' in body


def test_a_posting_date_without_a_type_claims_none(client, condition_trials):
    body = page(client, "NCT05405361")  # the transcribed page gives no type
    assert "First posted</dt><dd>6 June 2022</dd>" in body


# ---------------------------------------------------------------- Markdown from the registry


def test_registry_escapes_and_bullets_become_text_and_lists_safely():
    html = str(registry_text_html(
        "Cohorts:\n* Cohort 1 \\< 18 years\n* Cohort 2, soft \\& bite-sized\n"
        "About \\~6,500 people.<script>alert(1)</script><img src=x onerror=alert(1)>"))
    assert "<ul>" in html and "<li>Cohort 1 &lt; 18 years</li>" in html
    assert "soft &amp; bite-sized" in html and "About ~6,500 people." in html
    assert "\\" not in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html


def test_a_registry_description_shows_no_escape_backslashes(client, sample_trials):
    body = page(client, "NCT03058679")
    assert "Index (sCDAI) score &gt;175" in body
    assert "\\&gt;" not in body and "\\>" not in body


def test_the_page_description_reads_escapes_as_text(client, db):
    trial = TrialFactory(brief_summary="Soft \\& bite-sized.", raw='{"protocolSection": {}}')
    body = page(client, trial.nct_id)
    assert '<meta name="description" content="Soft &amp; bite-sized.">' in body
    assert "<p>Soft &amp; bite-sized.</p>" in body


def test_criteria_unescape_ampersands_too(db):
    from trials.eligibility import split_criteria

    [section] = split_criteria("Inclusion Criteria:\n* soft \\& bite-sized food\n* age \\~18")
    assert [item.text for item in section.items] == ["soft & bite-sized food", "age ~18"]


# ---------------------------------------------------------------- phase fits the interventions


def test_not_applicable_beside_a_drug_says_the_registry_gives_no_phase(client, sample_trials):
    body = page(client, "NCT00763412")  # phases ["NA"], two DRUG interventions
    assert str(NA_WITH_MEDICINE) in body
    assert "does not test a medicine" not in body


def test_not_applicable_without_a_medicine_keeps_the_device_wording(client, db):
    trial = TrialFactory(phases=["NA"], interventions=[{"type": "DEVICE", "name": "Splint"}])
    assert "does not test a medicine" in page(client, trial.nct_id)


# ---------------------------------------------------------------- only trials I may join


def test_only_trials_i_may_join_lists_open_and_matching_trials_only(client, sample_trials):
    response = client.get("/trials/", {"status": "any", "age": 40, "eligible": "on"})
    cards = shown_cards(response)
    assert cards, "some sample trial is open and takes a 40-year-old"
    assert {card.prescreen for card in cards} == {"yes"}
    assert "This study is not taking new people" not in response.content.decode()
    for card in cards:
        assert Trial.objects.get(nct_id=card.identifier).is_open_to_join


# ---------------------------------------------------------------- the clinic's own study


def test_a_clinic_trial_without_a_site_shows_the_clinics_address_and_distance(
        client, db, settings):
    settings.CLINIC = {**settings.CLINIC, "name": "Neuromuscular Clinic",
                       "address": "1 Example Street, London"}
    settings.CLINIC_LOCATION = (51.52, -0.12)
    TrialFactory(nct_id=None, clinic_reference="mmn-home-infusion", is_at_this_clinic=True)
    body = page(client, "mmn-home-infusion", near="Reading, UK")
    assert "<strong>Neuromuscular Clinic</strong>, 1 Example Street, London (our clinic)" in body
    assert "km (" in body.split("(our clinic)", 1)[1].split("</li>", 1)[0]

    settings.CLINIC_LOCATION = None  # where the clinic is unknown, no distance is made up
    body = page(client, "mmn-home-infusion", near="Reading, UK")
    assert "(our clinic)" in body
    assert "km (" not in body.split("(our clinic)", 1)[1].split("</li>", 1)[0]


def test_a_clinic_trial_without_a_site_shows_the_clinic_on_its_result_card(
        client, db, settings):
    settings.CLINIC = {**settings.CLINIC, "name": "Neuromuscular Clinic",
                       "address": "1 Example Street, London"}
    settings.CLINIC_LOCATION = (51.52, -0.12)
    TrialFactory(nct_id=None, clinic_reference="mmn-home-infusion", is_at_this_clinic=True,
                 brief_title="Home infusion of IVIg for MMN")
    body = client.get("/trials/", {"q": "infusion", "near": "Reading, UK"}).content.decode()
    card = body.split("Home infusion of IVIg for MMN", 1)[1].split("</article>", 1)[0]
    assert ("<strong>Where:</strong> our clinic, Neuromuscular Clinic, 1 Example Street, London"
            in card)
    assert re.search(r"London: about (5\d|6\d) km \(\d+ miles\) away", card)
    assert "not listed yet" not in card


def test_clinic_trial_addresses_ignore_case(client, db):
    TrialFactory(nct_id=None, clinic_reference="mmn-home-infusion", is_at_this_clinic=True)
    assert client.get("/trials/MMN-Home-Infusion/").status_code == 200
    assert client.get("/trials/mmn-other/").status_code == 404


def test_the_clinics_own_criteria_are_not_called_the_registrys(client, db):
    TrialFactory(nct_id=None, clinic_reference="mmn-study", is_at_this_clinic=True, raw="",
                 eligibility_criteria="Adults with MMN who have IVIg at our clinic.")
    body = page(client, "mmn-study")
    assert '<h3 class="criteria-heading criteria-neutral">Who can take part</h3>' in body
    assert "as the registry writes it" not in body


# ---------------------------------------------------------------- a status not confirmed


def test_a_stale_status_line_appears_once_and_its_sites_are_not_shown_recruiting(client, db):
    trial = TrialFactory(status_verified=dt.date(2020, 5, 1))
    SiteFactory(trial=trial, status=Status.RECRUITING)
    body = page(client, trial.nct_id)
    assert body.count("The study may have ended or changed") == 1
    assert body.count("Status not confirmed since May 2020") == 1
    assert "(Recruiting)" not in body


def test_sites_of_a_confirmed_recruiting_study_keep_their_status(client, db):
    trial = TrialFactory()
    SiteFactory(trial=trial, status=Status.RECRUITING)
    assert "(Recruiting)" in page(client, trial.nct_id)


# ---------------------------------------------------------------- more of the record


def test_the_page_shows_other_outcomes_acronym_and_each_arms_treatments(client, sample_trials):
    body = page(client, "NCT03064438")
    assert "Further measures the study lists (" in body
    assert "Number of Participants With Erythema Score" in body.split("Further measures")[1]
    assert "Treatments in this group: Drug: ACCU-D1" in body
    assert "<dt>Short name</dt><dd>REPAIR-ACS</dd>" in page(client, "NCT00711542")


# ---------------------------------------------------------------- postcodes in messages


@pytest.mark.parametrize("typed", ["02115", "02115-1234", "SW1A 1AA", "K1A 0B1"])
def test_a_postcode_or_zip_is_named_as_such(db, typed):
    match = resolve_place(typed)
    assert match.place is None
    assert "looks like a postcode or zip code" in match.message
    assert "city or town called" not in match.message


def test_outcomes_and_arms_read_registry_escapes_as_text():
    import json

    from trials.registry import record_facts

    outcome = {"measure": "Itch \\& pain", "timeFrame": "\\~6 weeks"}
    arm = {"label": "Cohort 1", "description": "Age \\< 18 years", "interventionNames": ["Drug: A"]}
    facts = record_facts(json.dumps({"protocolSection": {
        "outcomesModule": {"otherOutcomes": [outcome]},
        "armsInterventionsModule": {"armGroups": [arm]},
    }}))
    assert (facts.other_outcomes[0].measure, facts.other_outcomes[0].time_frame) == (
        "Itch & pain", "~6 weeks")
    assert facts.arms[0].description == "Age < 18 years"
    assert facts.arms[0].interventions == ["Drug: A"]


def test_a_record_without_criteria_points_to_the_registry_for_them(client, condition_trials):
    body = page(client, "NCT05405361")  # the transcribed page cut the criteria short
    assert "Who can take part is not given here." in body
    assert 'href="https://clinicaltrials.gov/study/NCT05405361"' in body.split(
        "Who can take part is not given here.")[1][:200]
