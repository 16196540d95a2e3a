import json
import re

import pytest
from django.urls import reverse

from conditions import search_index
from conditions.models import Status
from tests.conditions.factories import (
    ArticleFactory,
    ComparisonCellFactory,
    ComparisonColumnFactory,
    ComparisonFactory,
    FAQFactory,
    GlossaryTermFactory,
    SectionFactory,
    UserFactory,
    build_comparison,
    make_live,
)

pytestmark = pytest.mark.django_db
HIDDEN = [Status.DRAFT, Status.IN_REVIEW]


@pytest.mark.parametrize("status", HIDDEN)
def test_unpublished_article_is_hidden_everywhere(client, status):
    article = ArticleFactory(name="Secret condition", slug="secret", status=status)
    SectionFactory(article=article, heading="Secret heading", body="zebrafish")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Secret condition" not in client.get(reverse("conditions:list")).text
    assert "Secret" not in client.get(reverse("search"), {"q": "zebrafish"}).text
    assert "Secret" not in client.get(reverse("search"), {"q": "secret"}).text
    assert "/conditions/secret/" not in client.get("/sitemap.xml").text
    assert "Secret" not in client.get(reverse("conditions:home")).text


@pytest.mark.parametrize("status", HIDDEN)
def test_unpublished_faq_is_hidden_everywhere(client, status):
    faq = FAQFactory(question="Hidden question?", answer="zebrafish", status=status)
    page = client.get(faq.article.get_absolute_url()).text
    assert "Hidden question" not in page
    assert "Hidden question" not in client.get(reverse("search"), {"q": "zebrafish"}).text


@pytest.mark.parametrize("status", HIDDEN)
def test_unpublished_glossary_term_is_hidden_everywhere(client, status):
    term = GlossaryTermFactory(term="Zebrafish", slug="zebrafish", status=status)
    SectionFactory(article=ArticleFactory(slug="shown"), body="A zebrafish swims.")
    assert client.get(term.get_absolute_url()).status_code == 404
    assert "Zebrafish" not in client.get(reverse("conditions:glossary")).text
    assert "/glossary/zebrafish/" not in client.get("/conditions/shown/").text
    assert "Zebrafish" not in client.get(reverse("search"), {"q": "zebrafish"}).text
    assert "/glossary/zebrafish/" not in client.get("/sitemap.xml").text


@pytest.mark.parametrize("status", HIDDEN)
def test_unpublished_comparison_is_hidden_everywhere(client, status):
    comparison = build_comparison(rows=2, title="Hidden comparison", status=status)
    assert client.get(comparison.get_absolute_url()).status_code == 404
    assert "Hidden comparison" not in client.get(reverse("conditions:comparison_list")).text
    assert comparison.get_absolute_url() not in client.get("/sitemap.xml").text
    assert "Hidden comparison" not in client.get(reverse("conditions:home")).text


def test_comparison_drops_the_column_of_an_unpublished_article(client):
    comparison = ComparisonFactory()
    shown = ComparisonColumnFactory(comparison=comparison, article__name="Shown thing")
    hidden = ComparisonColumnFactory(
        comparison=comparison, article__name="Hidden thing", article__status=Status.DRAFT
    )
    cell = ComparisonCellFactory(row__comparison=comparison, column=shown, answer="Visible")
    ComparisonCellFactory(row=cell.row, column=hidden, answer="Invisible")
    page = client.get(comparison.get_absolute_url()).text
    assert "Shown thing" in page and "Visible" in page
    assert "Hidden thing" not in page and "Invisible" not in page


def test_published_content_appears_in_the_sitemap(client):
    article = ArticleFactory()
    term = GlossaryTermFactory()
    comparison = ComparisonFactory()
    sitemap = client.get("/sitemap.xml").text
    urls = [article.get_absolute_url(), term.get_absolute_url(), comparison.get_absolute_url()]
    for url in [*urls, "/glossary/", "/compare/", "/conditions/"]:
        assert url in sitemap


def test_article_page_shows_sections_toc_references_and_review(client):
    reviewer = UserFactory(first_name="Priya", last_name="Shah")
    article = ArticleFactory(name="Multifocal motor neuropathy", short_name="MMN",
                             reviewed_by=reviewer)  # fmt: skip
    SectionFactory(article=article, heading="Symptoms", slug="symptoms", body="Weak hands.")
    FAQFactory(article=article, question="Is it ALS?", slug="is-it-als", answer="No.")
    article.references.create(key="R1", citation="A paper.", pmid="123")
    response = client.get(article.get_absolute_url())
    page = response.text
    assert '<h2 id="symptoms">Symptoms</h2>' in page
    assert 'href="#symptoms"' in page
    assert 'id="is-it-als"' in page
    assert "A paper." in page and "https://pubmed.ncbi.nlm.nih.gov/123/" in page
    assert "Priya Shah" in page
    assert "Next review due" in page


