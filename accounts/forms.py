"""The staff sign-in form: username, password and a code from the second factor."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError

from accounts.services import verify_second_factor

# One message for a wrong password and a wrong code, so the form never reveals which
# part was right.
INVALID_LOGIN = (
    "Enter a correct username, password and security code for a staff account. "
    "The username and password are case-sensitive."
)


class StaffAuthenticationForm(AdminAuthenticationForm):
    """Username and password, then a 6-digit authenticator code or a recovery code."""

    otp_token = forms.CharField(
        label="Security code",
        max_length=32,
        help_text=(
            "The 6-digit code from your authenticator app, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "inputmode": "text",
            }
        ),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": INVALID_LOGIN,
    }

    def clean(self):
        if not self.cleaned_data.get("otp_token"):
            # Without a code, do not check the password at all: the "required" error
            # must not hint whether the password was right.
            return self.cleaned_data
        cleaned_data = super().clean()
        user = self.get_user()
        if user is None or self.errors:
            return cleaned_data
        device = verify_second_factor(user=user, code=cleaned_data.get("otp_token", ""))
        if device is None:
            # Count a wrong code as a failed sign-in, so django-axes locks out guessing.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": cleaned_data.get("username")},
                request=self.request,
            )
            self.user_cache = None
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        # django-otp's user_logged_in handler stores this device in the session.
        user.otp_device = device
        return cleaned_data
