from types import SimpleNamespace

import pytest

from trials.eligibility import describe_age, prescreen, split_criteria, unescape

YEAR = 365


def trial(minimum=None, maximum=None, sex="ALL"):
    return SimpleNamespace(minimum_age_days=minimum, maximum_age_days=maximum, sex=sex)


def test_nothing_given_means_no_prescreen():
    assert prescreen(trial(18 * YEAR)) is None


def test_exactly_the_minimum_age_may_be_eligible():
    assert prescreen(trial(18 * YEAR), age_years=18).may_be_eligible


def test_one_year_under_the_minimum_gives_the_reason():
    result = prescreen(trial(18 * YEAR), age_years=17)
    assert not result.may_be_eligible and result.reasons == ["Minimum age 18 years"]


def test_exactly_the_maximum_age_may_be_eligible_and_one_over_is_not():
    assert prescreen(trial(None, 65 * YEAR), age_years=65).may_be_eligible
    assert prescreen(trial(None, 65 * YEAR), age_years=66).reasons == ["Maximum age 65 years"]


@pytest.mark.parametrize("age", [0, 50, 120])
def test_no_limits_accept_every_age(age):
    assert prescreen(trial(), age_years=age).may_be_eligible


@pytest.mark.parametrize("sex", ["FEMALE", "MALE"])
def test_sex_all_accepts_everyone(sex):
    assert prescreen(trial(), sex=sex).may_be_eligible


def test_single_sex_trials_say_who_they_are_for():
    assert prescreen(trial(sex="FEMALE"), sex="MALE").reasons == ["Women only"]
    assert prescreen(trial(sex="MALE"), sex="FEMALE").reasons == ["Men only"]
    assert prescreen(trial(sex="FEMALE"), sex="FEMALE").may_be_eligible


def test_every_result_carries_the_reminder():
    assert prescreen(trial(), age_years=30).reminder == "The study team decides who can take part."


def test_months_and_weeks_read_naturally():
    assert describe_age(180) == "6 months"
    assert describe_age(14) == "2 weeks"
    assert prescreen(trial(180), age_years=0).reasons == ["Minimum age 6 months"]


def test_criteria_split_into_inclusion_and_exclusion_lists():
    text = (
        "Inclusion Criteria:\n\n* Age \\>= 18\n* Signed consent\n  * nested point\n\n"
        "Exclusion Criteria:\n\n* Pregnancy\n* HbA1c \\> 7% \\[local lab\\]"
    )
    sections = split_criteria(text)
    assert [s.heading for s in sections] == ["You can take part if", "You cannot take part if"]
    assert sections[0].items == [(0, "Age >= 18"), (0, "Signed consent"), (1, "nested point")]
    assert sections[1].items[1] == (0, "HbA1c > 7% [local lab]")


def test_unescape_leaves_plain_text_alone():
    assert unescape("a \\< b and <script>") == "a < b and <script>"
