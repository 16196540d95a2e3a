"""The benchmark measures searches a visitor can make with the form: a URL the form rejects
(it once sent sex=FEMALE, where the form sends "female") measures an error page instead."""

import random
from urllib.parse import urlsplit

from django.http import QueryDict

from bench.run import plan_mix, search_mix
from tests.trials.factories import SiteFactory
from trials.forms import TrialSearchForm


def test_every_search_the_bench_sends_is_one_the_form_accepts(db):
    SiteFactory(country="United States")  # the country filter offers the sites' countries
    mix = search_mix(random.Random(1), ["Boston"], ["NCT05405361"])
    urls = [url for name, urls in mix.items() if name != "detail" for url in urls]
    urls += plan_mix("Boston").values()
    for url in urls:
        form = TrialSearchForm(QueryDict(urlsplit(url).query))
        assert form.is_valid(), (url, form.errors)
