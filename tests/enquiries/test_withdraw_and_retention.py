"""The visitor's withdraw link, and the retention command cron runs."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from enquiries import services
from enquiries.models import Enquiry
from tests.enquiries.helpers import ask, make_enquiry
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db


def withdraw_url(response) -> str:
    return re.search(r'href="http://testserver(/ask/withdraw/\?t=[^"]+)"',
                     response.content.decode()).group(1).replace("&amp;", "&")


def test_the_withdraw_link_asks_first_then_deletes_the_request(client):
    url = withdraw_url(ask(client, TrialFactory()))
    page = client.get(url)
    assert page.status_code == 200 and "Withdraw your request?" in page.content.decode()
    assert Enquiry.objects.count() == 1  # opening the link deletes nothing
    token = re.search(r'name="t" value="([^"]+)"', page.content.decode()).group(1)
    done = client.post("/ask/withdraw/", {"t": token}, HTTP_ORIGIN="http://testserver")
    assert "Your request is withdrawn" in done.content.decode()
    assert Enquiry.objects.count() == 0
    again = client.post("/ask/withdraw/", {"t": token}, HTTP_ORIGIN="http://testserver")
    assert again.status_code == 404
    assert "This request is no longer here" in again.content.decode()


def test_withdrawing_deletes_the_record_of_who_opened_it_too(client, admin_user):
    enquiry = make_enquiry()
    enquiry.record_opening(admin_user)
    assert services.withdraw(services.withdraw_token(enquiry))
    assert not Enquiry.objects.exists()
    assert not enquiry.openings.model.objects.exists()


@pytest.mark.parametrize("token", ["", "nonsense", "1:abc:def", "W10:1t:bad", "x" * 5000])
def test_a_broken_or_forged_link_gets_a_clear_page(client, token):
    make_enquiry()
    response = client.get("/ask/withdraw/", {"t": token})
    assert response.status_code == 404
    assert "This request is no longer here" in response.content.decode()
    posted = client.post("/ask/withdraw/", {"t": token}, HTTP_ORIGIN="http://testserver")
    assert posted.status_code == 404
    assert Enquiry.objects.count() == 1


def test_a_token_never_opens_a_different_request_with_the_same_number():
    enquiry = make_enquiry()
    token = services.withdraw_token(enquiry)
    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=enquiry.created_at
                                                 - timedelta(seconds=1))
    assert services.enquiry_for_token(token) is None


def test_withdrawing_from_another_site_is_refused(client):
    token = services.withdraw_token(make_enquiry())
    response = client.post("/ask/withdraw/", {"t": token}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and Enquiry.objects.count() == 1


def _aged(days: int, **fields) -> Enquiry:
    return make_enquiry(created_at=timezone.now() - timedelta(days=days), **fields)


def test_purge_deletes_closed_requests_after_n_days_and_any_after_m_days(settings):
    settings.ENQUIRY_CLOSED_RETENTION_DAYS, settings.ENQUIRY_MAX_RETENTION_DAYS = 30, 180
    now = timezone.now()
    closed_long_ago = _aged(60, state="closed", closed_at=now - timedelta(days=31))
    closed_lately = _aged(60, state="closed", closed_at=now - timedelta(days=29))
    new_but_old = _aged(181)
    contacted_but_old = _aged(200, state="contacted")
    new_and_recent = _aged(179)
    out = io.StringIO()
    call_command("purge_enquiries", stdout=out)
    left = set(Enquiry.objects.values_list("pk", flat=True))
    assert left == {closed_lately.pk, new_and_recent.pk}
    assert {closed_long_ago.pk, new_but_old.pk, contacted_but_old.pk}.isdisjoint(left)
    assert "3 request(s) to the trial team deleted." in out.getvalue()


def test_purge_dry_run_and_days_from_the_command_line():
    _aged(10)
    out = io.StringIO()
    call_command("purge_enquiries", "--any-days", "5", "--dry-run", stdout=out)
    assert "1 request(s) to the trial team would be deleted." in out.getvalue()
    assert Enquiry.objects.count() == 1
    call_command("purge_enquiries", "--any-days", "5", stdout=io.StringIO())
    assert Enquiry.objects.count() == 0
    with pytest.raises(CommandError, match="cannot be negative"):
        call_command("purge_enquiries", "--closed-days", "-1", stdout=io.StringIO())
