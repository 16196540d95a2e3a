import copy
import datetime as dt
import io
import json

import pytest

from tests.trials.conftest import SAMPLE_DIR, SAMPLE_FILES, SAMPLE_IDS, load_study
from trials.importer import (
    ImportResult,
    StudyError,
    import_paths,
    import_stream,
    iter_studies,
    map_study,
    parse_age,
    parse_partial_date,
)
from trials.models import CentralContact, Place, Site, Trial

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        Trial.objects.count(),
        Site.objects.count(),
        CentralContact.objects.count(),
        list(
            Trial.objects.order_by("nct_id").values_list("nct_id", "brief_title", "record_version")
        ),
    )


def test_every_shipped_record_imports():
    result = import_paths([SAMPLE_DIR])
    assert result.ok, result.errors
    assert result.created == 30  # the 20 registry copies and the 10 condition records
    assert set(SAMPLE_IDS) < set(Trial.objects.values_list("nct_id", flat=True))
    assert Site.objects.filter(trial__nct_id="NCT02552212").count() == 105
    assert Place.objects.exists()


def test_second_import_reports_everything_unchanged(sample_trials):
    result = import_paths(SAMPLE_FILES)
    assert (result.created, result.updated, result.unchanged, result.failed_files) == (0, 0, 20, 0)


@pytest.mark.parametrize(
    ("text", "days"),
    [("18 Years", 6570), ("6 Months", 180), ("28 Days", 28), ("2 Weeks", 14), ("1 Year", 365),
     ("N/A", None), (None, None)],
)
def test_ages_become_days_or_no_limit(text, days):
    assert parse_age(text) == days


def test_unreadable_age_names_the_field():
    with pytest.raises(StudyError, match="minimumAge"):
        parse_age("eighteen", "protocolSection.eligibilityModule.minimumAge")


def test_year_month_dates_keep_month_precision():
    assert parse_partial_date("2023-05", "x") == (dt.date(2023, 5, 1), "month")
    assert parse_partial_date("2023-05-17", "x") == (dt.date(2023, 5, 17), "day")


def test_mapping_reads_the_typed_fields():
    values = map_study(load_study("NCT06388018")).trial
    assert values["sex"] == "FEMALE"
    assert values["minimum_age_days"] == 18 * 365
    assert values["maximum_age_days"] is None
    assert values["phases"] == ["PHASE2"]
    assert values["overall_status"] == "RECRUITING"


def test_missing_nct_id_is_named():
    study = load_study("NCT00184067")
    del study["protocolSection"]["identificationModule"]["nctId"]
    expected = r"protocolSection\.identificationModule\.nctId is missing"
    with pytest.raises(StudyError, match=expected):
        map_study(study)


def test_nct_id_with_non_ascii_digits_is_named():
    study = load_study("NCT00184067")
    study["protocolSection"]["identificationModule"]["nctId"] = "NCT\u0660\u0661234567"
    with pytest.raises(StudyError, match="nctId: .* is not an NCT id"):
        map_study(study)


def test_wrong_type_is_named():
    study = load_study("NCT00184067")
    study["protocolSection"]["conditionsModule"]["conditions"] = "Melanoma"
    with pytest.raises(StudyError, match="conditionsModule.conditions: expected a list"):
        map_study(study)


def test_held_back_oddities_are_tolerated(write_json):
    """No locations, a site without geoPoint, no minimumAge, a date struct without type."""
    no_locations = load_study("NCT00184067")
    del no_locations["protocolSection"]["contactsLocationsModule"]
    odd = load_study("NCT02552212")
    ps = odd["protocolSection"]
    del ps["contactsLocationsModule"]["locations"][0]["geoPoint"]
    del ps["eligibilityModule"]["minimumAge"]
    ps["statusModule"]["startDateStruct"] = {"date": "2010-03"}
    ps["identificationModule"]["briefTitle"] += " Lariboisière ≥ µ"
    odd["padding"] = "x" * 500_000  # a big record
    result = import_paths([write_json("a.json", no_locations), write_json("b.json", odd)])
    assert result.ok, result.errors
    trial = Trial.objects.get(nct_id="NCT02552212")
    assert trial.minimum_age_days is None
    assert trial.start_date_precision == "month"
    assert trial.sites.filter(latitude__isnull=True).count() == 1
    assert not Trial.objects.get(nct_id="NCT00184067").sites.exists()


def test_broken_json_fails_naming_the_file_and_changes_nothing(sample_trials, write_json):
    before = _snapshot()
    good = load_study("NCT00184067")
    good["protocolSection"]["identificationModule"]["briefTitle"] = "Changed"
    broken = write_json("broken.json", '{"studies": [' + json.dumps(good) + ', {"protocolSe')
    result = import_paths([broken])
    assert not result.ok
    assert "broken.json" in result.errors[0] and "not valid JSON" in result.errors[0]
    assert _snapshot() == before


