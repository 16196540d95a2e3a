"""Second-factor secrets stay secret in the admin; resetting a factor ends every session."""

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import StaffProfile
from accounts.services import enrol_second_factor
from tests.accounts.helpers import code_for, enrolled_staff, sign_in

pytestmark = pytest.mark.django_db


def secrets_of(user) -> list[str]:
    device = TOTPDevice.objects.get(user=user)
    tokens = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    return [device.key, *tokens]


def test_a_superuser_never_sees_anyones_otp_secret_or_recovery_codes(admin_client):
    user, _ = enrolled_staff("colleague", superuser=False)
    totp = TOTPDevice.objects.get(user=user)
    static = user.staticdevice_set.get()
    pages = [
        "/admin/otp_totp/totpdevice/", f"/admin/otp_totp/totpdevice/{totp.pk}/change/",
        f"/admin/otp_totp/totpdevice/{totp.pk}/config/",
        f"/admin/otp_totp/totpdevice/{totp.pk}/qrcode/",
        "/admin/otp_static/staticdevice/", f"/admin/otp_static/staticdevice/{static.pk}/change/",
    ]
    for path in pages:
        response = admin_client.get(path)
        assert response.status_code in (200, 302, 403, 404), path
        body = response.content.decode(errors="replace")
        assert not any(secret in body for secret in secrets_of(user)), path


def test_devices_are_not_added_or_edited_in_the_admin(admin_client):
    user, _ = enrolled_staff("colleague", superuser=False)
    totp = TOTPDevice.objects.get(user=user)
    assert admin_client.get("/admin/otp_totp/totpdevice/add/").status_code == 403
    assert admin_client.get("/admin/otp_static/staticdevice/add/").status_code == 403
    response = admin_client.post(f"/admin/otp_totp/totpdevice/{totp.pk}/change/",
                                 {"user": user.pk, "name": "x", "key": "00" * 20})
    assert response.status_code == 403
    assert TOTPDevice.objects.get(pk=totp.pk).key == totp.key


def test_a_superuser_sets_the_name_and_role_patients_see(admin_client):
    user, _ = enrolled_staff("smith", superuser=False)
    page = admin_client.get(f"/admin/auth/user/{user.pk}/change/").text
    assert "staff_profile-0-display_name" in page or "display_name" in page
    profile = StaffProfile.objects.create(user=user, display_name="Dr A. Smith",
                                          role="consultant neurologist")
    assert str(profile) == "Dr A. Smith, consultant neurologist"


def signed_in_clients(user, enrolment, count: int = 2) -> list[Client]:
    """`count` browsers signed in as `user` (the app's code once, then recovery codes)."""
    codes = [code_for(user), *enrolment.recovery_codes]
    clients = []
    for code in codes[:count]:
        client = Client()
        sign_in(client, user.username, code=code)
        assert client.get("/admin/").status_code == 200
        clients.append(client)
    return clients


def sessions_of(user) -> int:
    return sum(s.get_decoded().get("_auth_user_id") == str(user.pk)
               for s in Session.objects.all())


def test_resetting_the_second_factor_ends_every_session_of_that_user():
    user, enrolment = enrolled_staff("lost_phone")
    other, other_enrolment = enrolled_staff("colleague")
    clients = signed_in_clients(user, enrolment)
    colleague = signed_in_clients(other, other_enrolment, 1)[0]
    call_command("reset_staff_2fa", "lost_phone", stdout=None)
    assert sessions_of(user) == 0
    for client in clients:
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert colleague.get("/admin/").status_code == 200
    assert sessions_of(other) == 1


def test_re_enrolling_ends_sessions_too():
    user, enrolment = enrolled_staff("again")
    signed_in_clients(user, enrolment, 1)
    enrol_second_factor(user=user)
    assert sessions_of(user) == 0


def _listed(admin_client, path: str, user) -> bool:
    response = admin_client.get(path)
    return response.status_code == 200 and f">{user.username}<" in response.text


@pytest.mark.parametrize("lookup", [
    "key__startswith", "key__istartswith", "key__gt", "key__lt", "key__regex", "key__contains",
    "key", "user__totpdevice__key__startswith",
])
def test_the_device_list_answers_no_question_about_a_secret(admin_client, lookup):
    """A superuser must not learn a TOTP key one hex digit at a time from filters."""
    user, _ = enrolled_staff("colleague", superuser=False)
    key = TOTPDevice.objects.get(user=user).key
    value = key[:1] if lookup != "key" else key
    right = _listed(admin_client, f"/admin/otp_totp/totpdevice/?{lookup}={value}", user)
    wrong_value = "z" * len(value)
    wrong = _listed(admin_client, f"/admin/otp_totp/totpdevice/?{lookup}={wrong_value}", user)
    assert right == wrong  # the answer never depends on the secret
    assert not right


@pytest.mark.parametrize("lookup", ["token_set__token__startswith", "token_set__token"])
def test_the_recovery_code_list_answers_no_question_about_a_code(admin_client, lookup):
    user, _ = enrolled_staff("colleague", superuser=False)
    token = StaticToken.objects.filter(device__user=user).first().token
    value = token if lookup.endswith("token") else token[:1]
    path = f"/admin/otp_static/staticdevice/?{lookup}={value}"
    assert not _listed(admin_client, path, user)


def test_the_device_lists_cannot_be_searched_or_ordered_by_a_secret(admin_client):
    user, _ = enrolled_staff("colleague", superuser=False)
    key = TOTPDevice.objects.get(user=user).key
    assert not _listed(admin_client, f"/admin/otp_totp/totpdevice/?q={key}", user)
    from accounts.admin import DeviceAdmin

    secrets = {"key", "token", "token_set", "bin_key"}
    for name in [*DeviceAdmin.search_fields, *DeviceAdmin.list_display,
                 *(DeviceAdmin.ordering or ())]:
        assert not secrets & set(name.lstrip("-").split("__")), name
