"""Real-browser checks of the condition pages with the shipped content loaded."""

import io

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

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


@pytest.fixture
def content(live_server):
    call_command("load_content", stdout=io.StringIO())
    return live_server


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(page, content, axe, foreign_requests, path):
    response = page.goto(content.url + path)
    assert response.status == 200
    axe(page)
    assert foreign_requests == []


def test_comparison_fits_a_320px_phone_without_sideways_scrolling(page, content, axe):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(content.url + "/compare/mmn-als-cidp/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator(".cell-label").first.is_visible()
    axe(page)


def test_comparison_is_a_real_table_on_a_wide_screen(page, content):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(content.url + "/compare/mmn-als-cidp/")
    assert page.locator("table caption").is_visible()
    assert page.locator("thead th[scope=col]").count() == 4
    assert not page.locator(".cell-label").first.is_visible()


def test_every_page_works_without_javascript(browser, content):
    context = browser.new_context(java_script_enabled=False)
    nojs = context.new_page()
    try:
        for path in PAGES:
            response = nojs.goto(content.url + path)
            assert response.status == 200, path
            assert nojs.locator("main h1").is_visible(), path
        nojs.goto(content.url + "/conditions/multifocal-motor-neuropathy/")
        nojs.locator("a.glossary-term").first.click()
        assert "/glossary/" in nojs.url
        assert nojs.locator("main .lead").is_visible()
    finally:
        context.close()


def test_header_search_finds_the_article_section(page, content):
    page.goto(content.url + "/")
    page.get_by_role("searchbox", name="Search the site").fill("conduction block")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("heading", name="Condition pages").is_visible()
    assert page.locator("a.result-link[href*='/conditions/multifocal-motor-neuropathy/#']").count()


def test_header_fits_320px_and_keeps_big_targets(page, content):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(content.url + "/conditions/multifocal-motor-neuropathy/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for control in page.locator(".main-nav a, .header-search input, .header-search button").all():
        box = control.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, control.inner_text()


def test_urgent_callouts_and_key_points_print(page, content):
    page.goto(content.url + "/conditions/multifocal-motor-neuropathy/")
    page.emulate_media(media="print")
    assert page.locator(".key-points").is_visible()
    for callout in page.locator(".callout").all():
        assert callout.is_visible()
        assert callout.locator(".callout-label").is_visible()
    assert page.locator(".callout-emergency").count() >= 2


def test_a_citation_link_jumps_to_its_source_and_back(page, content):
    page.goto(content.url + "/conditions/multifocal-motor-neuropathy/")
    first = page.locator("a.citation").first
    target = first.get_attribute("href")
    first.click()
    assert page.url.endswith(target)
    source = page.locator(target)
    assert source.is_visible()
    source.locator(".backlinks a").first.click()
    assert page.url.endswith("#cite-1-1")
