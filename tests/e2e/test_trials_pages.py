"""Real-browser checks of the trial search and detail pages."""

import re

import pytest
from playwright.sync_api import expect

from tests.trials.conftest import SAMPLE_FILES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def trials(transactional_db):
    from trials.importer import import_paths

    result = import_paths(SAMPLE_FILES)
    assert result.ok


def test_results_with_filters_have_no_accessibility_violations(
    page, live_server, axe, foreign_requests, trials
):
    page.goto(live_server.url + "/trials/?status=any&phase=PHASE2&near=Boston&sort=distance"
              "&age=30&sex=female")
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    expect(page.get_by_text("You may be eligible").first).to_be_visible()
    axe(page)
    assert foreign_requests == []


def test_bad_input_page_has_no_accessibility_violations(page, live_server, axe, trials):
    page.goto(live_server.url + "/trials/?age=-5&status=NOPE&page=abc&near=Atlantis")
    expect(page.get_by_role("alert")).to_be_visible()
    axe(page)


def test_detail_page_has_no_accessibility_violations(page, live_server, axe, foreign_requests,
                                                     trials):
    page.goto(live_server.url + "/trials/NCT02552212/?near=Boston")
    expect(page.get_by_role("heading", name="Where it takes place")).to_be_visible()
    axe(page)
    page.goto(live_server.url + "/trials/NCT06388018/")
    axe(page)
    page.goto(live_server.url + "/trials/NCT03281889/")  # status no longer confirmed
    expect(page.get_by_text("Status not confirmed since January 2021").first).to_be_visible()
    axe(page)
    assert foreign_requests == []


def test_long_sections_fold_without_javascript_and_facts_sit_in_a_grid(browser, live_server,
                                                                      trials):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280,
                                                                      "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/trials/NCT02552212/")
    more_sites = page.locator("summary", has_text="more sites")
    expect(more_sites).to_be_visible()
    expect(page.get_by_text("As0006 125").first).to_be_hidden()
    more_sites.click()
    expect(page.locator("details:has(summary:has-text('more sites'))")).to_have_attribute(
        "open", "")
    facts = page.locator(".trial-facts").first
    assert facts.evaluate("el => getComputedStyle(el).display") == "grid"
    box = facts.bounding_box()
    assert box["height"] < 600  # key facts in a compact grid, not one per screen line
    for target in page.locator(".trial-detail summary, .site-people a").all()[:30]:
        size = target.bounding_box()
        assert size["height"] >= 44 and size["width"] >= 44, target.inner_text()
    context.close()


def _tab_to(page, predicate_js: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        script = f"(() => {{ const el = document.activeElement; return {predicate_js}; }})()"
        if page.evaluate(script):
            return
    raise AssertionError(f"Tab never reached {predicate_js}")


def test_search_filter_open_and_come_back_with_the_keyboard(page, live_server, trials):
    page.goto(live_server.url + "/trials/")
    _tab_to(page, "el.id === 'id_q'")
    page.keyboard.type("cancer")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=cancer"))
    _tab_to(page, "el.type === 'checkbox' && el.value === 'any'")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"status=any"))
    _tab_to(page, "el.closest('.trial-card') !== null && el.tagName === 'A'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/trials/NCT\d{8}/"))
    page.go_back()
    page.wait_for_url(re.compile(r"q=cancer"))
    expect(page.locator("#id_q")).to_have_value("cancer")
    expect(page.locator("input[name=status][value=any]")).to_be_checked()


def test_status_chips_remove_a_filter_without_javascript(browser, live_server, trials):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/trials/")
    expect(page.locator(".trial-card")).to_have_count(3)  # two more say Recruiting, unconfirmed
    page.get_by_role("link", name="Show any status").click()
    expect(page.locator(".trial-card")).to_have_count(20)
    page.locator("#id_q").fill("melanoma")
    page.get_by_role("button", name="Find trials").click()
    expect(page.locator(".trial-card")).to_have_count(1)
    context.close()


def test_results_and_detail_fit_a_320px_phone(page, live_server, trials):
    page.set_viewport_size({"width": 320, "height": 640})
    for url in ("/trials/?status=any&near=Boston", "/trials/NCT02552212/"):
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url


def test_result_links_and_chips_are_big_enough_to_tap(page, live_server, trials):
    page.goto(live_server.url + "/trials/")
    for link in page.locator(".chip, .trial-card .card-title a").all():
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, link.inner_text()


def test_filters_sit_beside_results_on_wide_screens_and_fold_on_phones(page, live_server,
                                                                       trials):
    url = live_server.url + "/trials/?q=cancer&status=any&phase=PHASE2"
    page.set_viewport_size({"width": 1200, "height": 800})
    page.goto(url)
    filters = page.locator("#id_type").bounding_box()
    results = page.locator("#results-heading").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]  # beside, to the left
    expect(page.locator("#id_type")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    control = page.get_by_text("Filters (2 in use)")
    expect(control).to_be_visible()
    assert control.bounding_box()["height"] >= 44
    expect(page.locator("#id_type")).to_be_hidden()
    assert page.locator("#results-heading").bounding_box()["y"] < 844  # on the first screen
    control.click()
    expect(page.locator("#id_type")).to_be_visible()
