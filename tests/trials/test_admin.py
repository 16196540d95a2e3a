import json

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.trials.conftest import load_study
from tests.trials.factories import TrialFactory
from trials.models import Trial

pytestmark = pytest.mark.django_db
UPLOAD = "/admin/trials/trial/upload/"


def _file(name, data):
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_changelist_links_to_upload_and_filters_by_phase(admin_client):
    TrialFactory(phases=["PHASE3"])
    response = admin_client.get("/admin/trials/trial/", {"phase": "PHASE3"})
    assert response.status_code == 200 and UPLOAD in response.content.decode()
    assert response.context["cl"].result_count == 1


def test_upload_imports_files_and_reports_the_summary(admin_client):
    response = admin_client.post(
        UPLOAD,
        {"files": [_file("a.json", load_study("NCT00184067")),
                   _file("b.json", {"studies": [load_study("NCT00711542")]})]},
        follow=True,
    )
    assert "2 created, 0 updated, 0 unchanged, 0 failed" in response.content.decode()
    assert Trial.objects.count() == 2


def test_upload_reports_errors_by_file(admin_client):
    response = admin_client.post(UPLOAD, {"files": [_file("broken.json", b"{oops")]})
    body = response.content.decode()
    assert "broken.json: not valid JSON" in body and "1 failed" in body
    assert not Trial.objects.exists()


def test_upload_rejects_non_json_files(admin_client):
    response = admin_client.post(UPLOAD, {"files": [_file("photo.png", b"\x89PNG")]})
    assert "is not a .json file" in response.content.decode()


def test_upload_needs_the_import_permission(client, verified_client):
    user = User.objects.create_user("coordinator", password="a-long-password-123", is_staff=True)
    verified_client(user, client)
    assert client.get(UPLOAD).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="import_trials"))
    verified_client(User.objects.get(pk=user.pk), client)
    assert client.get(UPLOAD).status_code == 200


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("pin", "is_at_this_clinic", True), ("hide", "is_hidden", True)],
)
def test_actions_set_staff_flags(admin_client, action, field, value):
    trial = TrialFactory()
    admin_client.post("/admin/trials/trial/",
                      {"action": action, "_selected_action": [trial.pk]})
    trial.refresh_from_db()
    assert getattr(trial, field) is value


def test_unpin_and_show_clear_the_flags(admin_client):
    trial = TrialFactory(is_at_this_clinic=True, is_hidden=True)
    for action in ("unpin", "show"):
        admin_client.post(
            "/admin/trials/trial/", {"action": action, "_selected_action": [trial.pk]}
        )
    trial.refresh_from_db()
    assert not trial.is_at_this_clinic and not trial.is_hidden


def test_add_form_renders(admin_client):
    assert admin_client.get("/admin/trials/trial/add/").status_code == 200
