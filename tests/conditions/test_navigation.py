"""Fewer taps: /compare/ shows the comparison, the header goes straight to the MMN article,
every breadcrumb trail starts at Home, and the footer reads well without clinic details."""

import re

import pytest
from django.urls import reverse

from tests.conditions.factories import ArticleFactory, ComparisonFactory, build_comparison
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db


def breadcrumb_links(html: str) -> list[str]:
    trail = re.search(r'<nav aria-label="Breadcrumb">(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'<a href="([^"]+)">', trail)


def test_compare_shows_the_table_while_there_is_one_comparison(client):
    comparison = build_comparison(rows=3)
    response = client.get(reverse("conditions:comparison_list"))
    assert response.status_code == 200
    assert response.text.count('<th scope="row">') == 3
    assert f'rel="canonical" href="http://testserver{comparison.get_absolute_url()}"' in (
        response.text
    )
    assert breadcrumb_links(response.text) == ["/"]


def test_compare_lists_the_comparisons_when_there_are_several(client):
    first, second = build_comparison(rows=2), ComparisonFactory(title="Two other conditions")
    page = client.get(reverse("conditions:comparison_list")).text
    assert f'href="{first.get_absolute_url()}"' in page
    assert f'href="{second.get_absolute_url()}"' in page
    assert '<th scope="row">' not in page
    assert breadcrumb_links(client.get(first.get_absolute_url()).text) == ["/", "/compare/"]


def test_header_links_go_straight_to_the_mmn_article_and_the_comparison(client):
    mmn = ArticleFactory(slug="multifocal-motor-neuropathy", short_name="MMN")
    page = client.get("/glossary/").text
    header = re.search(r'<nav aria-label="Main">(.*?)</nav>', page, re.S).group(1)
    assert f'<a href="{mmn.get_absolute_url()}">About MMN</a>' in header
    assert '<a href="/compare/">Compare</a>' in header
    current = client.get(mmn.get_absolute_url()).text
    assert f'<a href="{mmn.get_absolute_url()}" aria-current="page">About MMN</a>' in current


def test_trial_breadcrumbs_start_at_home(client):
    trial = TrialFactory()
    assert breadcrumb_links(client.get(trial.get_absolute_url()).text) == ["/", "/trials/"]


def test_footer_without_clinic_details_has_no_empty_clinic_heading(client, settings):
    settings.CLINIC = {"name": "Neuromuscular Clinic", "address": "", "phone": "", "email": ""}
    footer = client.get("/").text.split('<footer class="site-footer">')[1]
    assert "<h2" in footer and "About this information" in footer
    assert 'id="footer-clinic"' not in footer
    assert "This site comes from Neuromuscular Clinic" in footer


def test_footer_with_clinic_details_shows_how_to_reach_the_clinic(client, settings):
    settings.CLINIC = {"name": "Leeds Neuromuscular Clinic", "address": "1 Park Row",
                       "phone": "0113 000 0000", "email": ""}  # fmt: skip
    footer = client.get("/").text.split('<footer class="site-footer">')[1]
    assert "Contact Leeds Neuromuscular Clinic</h2>" in footer
    assert 'href="tel:01130000000"' in footer


def test_glossary_term_lists_the_article_sections_that_use_it(client):
    from conditions.models import Status
    from tests.conditions.factories import GlossaryTermFactory, SectionFactory

    article = ArticleFactory(short_name="MMN")
    used = SectionFactory(article=article, heading="Tests", slug="tests",
                          body="The EMG shows a conduction block.")  # fmt: skip
    SectionFactory(article=article, heading="Treatment", slug="treatment", body="IVIg helps.")
    draft = ArticleFactory(status=Status.DRAFT, slug="draft-article")
    SectionFactory(article=draft, heading="Secret", body="conduction block")
    term = GlossaryTermFactory(term="Conduction block", slug="conduction-block")
    page = client.get(term.get_absolute_url()).text
    assert "Where this word is used" in page
    assert f'<a href="{used.get_absolute_url()}">MMN: Tests</a>' in page
    assert "Treatment</a>" not in page and "Secret" not in page
