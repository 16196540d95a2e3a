"""Trial coordinators (past the second factor) see and answer the requests; others do not."""

import pytest
from django.test import Client
from django.urls import reverse

from enquiries.models import Enquiry
from tests.enquiries.helpers import make_enquiry

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:enquiries_enquiry_changelist")


@pytest.fixture
def enquiry():
    return make_enquiry(first_name="Carmen", email="carmen@example.org",
                        message="Can I join from Leeds?", age=54, sex="female")


def test_a_coordinator_sees_study_consent_version_and_time_but_no_personal_data_in_the_list(
        staff, enquiry):
    html = staff("coordinator").get(CHANGELIST).content.decode()
    assert enquiry.study in html and enquiry.consent_version in html
    assert "Carmen" not in html and "carmen@example.org" not in html


def test_opening_a_request_shows_it_and_records_who_opened_it(staff, enquiry):
    client = staff("coordinator")
    html = client.get(reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])).content
    html = html.decode()
    for shown in ("Carmen", "carmen@example.org", "Can I join from Leeds?", "2026-12-04",
                  "trial team may keep what I send here"):
        assert shown in html
    opening = enquiry.openings.get()
    assert opening.opened_by == client.user
    again = client.get(reverse("admin:enquiries_enquiry_change", args=[enquiry.pk]))
    assert "coordinator –" in again.content.decode()


@pytest.mark.parametrize("role", ["editor", "reviewer", "no_group"])
def test_other_staff_cannot_see_requests(staff, enquiry, role):
    client = staff(role)
    assert client.get(CHANGELIST).status_code == 403
    change = client.get(reverse("admin:enquiries_enquiry_change", args=[enquiry.pk]))
    assert change.status_code == 403
    assert not enquiry.openings.exists()


def test_staff_without_the_second_factor_are_sent_to_sign_in(staff, enquiry, django_user_model):
    coordinator = staff("coordinator").user
    client = Client()
    client.force_login(coordinator)  # password only
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_state_moves_forward_and_closing_is_timed(staff, enquiry):
    client = staff("coordinator")
    url = reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])
    client.post(url, {"state": "contacted"})
    enquiry.refresh_from_db()
    assert (enquiry.state, enquiry.closed_at) == ("contacted", None)
    refused = client.post(url, {"state": "new"})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    client.post(url, {"state": "closed"})
    enquiry.refresh_from_db()
    assert enquiry.state == "closed" and enquiry.closed_at is not None


def test_actions_mark_requests_contacted_then_closed(staff, enquiry):
    client = staff("coordinator")
    for action in ("mark_contacted", "mark_closed"):
        client.post(CHANGELIST, {"action": action, "_selected_action": [enquiry.pk]})
    enquiry.refresh_from_db()
    assert enquiry.state == "closed" and enquiry.closed_at is not None


def test_nobody_adds_requests_in_the_admin(staff):
    assert staff("coordinator").get(reverse("admin:enquiries_enquiry_add")).status_code == 403


def test_the_dashboard_shows_new_requests_and_the_age_of_the_oldest(staff, enquiry):
    from datetime import timedelta

    from django.utils import timezone

    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=timezone.now() - timedelta(days=3))
    make_enquiry()
    make_enquiry(state="contacted")
    html = staff("coordinator").get(reverse("admin:conditions_dashboard")).content.decode()
    assert "New requests to the trial team (2)" in html
    assert "2 new requests waiting" in html and "The oldest was sent 3\xa0days ago" in html
    editor_html = staff("editor").get(reverse("admin:conditions_dashboard")).content.decode()
    assert "requests to the trial team" not in editor_html.replace(
        "stale trials, patient feedback and requests to the trial team", "")


def test_only_trial_coordinators_hold_the_request_permissions(roles):
    from django.contrib.auth.models import Group

    holders = {group.name: sorted(p.codename for p in group.permissions.all()
                                  if p.content_type.app_label == "enquiries")
               for group in Group.objects.all()}
    assert holders == {"editor": [], "medical reviewer": [],
                       "trial coordinator": ["change_enquiry", "delete_enquiry", "view_enquiry"]}
