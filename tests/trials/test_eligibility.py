import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.trials.conftest import SAMPLE_DIR, load_study
from trials.eligibility import (
    EXCLUSION,
    HEADINGS,
    INCLUSION,
    NEUTRAL,
    criteria_summary,
    describe_age,
    prescreen,
    split_criteria,
    unescape,
)

FIXTURES = Path(__file__).parent / "fixtures"
# The team's copy of the registry records; the same records ship in trials/sample_data.
SHARED_DIR = Path(__file__).resolve().parents[4] / "shared" / "data" / "ctgov" / "studies"

YEAR = 365


def trial(minimum=None, maximum=None, sex="ALL"):
    return SimpleNamespace(minimum_age_days=minimum, maximum_age_days=maximum, sex=sex)


def test_nothing_given_means_no_prescreen():
    assert prescreen(trial(18 * YEAR)) is None


def test_exactly_the_minimum_age_may_be_eligible():
    assert prescreen(trial(18 * YEAR), age_years=18).may_be_eligible


def test_one_year_under_the_minimum_gives_the_reason():
    result = prescreen(trial(18 * YEAR), age_years=17)
    assert not result.may_be_eligible
    assert result.reasons == [
        "You said you are 17; this study takes people aged 18 years or older."
    ]


def test_exactly_the_maximum_age_may_be_eligible_and_one_over_is_not():
    assert prescreen(trial(None, 65 * YEAR), age_years=65).may_be_eligible
    assert prescreen(trial(None, 65 * YEAR), age_years=66).reasons == [
        "You said you are 66; this study takes people aged up to 65 years."
    ]


@pytest.mark.parametrize("age", [0, 50, 120])
def test_no_limits_accept_every_age(age):
    assert prescreen(trial(), age_years=age).may_be_eligible


@pytest.mark.parametrize("sex", ["FEMALE", "MALE"])
def test_sex_all_accepts_everyone(sex):
    assert prescreen(trial(), sex=sex).may_be_eligible


def test_single_sex_trials_say_who_they_are_for():
    assert prescreen(trial(sex="FEMALE"), sex="MALE").reasons == [
        "You said male; this study takes women only."
    ]
    assert prescreen(trial(sex="MALE"), sex="FEMALE").reasons == [
        "You said female; this study takes men only."
    ]
    assert prescreen(trial(sex="FEMALE"), sex="FEMALE").may_be_eligible


def test_every_result_carries_the_reminder():
    assert prescreen(trial(), age_years=30).reminder == "The study team decides who can take part."


def test_months_and_weeks_read_naturally():
    assert describe_age(180) == "6 months"
    assert describe_age(14) == "2 weeks"
    assert prescreen(trial(180), age_years=0).reasons == [
        "You said you are 0; this study takes people aged 6 months or older."
    ]


def test_reason_names_both_limits_when_the_study_has_both():
    assert prescreen(trial(18 * YEAR, 65 * YEAR), age_years=70).reasons == [
        "You said you are 70; this study takes people aged 18 years to 65 years."
    ]


@pytest.mark.parametrize("age", [5, 30])
def test_a_study_that_is_not_open_never_says_may_be_eligible(age):
    closed = SimpleNamespace(minimum_age_days=None, maximum_age_days=None, sex="ALL",
                             is_open_to_join=False)
    result = prescreen(closed, age_years=age)
    assert not result.may_be_eligible and result.state == "closed"
    assert result.summary == "This study is not taking new people"


def test_criteria_split_into_inclusion_and_exclusion_lists():
    text = (
        "Inclusion Criteria:\n\n* Age \\>= 18\n* Signed consent\n  * nested point\n\n"
        "Exclusion Criteria:\n\n* Pregnancy\n* HbA1c \\> 7% \\[local lab\\]"
    )
    sections = split_criteria(text)
    assert [s.kind for s in sections] == [INCLUSION, EXCLUSION]
    assert [s.heading for s in sections] == [HEADINGS[INCLUSION], HEADINGS[EXCLUSION]]
    assert [i.text for i in sections[0].items] == ["Age >= 18", "Signed consent"]
    assert [c.text for c in sections[0].items[1].children] == ["nested point"]
    assert sections[1].items[1].text == "HbA1c > 7% [local lab]"


