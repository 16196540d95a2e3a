"""JSON-LD on every page type, using only schema.org terms (checked against the vendored
release file in tests/data/schemaorg/), emitted with the CSP nonce."""

import datetime
import json
import re
from pathlib import Path

import pytest

from tests.conditions.factories import (
    ArticleFactory,
    FAQFactory,
    GlossaryTermFactory,
    UserFactory,
    build_comparison,
)
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db

RELEASE_CONTEXT = Path(__file__).parent / "data" / "schemaorg" / "schemaorg-12.0-context.jsonld"
RELEASE_TERMS = json.loads(RELEASE_CONTEXT.read_text(encoding="utf-8"))["@context"]
VOCABULARY = {
    term for term, value in RELEASE_TERMS.items()
    if isinstance(value, dict) and str(value.get("@id", "")).startswith("schema:")
}
SCHEMA = "https://schema.org/"


def json_ld(client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200, path
    blocks = re.findall(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>',
                        response.text, re.S)  # fmt: skip
    assert len(blocks) == 1, f"{path}: {len(blocks)} JSON-LD blocks"
    nonce, text = blocks[0]
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
    return json.loads(text)


def terms_used(node) -> set[str]:
    """Every type, property and schema.org enumeration value in a JSON-LD tree."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= terms_used(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@type":
                found |= set(value) if isinstance(value, list) else {value}
            elif not key.startswith("@"):
                found.add(key)
            found |= terms_used(value)
    elif isinstance(node, str) and node.startswith(SCHEMA):
        found.add(node.removeprefix(SCHEMA))
    return found


@pytest.fixture
def site():
    reviewer = UserFactory(first_name="Priya", last_name="Shah")
    mmn = ArticleFactory(
        name="Multifocal motor neuropathy", short_name="MMN", slug="multifocal-motor-neuropathy",
        reviewed_by=reviewer, medical_codes=[{"system": "ICD-10-CM", "code": "G61.82"},
                                             {"system": "Orphanet", "code": "641"}],
        treatments=["Intravenous immunoglobulin (IVIg)"], signs_and_symptoms=["Weak hands"],
    )  # fmt: skip
    FAQFactory(article=mmn, question="Is MMN the same as ALS?", slug="is-mmn-als",
               answer="No. MMN can be treated. [@R1]")  # fmt: skip
    comparison = build_comparison(rows=2)
    term = GlossaryTermFactory(term="Conduction block", slug="conduction-block",
                               also_called="CB")  # fmt: skip
    trial = TrialFactory(nct_id="NCT01234567", overall_status="RECRUITING", phases=["PHASE3"],
                         lead_sponsor="Example Pharma",
                         conditions=["Multifocal Motor Neuropathy"])  # fmt: skip
    return {"/": None, "/conditions/": None, mmn.get_absolute_url(): mmn,
            comparison.get_absolute_url(): comparison, "/glossary/": None,
            term.get_absolute_url(): term, "/trials/": None,
            trial.get_absolute_url(): trial}  # fmt: skip


def test_every_page_type_uses_only_schema_org_terms(client, site):
    for path in site:
        used = terms_used(json_ld(client, path))
        assert used <= VOCABULARY, f"{path}: not in schema.org: {used - VOCABULARY}"


def test_article_describes_the_condition_with_codes_treatments_and_review(client, site):
    data = json_ld(client, "/conditions/multifocal-motor-neuropathy/")
    assert data["@type"] == ["MedicalWebPage", "FAQPage"]  # it shows common questions
    condition = data["about"]
    assert condition["@type"] == "MedicalCondition"
    codes = {(code["codingSystem"], code["codeValue"]) for code in condition["code"]}
    assert codes == {("ICD-10-CM", "G61.82"), ("Orphanet", "641")}
    assert condition["possibleTreatment"][0]["name"] == "Intravenous immunoglobulin (IVIg)"
    assert condition["signOrSymptom"][0] == {"@type": "MedicalSignOrSymptom", "name": "Weak hands"}
    assert data["reviewedBy"] == {"@type": "Person", "name": "Priya Shah"}
    assert data["lastReviewed"] and data["dateModified"]
    assert data["inLanguage"] == "en-US"
    assert data["publisher"]["@type"] == "MedicalOrganization"


def test_article_without_a_reviewer_claims_none(client):
    article = ArticleFactory(reviewed_by=None)
    assert "reviewedBy" not in json_ld(client, article.get_absolute_url())


def node(data: dict, kind: str) -> dict:
    """The one node of type `kind`: the page itself or a member of its @graph."""
    nodes = [item for item in data.get("@graph", [data]) if item["@type"] == kind]
    assert len(nodes) == 1, f"{len(nodes)} {kind} nodes"
    return nodes[0]


def test_home_glossary_and_trial_say_what_they_are(client, site):
    home = json_ld(client, "/")
    assert {node["@type"] for node in home["@graph"]} == {"WebSite", "MedicalOrganization",
                                                          "WebPage"}  # fmt: skip
    glossary = json_ld(client, "/glossary/")
    assert glossary["@type"] == "DefinedTermSet"
    assert glossary["hasDefinedTerm"][0]["name"] == "Conduction block"
    term = json_ld(client, "/glossary/conduction-block/")
    assert term["@type"] == "WebPage" and term["mainEntity"]["@type"] == "DefinedTerm"
    assert term["mainEntity"]["inDefinedTermSet"]["@type"] == "DefinedTermSet"
    trial = node(json_ld(client, "/trials/NCT01234567/"), "MedicalTrial")
    assert trial["status"] == "https://schema.org/Recruiting"
    assert trial["sponsor"]["name"] == "Example Pharma"
    assert trial["healthCondition"] == [
        {"@type": "MedicalCondition", "name": "Multifocal Motor Neuropathy"}]


def test_a_stale_recruiting_trial_claims_no_status(client):
    # Not verified for over two years: the page says "not confirmed", and so does JSON-LD.
    TrialFactory(nct_id="NCT07654321", overall_status="RECRUITING",
                 status_verified=datetime.date(2021, 1, 1))
    assert "status" not in node(json_ld(client, "/trials/NCT07654321/"), "MedicalTrial")


def test_json_ld_cannot_break_out_of_its_script(client):
    GlossaryTermFactory(term="</script><script>alert(1)</script>", slug="bad")
    page = client.get("/glossary/bad/").text
    assert "<script>alert(1)" not in page
    term = json_ld(client, "/glossary/bad/")["mainEntity"]
    assert term["name"] == "</script><script>alert(1)</script>"


def breadcrumbs_shown(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Breadcrumb">(.*?)</nav>', html, re.S)
    return [re.sub(r"<[^>]+>", "", item).strip()
            for item in re.findall(r"<li[^>]*>(.*?)</li>", nav.group(1))] if nav else []


def test_every_page_with_breadcrumbs_gives_the_same_trail_as_a_breadcrumb_list(client, site):
    with_crumbs = 0
    for path in site:
        html = client.get(path).text
        shown = breadcrumbs_shown(html)
        data = json_ld(client, path)
        lists = [n for n in [data, *data.get("@graph", [])] if "breadcrumb" in n]
        trail = lists[0]["breadcrumb"] if lists else next(
            (n for n in data.get("@graph", []) if n["@type"] == "BreadcrumbList"), None)
        if not shown:
            assert trail is None, path
            continue
        with_crumbs += 1
        items = trail["itemListElement"]
        assert [item["name"] for item in items] == shown, path
        assert [item["position"] for item in items] == list(range(1, len(shown) + 1))
        assert items[0]["item"] == "http://testserver/"
        assert items[-1]["item"] == f"http://testserver{path}"
    assert with_crumbs == 4  # article, comparison, glossary term, trial


def test_an_article_with_questions_is_an_faq_page_too(client, site):
    data = json_ld(client, "/conditions/multifocal-motor-neuropathy/")
    assert data["@type"] == ["MedicalWebPage", "FAQPage"]
    assert data["mainEntity"] == [{"@type": "Question", "name": "Is MMN the same as ALS?",
                                   "acceptedAnswer": {"@type": "Answer",
                                                      "text": "No. MMN can be treated."}}]


def test_condition_and_trial_lists_are_collection_pages(client, site):
    conditions = json_ld(client, "/conditions/")
    assert conditions["@type"] == "CollectionPage"
    listed = conditions["mainEntity"]["itemListElement"]
    assert [item["position"] for item in listed] == list(range(1, len(listed) + 1))
    assert {"@type": "ListItem", "position": 1, "name": site_title(site),
            "url": "http://testserver/conditions/multifocal-motor-neuropathy/"} in [
        {**item, "position": 1} for item in listed]
    trials = json_ld(client, "/trials/")
    assert trials["@type"] == "CollectionPage"
    assert trials["url"] == "http://testserver/trials/"


def site_title(site) -> str:
    return site["/conditions/multifocal-motor-neuropathy/"].title