def test_missing_nct_id_fails_the_whole_file_and_others_still_import(sample_trials, write_json):
    changed = load_study("NCT00184067")
    changed["protocolSection"]["identificationModule"]["briefTitle"] = "Changed"
    bad = load_study("NCT00711542")
    del bad["protocolSection"]["identificationModule"]["nctId"]
    newer = load_study("NCT03064438")
    newer["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = "2030-01-01"
    newer["protocolSection"]["identificationModule"]["briefTitle"] = "Newer title"
    before = _snapshot()
    result = import_paths(
        [write_json("bad.json", {"studies": [changed, bad]}), write_json("ok.json", newer)]
    )
    assert result.failed_files == 1 and result.updated == 1
    assert "bad.json" in result.errors[0]
    assert "study #2" in result.errors[0] and "nctId is missing" in result.errors[0]
    assert Trial.objects.get(nct_id="NCT00184067").brief_title == before[3][0][1]
    assert Trial.objects.get(nct_id="NCT03064438").brief_title == "Newer title"


def test_newer_record_replaces_and_older_is_not_applied(sample_trials, write_json):
    study = load_study("NCT05602779")
    newer = copy.deepcopy(study)
    newer["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = "2030-01-01"
    newer["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    newer["protocolSection"]["contactsLocationsModule"]["locations"] = []
    result = import_paths([write_json("newer.json", newer)])
    assert result.updated == 1
    trial = Trial.objects.get(nct_id="NCT05602779")
    assert trial.overall_status == "COMPLETED" and not trial.sites.exists()

    result = import_paths([write_json("older.json", study)])
    assert (result.updated, result.skipped_older) == (0, 1)
    assert Trial.objects.get(nct_id="NCT05602779").overall_status == "COMPLETED"


def test_staff_flags_survive_reimport(sample_trials, write_json):
    Trial.objects.filter(nct_id="NCT06388018").update(is_at_this_clinic=True, is_hidden=True)
    newer = load_study("NCT06388018")
    newer["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = "2030-01-01"
    import_paths([write_json("n.json", newer)])
    trial = Trial.objects.get(nct_id="NCT06388018")
    assert trial.is_at_this_clinic and trial.is_hidden
    assert trial.last_update_posted == dt.date(2030, 1, 1)


def test_list_pages_and_top_level_lists_stream_one_study_at_a_time():
    page = {"studies": [load_study("NCT00184067"), load_study("NCT00711542")],
            "nextPageToken": "abc"}
    ids = [s["protocolSection"]["identificationModule"]["nctId"]
           for s in iter_studies(io.BytesIO(json.dumps(page).encode()))]
    assert ids == ["NCT00184067", "NCT00711542"]
    as_list = json.dumps(page["studies"]).encode()
    assert len(list(iter_studies(io.BytesIO(as_list)))) == 2


def test_a_bare_string_is_rejected():
    result = ImportResult()
    assert not import_stream("x.json", io.BytesIO(b'"hello"'), result=result)
    assert "x.json" in result.errors[0]


def test_folders_are_read_recursively(write_json):
    write_json("a/b/one.json", load_study("NCT00184067"))
    path = write_json("a/two.json", load_study("NCT00711542"))
    write_json("a/notes.txt", "ignored")
    result = import_paths([path.parent])
    assert result.created == 2 and result.ok


def test_duplicate_study_in_one_batch_counts_once(write_json):
    study = load_study("NCT00184067")
    result = import_paths([write_json("d.json", {"studies": [study, study]})])
    assert result.ok and Trial.objects.count() == 1


def test_text_is_cut_to_the_model_field_length():
    from trials.importer.mapping import SITE_LIMITS, TRIAL_LIMITS

    study = load_study("NCT03281889")
    study["protocolSection"]["identificationModule"]["briefTitle"] = "T" * 900
    study["protocolSection"]["contactsLocationsModule"]["locations"][0]["facility"] = "F" * 900
    mapped = map_study(study)
    assert len(mapped.trial["brief_title"]) == Trial._meta.get_field("brief_title").max_length
    assert len(mapped.sites[0]["facility"]) == Site._meta.get_field("facility").max_length
    assert TRIAL_LIMITS["acronym"] == Trial._meta.get_field("acronym").max_length
    assert SITE_LIMITS["postcode"] == Site._meta.get_field("postcode").max_length


def test_registry_facts_are_read_with_their_types():
    values = map_study(load_study("NCT03281889")).trial
    assert values["status_verified"] == dt.date(2021, 1, 1)
    assert values["start_date_type"] == "ACTUAL"
    assert values["completion_date_type"] == "ESTIMATED"
    assert values["first_posted"] == dt.date(2017, 9, 13)
    assert (values["enrollment_count"], values["enrollment_type"]) == (20, "ESTIMATED")
    unknown = map_study(load_study("NCT04207047")).trial
    assert unknown["last_known_status"] == "ACTIVE_NOT_RECRUITING"


def test_import_stores_the_sites_countries_and_count_on_the_trial(sample_trials):
    # The country filter reads them (TrialQuerySet.in_country), result cards the number of
    # sites ("Sites: 12 in …"); a re-import rewrites them.
    for trial in Trial.objects.all():
        countries = [c for c in trial.sites.values_list("country", flat=True)]
        assert trial.site_countries == "".join(f"|{c}" for c in sorted(set(countries) - {""})
                                               ) + ("|" if any(countries) else "")
        assert trial.site_count == len(countries)
