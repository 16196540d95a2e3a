"""Second-factor enrolment and verification for staff accounts.

Each staff account has one TOTP device (an authenticator app) and one static device
holding single-use recovery codes. Both are created confirmed: the secret is shown once
by the enrolment command, so there is no separate confirmation step.
"""

import re
from base64 import b32encode
from dataclasses import dataclass

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
STATIC_DEVICE_NAME = "Recovery codes"
SIX_DIGITS = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Enrolment:
    """What the new device holder needs to see, exactly once."""

    secret: str  # base32, for typing into an authenticator app
    otpauth_url: str
    recovery_codes: list[str]


def end_sessions(*, user: AbstractBaseUser) -> int:
    """Sign `user` out everywhere: delete every stored session that belongs to them.

    Sessions live in the database (settings.SESSION_ENGINE) and only staff have any, so
    reading them all is cheap. Returns how many were ended.
    """
    from django.contrib.sessions.models import Session

    mine = [session.pk for session in Session.objects.iterator()
            if session.get_decoded().get(SESSION_KEY) == str(user.pk)]
    Session.objects.filter(pk__in=mine).delete()
    return len(mine)


@transaction.atomic
def enrol_second_factor(*, user: AbstractBaseUser) -> Enrolment:
    """Replace the user's devices with a new TOTP device and fresh recovery codes.

    Whoever holds the old factor may hold a session too, so every session ends.
    """
    end_sessions(user=user)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    codes = new_recovery_codes(user=user)
    return Enrolment(secret=secret_of(device), otpauth_url=device.config_url, recovery_codes=codes)


def secret_of(device: TOTPDevice) -> str:
    """The base32 key people type into an authenticator app."""
    return b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def new_recovery_codes(*, user: AbstractBaseUser, count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Throw away the user's unused recovery codes and issue ``count`` new ones."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=STATIC_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows right now (tests and the demo use this)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def normalise_code(code: str) -> str:
    """Accept codes typed with spaces or dashes ("123 456", "abcd-efgh")."""
    return re.sub(r"[\s-]", "", code or "").lower()


def verify_second_factor(*, user: AbstractBaseUser, code: str):
    """The confirmed device that accepts ``code``, or None.

    Six digits are checked against the authenticator app; anything else against the
    recovery codes, each of which is deleted once used. Devices throttle repeated
    failures themselves (django-otp's exponential back-off).
    """
    code = normalise_code(code)
    if not code:
        return None
    model = TOTPDevice if SIX_DIGITS.match(code) else StaticDevice
    for device in model.objects.filter(user=user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(code):
            return device
    return None
