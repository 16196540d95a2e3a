"""What happens around a request: telling the trial team, withdrawing, deleting old ones."""

import logging
import smtplib

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from enquiries.models import Enquiry

logger = logging.getLogger(__name__)
_WITHDRAW_SALT = "enquiries.withdraw"


def withdraw_token(enquiry: Enquiry) -> str:
    """The visitor's private key to their request. It names the request and when it was
    sent, so it can never open a later request that happens to get the same number."""
    return signing.dumps([enquiry.pk, enquiry.created_at.timestamp()], salt=_WITHDRAW_SALT)


def withdraw_path(enquiry: Enquiry) -> str:
    """The token goes in the query string, which the access logs leave out (README)."""
    return reverse("enquiries:withdraw") + "?" + urlencode({"t": withdraw_token(enquiry)})


def enquiry_for_token(token: str) -> Enquiry | None:
    try:
        pk, sent = signing.loads(token, salt=_WITHDRAW_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    enquiry = Enquiry.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if enquiry is None or enquiry.created_at.timestamp() != sent:
        return None
    return enquiry


def withdraw(token: str) -> bool:
    """Delete the request the token names; False when it is already gone (or never was)."""
    enquiry = enquiry_for_token(token)
    if enquiry is None:
        return False
    enquiry.delete()
    return True


def notify_trial_team(admin_url: str) -> None:
    """Tell the trial inbox that a request is waiting, after the request is saved. The e-mail
    says nothing about the request or the visitor: e-mail passes through other servers."""
    if not settings.TRIAL_TEAM_EMAIL:
        return

    def send():
        body = _(
            "A new request to the trial team is waiting on the patient portal.\n\n"
            "Sign in to read it: %(url)s\n\n"
            "For privacy this e-mail holds no details of the request."
        ) % {"url": admin_url}
        try:
            send_mail(_("New request to the trial team"), body, None,
                      [settings.TRIAL_TEAM_EMAIL])
        except (smtplib.SMTPException, OSError) as exc:
            # The request is saved and shows in the admin; only the notice is lost.
            logger.warning("Could not e-mail the trial team about a new request: %s",
                           type(exc).__name__)

    transaction.on_commit(send)


def admin_list_path() -> str:
    return reverse("admin:enquiries_enquiry_changelist") + f"?state__exact={Enquiry.State.NEW}"


@transaction.atomic
def purge_old_enquiries(*, closed_days: int, any_days: int, dry_run: bool = False) -> int:
    """Delete requests past their retention time; returns how many."""
    due = Enquiry.objects.past_retention(closed_days=closed_days, any_days=any_days)
    count = due.count()
    if not dry_run:
        due.delete()
    return count