def test_article_without_reviewer_says_who_prepared_it(client):
    article = ArticleFactory(reviewed_by=None)
    page = client.get(article.get_absolute_url()).text
    assert ("Written by the portal team from the sources below; not yet reviewed by a "
            "clinician here") in page


def test_article_json_ld_is_nonced_and_cannot_break_out(client):
    article = ArticleFactory(name="Bad </script><script>alert(1)</script> name")
    response = client.get(article.get_absolute_url())
    match = re.search(
        r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', response.text, re.S
    )
    assert match, "JSON-LD block missing"
    assert match.group(1) in response.headers["Content-Security-Policy"]
    data = json.loads(match.group(2))
    assert data["@type"] == "MedicalWebPage"
    assert data["about"]["@type"] == "MedicalCondition"
    assert data["url"] == f"http://testserver{article.get_absolute_url()}"
    assert "<script>alert(1)" not in response.text


def test_glossary_lists_terms_a_to_z_with_anchors(client):
    GlossaryTermFactory(term="axon", slug="axon")
    GlossaryTermFactory(term="IVIg", slug="ivig", also_called="immunoglobulin")
    page = client.get(reverse("conditions:glossary")).text
    assert 'href="#letter-A"' in page and 'href="#letter-I"' in page
    assert 'id="axon"' in page and 'id="ivig"' in page
    assert page.index('id="axon"') < page.index('id="ivig"')


def test_unknown_slugs_give_404(client):
    for url in ["/conditions/nope/", "/compare/nope/", "/glossary/nope/"]:
        assert client.get(url).status_code == 404


def test_home_page_summarises_mmn_and_links_every_route(client):
    ArticleFactory(slug="multifocal-motor-neuropathy", summary="MMN is rare. It is treatable.")
    comparison = ComparisonFactory()
    page = client.get("/").text
    assert "MMN is rare. It is treatable." in page
    for url in ["/conditions/multifocal-motor-neuropathy/", comparison.get_absolute_url(),
                "/glossary/", "/trials/"]:  # fmt: skip
        assert f'href="{url}"' in page


def test_footer_shows_the_latest_review_date(client):
    article = ArticleFactory()
    page = client.get("/conditions/").text
    assert f'Content last reviewed: <time datetime="{article.reviewed_on:%Y-%m-%d}"' in page


@pytest.mark.parametrize("count", [3, 30])
def test_article_page_query_count_is_constant(client, django_assert_max_num_queries, count):
    article = ArticleFactory()
    for i in range(count):
        SectionFactory(article=article, body=f"Text about term{i % 5} here.")
        FAQFactory(article=article)
        GlossaryTermFactory(term=f"term{i}")
    make_live()
    client.get("/glossary/")  # warm the footer cache like any visit would
    with django_assert_max_num_queries(6):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_glossary_page_query_count_is_constant(client, django_assert_max_num_queries, count):
    GlossaryTermFactory.create_batch(count)
    make_live()
    with django_assert_max_num_queries(3):
        assert client.get(reverse("conditions:glossary")).status_code == 200


@pytest.mark.parametrize("rows", [3, 20])
def test_comparison_page_query_count_is_constant(client, django_assert_max_num_queries, rows):
    comparison = build_comparison(rows=rows)
    make_live()
    with django_assert_max_num_queries(6):
        response = client.get(comparison.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('<th scope="row">') == rows


def test_search_query_count_is_constant(client, django_assert_max_num_queries):
    def add_matches(numbers: range) -> None:
        for i in numbers:
            SectionFactory(heading=f"Walking {i}", body="walking is hard")
            GlossaryTermFactory(term=f"Walking{i}")
        search_index.rebuild()  # as the first search after a change does

    add_matches(range(2))
    make_live()
    # Trials join the search too (with spelling help on PostgreSQL), hence up to 10.
    with django_assert_max_num_queries(10) as few:
        assert client.get(reverse("search"), {"q": "walking"}).status_code == 200
    add_matches(range(2, 20))
    make_live()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("search"), {"q": "walking"}).status_code == 200
