"""The study page and search results say what the registry says, in a patient's words."""

import datetime as dt
import re

import pytest

from tests.conftest import REGISTRY_TODAY
from tests.trials.conftest import SAMPLE_IDS
from tests.trials.factories import CentralContactFactory, SiteFactory, TrialFactory
from tests.trials.results import shown_cards, shown_ids
from trials.models import DateType, Status, Trial
from trials.presentation import trial_dates
from trials.registry import format_phone, intervention_list
from trials.staleness import stale_cutoff


def page(client, nct_id: str, **params) -> str:
    response = client.get(f"/trials/{nct_id}/", params)
    assert response.status_code == 200
    return response.content.decode()


def main_text(html: str) -> str:
    return html.split("<main", 1)[1]


# ---------------------------------------------------------------- status as shown today


def test_cutoff_counts_whole_months_of_two_years():
    assert stale_cutoff(dt.date(2026, 11, 29)) == dt.date(2024, 11, 1)
    assert stale_cutoff(dt.date(2026, 1, 5)) == dt.date(2024, 1, 1)


@pytest.mark.parametrize(
    ("verified", "stale"),
    [(dt.date(2021, 1, 1), True), (stale_cutoff(REGISTRY_TODAY), False), (None, False)],
)
def test_recruiting_is_stale_only_when_not_verified_for_over_two_years(db, verified, stale):
    trial = TrialFactory(status_verified=verified)
    assert trial.is_stale is stale
    assert trial.is_open_to_join is not stale
    assert (trial in Trial.objects.open_to_join()) is not stale
    assert (trial in Trial.objects.with_status([Status.UNKNOWN])) is stale
    assert (trial in Trial.objects.with_status([Status.RECRUITING])) is not stale


def test_a_stale_status_says_since_when_and_what_was_last_reported(db):
    trial = TrialFactory(status_verified=dt.date(2021, 1, 1))
    assert trial.status_label == "Status not confirmed since January 2021"
    assert "Last reported as: recruiting." in trial.status_explained
    assert trial.status_info.tone == "unknown"


def test_registry_unknown_status_is_not_open_and_names_the_last_known_one(db):
    trial = TrialFactory(overall_status=Status.UNKNOWN, status_verified=dt.date(2019, 12, 1),
                         last_known_status=Status.ACTIVE_NOT_RECRUITING)
    assert not trial.is_open_to_join
    assert "Last reported as: active, not recruiting." in trial.status_explained


def test_stale_recruiting_study_is_not_in_the_default_listing(client, sample_trials):
    ids = shown_ids(client.get("/trials/"))
    assert "NCT03281889" not in ids and ids  # verified January 2021, says Recruiting
    body = page(client, "NCT03281889")
    assert "Status not confirmed since January 2021" in body
    assert "looking for people to take part now" not in body


def test_results_show_a_stale_status_as_not_confirmed(client, sample_trials):
    body = client.get("/trials/", {"status": "UNKNOWN"}).content.decode()
    assert "Status: Status not confirmed since January 2021" in body


# ---------------------------------------------------------------- the pre-screen


@pytest.mark.parametrize("nct_id", ["NCT01511679", "NCT02210780", "NCT03281889"])
def test_prescreen_never_invites_to_a_study_that_is_not_open(client, sample_trials, nct_id):
    response = client.get("/trials/", {"status": "any", "age": "5", "q": nct_id})
    [card] = [c for c in shown_cards(response) if c.identifier == nct_id]
    assert card.prescreen == "closed"
    results = response.content.decode().split('class="trial-list', 1)[1]
    assert "This study is not taking new people" in results
    assert "You may be eligible" not in results


def test_prescreen_reason_names_the_answer_and_the_rule(client, sample_trials):
    body = client.get("/trials/", {"q": "NCT05602779", "age": "12"}).content.decode()
    assert "You said you are 12; this study takes people aged 13 years to 17 years." in body


# ---------------------------------------------------------------- dates


def test_completed_study_says_when_things_ended_not_what_is_expected(client, sample_trials):
    body = page(client, "NCT02210780")
    assert "Main results expected" not in body
    assert re.search(r"Main data collection ended</dt><dd>[^<]+ <span class=\"date-kind\">"
                     r"\(actual\)", body)


def test_dates_without_a_type_are_expected_only_when_still_to_come(db):
    trial = TrialFactory(start_date=dt.date(2030, 1, 1), completion_date=dt.date(2001, 1, 1))
    rows = {row.label: row.kind for row in trial_dates(trial, today=REGISTRY_TODAY)}
    assert rows == {"Expected to start": "expected", "Study ends": ""}


@pytest.mark.parametrize("nct_id", SAMPLE_IDS)
def test_every_estimated_date_of_every_record_is_marked_expected(client, sample_trials, nct_id):
    trial = Trial.objects.get(nct_id=nct_id)
    body = page(client, nct_id)
    for name in ("start_date", "primary_completion_date", "completion_date"):
        if getattr(trial, f"{name}_type") == DateType.ESTIMATED:
            row = next(r for r in trial_dates(trial) if r.label.startswith(
                ("Expected", "Main data collection expected", "Study expected")))
            assert row.kind == "expected"
    for row in trial_dates(trial):
        shown = f"{row.label}</dt><dd>{row.text}"
        assert shown in body, (nct_id, shown)
        if row.kind:
            assert f"{shown} <span class=\"date-kind\">({row.kind})</span>" in body


