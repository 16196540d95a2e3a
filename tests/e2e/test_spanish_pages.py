"""Real-browser checks of the Spanish pages (/es/): lang="es", axe 0, no third-party
requests, the registry's English marked, the ask form in Spanish, and the language
switcher with the keyboard (44 px, visible focus)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e  # `site`: tests/e2e/conftest.py

PAGES = [
    "/es/",
    "/es/conditions/multifocal-motor-neuropathy/",
    "/es/compare/mmn-als-cidp/",
    "/es/glossary/",
    "/es/glossary/conduction-block/",
    "/es/trials/",
    "/es/trials/?q=neuropat%C3%ADa+motora+multifocal&status=any",
    "/es/trials/?status=any&near=Boston&sort=distance&age=30&sex=female",
    "/es/trials/NCT02552212/?near=Boston",
    "/es/search/?q=IgIV",
]


@pytest.mark.parametrize("path", PAGES)
def test_spanish_page_is_spanish_and_has_no_accessibility_violations(
        page, site, axe, foreign_requests, path):
    response = page.goto(site.url + path)
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert page.locator("link[rel=alternate][hreflang=en]").count() <= 1
    axe(page)
    assert foreign_requests == []


def test_a_spanish_study_page_marks_the_registry_text_as_english(page, site):
    page.goto(site.url + "/es/trials/NCT02552212/")
    title = page.locator("main h1 [lang=en]")
    expect(title).to_have_count(1)
    expect(title).not_to_be_empty()
    expect(page.locator("main h1 .in-english")).to_have_text("(en inglés)")
    expect(page.get_by_role("heading", name=re.compile("Quién puede participar"))).to_be_visible()
    expect(page.locator(".registry-language-note")).to_be_visible()


def test_the_ask_form_works_in_spanish(page, site, axe):
    page.goto(site.url + "/es/trials/NCT02552212/")
    form = page.locator("form.ask-form")
    form.get_by_label("Su nombre").fill("Ana")
    form.get_by_label("Correo electrónico").fill("ana@example.org")
    form.get_by_label(re.compile("Acepto que el equipo de ensayos")).check()
    form.get_by_role("button", name="Enviar mi solicitud").click()
    expect(page).to_have_url(re.compile(r"/es/ask/\d+/"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Gracias, recibimos su solicitud")).to_be_visible()
    axe(page)


def _tab_to_switcher(page, limit: int = 40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.language-switcher')"):
            return page.locator(".language-switcher a")
    raise AssertionError("Tab never reached the language switcher")


def test_the_switcher_reaches_the_same_page_in_the_other_language_by_keyboard(page, site):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site.url + "/trials/?q=ivig&status=any")
    link = _tab_to_switcher(page)
    box = link.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/es/trials/\?q=ivig&status=any$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Ensayos clínicos", exact=True)).to_be_visible()
    _tab_to_switcher(page)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/trials/\?q=ivig&status=any$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_switcher_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    nojs = context.new_page()
    try:
        nojs.goto(site.url + "/glossary/")
        nojs.locator(".language-switcher a").click()
        expect(nojs).to_have_url(re.compile("/es/glossary/$"))
        expect(nojs.get_by_role("heading", name="Glosario", exact=True)).to_be_visible()
    finally:
        context.close()
