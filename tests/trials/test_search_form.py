"""The search form's parts come from the cache, kept without any value; a visitor's words,
filters and answers are put in for the response only (trials.presentation.form_part_html):
the page must show exactly the form drawn with those values, whatever they are."""

from urllib.parse import urlencode

import pytest
from crispy_forms.utils import render_crispy_form
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trials.forms import ANSWER_FIELDS, FILTER_FIELDS, TrialSearchForm
from trials.presentation import form_part_html

from .factories import SiteFactory

pytestmark = pytest.mark.django_db

answers = st.fixed_dictionaries({}, optional={
    "near": st.one_of(st.sampled_from(["Boston", 'Bos"ton <b>&amp;', "  Paris ", "x" * 250,
                                       "name=\"age\"", 'id="id_eligible">']),
                      st.text(max_size=20)),
    "age": st.one_of(st.integers(-5, 130).map(str), st.sampled_from(["", "abc", "4.5", " 45"])),
    "sex": st.sampled_from(["", "female", "male", "FEMALE", "other"]),
    "eligible": st.sampled_from(["", "1", "on", "true", "false", "0"]),
    "within": st.sampled_from(["", "25", "100", "7"]),
    "sort": st.sampled_from(["", "distance", "updated", "nonsense"]),
})


@pytest.fixture
def sites():
    """Listed sites in two countries: the country list offers them."""
    SiteFactory(country="United States")
    SiteFactory(country="France", city="Paris")


filters = st.fixed_dictionaries({}, optional={
    "status": st.one_of(st.lists(st.sampled_from(["any", "RECRUITING", "COMPLETED", "UNKNOWN",
                                                  "WITHDRAWN", "bogus", ""]), max_size=4),
                        st.just([])),
    "phase": st.lists(st.sampled_from(["PHASE1", "PHASE2", "PHASE3", "NA", "PHASE9", ""]),
                      max_size=3),
    "type": st.sampled_from(["", "INTERVENTIONAL", "OBSERVATIONAL", "nonsense"]),
    "country": st.sampled_from(["", "United States", "France", "Atlantis", '"><b>']),
    "healthy": st.sampled_from(["", "yes", "no", "maybe"]),
})


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=filters)
def test_the_filters_part_is_the_form_drawn_with_the_visitors_filters(data, sites):
    form = TrialSearchForm(QueryDict(urlencode(data, doseq=True)))
    form.to_search(form.data)
    drawn = render_crispy_form(form, form.filters_helper)
    assert form_part_html(form, "filters", FILTER_FIELDS) == drawn  # kept blank, then
    assert form_part_html(form, "filters", FILTER_FIELDS) == drawn  # read from the cache


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=answers)
def test_the_answers_part_is_the_form_drawn_with_the_visitors_answers(data):
    form = TrialSearchForm(QueryDict(urlencode(data)))
    form.to_search(form.data)  # validates, as the view does
    drawn = render_crispy_form(form, form.answers_helper)
    assert form_part_html(form, "answers", ANSWER_FIELDS) == drawn  # kept blank, then
    assert form_part_html(form, "answers", ANSWER_FIELDS) == drawn  # read from the cache


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.one_of(st.sampled_from(["mmn", 'ivig "side effects"', "<b>&amp;", "x" * 600,
                                        'name="q"', "ARGX-117 -als", "  weak hands "]),
                       st.text(max_size=30)))
def test_the_words_part_is_the_form_drawn_with_the_visitors_words(words):
    form = TrialSearchForm(QueryDict(urlencode({"q": words, "status": "any"})))
    form.to_search(form.data)
    drawn = render_crispy_form(form, form.words_helper)
    assert form_part_html(form, "words", ("q",)) == drawn  # kept blank, then
    assert form_part_html(form, "words", ("q",)) == drawn  # read from the cache
