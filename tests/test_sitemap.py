"""The sitemap lists every public page with the date its own content last changed."""

import datetime
import re

import pytest

from tests.conditions.factories import ArticleFactory, GlossaryTermFactory, build_comparison
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db


def sitemap(client) -> dict[str, str]:
    xml = client.get("/sitemap.xml").content.decode()
    entry = r"<url><loc>http://testserver([^<]+)</loc>(?:<lastmod>([^<]+)</lastmod>)?"
    entries = re.findall(entry, xml)
    return dict(entries)


def test_every_public_url_has_a_lastmod_including_the_trial_search(client):
    ArticleFactory(slug="multifocal-motor-neuropathy")
    GlossaryTermFactory(slug="emg")
    build_comparison(rows=2)
    TrialFactory(nct_id="NCT01234567", last_update_posted=datetime.date(2024, 3, 5))
    urls = sitemap(client)
    for path in ["/", "/conditions/", "/compare/", "/glossary/", "/trials/", "/glossary/emg/",
                 "/conditions/multifocal-motor-neuropathy/", "/trials/NCT01234567/"]:  # fmt: skip
        assert path in urls
    assert all(urls.values()), [path for path, lastmod in urls.items() if not lastmod]


def test_a_trials_lastmod_is_the_registrys_last_update_not_the_import_date(client):
    TrialFactory(nct_id="NCT01234567", last_update_posted=datetime.date(2023, 6, 1))
    TrialFactory(nct_id="NCT07654321", last_update_posted=datetime.date(2024, 3, 5))
    urls = sitemap(client)
    assert urls["/trials/NCT01234567/"] == "2023-06-01"
    assert urls["/trials/NCT07654321/"] == "2024-03-05"
    assert urls["/trials/"] == "2024-03-05"


def test_a_glossary_terms_lastmod_is_when_it_last_changed(client):
    def dated(item, day: datetime.date) -> None:
        """Date the item's newest history entry (its last saved change) on `day`."""
        newest = item.history.order_by("-history_date").first()
        type(newest).objects.filter(pk=newest.pk).update(history_date=datetime.datetime(
            day.year, day.month, day.day, 12, tzinfo=datetime.UTC))

    term, other = GlossaryTermFactory(slug="emg"), GlossaryTermFactory(slug="ivig")
    dated(term, datetime.date(2025, 1, 10))
    dated(other, datetime.date(2025, 1, 10))
    term.definition = "A test of the electrical activity of muscles."
    term.save()
    dated(term, datetime.date(2025, 4, 2))
    urls = sitemap(client)
    assert urls[other.get_absolute_url()] == "2025-01-10"
    assert urls[term.get_absolute_url()] == "2025-04-02"
    assert urls["/glossary/"] == "2025-04-02"
