"""JSON-LD on every page type, using only schema.org terms (checked against the vendored
release file in tests/data/schemaorg/), emitted with the CSP nonce."""

import datetime
import json
import re
from pathlib import Path

import pytest

from tests.conditions.factories import (
    ArticleFactory,
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
                found.add(value)
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
    comparison = build_comparison(rows=2)
    term = GlossaryTermFactory(term="Conduction block", slug="conduction-block",
                               also_called="CB")  # fmt: skip
    trial = TrialFactory(nct_id="NCT01234567", overall_status="RECRUITING", phases=["PHASE3"],
                         lead_sponsor="Example Pharma",
                         conditions=["Multifocal Motor Neuropathy"])  # fmt: skip
    return {"/": None, mmn.get_absolute_url(): mmn, comparison.get_absolute_url(): comparison,
            "/glossary/": None, term.get_absolute_url(): term,
            trial.get_absolute_url(): trial}  # fmt: skip


def test_every_page_type_uses_only_schema_org_terms(client, site):
    for path in site:
        used = terms_used(json_ld(client, path))
        assert used <= VOCABULARY, f"{path}: not in schema.org: {used - VOCABULARY}"


def test_article_describes_the_condition_with_codes_treatments_and_review(client, site):
    data = json_ld(client, "/conditions/multifocal-motor-neuropathy/")
    assert data["@type"] == "MedicalWebPage"
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


def test_home_glossary_and_trial_say_what_they_are(client, site):
    home = json_ld(client, "/")
    assert {node["@type"] for node in home["@graph"]} == {"WebSite", "MedicalOrganization"}
    glossary = json_ld(client, "/glossary/")
    assert glossary["@type"] == "DefinedTermSet"
    assert glossary["hasDefinedTerm"][0]["name"] == "Conduction block"
    term = json_ld(client, "/glossary/conduction-block/")
    assert term["@type"] == "DefinedTerm" and term["inDefinedTermSet"]["@type"] == "DefinedTermSet"
    trial = json_ld(client, "/trials/NCT01234567/")
    assert trial["@type"] == "MedicalTrial"
    assert trial["status"] == "https://schema.org/Recruiting"
    assert trial["sponsor"]["name"] == "Example Pharma"
    assert trial["healthCondition"] == [
        {"@type": "MedicalCondition", "name": "Multifocal Motor Neuropathy"}]


def test_a_stale_recruiting_trial_claims_no_status(client):
    # Not verified for over two years: the page says "not confirmed", and so does JSON-LD.
    TrialFactory(nct_id="NCT07654321", overall_status="RECRUITING",
                 status_verified=datetime.date(2021, 1, 1))
    assert "status" not in json_ld(client, "/trials/NCT07654321/")


def test_json_ld_cannot_break_out_of_its_script(client):
    GlossaryTermFactory(term="</script><script>alert(1)</script>", slug="bad")
    page = client.get("/glossary/bad/").text
    assert "<script>alert(1)" not in page
    assert json_ld(client, "/glossary/bad/")["name"] == "</script><script>alert(1)</script>"
