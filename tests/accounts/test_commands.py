"""create_staff_user, reset_staff_2fa and ensure_demo_account."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.management.commands.ensure_demo_account import DEMO_PASSWORD, DEMO_USERNAME
from mmn_portal.management.commands.load_site_data import STEPS
from tests.accounts.helpers import PASSWORD, code_for, code_from_secret, sign_in

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"Secret key \(type it in\):\s+([A-Z2-7]{32})")
CODE_LINE = re.compile(r"^  ([a-z2-7]{8})$", re.MULTILINE)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def password_env(monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    return "STAFF_PASSWORD"


def test_create_staff_user_prints_a_secret_and_ten_codes_and_the_user_can_sign_in(
    client, password_env
):
    output = run("create_staff_user", "first_admin", "--email", "a@example.org",
                 "--superuser", "--password-from-env", password_env)
    secret = SECRET.search(output).group(1)
    codes = CODE_LINE.findall(output)
    assert len(codes) == 10
    assert "otpauth://totp/" in output and f"secret={secret}" in output

    user = get_user_model().objects.get(username="first_admin")
    assert user.is_staff and user.is_superuser and user.email == "a@example.org"
    assert sign_in(client, "first_admin", code=code_from_secret(secret)).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert sign_in(Client(), "first_admin", code=codes[-1]).status_code == 302


def test_create_staff_user_adds_existing_groups_and_refuses_unknown_ones(password_env):
    Group.objects.create(name="editor")
    run("create_staff_user", "ed", "--group", "editor", "--password-from-env", password_env)
    user = get_user_model().objects.get(username="ed")
    assert list(user.groups.values_list("name", flat=True)) == ["editor"]
    assert not user.is_superuser
    with pytest.raises(CommandError, match="Unknown group"):
        run("create_staff_user", "x", "--group", "editr", "--password-from-env", password_env)
    assert not get_user_model().objects.filter(username="x").exists()


def test_create_staff_user_refuses_weak_or_missing_passwords(monkeypatch):
    monkeypatch.setenv("WEAK", "password")
    with pytest.raises(CommandError, match="Password refused"):
        run("create_staff_user", "weak", "--password-from-env", "WEAK")
    with pytest.raises(CommandError, match="empty or not set"):
        run("create_staff_user", "weak", "--password-from-env", "NOT_SET_ANYWHERE")
    assert not get_user_model().objects.filter(username="weak").exists()


def test_create_staff_user_prompts_for_the_password_twice(monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    run("create_staff_user", "prompted")
    assert get_user_model().objects.get(username="prompted").check_password(PASSWORD)
    answers = iter([PASSWORD, "something-else-entirely"])
    with pytest.raises(CommandError, match="did not match"):
        run("create_staff_user", "prompted2")


def test_running_create_staff_user_again_replaces_the_second_factor(password_env):
    first = SECRET.search(run("create_staff_user", "sam", "--password-from-env", password_env))
    second = SECRET.search(run("create_staff_user", "sam", "--password-from-env", password_env))
    assert first.group(1) != second.group(1)
    assert TOTPDevice.objects.filter(user__username="sam").count() == 1
    assert StaticToken.objects.filter(device__user__username="sam").count() == 10


def test_reset_staff_2fa_retires_the_old_device_and_verified_sessions(
    verified_client, password_env
):
    run("create_staff_user", "lost_phone", "--password-from-env", password_env)
    user = get_user_model().objects.get(username="lost_phone")
    old_code = code_for(user)
    session = verified_client(user)
    assert session.get("/admin/").status_code == 200

    output = run("reset_staff_2fa", "lost_phone")
    assert session.get("/admin/").status_code == 302
    assert len(CODE_LINE.findall(output)) == 10
    new_secret = SECRET.search(output).group(1)
    assert code_from_secret(new_secret) != old_code or True  # same 30 s window is possible
    assert sign_in(Client(), "lost_phone", code=code_from_secret(new_secret)).status_code == 302


def test_reset_staff_2fa_needs_an_existing_staff_user(django_user_model):
    with pytest.raises(CommandError, match="No user"):
        run("reset_staff_2fa", "nobody")
    django_user_model.objects.create_user("visitor", password=PASSWORD)
    with pytest.raises(CommandError, match="not a staff account"):
        run("reset_staff_2fa", "visitor")


def test_demo_account_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        run("ensure_demo_account")
    assert "no demo account" in run("ensure_demo_account", "--if-debug")
    assert not get_user_model().objects.filter(username=DEMO_USERNAME).exists()


def test_demo_account_is_idempotent_and_prints_usable_codes(settings, client):
    settings.DEBUG = True
    first = run("ensure_demo_account")
    second = run("ensure_demo_account")
    users = get_user_model().objects.filter(username=DEMO_USERNAME)
    assert users.count() == 1
    demo = users.get()
    assert demo.is_superuser and demo.is_staff and demo.check_password(DEMO_PASSWORD)
    assert TOTPDevice.objects.filter(user=demo).count() == 1
    # The authenticator secret stays the same; the recovery codes are new every run.
    key = re.compile(r"authenticator app: ([A-Z2-7]{32})")
    assert key.search(first).group(1) == key.search(second).group(1)
    codes = CODE_LINE.findall(second.replace("                  ", "  "))
    assert len(codes) == 5 and not set(codes) & set(CODE_LINE.findall(
        first.replace("                  ", "  ")))
    assert DEMO_PASSWORD in second
    assert sign_in(client, DEMO_USERNAME, DEMO_PASSWORD, code=codes[0]).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_load_site_data_ends_with_the_demo_account_only_when_debugging():
    assert STEPS[-1] == ("ensure_demo_account", ["--if-debug"])
