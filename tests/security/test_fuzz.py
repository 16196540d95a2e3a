"""Bad input on every public URL and query parameter never gives a 5xx.

A fixed corpus of nasty values plus property-based (hypothesis) generation; together
they send over 10,000 requests per run (the last test prints how many).
"""

from urllib.parse import quote

import pytest
from django.template import Template
from django.test.utils import _TestState
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _templates_render_as_in_production(monkeypatch):
    """Only the status of each response is read here. Django's test set-up makes every
    template send a signal on which the test client copies the template's context (for
    response.context): a sixth of this module's time (266 -> 222 s on SQLite)."""
    monkeypatch.setattr(Template, "_render", _TestState.saved_data.template_render)

NASTY_VALUES = [
    "", " ", "\x00", "a\x00b", "x" * 10_240, "-1", "-99999999999999999999",
    "99999999999999999999999999", "1e308", "NaN", "0x10", "3.5", "' OR '1'='1", "1; DROP TABLE x",
    '"><script>alert(1)</script>', "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "../../../../etc/passwd", "..\\..\\windows", "%", "%%", "&", "=", "{}", "[]", "\u202e\u200b",
    "🙂🙃", "Ωmega", "RECRUITING", "UNKNOWN_ENUM", "recruiting", "PHASE9", "any", "NCT00000000",
    "nct01126879", "NCT123", "\r\nSet-Cookie: x=1", "${7*7}", "{{7*7}}", "%s%s%n",
]
# Raw, already-encoded forms: invalid UTF-8, encoded NUL and traversal.
RAW_ENCODED = ["%ff%fe", "%c3%28", "%e2%82", "%00", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%C0%AF",
               "a%20b%2B%26c%3Dd"]

LIST_PAGES = {
    "/trials/": ["q", "status", "phase", "type", "country", "age", "sex", "healthy", "near",
                 "sort", "page", "eligible"],
    "/search/": ["q"],
    "/feedback/": ["page", "helpful"],
    "/": ["q"], "/conditions/": ["page"], "/glossary/": ["letter"], "/compare/": ["x"],
    # The Spanish searches: the same grammar, Spanish synonyms and stemming.
    "/es/trials/": ["q", "status", "sort", "page"], "/es/search/": ["q"],
}
DETAIL_PREFIXES = ["/conditions/", "/glossary/", "/compare/", "/trials/"]

sent = {"requests": 0}


def check(client, url: str) -> int:
    response = client.get(url)
    sent["requests"] += 1
    assert response.status_code < 500, url[:300]
    assert response.status_code in {200, 301, 302, 404}, (response.status_code, url[:300])
    return response.status_code


def encoded(value: str) -> str:
    return quote(value, safe="")


def test_fixed_corpus_on_every_query_parameter(client, site_data):
    for page, params in LIST_PAGES.items():
        for param in params:
            for value in [encoded(v) for v in NASTY_VALUES] + RAW_ENCODED:
                assert check(client, f"{page}?{param}={value}") in {200, 302}


def test_fixed_corpus_with_repeated_and_combined_parameters(client, site_data):
    params = LIST_PAGES["/trials/"]
    for value in [encoded(v) for v in NASTY_VALUES] + RAW_ENCODED:
        repeated = "&".join(f"{p}={value}&{p}={value}&{p}=" for p in params)
        assert check(client, f"/trials/?{repeated}") == 200
        assert check(client, f"/search/?q={value}&q={value}") == 200


def test_fixed_corpus_in_every_slug_and_nct_id(client, site_data):
    for prefix in DETAIL_PREFIXES:
        for value in [encoded(v) for v in NASTY_VALUES if v] + RAW_ENCODED:
            assert check(client, f"{prefix}{value}/") in {200, 301, 404}
            assert check(client, f"{prefix}{value}") in {200, 301, 404}


