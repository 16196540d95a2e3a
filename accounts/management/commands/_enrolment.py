"""Shared output for the enrolment commands: the secret and codes, shown exactly once."""

import io

import qrcode
from django.core.management.base import OutputWrapper

from accounts.services import Enrolment


def write_enrolment(out: OutputWrapper, enrolment: Enrolment, *, qr: bool = False) -> None:
    out.write("")
    out.write("Add the account to an authenticator app (shown once; nothing keeps a copy):")
    if qr:
        buffer = io.StringIO()
        code = qrcode.QRCode(border=2)
        code.add_data(enrolment.otpauth_url)
        code.print_ascii(out=buffer, invert=True)
        out.write(buffer.getvalue())
    out.write(f"  Secret key (type it in):  {enrolment.secret}")
    out.write(f"  Set-up link:              {enrolment.otpauth_url}")
    out.write("")
    out.write(
        f"Recovery codes ({len(enrolment.recovery_codes)}, each works once; "
        "store them somewhere safe, away from the phone):"
    )
    for recovery_code in enrolment.recovery_codes:
        out.write(f"  {recovery_code}")
    out.write("")
