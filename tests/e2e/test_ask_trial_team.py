"""A visitor asks the trial team about a study, a coordinator sees it, the visitor withdraws
it, and the retention command deletes what is past its time: in a real browser."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from enquiries.models import Enquiry
from mmn_portal.roles import TRIAL_COORDINATOR, ensure_roles
from tests.trials.factories import TrialFactory
from trials.models import Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CONSENT = re.compile("trial team may keep what I send here")


@pytest.fixture
def study(live_server):
    return TrialFactory(nct_id="NCT05225675", brief_title="Empasiprubart in MMN",
                        overall_status=Status.RECRUITING)


@pytest.fixture
def coordinator(django_user_model):
    ensure_roles()
    user = django_user_model.objects.create_user("nurse", "nurse@example.org", "x" * 20,
                                                 is_staff=True)
    user.groups.add(Group.objects.get(name=TRIAL_COORDINATOR))
    return user


def fill_and_send(page) -> None:
    page.get_by_label("Your first name").fill("Ana")
    page.get_by_label("E-mail address").fill("ana@example.org")
    page.get_by_label("Phone number").fill("020 7946 0000")
    page.get_by_label("Afternoon").check()
    page.get_by_label("Your question (optional)").fill("Is there a site near Leeds?")
    page.get_by_label(CONSENT).check()
    page.get_by_role("button", name="Send my request").click()


def test_ask_see_withdraw_and_purge(page, browser, live_server, study, coordinator,
                                    login_browser, axe, foreign_requests):
    page.goto(f"{live_server.url}{study.get_absolute_url()}?age=54&sex=female")
    expect(page.get_by_role("heading", name="Ask our trial team about this study")).to_be_visible()
    answers = page.get_by_label(re.compile("Include my age and sex answers"))
    expect(answers).not_to_be_checked()
    expect(page.get_by_label(CONSENT)).not_to_be_checked()
    axe(page)
    answers.check()
    fill_and_send(page)

    expect(page.get_by_role("heading", name="Thank you, we have your request")).to_be_visible()
    expect(page.get_by_text("call you within 3 working days, at the time you chose "
                            "(afternoon)")).to_be_visible()
    axe(page)
    saved = Enquiry.objects.get()
    assert (saved.first_name, saved.best_time, saved.age, saved.sex) == (
        "Ana", "afternoon", 54, "female")
    assert page.context.cookies() == []  # the visitor got no cookie at any step
    withdraw_link = page.get_by_role("link", name="Withdraw my request")

    # The coordinator, past the second factor, finds it and opens it.
    staff_context = browser.new_context()
    login_browser(staff_context, live_server, coordinator)
    staff_page = staff_context.new_page()
    staff_page.goto(live_server.url + "/admin/")
    staff_page.get_by_role("link", name=re.compile("Editorial dashboard")).click()
    expect(staff_page.get_by_text("1 new request waiting")).to_be_visible()
    staff_page.get_by_role("link", name="1 new request waiting").click()
    staff_page.get_by_role("link", name=re.compile("NCT05225675: Empasiprubart in MMN")).click()
    expect(staff_page.get_by_text("ana@example.org")).to_be_visible()
    expect(staff_page.get_by_text("Is there a site near Leeds?")).to_be_visible()
    assert saved.openings.get().opened_by == coordinator
    staff_page.get_by_label("State:").select_option("contacted")
    staff_page.get_by_role("button", name="Save", exact=True).click()
    saved.refresh_from_db()
    assert saved.state == "contacted"

    # The visitor changes their mind.
    withdraw_link.click()
    expect(page.get_by_role("heading", name="Withdraw your request?")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Yes, withdraw and delete my request").click()
    expect(page.get_by_role("heading", name="Your request is withdrawn")).to_be_visible()
    assert not Enquiry.objects.exists()
    staff_page.reload()
    expect(staff_page.get_by_text("ana@example.org")).to_have_count(0)
    staff_context.close()

    # Another request, without JavaScript, is closed and later deleted by the cron command.
    no_js = browser.new_context(java_script_enabled=False)
    plain = no_js.new_page()
    plain.goto(live_server.url + study.get_absolute_url())
    fill_and_send(plain)
    expect(plain.get_by_role("heading", name="Thank you, we have your request")).to_be_visible()
    no_js.close()
    second = Enquiry.objects.get()
    second.move_to("closed")
    Enquiry.objects.filter(pk=second.pk).update(closed_at=timezone.now() - timedelta(days=31))
    out = io.StringIO()
    call_command("purge_enquiries", stdout=out)
    assert "1 request(s) to the trial team deleted." in out.getvalue()
    assert not Enquiry.objects.exists()
    assert foreign_requests == []


def test_answers_this_tab_holds_are_offered_unticked_and_sent_only_when_ticked(
        page, live_server, study, axe):
    page.goto(live_server.url + "/trials/?q=MMN&status=any&age=61&sex=male")
    page.goto(live_server.url + study.get_absolute_url())  # the link leaves the answers out
    answers = page.get_by_label("Include my age and sex answers from the pre-screen "
                                "(age 61, male)")
    expect(answers).not_to_be_checked()
    axe(page)
    answers.check()
    fill_and_send(page)
    expect(page.get_by_role("heading", name="Thank you, we have your request")).to_be_visible()
    assert Enquiry.objects.values_list("age", "sex").get() == (61, "male")


def test_bad_input_is_explained_on_the_form(page, live_server, axe):
    closed = TrialFactory(overall_status=Status.COMPLETED)
    page.goto(live_server.url + closed.get_absolute_url())
    expect(page.get_by_role("heading", name="Ask about studies like this one")).to_be_visible()
    page.get_by_label("Your first name").fill("Ana")
    page.get_by_label(CONSENT).check()
    page.get_by_role("button", name="Send my request").click()  # no way to reach them
    expect(page.get_by_role("alert")).to_contain_text("We could not send your request yet")
    expect(page.get_by_text("Please give an e-mail address or a phone number")).to_be_visible()
    axe(page)
    assert not Enquiry.objects.exists()


def test_ask_form_targets_are_large_enough_on_a_phone(page, live_server, study):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"{live_server.url}{study.get_absolute_url()}?age=54")
    form = page.locator("form.ask-form")
    controls = form.locator("input:visible, textarea:visible, button:visible")
    assert controls.count() >= 10
    for control in controls.all():
        box = control.bounding_box()
        label_height = control.evaluate(
            "el => (el.labels && el.labels[0] || el).getBoundingClientRect().height")
        assert box["width"] >= 24 and (box["height"] >= 44 or label_height >= 44), (
            control.get_attribute("name"), box, label_height)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
