"""Real-browser checks of the staff sign-in page, the lockout page and a full sign-in."""

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from playwright.sync_api import expect

from tests.accounts.helpers import PASSWORD, code_for, enrolled_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_has_no_accessibility_violations(page, live_server, axe, foreign_requests):
    page.goto(live_server.url + "/admin/login/")
    expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()
    for label in ("Username", "Password", "Security code"):
        expect(page.get_by_label(label)).to_be_visible()
    axe(page)
    assert foreign_requests == []


def test_sign_in_page_with_errors_has_no_accessibility_violations(page, live_server, axe):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_label("Security code").fill("123456")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    axe(page)


def test_sign_in_targets_are_at_least_44_px_tall(page, live_server):
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(live_server.url + "/admin/login/")
    for locator in (page.get_by_label("Username"), page.get_by_label("Password"),
                    page.get_by_label("Security code"),
                    page.get_by_role("button", name="Sign in")):
        box = locator.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, box
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320


def test_a_browser_signs_in_with_username_password_and_code(page, live_server):
    user, _ = enrolled_staff("browser_admin")
    page.goto(live_server.url + "/admin/")
    assert "/admin/login/" in page.url
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Security code").fill(code_for(user))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def test_login_browser_helper_gives_a_verified_session(page, live_server, login_browser):
    user, _ = enrolled_staff("helper_admin")
    login_browser(page, live_server, user)
    page.goto(live_server.url + "/admin/")
    assert page.url == live_server.url + "/admin/"
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def test_lockout_page_is_plain_and_accessible(page, live_server, axe):
    user, _ = enrolled_staff("locked_admin")
    AccessAttempt.objects.create(
        username=user.username, ip_address="127.0.0.1", user_agent="", get_data="",
        post_data="", http_accept="", path_info="/admin/login/", failures_since_start=10,
        attempt_time=timezone.now(),
    )
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Security code").fill(code_for(user))
    with page.expect_response(lambda r: r.url.endswith("/admin/login/") and
                              r.request.method == "POST") as answer:
        page.get_by_role("button", name="Sign in").click()
    assert answer.value.status == 429
    expect(page.get_by_role("heading", name="Sign-in paused")).to_be_visible()
    axe(page)
