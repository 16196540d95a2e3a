"""The client address behind the proxy: lockouts and the feedback limit stay per client,
and a header the visitor forges counts for nothing unless the proxy owns it."""

import pytest
from django.test import Client, RequestFactory

from common.client_ip import client_ip
from feedback.ratelimit import client_key
from tests.accounts.helpers import code_for, enrolled_staff, sign_in

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


def behind_proxy(real_ip: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=real_ip)


def fail_ten_times(client, username):
    for _ in range(10):
        sign_in(client, username, password="wrong-password", code="000000")


def test_with_the_proxy_header_a_lockout_is_for_that_client_only(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    user, _ = enrolled_staff()
    attacker = behind_proxy("198.51.100.7")
    fail_ten_times(attacker, user.username)
    assert sign_in(attacker, user.username, code=code_for(user)).status_code == 429
    colleague = behind_proxy("198.51.100.8")
    assert sign_in(colleague, user.username, code=code_for(user)).status_code == 302


def test_without_the_setting_a_forged_header_does_not_escape_a_lockout(settings):
    settings.CLIENT_IP_HEADER = ""
    user, _ = enrolled_staff()
    for number in range(10):
        sign_in(behind_proxy(f"198.51.100.{number}"), user.username,
                password="wrong-password", code="000000")
    response = sign_in(behind_proxy("198.51.100.99"), user.username, code=code_for(user))
    assert response.status_code == 429


def test_the_feedback_limit_counts_per_client_behind_the_proxy(settings):
    factory = RequestFactory()
    one = factory.post("/feedback/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.7")
    two = factory.post("/feedback/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.8")
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_key(one, "feedback") != client_key(two, "feedback")
    settings.CLIENT_IP_HEADER = ""  # a forged header then changes nothing
    assert client_key(one, "feedback") == client_key(two, "feedback")


@pytest.mark.parametrize("value", ["", "not-an-address", "1.2.3.4, <script>", "999.1.1.1"])
def test_a_missing_or_malformed_header_falls_back_to_the_connection(settings, value):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=value)
    assert client_ip(request) == PROXY


def test_a_forwarded_for_list_uses_the_address_the_proxy_added(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"
