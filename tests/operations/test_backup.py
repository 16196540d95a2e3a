"""make backup / make restore round-trip everything staff and visitors have stored."""

import contextlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.db.models import ProtectedError

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, object]:
    """Row counts of every table, plus the text of one row per model with text fields."""
    state: dict[str, object] = {}
    for model in apps.get_models():
        if not model._meta.managed:  # the database's own copies (trials_listing): not backed up
            continue
        label = model._meta.label
        state[label] = model._base_manager.count()
        text_fields = [f.attname for f in model._meta.concrete_fields
                       if isinstance(f, models.CharField | models.TextField)]
        first = model._base_manager.order_by("pk").values_list(*text_fields).first() \
            if text_fields else None
        state[label + ":sample"] = first
    return state


def test_backup_and_restore_round_trip_all_data(tmp_path):
    call_command("load_site_data", stdout=None)
    get_user_model().objects.create_user("editor", password="a-long-test-password")
    before = snapshot()
    assert before["auth.User"] == 1

    backup = tmp_path / "site.backup"
    call_command("backup_db", output=backup)
    assert backup.stat().st_size > 0

    wiped = [model for model in apps.get_models() if model._meta.managed
             and model._meta.app_label in {"auth", "conditions", "trials", "feedback"}]
    while wiped:  # protected references decide the order: retry what a row still needs
        for model in list(wiped):
            with contextlib.suppress(ProtectedError):
                model._base_manager.all().delete()
                wiped.remove(model)
    assert snapshot() != before

    call_command("restore_db", backup, yes=True)
    assert snapshot() == before


def test_restore_from_a_missing_file_fails_clearly_and_changes_nothing(tmp_path):
    get_user_model().objects.create_user("editor", password="a-long-test-password")
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore_db", tmp_path / "missing.backup", yes=True)
    assert get_user_model().objects.count() == 1


def test_restore_from_a_file_that_is_not_a_backup_fails_and_changes_nothing(tmp_path):
    get_user_model().objects.create_user("editor", password="a-long-test-password")
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a database backup" * 100)
    with pytest.raises(CommandError, match="Restore failed"):
        call_command("restore_db", junk, yes=True)
    assert get_user_model().objects.filter(username="editor").exists()
