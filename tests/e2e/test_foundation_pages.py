"""Real-browser checks of the layout every page shares."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_has_no_accessibility_violations(page, live_server, axe, foreign_requests):
    page.goto(live_server.url + "/")
    axe(page)
    assert foreign_requests == []


def test_not_found_page_has_no_accessibility_violations(page, live_server, axe):
    response = page.goto(live_server.url + "/missing-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    axe(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_home_page_fits_a_320px_wide_phone(page, live_server):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_navigation_links_are_at_least_44px_tall_and_wide(page, live_server):
    page.goto(live_server.url + "/")
    for link in page.locator(".main-nav a").all():
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, link.inner_text()
