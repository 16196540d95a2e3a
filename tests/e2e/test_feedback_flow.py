"""A visitor answers "Was this page helpful?" with the keyboard alone."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from feedback.models import Feedback

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTICLE = "/conditions/multifocal-motor-neuropathy/"


@pytest.fixture
def content(live_server):
    call_command("load_content", stdout=io.StringIO())
    return live_server


def test_visitor_sends_feedback_with_the_keyboard_and_stays_on_the_page(
        page, content, axe, foreign_requests):
    page.goto(content.url + ARTICLE + "#treatment")
    page.get_by_role("button", name=re.compile("not helpful")).focus()
    page.keyboard.press("Enter")  # one press records the answer
    prompt = page.locator(".feedback-prompt")
    expect(prompt.get_by_role("heading", name="Thank you")).to_be_focused()
    assert page.url == content.url + ARTICLE + "#treatment"  # still on the page
    saved = Feedback.objects.get()
    assert (saved.page, saved.is_helpful, saved.comment) == (ARTICLE, False, "")
    axe(page)
    page.get_by_label("What could we do better? (optional)").focus()
    page.keyboard.type("The part about IVIg was hard to follow.")
    page.keyboard.press("Tab")  # to the send button
    assert page.evaluate("document.activeElement.value") == "Send comment"
    page.keyboard.press("Enter")
    expect(prompt.get_by_text("We have added your comment")).to_be_visible()
    assert page.url == content.url + ARTICLE + "#treatment"
    axe(page)
    assert foreign_requests == []
    saved.refresh_from_db()
    assert saved.comment == "The part about IVIg was hard to follow."
    assert page.context.cookies() == []


def test_the_optional_comment_can_be_left_empty(page, content):
    page.goto(content.url + "/glossary/")
    page.get_by_role("button", name=re.compile("was helpful")).click()
    page.locator(".feedback-prompt").get_by_role("button", name="Send comment").click()
    prompt = page.locator(".feedback-prompt")
    expect(prompt.get_by_text("We have saved your answer")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    assert Feedback.objects.get().comment == ""


def test_feedback_page_radios_are_round_and_sending_is_the_main_action(page, content):
    page.goto(f"{content.url}/feedback/?page=/&helpful=yes")
    radius = page.get_by_label("No").evaluate("el => getComputedStyle(el).borderRadius")
    assert radius == "50%"
    send = page.get_by_role("button", name="Send feedback")
    back = page.get_by_role("link", name="Go back without sending")
    weight = "el => [getComputedStyle(el).fontWeight, getComputedStyle(el).backgroundColor]"
    send_weight, send_fill = send.evaluate(weight)
    back_weight, back_fill = back.evaluate(weight)
    assert int(send_weight) >= int(back_weight) and send_fill == "rgb(0, 90, 156)"
    assert back_fill == "rgba(0, 0, 0, 0)"  # a plain link, not a button-like box
    page.get_by_label("What could we do better? (optional)").fill("")
    send.click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()


def test_feedback_works_without_javascript(browser, content):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(content.url + ARTICLE)
    page.get_by_role("button", name=re.compile("was helpful")).click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    context.close()
    assert Feedback.objects.get().is_helpful is True


def test_feedback_targets_are_large_enough(page, content):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(content.url + "/glossary/")
    for control in page.locator(".feedback-buttons button").all():
        box = control.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    page.goto(f"{content.url}/feedback/?page=/&helpful=yes")
    for control in [page.get_by_role("button", name="Send feedback"),
                    page.get_by_label("Yes"), page.get_by_label("No")]:
        box = control.bounding_box()
        label_box = control.evaluate(
            "el => (el.labels && el.labels[0] || el).getBoundingClientRect().height")
        assert box["height"] >= 44 or label_box >= 44
