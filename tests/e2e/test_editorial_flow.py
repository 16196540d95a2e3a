"""Real browser: an editor edits a live article, a reviewer approves, the page changes."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import StaffProfile
from conditions.models import Article, Status
from mmn_portal.roles import EDITOR, MEDICAL_REVIEWER, ensure_roles

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
MMN = "multifocal-motor-neuropathy"
NEW_TEXT = "This sentence was added by the clinic editor today."
NOT_REVIEWED = "not yet reviewed by a clinician here"


@pytest.fixture
def site(live_server, django_user_model):
    call_command("load_content", stdout=io.StringIO())
    ensure_roles()
    from django.contrib.auth.models import Group

    users = {}
    for name, group in [("editor", EDITOR), ("reviewer", MEDICAL_REVIEWER)]:
        user = django_user_model.objects.create_user(name, is_staff=True, first_name=name.title())
        user.groups.add(Group.objects.get(name=group))
        users[name] = user
    StaffProfile.objects.create(user=users["reviewer"], display_name="Dr A. Smith",
                                role="consultant neurologist")
    return live_server, users


def test_editor_drafts_reviewer_approves_and_the_page_goes_live(browser, site, login_browser, axe):
    server, users = site
    article = Article.objects.get(slug=MMN)

    editor_context = browser.new_context()
    login_browser(editor_context, server, users["editor"])
    page = editor_context.new_page()
    version = article.history.latest().history_id
    page.goto(f"{server.url}/admin/conditions/article/{article.pk}/history/{version}/")
    expect(page.locator("#content-main [type=submit]")).to_have_count(0)  # history is read-only
    page.goto(f"{server.url}/admin/conditions/article/{article.pk}/change/")
    page.get_by_role("button", name="Edit as a new draft").click()
    expect(page.locator(".messagelist")).to_contain_text("You are editing a draft.")
    body = page.locator("textarea[name='sections-0-body']")
    body.fill(body.input_value() + "\n\n" + NEW_TEXT)
    page.locator("input[name='_continue']").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("Submitted for review.")
    copy = Article.objects.get(draft_of=article)
    assert copy.status == Status.IN_REVIEW

    page.goto(f"{server.url}/preview/article/{copy.pk}/")
    expect(page.get_by_text("Preview — not published")).to_be_visible()
    expect(page.get_by_text(NEW_TEXT)).to_be_visible()
    axe(page)
    editor_context.close()

    public = browser.new_page()
    public.goto(f"{server.url}/conditions/{MMN}/")
    expect(public.get_by_text(NEW_TEXT)).to_have_count(0)
    expect(public.get_by_text(NOT_REVIEWED)).to_be_visible()

    reviewer_context = browser.new_context()
    login_browser(reviewer_context, server, users["reviewer"])
    page = reviewer_context.new_page()
    page.goto(f"{server.url}/admin/conditions/article/dashboard/")
    axe(page)
    page.get_by_role("link", name=article.name).first.click()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messagelist")).to_contain_text("Approved and published.")
    page.goto(f"{server.url}/admin/conditions/article/{article.pk}/versions/")
    expect(page.get_by_role("heading", name="All versions, newest first")).to_be_visible()
    axe(page)
    reviewer_context.close()

    public.goto(f"{server.url}/conditions/{MMN}/")
    expect(public.get_by_text(NEW_TEXT)).to_be_visible()
    expect(public.get_by_text("Dr A. Smith, consultant neurologist")).to_be_visible()
    expect(public.get_by_text(NOT_REVIEWED)).to_have_count(0)
    public.close()


def test_dashboard_targets_are_at_least_44px(browser, site, login_browser):
    server, users = site
    context = browser.new_context()
    login_browser(context, server, users["reviewer"])
    page = context.new_page()
    page.goto(f"{server.url}/admin/conditions/article/dashboard/")
    sizes = page.eval_on_selector_all(
        "#content-main a, #content-main button",
        "els => els.map(e => [e.getBoundingClientRect().height, e.textContent])",
    )
    assert all(height >= 44 for height, _ in sizes), sizes
    context.close()