def test_unknown_slugs_and_ids_give_the_not_found_page(client, site_data):
    for path in ["/conditions/no-such-condition/", "/glossary/../../etc/passwd/",
                 "/compare/%2e%2e/", "/trials/NCT99999999/", "/trials/NCT1/",
                 "/trials/..%2f..%2fetc%2fpasswd/"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Page not found" in response.content.decode()


any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)
values = st.one_of(any_text, numbers, st.sampled_from(NASTY_VALUES))
# With the fixed corpus and the query-language runs: about 11,600 requests (at least 10,000).
FUZZ = settings(max_examples=2_000, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@FUZZ
@given(params=st.dictionaries(st.sampled_from(LIST_PAGES["/trials/"]), values, max_size=6))
def test_generated_trial_searches_never_fail(client, site_data, params):
    query = "&".join(f"{key}={encoded(value)}" for key, value in params.items())
    assert check(client, f"/trials/?{query}") in {200, 302}  # an NCT id opens its study


@FUZZ
@given(q=values)
def test_generated_site_searches_never_fail(client, site_data, q):
    assert check(client, f"/search/?q={encoded(q)}") == 200


# What the query language reads: words with synonyms, minus signs, quotes, OR, hyphens inside
# words, question words, NCT ids; put together any way at all.
QUERY_PARTS = [
    "mmn", "als", "cidp", "ivig", "scig", "emg", "steroids", "numb", "lou", "gehrig's",
    "motor", "neurone", "disease", "under", "the", "skin", "nerve", "test", "cancer", "how",
    "can", "help", "trials", "covid-19", "ARGX-117", "anti-GM1", "SARS-CoV-2", "Lariboisière",
    "NCT01126879", "nct00184067", "OR", "or", "-", "--", '"', "'", "’", "-ivig", "-als",
    '-"lou gehrig"', "(", ")", "*", ":", "^", "NEAR", "AND", "NOT", "_", "%", "\\", "🙂",
]
query_texts = st.lists(
    st.one_of(st.sampled_from(QUERY_PARTS), st.text(max_size=5)), max_size=12,
).flatmap(lambda parts: st.sampled_from([" ", "", "-", '"']).map(lambda sep: sep.join(parts)))
QUERY_FUZZ = settings(max_examples=600, deadline=None, derandomize=True,
                      suppress_health_check=[HealthCheck.function_scoped_fixture,
                                             HealthCheck.too_slow])


@QUERY_FUZZ
@given(q=query_texts, status=st.sampled_from(["", "any", "RECRUITING"]),
       sort=st.sampled_from(["", "relevance", "updated", "distance"]))
def test_generated_query_language_never_fails_either_search(client, site_data, q, status,
                                                             sort):
    """On PostgreSQL too: minus on a word with synonyms once gave a 500 there only."""
    query = f"q={encoded(q)}&status={status}&sort={sort}"
    assert check(client, f"/trials/?{query}") in {200, 302}  # an NCT id opens its study
    assert check(client, f"/search/?q={encoded(q)}") == 200


# The same in Spanish: Spanish words and synonym phrases, accents, ñ, ¿?¡!, quotes, OR,
# -word, Spanish stop words inside phrases; through the Spanish pages' searches.
SPANISH_QUERY_PARTS = [
    "nmm", "NMM", "ela", "pdic", "igiv", "IgSC", "¿se", "cura", "la", "de", "los", "del", "¿Cómo",
    "tratamiento", "trata", "neuropatía", "motora", "multifocal", "inmunoglobulina", "bajo",
    "piel", "enfermedad", "Lou", "Gehrig", "motoneurona", "esteroides", "entumecimiento",
    "electromiografía", "prueba", "nervios", "manos", "débiles", "niño", "señal", "año", "¿",
    "?", "¡", "!", "¿qué?", "¡ayuda!", "OR", "o", "y", "-", "-ela", "-igiv", '-"bajo la piel"',
    '"bloqueo de conducción"', '"de la"', "COVID-19", "ARGX-117", "ñ", "Ñandú", "á", "ü",
    "NCT05405361",
]
spanish_query_texts = st.lists(
    st.one_of(st.sampled_from(SPANISH_QUERY_PARTS), st.text(max_size=4)), max_size=10,
).flatmap(lambda parts: st.sampled_from([" ", "", "-", '"']).map(lambda sep: sep.join(parts)))
SPANISH_FUZZ = settings(max_examples=400, deadline=None, derandomize=True,
                        suppress_health_check=[HealthCheck.function_scoped_fixture,
                                               HealthCheck.too_slow])


@SPANISH_FUZZ
@given(q=spanish_query_texts, status=st.sampled_from(["", "any"]),
       sort=st.sampled_from(["", "relevance", "updated"]))
def test_generated_spanish_queries_never_fail_either_search(client, site_data, q, status,
                                                            sort):
    """/es/search/ (Spanish stemming: portal_spanish, Python Snowball for FTS5) and
    /es/trials/ (Spanish synonyms read as the registry's English words)."""
    query = f"q={encoded(q)}&status={status}&sort={sort}"
    assert check(client, f"/es/trials/?{query}") in {200, 302}  # an NCT id opens its study
    assert check(client, f"/es/search/?q={encoded(q)}") == 200


@FUZZ
@given(prefix=st.sampled_from(DETAIL_PREFIXES), slug=values.filter(bool))
def test_generated_slugs_and_ids_never_fail(client, site_data, prefix, slug):
    assert check(client, f"{prefix}{encoded(slug)}/") in {200, 301, 404}


@FUZZ
@given(page=values, helpful=values)
def test_generated_feedback_links_never_fail(client, site_data, page, helpful):
    assert check(client, f"/feedback/?page={encoded(page)}&helpful={encoded(helpful)}") == 200


def test_the_fuzz_run_sent_at_least_ten_thousand_requests():
    """Runs last in this module; guards against the suite silently shrinking."""
    print(f"\nfuzz: {sent['requests']} requests, none answered with a 5xx")  # noqa: T201
    if sent["requests"]:  # only meaningful when the whole module ran
        assert sent["requests"] >= 10_000
