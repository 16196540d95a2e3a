"""Building blocks for the staff sign-in tests."""

from base64 import b32decode

from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import current_code, enrol_second_factor

PASSWORD = "a-long-staff-password-123"
LOGIN_URL = "/admin/login/"


def make_staff(username: str = "clinician", *, superuser: bool = True, **fields):
    User = get_user_model()
    maker = User.objects.create_superuser if superuser else User.objects.create_user
    fields.setdefault("is_staff", True)
    return maker(username, f"{username}@example.org", PASSWORD, **fields)


def enrolled_staff(username: str = "clinician", **fields):
    """A staff user with an authenticator app and 10 recovery codes (returned too)."""
    user = make_staff(username, **fields)
    enrolment = enrol_second_factor(user=user)
    return user, enrolment


def code_for(user) -> str:
    return current_code(TOTPDevice.objects.get(user=user))


def code_from_secret(secret: str) -> str:
    """What an authenticator app shows for a base32 secret typed in by hand."""
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def sign_in(client, username: str, password: str = PASSWORD, code: str = "", **extra):
    data = {"username": username, "password": password, "otp_token": code,
            "next": "/admin/", **extra}
    return client.post(LOGIN_URL, data)
