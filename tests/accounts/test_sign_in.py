"""Signing in to the admin: username, password and an authenticator or recovery code."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice

from tests.accounts.helpers import (
    LOGIN_URL,
    code_for,
    enrolled_staff,
    make_staff,
    sign_in,
)

pytestmark = pytest.mark.django_db

GENERIC_ERROR = "Enter a correct username, password and security code"


def test_login_page_asks_for_username_password_and_security_code(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    for label in ("Username", "Password", "Security code"):
        assert f">{label}:</label>" in response.text
    assert 'autocomplete="one-time-code"' in response.text
    assert 'aria-describedby="id_otp_token_helptext"' in response.text


def test_password_and_authenticator_code_sign_in(client):
    user, _ = enrolled_staff()
    response = sign_in(client, user.username, code=code_for(user))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/admin/",
                                    "javascript:alert(1)"])
def test_an_unsafe_next_after_sign_in_lands_on_the_admin_index(client, unsafe):
    user, _ = enrolled_staff()
    response = sign_in(client, user.username, code=code_for(user), next=unsafe)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_codes_typed_with_a_space_are_accepted(client):
    user, _ = enrolled_staff()
    code = code_for(user)
    sign_in(client, user.username, code=f"{code[:3]} {code[3:]}")
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_with_the_same_message_as_a_wrong_password(client):
    user, _ = enrolled_staff()
    code = code_for(user)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    wrong_code = sign_in(client, user.username, code=wrong)
    wrong_password = sign_in(Client(), user.username, password="not-the-password", code=code)
    for response in (wrong_code, wrong_password):
        assert response.status_code == 200
        assert GENERIC_ERROR in response.text
    assert client.get("/admin/").status_code == 302


def test_a_missing_code_does_not_even_check_the_password(client):
    user, _ = enrolled_staff()
    response = sign_in(client, user.username, code="")
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert GENERIC_ERROR not in response.text
    assert AccessAttempt.objects.count() == 0


def test_an_authenticator_code_cannot_be_replayed(client):
    user, _ = enrolled_staff()
    code = code_for(user)
    sign_in(client, user.username, code=code)
    again = Client()
    assert sign_in(again, user.username, code=code).status_code == 200
    assert again.get("/admin/").status_code == 302


def test_a_recovery_code_works_once_and_only_once():
    user, enrolment = enrolled_staff()
    recovery_code = enrolment.recovery_codes[0]
    first, second = Client(), Client()

    assert sign_in(first, user.username, code=recovery_code.upper()).status_code == 302
    assert first.get("/admin/").status_code == 200

    response = sign_in(second, user.username, code=recovery_code)
    assert response.status_code == 200
    assert GENERIC_ERROR in response.text
    assert second.get("/admin/").status_code == 302
    # The other nine still work, once django-otp's back-off after the failure has passed.
    StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert sign_in(Client(), user.username, code=enrolment.recovery_codes[1]).status_code == 302


def test_staff_without_any_device_cannot_sign_in(client):
    user = make_staff("no_device")
    response = sign_in(client, user.username, code="123456")
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_non_staff_user_with_a_device_cannot_sign_in(client):
    user, _ = enrolled_staff("patient", superuser=False, is_staff=False)
    response = sign_in(client, user.username, code=code_for(user))
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_someone_elses_code_does_not_work(client):
    user, _ = enrolled_staff("alice")
    other, _ = enrolled_staff("bob")
    sign_in(client, user.username, code=code_for(other))
    assert client.get("/admin/").status_code == 302


def test_signing_in_keeps_the_password_out_of_the_attempt_record(client):
    user, _ = enrolled_staff()
    sign_in(client, user.username, password="wrong-password-1", code="123456")
    attempt = AccessAttempt.objects.get()
    assert attempt.username == user.username
    assert "wrong-password-1" not in attempt.post_data
    assert "123456" not in attempt.post_data
