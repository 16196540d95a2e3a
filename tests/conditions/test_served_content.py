"""The third content round as a visitor sees it, with the site data `make run` loads."""

import re

import pytest
from django.urls import reverse

from conditions.models import Article, GlossaryTerm
from tests.module_data import loaded_for_module
from trials.models import Trial

pytestmark = pytest.mark.django_db
MMN = "multifocal-motor-neuropathy"


@pytest.fixture(scope="module")
def site_for_module(django_db_setup, django_db_blocker):
    with loaded_for_module(django_db_blocker, ("load_site_data",)):
        yield


@pytest.fixture
def site(site_for_module, db):
    """Everything `make run` loads (once for this module: see loaded_for_module)."""


def page_text(client, url: str) -> str:
    """The visible words of a page, tags dropped and spaces collapsed."""
    html = client.get(url).content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section_html(client, slug: str) -> str:
    html = client.get(Article.objects.get(slug=MMN).get_absolute_url()).content.decode()
    start = html.index(f'<h2 id="{slug}">')
    return html[start:html.index("</section>", start)]


def test_same_day_list_sends_treating_the_weakness_to_the_neurologist(site, client):
    text = " ".join(re.sub(r"<[^>]+>", " ", section_html(client, "when-to-get-help")).split())
    assert "steroids or plasma exchange to treat your weakness, or surgery for a trapped nerve" \
        in text
    assert "Steroids for another illness are fine once that doctor knows you have MMN" in text


def test_glossary_corticosteroids_carries_the_same_caveat(site, client):
    text = page_text(client, GlossaryTerm.objects.get(slug="corticosteroids").get_absolute_url())
    assert "steroids to treat MMN weakness need a talk with your neurologist first" in text
    assert "are fine once that doctor knows you have MMN" in text


def test_comparison_gives_mmn_spinal_fluid_as_usual_not_as_a_rule(site, client):
    text = page_text(client, reverse("conditions:comparison", args=["mmn-als-cidp"]))
    assert "Usually normal or only a little high" in text
    assert "1 g/L (100 mg/dL" in text
    assert "below 1 gram per liter" not in text
    assert "the treatments that work are different" in text  # CIDP can be treated too


def test_every_study_named_in_research_links_to_its_record(site, client):
    """To the portal's study page for a trial the site lists, else to ClinicalTrials.gov."""
    html = section_html(client, "research-and-trials")
    named = set(re.findall(r"NCT\d{8}", html))
    assert {"NCT05225675", "NCT05405361"} <= named
    listed = set(Trial.objects.listed().filter(nct_id__in=named).values_list("nct_id", flat=True))
    for nct in named:
        url = reverse("trials:detail", args=[nct]) if nct in listed \
            else f"https://clinicaltrials.gov/study/{nct}"
        assert f'<a class="trial-id" href="{url}">{nct}</a>' in html, nct
    assert "December 2026" in html and "not approved</strong> anywhere" in html


def test_mmn_page_reads_in_american_english(site, client):
    text = page_text(client, Article.objects.get(slug=MMN).get_absolute_url())
    for british in ["drip", "dummy", "feeling sick", "being sick"]:
        assert british not in text, british
    assert "nausea" in text and "throwing up" in text and "IV infusion" in text
