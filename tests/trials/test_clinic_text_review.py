"""The clinic's own studies are the clinic's words to patients: one coordinator alone cannot
publish them. Registry records stay as imported."""

import pytest
from django.urls import reverse

from tests.trials.factories import TrialFactory
from trials.models import Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinators(staff_client_factory, roles):
    return (staff_client_factory("writer", groups=["trial coordinator"]),
            staff_client_factory("checker", groups=["trial coordinator"]))


@pytest.fixture
def roles(db):
    from mmn_portal.roles import ensure_roles

    ensure_roles()


def written_by(client, **fields) -> Trial:
    trial = Trial(nct_id=None, clinic_reference="grip-at-home", brief_title="Grip at home",
                  brief_summary="We test a grip exercise at home.", **fields)
    trial._history_user = client.user
    trial.save()
    return trial


def act(client, action: str, trial: Trial):
    return client.post(reverse("admin:trials_trial_changelist"),
                       {"action": action, "_selected_action": [trial.pk]})


def test_a_study_one_coordinator_wrote_is_not_public_until_another_approves(client,
                                                                            coordinators):
    writer, checker = coordinators
    trial = written_by(writer)
    assert client.get(trial.get_absolute_url()).status_code == 404

    act(writer, "show", trial)
    act(writer, "approve_clinic_text", trial)
    assert client.get(trial.get_absolute_url()).status_code == 404  # alone: still hidden

    act(checker, "approve_clinic_text", trial)
    page = client.get(trial.get_absolute_url())
    assert page.status_code == 200 and "We test a grip exercise at home." in page.text
    assert Trial.objects.get(pk=trial.pk).clinic_text_approved_by == checker.user


def test_an_edit_after_approval_hides_the_study_until_approved_again(client, coordinators):
    writer, checker = coordinators
    trial = written_by(writer)
    act(checker, "approve_clinic_text", trial)
    trial = Trial.objects.get(pk=trial.pk)
    trial.brief_summary = "Changed words nobody checked."
    trial._history_user = checker.user
    trial.save()
    assert client.get(trial.get_absolute_url()).status_code == 404
    act(checker, "approve_clinic_text", trial)  # the one who changed it cannot
    assert client.get(trial.get_absolute_url()).status_code == 404
    act(writer, "approve_clinic_text", trial)
    assert "Changed words nobody checked." in client.get(trial.get_absolute_url()).text


def test_registry_records_stay_as_imported(client, coordinators):
    writer, _ = coordinators
    trial = TrialFactory(brief_summary="The registry's words.")
    assert "The registry's words." in client.get(trial.get_absolute_url()).text
    act(writer, "approve_clinic_text", trial)
    assert Trial.objects.get(pk=trial.pk).clinic_text_approved_by is None


def test_approving_needs_the_permission(staff_client_factory, roles):
    from django.core.exceptions import PermissionDenied

    from trials import clinic_text

    writer = staff_client_factory("writer", groups=["trial coordinator"])
    outsider = staff_client_factory("outsider")
    trial = written_by(writer)
    with pytest.raises(PermissionDenied):
        clinic_text.approve(trial=trial, user=outsider.user)
    assert Trial.objects.get(pk=trial.pk).is_hidden


def test_showing_an_unapproved_study_says_it_needs_another_persons_approval(coordinators):
    writer, _ = coordinators
    trial = written_by(writer)
    response = act(writer, "show", trial)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("once another person approves" in m for m in messages)
    assert Trial.objects.get(pk=trial.pk).is_hidden
