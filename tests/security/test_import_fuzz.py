"""Broken, hostile and enormous study files: a clear error and nothing written."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from trials.models import Site, Trial

pytestmark = pytest.mark.django_db
SAMPLE = Path("trials/sample_data/NCT01126879.json")


def database_state() -> tuple[int, int, list]:
    return Trial.objects.count(), Site.objects.count(), list(
        Trial.objects.order_by("pk").values_list("nct_id", "brief_title"))


def valid_study() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def deeply_nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def bad_files() -> dict[str, bytes]:
    study = valid_study()
    wrong_type = valid_study()
    wrong_type["protocolSection"]["identificationModule"]["briefTitle"] = {"not": "a string"}
    nested = valid_study()
    nested_text = json.dumps(nested)
    nested_text = nested_text[:-1] + ', "deep": ' + deeply_nested(100_000) + "}"
    return {
        "truncated.json": json.dumps({"studies": [study, study]}).encode()[:-200],
        "empty.json": b"",
        "not-json.json": b"\x89PNG\r\n\x1a\n binary junk",
        "invalid-utf8.json": b'{"protocolSection": "\xff\xfe"}',
        "top-level-number.json": b"42",
        "studies-not-a-list.json": b'{"studies": "many"}',
        "wrong-type.json": json.dumps(wrong_type).encode(),
        "nested-too-deep.json": nested_text.encode(),
        "missing-nct.json": json.dumps({"protocolSection": {"identificationModule": {}}}).encode(),
        "enormous-title.json": json.dumps(
            {**study, "protocolSection": {**study["protocolSection"], "identificationModule": {
                **study["protocolSection"]["identificationModule"], "briefTitle": "x" * 5_000_000,
            }}}).encode(),
    }


@pytest.fixture
def existing_trial(db):
    call_command("import_trials", str(SAMPLE), verbosity=0)
    return database_state()


@pytest.mark.parametrize("name", sorted(bad_files()))
def test_import_command_rejects_bad_file_clearly_and_writes_nothing(
        tmp_path, existing_trial, name):
    path = tmp_path / name
    path.write_bytes(bad_files()[name])
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 files failed"):
        call_command("import_trials", str(path), stderr=errors, stdout=io.StringIO())
    assert name in errors.getvalue()
    assert "Traceback" not in errors.getvalue()
    assert database_state() == existing_trial


@pytest.mark.django_db(transaction=True)  # the import must open its own transaction
def test_a_read_only_database_fails_the_import_clearly_with_nothing_partial(tmp_path):
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"studies": [valid_study()]}), encoding="utf-8")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET default_transaction_read_only = on")
        else:
            cursor.execute("PRAGMA query_only = ON")
    errors = io.StringIO()
    try:
        with pytest.raises(CommandError):
            call_command("import_trials", str(path), stderr=errors, stdout=io.StringIO())
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET default_transaction_read_only = off")
            else:
                cursor.execute("PRAGMA query_only = OFF")
    assert "page.json" in errors.getvalue()
    assert "database" in errors.getvalue().lower()
    assert Trial.objects.count() == 0


@pytest.mark.parametrize("name", ["truncated.json", "nested-too-deep.json", "wrong-type.json",
                                  "enormous-title.json", "top-level-number.json"])
def test_admin_upload_rejects_bad_file_clearly_and_writes_nothing(
        admin_client, existing_trial, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, bad_files()[name], content_type="application/json")
    response = admin_client.post(reverse("admin:trials_trial_upload"), {"files": [upload]})
    assert response.status_code == 200
    assert name in response.content.decode()
    assert database_state() == existing_trial