@pytest.mark.parametrize(
    "heading",
    ["Key Inclusion Criteria:", "INCLUSION CRITERIA", "Inclusion criteria for patients",
     "**Inclusion Criteria:**", "Inclusion", "Main inclusion criteria (Part A):",
     "Healthy controls inclusion criteria:"],
)
def test_real_heading_forms_open_an_inclusion_list(heading):
    sections = split_criteria(f"{heading}\n\n* Adults\n\nExclusion Criteria:\n\n* Pregnancy")
    assert [s.kind for s in sections] == [INCLUSION, EXCLUSION]
    assert sections[0].items[0].text == "Adults"


def test_a_criterion_that_starts_like_a_heading_stays_a_criterion():
    text = "Exclusion Criteria:\n\n* Inclusion in another trial within 30 days\n" \
        "* Exclusion criteria of the main study apply"
    [section] = split_criteria(text)
    assert section.kind == EXCLUSION and len(section.items) == 2


def test_numbering_is_kept_so_a_coordinator_can_say_exclusion_6():
    sections = split_criteria(_record_text("NCT02210780"))
    exclusions = sections[1]
    assert sections[0].registry_heading == "Key Inclusion Criteria"
    assert [i.marker for i in exclusions.items[:7]] == [f"{n}." for n in range(1, 8)]
    assert exclusions.items[2].text == "History of Guillain-Barre syndrome"
    assert all(i.numbered for i in exclusions.items[:7])


def test_nested_numbered_list_under_a_bullet_stays_nested():
    [inclusion, _] = split_criteria(_record_text("NCT00184067"))
    first = inclusion.items[0]
    assert first.text.endswith("provided that:")
    assert [c.marker for c in first.children] == ["1.", "2.", "3.", "4."]


def test_lead_in_line_carries_the_list_below_it():
    [inclusion, _] = split_criteria(_record_text("NCT05602779"))
    group = inclusion.items[-1]
    assert group.text.startswith("Two of the following") and len(group.children) == 6


def test_a_lead_in_that_excludes_people_under_an_inclusion_heading_is_not_guessed():
    text = (
        "Inclusion Criteria:\n\n* Adults with MMN\n\n"
        "Participants must not have any of the following:\n\n* Pregnancy\n* Prior IVIg"
    )
    [section] = split_criteria(text)
    assert section.kind == NEUTRAL and section.heading == HEADINGS[NEUTRAL]
    assert [i.text for i in section.walk()][:2] == ["Inclusion Criteria:", "Adults with MMN"]


def test_text_without_inclusion_or_exclusion_headings_is_shown_as_written():
    text = "DISEASE CHARACTERISTICS:\n\n* Multifocal motor neuropathy\n\n" \
        "PATIENT CHARACTERISTICS:\n\n* Not pregnant"
    [section] = split_criteria(text)
    assert section.kind == NEUTRAL
    assert [i.text for i in section.items] == [
        "DISEASE CHARACTERISTICS:", "PATIENT CHARACTERISTICS:"
    ]


def test_empty_and_dash_only_sections_are_left_out():
    assert split_criteria("") == []
    sections = split_criteria("Inclusion Criteria:\n\nAdults\n\nExclusion Criteria:\n\n-")
    assert [s.kind for s in sections] == [INCLUSION]


# ---------------------------------------------------------------- the fixture corpus

CORPUS = json.loads((FIXTURES / "eligibility_corpus.json").read_text(encoding="utf-8"))["texts"]


def test_the_corpus_holds_at_least_30_real_texts_with_their_source():
    assert len(CORPUS) >= 30
    assert len({t["nct_id"] for t in CORPUS}) == len(CORPUS)
    assert all(t["nct_id"] in t["source"] and t["text"] for t in CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[t["nct_id"] for t in CORPUS])
