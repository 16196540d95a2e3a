import pytest
from django.urls import reverse

from mmn_portal.search import MAX_QUERY_LENGTH, clean_query
from tests.conditions.factories import (
    ArticleFactory,
    FAQFactory,
    GlossaryTermFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def search(client, q):
    return client.get(reverse("search"), {"q": q})


@pytest.mark.parametrize("q", ["ivig", "IVIG", "IvIg", "ÍVÍg"])
def test_search_ignores_case_and_accents(client, q):
    GlossaryTermFactory(term="IVIg", slug="ivig", definition="Immunoglobulin into a vein.")
    response = search(client, q)
    assert 'href="/glossary/ivig/"' in response.text


def test_search_finds_accented_text_with_a_plain_query(client):
    GlossaryTermFactory(term="Guillain-Barré syndrome", slug="gbs")
    assert 'href="/glossary/gbs/"' in search(client, "guillain-barre").text


def test_search_links_the_matching_section(client):
    article = ArticleFactory(slug="mmn", name="Multifocal motor neuropathy")
    SectionFactory(article=article, heading="Treatment", slug="treatment", body="Infusions help.")
    response = search(client, "infusions")
    assert 'href="/conditions/mmn/#treatment"' in response.text
    assert f"{article.short_name} › Treatment" in response.text


def test_search_finds_articles_and_faqs(client):
    ArticleFactory(slug="cidp", name="Chronic inflammatory demyelinating polyneuropathy")
    FAQFactory(question="Will I need a wheelchair?", slug="wheelchair", article__slug="mmn")
    assert 'href="/conditions/cidp/"' in search(client, "inflammatory").text
    assert 'href="/conditions/mmn/#wheelchair"' in search(client, "WHEELCHAIR").text


def test_search_treats_like_wildcards_as_plain_text(client):
    GlossaryTermFactory(term="Axon", slug="axon")
    assert "Nothing matched" in search(client, "%").text
    assert "Nothing matched" in search(client, "_").text


@pytest.mark.parametrize(
    "q", ["", "   ", "\x00", "ivig\x00", "a" * 10_000, "<script>alert(1)</script>", "'; DROP--"]
)
def test_bad_queries_give_a_normal_page(client, q):
    response = search(client, q)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_empty_query_asks_for_a_word(client):
    assert "Type a word to search for" in search(client, "").text


def test_long_query_is_cut_with_a_message(client):
    response = search(client, "a" * 10_000)
    assert "we used only the first 200 characters" in response.text
    assert response.context["query"] == "a" * MAX_QUERY_LENGTH


def test_null_bytes_are_removed_with_a_message():
    assert clean_query("iv\x00ig") == (
        "ivig",
        "We removed some characters that cannot be searched.",
    )
