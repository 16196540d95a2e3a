"""Building blocks for the "Ask our trial team" tests."""

from django.urls import reverse

from enquiries.consent import CURRENT_VERSION
from enquiries.models import Enquiry

FILLED = {
    "first_name": "Ana",
    "email": "ana@example.org",
    "phone": "020 7946 0000",
    "best_time": "morning",
    "message": "Is there a site near Leeds?",
    "consent": "on",
    "consent_version": CURRENT_VERSION,
}


def ask(client, trial, *, real_ip: str = "", **overrides):
    """POST the form as a browser on this site would (same-origin); None leaves a field out."""
    data = {key: value for key, value in {**FILLED, **overrides}.items() if value is not None}
    return client.post(reverse("enquiries:ask", args=[trial.pk]), data,
                       HTTP_ORIGIN="http://testserver", REMOTE_ADDR="203.0.113.7",
                       HTTP_X_REAL_IP=real_ip)


def make_enquiry(trial=None, **fields) -> Enquiry:
    values = {"study": "NCT00000000: A study", "first_name": "Ben", "phone": "0113 496 0000",
              "consent_version": CURRENT_VERSION, "trial": trial, **fields}
    return Enquiry.objects.create(**values)
