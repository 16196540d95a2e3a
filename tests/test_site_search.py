"""The one search box finds condition pages, glossary terms and trials together."""

import pytest

from tests.trials.factories import TrialFactory
from trials.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(shipped_content_for_module, db):
    """The shipped content, loaded once for the module."""


def test_site_search_shows_pages_glossary_and_trials_in_sections(client, content):
    TrialFactory(brief_title="Immunoglobulin for multifocal motor neuropathy",
                 conditions=["Multifocal Motor Neuropathy"], overall_status=Status.COMPLETED)
    html = client.get("/search/", {"q": "immunoglobulin"}).content.decode()
    assert "Condition pages" in html
    assert "Glossary" in html
    assert "Clinical trials" in html
    assert "Immunoglobulin for multifocal motor neuropathy" in html
    assert "/trials/?q=immunoglobulin&amp;status=any" in html


def test_hidden_trials_never_appear_in_site_search(client, content):
    TrialFactory(brief_title="Hidden neuropathy study", is_hidden=True)
    html = client.get("/search/", {"q": "hidden neuropathy"}).content.decode()
    assert "Hidden neuropathy study" not in html


def test_site_search_query_count_does_not_grow_with_trial_results(
        client, content, django_assert_max_num_queries):
    TrialFactory.create_batch(3, brief_title="Neuropathy study")
    with django_assert_max_num_queries(10) as few:
        client.get("/search/", {"q": "neuropathy"})
    TrialFactory.create_batch(20, brief_title="Neuropathy study")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/search/", {"q": "neuropathy"})


def test_site_search_for_an_nct_id_finds_that_trial(client, content):
    TrialFactory(nct_id="NCT01126879", brief_title="The trial with this number")
    html = client.get("/search/", {"q": "nct01126879"}).content.decode()
    assert "The trial with this number" in html
