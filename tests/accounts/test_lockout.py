"""django-axes: 10 failed sign-ins lock a username + address pair out for 30 minutes."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.test import Client

from tests.accounts.helpers import code_for, enrolled_staff, sign_in

pytestmark = pytest.mark.django_db


def _fail(client, username, times=10):
    for _ in range(times):
        response = sign_in(client, username, password="wrong-password", code="000000")
        assert response.status_code < 500


def test_the_rule_is_ten_failures_and_thirty_minutes():
    assert settings.AXES_FAILURE_LIMIT == 10
    assert timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_nine_failures_still_allow_the_right_password(client):
    user, _ = enrolled_staff()
    _fail(client, user.username, times=9)
    assert sign_in(client, user.username, code=code_for(user)).status_code == 302


def test_ten_wrong_passwords_lock_out_even_the_right_password(client):
    user, _ = enrolled_staff()
    _fail(client, user.username)
    response = sign_in(client, user.username, code=code_for(user))
    assert response.status_code == 429
    assert "Sign-in paused" in response.text
    assert "30 minutes" in response.text
    assert "Traceback" not in response.text
    assert client.get("/admin/").status_code == 302


def test_wrong_codes_count_towards_the_lockout(client):
    user, _ = enrolled_staff()
    for _ in range(10):
        sign_in(client, user.username, code="000000")
    assert sign_in(client, user.username, code=code_for(user)).status_code == 429


def test_the_lockout_is_for_that_username_from_that_address(client):
    user, _ = enrolled_staff()
    colleague, _ = enrolled_staff("colleague")
    _fail(client, user.username)
    assert sign_in(Client(), colleague.username, code=code_for(colleague)).status_code == 302
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert sign_in(elsewhere, user.username, code=code_for(user)).status_code == 302


def test_the_lockout_expires_after_the_cool_off(client):
    user, _ = enrolled_staff()
    _fail(client, user.username)
    assert sign_in(client, user.username, code=code_for(user)).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=31)
    )
    assert sign_in(Client(), user.username, code=code_for(user)).status_code == 302


def test_a_successful_sign_in_clears_the_failures_and_logs_nothing(client):
    user, _ = enrolled_staff()
    _fail(client, user.username, times=3)
    assert sign_in(client, user.username, code=code_for(user)).status_code == 302
    assert AccessAttempt.objects.count() == 0
    assert AccessLog.objects.count() == 0


def test_public_pages_leave_no_trace_in_axes(client):
    for path in ("/", "/conditions/", "/glossary/", "/trials/", "/search/?q=mmn",
                 "/admin/login/"):
        assert client.get(path).status_code < 500
    assert AccessAttempt.objects.count() == 0
    assert AccessLog.objects.count() == 0
