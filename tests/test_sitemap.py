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
    for path in ["/", "/conditions/", "/glossary/", "/trials/", "/glossary/emg/",
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


def test_lastmod_is_the_day_the_text_shown_was_approved(client):
    term = GlossaryTermFactory(slug="emg", reviewed_on=datetime.date(2025, 4, 2))
    other = GlossaryTermFactory(slug="ivig", reviewed_on=datetime.date(2025, 1, 10))
    article = ArticleFactory(reviewed_on=datetime.date(2024, 11, 5))
    comparison = build_comparison(rows=2, reviewed_on=datetime.date(2025, 2, 3))
    urls = sitemap(client)
    assert urls[other.get_absolute_url()] == "2025-01-10"
    assert urls[term.get_absolute_url()] == "2025-04-02"
    assert urls["/glossary/"] == "2025-04-02"
    assert urls[article.get_absolute_url()] == "2024-11-05"
    assert urls[comparison.get_absolute_url()] == "2025-02-03"


def test_the_sitemap_lists_canonical_urls_only(client):
    first = build_comparison(rows=1)
    urls = sitemap(client)
    assert first.get_absolute_url() in urls
    assert "/compare/" not in urls  # it shows the one comparison, whose own URL is canonical
    build_comparison(rows=1)
    assert "/compare/" in sitemap(client)  # now a list of its own