@pytest.mark.parametrize("nct_id", SAMPLE_IDS)
def test_no_closed_or_stale_record_invites_anyone_to_join(client, sample_trials, nct_id):
    trial = Trial.objects.get(nct_id=nct_id)
    body = main_text(page(client, nct_id))
    listing = client.get("/trials/", {"status": "any", "q": nct_id, "age": "40"})
    shown = [c for c in shown_cards(listing) if c.identifier == nct_id]
    if trial.is_open_to_join:
        assert trial.overall_status in (Status.RECRUITING, Status.NOT_YET_RECRUITING)
        return
    assert "looking for people to take part now" not in body
    assert "will look for people to take part soon" not in body
    assert shown and all(c.prescreen == "closed" for c in shown)
    assert trial not in Trial.objects.open_to_join()


# ---------------------------------------------------------------- the rest of the record


def test_study_page_carries_the_records_facts(client, sample_trials):
    body = page(client, "NCT03281889")
    assert "Official title: Craniospinal Irradiation Using Proton Beam Scanning" in body
    assert "More detail from the study team" in body  # detailed description, folded
    assert "20 people planned" in body
    assert "What the study measures" in body and "Other measures (10)" in body
    assert "Open label: everyone knows who gets which treatment." in body
    assert "First posted" in body and "13 September 2017" in body
    assert "Susan McGovern, MD (principal investigator)" in body  # the site's own people
    assert 'href="mailto:slmcgove@mdanderson.org"' in body
    assert "Working with</dt><dd class=\"fact-wide\">National Cancer Institute (NCI)" in body


def test_results_link_to_clinicaltrials_gov_when_posted(client, sample_trials):
    assert "https://clinicaltrials.gov/study/NCT02552212?tab=results" in page(client, "NCT02552212")
    assert "No results have been posted" in page(client, "NCT03281889")


def test_contacts_come_before_a_long_folded_site_list(client, sample_trials):
    body = page(client, "NCT02552212")
    assert body.index("Study contacts") < body.index("Sites (105)")
    assert "<summary>Show 100 more sites</summary>" in body


def test_nearest_sites_first_when_a_place_is_given(client, sample_trials):
    body = page(client, "NCT02552212", near="Boston, United States")
    assert "Nearest first, from Boston, Massachusetts, United States." in body


def test_section_order_follows_what_a_patient_needs(client, sample_trials):
    body = page(client, "NCT03281889")
    order = ["What this study is about", "Who can take part", "whom to contact",
             "What the study measures", "How the study is set up", "Dates",
             "Who runs the study", "Results"]
    positions = [body.index(heading) for heading in order]
    assert positions == sorted(positions)


def test_interventions_read_plainly_and_once(client, sample_trials):
    assert intervention_list([
        {"type": "COMBINATION_PRODUCT", "name": "Kit"}, {"type": "DRUG", "name": "IVIg"},
        {"type": "DRUG", "name": "ivig"},
    ]) == ["Kit (Combination product)", "IVIg (Medicine)"]
    body = page(client, "NCT05602779")
    assert "Combination_product" not in body and "COMBINATION_PRODUCT" not in body


@pytest.mark.parametrize(
    ("phone", "ext", "shown"),
    [("01.49.95.81.69", "+33", "+33 1.49.95.81.69"),
     ("613-746-4621", "6420", "613-746-4621 ext. 6420"),
     ("+1844 599", "2273", "+1844 599 ext. 2273"),
     ("617-643-7250", "", "617-643-7250")],
)
def test_phone_numbers_read_as_people_dial_them(phone, ext, shown):
    assert format_phone(phone, ext) == shown


def test_no_sites_yet_only_for_studies_that_could_still_add_them(client, db):
    TrialFactory(nct_id="NCT00000011", overall_status=Status.COMPLETED)
    TrialFactory(nct_id="NCT00000012", overall_status=Status.RECRUITING)
    closed = page(client, "NCT00000011")
    assert "No sites are listed yet" not in closed
    assert "The registry lists no sites for this study." in closed
    assert "No sites are listed yet." in page(client, "NCT00000012")


def test_site_contacts_are_shown_with_their_site(client, db):
    trial = TrialFactory(nct_id="NCT00000013")
    SiteFactory(trial=trial, facility="Neuro Centre", contacts=[
        {"name": "Ann Lee", "role": "CONTACT", "phone": "+33 1.49.95.81.69"},
    ])
    CentralContactFactory(trial=trial)
    body = page(client, "NCT00000013")
    assert "Ann Lee (contact), phone" in body and 'href="tel:+33149958169"' in body


def test_clinic_study_renders_markdown_safely_and_points_at_no_record(client, db):
    trial = TrialFactory(nct_id=None, clinic_reference="grip-at-home",
                         brief_summary="Exercises at **home**.<script>alert(1)</script>",
                         detailed_description="* weekly calls")
    body = main_text(page(client, trial.clinic_reference))
    assert "<strong>home</strong>" in body and "**home**" not in body
    assert "<script>alert(1)" not in body
    assert "<li>weekly calls</li>" in body
    assert "record below" not in body and "ClinicalTrials.gov" not in body.split("</article>")[0]