def test_corpus_text_splits_as_written_by_hand(case):
    got = criteria_summary(split_criteria(case["text"]))
    assert [kind for kind, _ in got] == [kind for kind, _ in case["expected"]]
    for (_, count), (_, expected) in zip(got, case["expected"], strict=True):
        assert expected is None or count == expected


# Hand-written: (kind, number of top-level criteria) for every record shipped with the portal.
RECORD_SPLITS = {
    "NCT00184067": [(INCLUSION, 7), (EXCLUSION, 7)],
    "NCT00711542": [(INCLUSION, 1), (EXCLUSION, 21)],  # one lead-in "treated as follows:"
    "NCT00763412": [(INCLUSION, 5), (EXCLUSION, 6)],
    "NCT01126879": [(INCLUSION, 11), (EXCLUSION, 5)],  # bare "Inclusion" / "Exclusion"
    "NCT01511679": [(INCLUSION, 4), (EXCLUSION, 5)],
    "NCT02210780": [(INCLUSION, 5), (EXCLUSION, 8)],  # 7 numbered + the closing note
    "NCT02552212": [(INCLUSION, 6), (EXCLUSION, 11)],
    "NCT03058679": [(INCLUSION, 7), (EXCLUSION, 22)],
    "NCT03064438": [(INCLUSION, 9), (EXCLUSION, 11)],
    "NCT03281889": [(INCLUSION, 5), (EXCLUSION, 5)],
    "NCT03418623": [(INCLUSION, 1)],
    "NCT03630471": [(NEUTRAL, 2), (EXCLUSION, 2)],  # "Eligibility criteria:" is not a split
    "NCT04175379": [(INCLUSION, 2), (EXCLUSION, 11)],
    "NCT04207047": [(INCLUSION, 9), (EXCLUSION, 19)],
    "NCT04523987": [(INCLUSION, 7), (EXCLUSION, 6)],
    "NCT05013879": [(INCLUSION, 5), (EXCLUSION, 12)],
    "NCT05531279": [(INCLUSION, 4), (EXCLUSION, 8)],
    "NCT05600179": [(INCLUSION, 1), (EXCLUSION, 3)],
    "NCT05602779": [(INCLUSION, 3), (EXCLUSION, 8)],
    "NCT06388018": [(INCLUSION, 14), (EXCLUSION, 9)],
}


def _record_text(nct_id: str) -> str:
    study = load_study(nct_id)
    return study["protocolSection"].get("eligibilityModule", {}).get("eligibilityCriteria", "")


def _all_records() -> list[tuple[str, str]]:
    paths = sorted(SAMPLE_DIR.glob("*.json"))
    if SHARED_DIR.is_dir():
        paths += sorted(SHARED_DIR.glob("*.json"))
    records = {}
    for path in paths:
        study = json.loads(path.read_text(encoding="utf-8"))
        ps = study["protocolSection"]
        records[ps["identificationModule"]["nctId"]] = ps.get("eligibilityModule", {}).get(
            "eligibilityCriteria", ""
        )
    return sorted(records.items())


@pytest.mark.parametrize("nct_id", sorted(RECORD_SPLITS))
def test_shipped_record_splits_as_written_by_hand(nct_id):
    assert criteria_summary(split_criteria(_record_text(nct_id))) == RECORD_SPLITS[nct_id]


EXCLUSION_HEADING = re.compile(r"(?im)^[\W_]*(?:key\s+)?exclusion\b[^\n]*$")


@pytest.mark.parametrize("nct_id,text", _all_records(), ids=[n for n, _ in _all_records()])
def test_no_exclusion_criterion_appears_under_an_inclusion_heading(nct_id, text):
    plain = unescape(text)
    heading = EXCLUSION_HEADING.search(plain)
    for section in split_criteria(text):
        assert section.items, nct_id
        if section.kind != INCLUSION or heading is None:
            continue
        for item in section.walk():
            assert plain.find(item.text[:60]) < heading.start(), (nct_id, item.text)
def test_unescape_leaves_plain_text_alone():
    assert unescape("a \\< b and <script>") == "a < b and <script>"
