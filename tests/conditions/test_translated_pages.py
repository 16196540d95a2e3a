"""Pages in Spanish show the live translation over the live English, say how it was
made, and say plainly when the English changed since (conditions/translations.py)."""

import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from conditions.models import Article
from tests.conditions.test_translations import change_english_summary, english_article, translate

pytestmark = pytest.mark.django_db

OUTDATED = "The English version was updated on"


def spanish_page(client, path: str) -> str:
    response = client.get(f"/es{path}", follow=False)
    assert response.status_code == 200, path
    return response.content.decode()


def record_of(html: str) -> str:
    found = re.search(r'<div class="translation-record.*?</div>', html, re.S)
    return " ".join(found.group(0).split()) if found else ""


MMN = "multifocal-motor-neuropathy"


@pytest.fixture
def people(staff):
    return {"editor": staff("editor", "ed").user, "reviewer": staff("reviewer", "rev").user,
            "dashboard": staff("reviewer", "rev2")}


def test_approving_an_english_summary_change_marks_the_spanish_page_outdated(
        client, people):
    """The issue's Done-when: notice on /es/conditions/<mmn>/ and on the dashboard."""
    editor, reviewer = people["editor"], people["reviewer"]
    article = english_article(slug=MMN, name="Multifocal motor neuropathy")
    translate(article, editor=editor, reviewer=reviewer)
    before = spanish_page(client, f"/conditions/{MMN}/")
    assert "translation-outdated" not in before
    assert "Un resumen en español." in before

    change_english_summary(article, editor=editor, reviewer=reviewer)

    html = spanish_page(client, f"/conditions/{MMN}/")
    notice = re.search(r'<p class="mb-0 translation-outdated".*?</p>', html, re.S)
    assert notice, record_of(html)
    assert f'href="/conditions/{MMN}/" hreflang="en"' in notice.group(0)
    with translation.override("es"):
        said = gettext("The English version was updated on %(updated)s; this translation has "
                       "not been updated yet.") % {
            "updated": date_format(timezone.localdate(), "DATE_FORMAT")}
    assert said.startswith("La versión en inglés se actualizó el")  # in Spanish
    assert said in notice.group(0)
    assert "Un resumen en español." in html  # the approved Spanish stays until updated
    # The English page itself says nothing about translations.
    english = client.get(f"/conditions/{MMN}/").content.decode()
    assert "translation-record" not in english and "A changed summary." in english
    dashboard = people["dashboard"].get("/admin/conditions/article/dashboard/").content.decode()
    outdated = dashboard.split("Outdated: the English changed since")[1].split("</ul>")[0]
    assert "Multifocal motor neuropathy" in outdated and "outdated for 0 days" in outdated


def test_every_spanish_page_says_how_it_was_made(client, people):
    article = english_article(slug=MMN)
    english_live = Article.objects.get(pk=article.pk).live_revision
    translate(article, editor=people["editor"], reviewer=people["reviewer"])
    record = record_of(spanish_page(client, f"/conditions/{MMN}/"))
    with translation.override("es"):
        source = date_format(timezone.localdate(english_live.approved_at), "DATE_FORMAT")
        reviewed = date_format(timezone.localdate(), "DATE_FORMAT")
        said = gettext("Translated from the English version of %(source)s; reviewed by "
                       "%(name)s on %(reviewed)s.") % {"source": source, "name": "rev",
                                                        "reviewed": reviewed}
    assert said in record, record
    assert f'<a href="/conditions/{MMN}/" hreflang="en">' in record


def test_shipped_translations_say_no_clinician_here_reviewed_them(client, people):
    from conditions import shipped_translations

    article = english_article(slug=MMN)
    shipped_translations.sync(article, {"summary": "Texto del equipo."}, "es",
                              review={"status": "published"})
    html = spanish_page(client, f"/conditions/{MMN}/")
    assert "Texto del equipo." in html
    with translation.override("es"):
        said = gettext("Translated from the English version of %(source)s; not yet reviewed "
                       "by a clinician here.") % {
            "source": date_format(timezone.localdate(), "DATE_FORMAT")}
    assert said in record_of(html)


def test_an_untranslated_section_stays_english_and_says_so(client, people):
    english_article(slug=MMN)
    translate(Article.objects.get(slug=MMN), editor=people["editor"],
              reviewer=people["reviewer"])
    html = spanish_page(client, f"/conditions/{MMN}/")
    assert '<h2 id="symptoms">Síntomas</h2>' in html
    assert re.search(r'<h2 id="tests"><span lang="en">Tests</span> <small class="lang-note" '
                     r'lang="es">\(.+?\)</small></h2>', html)
    assert '<div lang="en"><p>Nerve tests.</p>' in html


def test_a_page_with_no_translation_is_english_marked_as_such(client):
    english_article(slug=MMN)
    html = spanish_page(client, f"/conditions/{MMN}/")
    assert '<article class="condition-article" lang="en">' in html
    assert "translation-outdated" not in html
    assert f'<a href="/conditions/{MMN}/" hreflang="en">' in record_of(html)


def test_a_draft_translation_never_reaches_the_spanish_page(client, people):
    from conditions import translations

    article = english_article(slug=MMN)
    draft = translations.start_translation(item=article, language="es", user=people["editor"])
    draft.text = {"summary": "Borrador sin aprobar."}
    draft.save()
    assert "Borrador sin aprobar." not in spanish_page(client, f"/conditions/{MMN}/")


def test_a_list_with_some_pages_translated_says_which_are_not(client, people):
    english_article(slug=MMN)
    other = english_article(slug="other", name="Other condition")
    translate(Article.objects.get(slug=MMN), editor=people["editor"],
              reviewer=people["reviewer"])
    html = spanish_page(client, "/conditions/")
    assert "Neuropatía de prueba" in html
    assert '<li class="content-card" lang="en">' in html and other.name in html
    with translation.override("es"):
        assert gettext("Some of these pages are not translated yet: they are shown in "
                       "English.") in record_of(html)


def test_only_pages_with_a_live_translation_offer_spanish_to_search_engines(client, people):
    english_article(slug=MMN)
    english_article(slug="other", name="Other condition")
    translate(Article.objects.get(slug=MMN), editor=people["editor"],
              reviewer=people["reviewer"])
    translated = client.get(f"/conditions/{MMN}/").content.decode()
    untranslated = client.get("/conditions/other/").content.decode()
    assert f'hreflang="es" href="http://testserver/es/conditions/{MMN}/"' in translated
    assert 'hreflang="es"' not in untranslated.split("</head>")[0]
    assert '<meta name="robots" content="noindex">' in spanish_page(client, "/conditions/other/")
    assert '<meta name="robots" content="noindex">' not in spanish_page(client,
                                                                        f"/conditions/{MMN}/")


QUERIES = 10


@pytest.mark.parametrize("faqs", [1, 6])
def test_the_spanish_article_page_reads_in_a_fixed_number_of_queries(
        client, people, faqs, django_assert_max_num_queries):
    from tests.conditions.factories import FAQFactory, make_live

    article = english_article(slug=MMN)
    for _ in range(faqs):
        FAQFactory(article=article)
    translate(Article.objects.get(slug=MMN), editor=people["editor"],
              reviewer=people["reviewer"])
    make_live()
    spanish_page(client, "/glossary/")  # warm the footer cache like any visit would
    with django_assert_max_num_queries(QUERIES) as counted:
        spanish_page(client, f"/conditions/{MMN}/")
    assert len(counted.captured_queries) > 1  # read from the database, not the page cache
