"""Real-browser checks: on a phone the place and the pre-screen are on the first screen
after opening the filters; "Back to trial search" returns to the search, with the pre-screen
answers only while the visitor's own browser (this tab) still holds them."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.trials.conftest import SAMPLE_FILES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def trials(transactional_db):
    from trials.importer import import_paths

    assert import_paths(SAMPLE_FILES).ok


def page_top(page, selector: str) -> float:
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.top + window.scrollY; }", selector)


def page_bottom(page, selector: str) -> float:
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.bottom + window.scrollY; }", selector)


def test_on_a_phone_the_place_and_pre_screen_are_one_screen_below_the_filters_line(
        browser, live_server, trials):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/trials/?q=melanoma")
    page.locator("summary", has_text="Filters").click()
    opened_at = page_top(page, ".trial-search-form > details > summary")
    for field in ("#id_near", "#id_age", "#id_sex", "#id_eligible"):
        expect(page.locator(field)).to_be_visible()
        assert page_bottom(page, field) - opened_at <= PHONE["height"], field
    # The fifteen statuses stay folded behind one line until asked for.
    expect(page.locator("#id_status_5")).to_be_hidden()
    page.locator("summary", has_text="Status: taking new people").click()
    expect(page.locator("#id_status_5")).to_be_visible()
    context.close()


def test_back_to_trial_search_brings_back_the_answers_this_tab_still_holds(
        browser, live_server, trials):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/trials/?q=melanoma&status=any&age=40&sex=female")
    page.locator(".trial-card a").first.click()
    page.wait_for_url(re.compile(r"/trials/NCT\d{8}/"))
    assert "age" not in parse_qs(urlparse(page.url).query)  # never in the study's address
    page.get_by_role("link", name="Back to trial search").click()
    page.wait_for_url("**/trials/?*")
    params = parse_qs(urlparse(page.url).query)
    assert params["q"] == ["melanoma"] and params["status"] == ["any"]
    assert params["age"] == ["40"] and params["sex"] == ["female"]
    expect(page.locator("#id_age")).to_have_value("40")
    context.close()


def test_in_a_new_tab_the_search_comes_back_without_the_answers(browser, live_server, trials):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/trials/NCT00184067/?q=melanoma&status=any&near=Boston")
    page.get_by_role("link", name="Back to trial search").click()
    page.wait_for_url("**/trials/?*")
    params = parse_qs(urlparse(page.url).query)
    assert params == {"q": ["melanoma"], "status": ["any"], "near": ["Boston"]}
    expect(page.locator("#id_near")).to_have_value("Boston")
    context.close()


def test_without_javascript_the_back_link_is_the_search_without_answers(
        browser, live_server, trials):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/trials/?q=melanoma&status=any&age=40")
    page.locator(".trial-card a").first.click()
    page.get_by_role("link", name="Back to trial search").click()
    page.wait_for_url("**/trials/?*")
    params = parse_qs(urlparse(page.url).query)
    assert params == {"q": ["melanoma"], "status": ["any"]}
    context.close()
