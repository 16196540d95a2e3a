"""Site countries on a Spanish page are named in Spanish; the registry's English name stays
what is stored and searched."""

import re

import pytest

from trials.countries import country_name

pytestmark = pytest.mark.django_db


def country_options(html: str) -> list[tuple[str, str]]:
    select = re.search(r'(?s)<select name="country".*?</select>', html).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)[1:]


def test_the_spanish_country_filter_names_countries_in_spanish_in_spanish_order(
        client, sample_trials):
    options = country_options(client.get("/es/trials/?status=any").content.decode())
    labels = dict(options)
    assert labels["United States"] == "Estados Unidos"
    assert labels["Korea, Republic of"] == "Corea del Sur"
    assert labels["Germany"] == "Alemania"
    assert [label for _, label in options][:2] == ["Alemania", "Australia"]


def test_the_english_country_filter_keeps_the_registry_names(client, sample_trials):
    options = country_options(client.get("/trials/?status=any").content.decode())
    assert ("Korea, Republic of", "Korea, Republic of") in options
    assert options == sorted(options)


def test_a_spanish_search_by_country_finds_the_same_studies_as_the_english_one(
        client, sample_trials):
    def studies(path):
        return set(re.findall(r"NCT\d{8}", client.get(path).content.decode()))

    spanish = studies("/es/trials/?status=any&country=United+States")
    assert spanish and spanish == studies("/trials/?status=any&country=United+States")
    assert "Estados Unidos" in client.get(
        "/es/trials/?status=any&country=United+States").content.decode()


def test_a_spanish_result_card_names_its_sites_countries_in_spanish(client, sample_trials):
    def sites(path):
        return re.findall(r"</strong> \d+ (?:in|en) ([^<]+)</p>", client.get(path).content.decode())

    assert "Estados Unidos" in sites("/es/trials/?status=any")
    assert "United States" in sites("/trials/?status=any")


def test_a_country_no_list_knows_stays_as_the_registry_wrote_it_marked_english():
    old = country_name("Netherlands Antilles", "es")
    assert (old.label, old.lang) == ("Netherlands Antilles", "en")
    assert str(old.html()) == '<span lang="en">Netherlands Antilles</span>'
    assert country_name("Russian Federation", "es").label == "Rusia"
    assert country_name("Russian Federation", "en").label == "Russian Federation"
