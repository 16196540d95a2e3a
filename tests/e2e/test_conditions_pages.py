"""Real-browser checks of the condition pages with the shipped content loaded."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e  # `site`: tests/e2e/conftest.py

PAGES = [
    "/",
    "/conditions/",
    "/conditions/multifocal-motor-neuropathy/",
    "/conditions/amyotrophic-lateral-sclerosis/",
    "/conditions/chronic-inflammatory-demyelinating-polyneuropathy/",
    "/compare/",
    "/compare/mmn-als-cidp/",
    "/glossary/",
    "/glossary/conduction-block/",
    "/search/?q=ivig",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(page, site, axe, foreign_requests, path):
    response = page.goto(site.url + path)
    assert response.status == 200
    axe(page)
    assert foreign_requests == []


def test_comparison_fits_a_320px_phone_without_sideways_scrolling(page, site, axe):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site.url + "/compare/mmn-als-cidp/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(page.locator(".cell-label").first).to_be_visible()
    axe(page)


def test_comparison_is_a_real_table_on_a_wide_screen(page, site):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site.url + "/compare/mmn-als-cidp/")
    expect(page.locator("table caption")).to_be_visible()
    expect(page.locator("thead th[scope=col]")).to_have_count(4)
    expect(page.locator(".cell-label").first).to_be_hidden()


def test_every_page_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    nojs = context.new_page()
    try:
        for path in PAGES:
            response = nojs.goto(site.url + path)
            assert response.status == 200, path
            expect(nojs.locator("main h1")).to_be_visible()
        nojs.goto(site.url + "/conditions/multifocal-motor-neuropathy/")
        nojs.locator("a.glossary-term").first.click()
        expect(nojs).to_have_url(re.compile("/glossary/"))
        expect(nojs.locator("main .lead")).to_be_visible()
    finally:
        context.close()


def test_header_search_finds_the_article_section(page, site):
    page.goto(site.url + "/")
    page.get_by_role("searchbox", name="Search the site").fill("conduction block")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Condition pages")).to_be_visible()
    expect(page.locator("a.result-link[href*='/conditions/multifocal-motor-neuropathy/#']")
           .first).to_be_visible()


def test_header_fits_320px_and_keeps_big_targets(page, site):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site.url + "/conditions/multifocal-motor-neuropathy/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for control in page.locator(".main-nav a, .header-search input, .header-search button").all():
        box = control.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, control.inner_text()


def test_urgent_callouts_and_key_points_print(page, site):
    page.goto(site.url + "/conditions/multifocal-motor-neuropathy/")
    page.emulate_media(media="print")
    expect(page.locator(".key-points")).to_be_visible()
    for callout in page.locator(".callout").all():
        expect(callout).to_be_visible()
        expect(callout.locator(".callout-label")).to_be_visible()
    assert page.locator(".callout-emergency").count() >= 2


def test_a_citation_link_jumps_to_its_source_and_back(page, site):
    page.goto(site.url + "/conditions/multifocal-motor-neuropathy/")
    first = page.locator("a.citation").first
    target = first.get_attribute("href")
    first.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    source = page.locator(target)
    expect(source).to_be_visible()
    source.locator(".backlinks a").first.click()
    expect(page).to_have_url(re.compile("#cite-1-1$"))
