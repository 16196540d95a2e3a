import io
import json

import pytest
import requests
import responses
from django.core.management import CommandError, call_command

from tests.trials.conftest import SAMPLE_DIR, load_study
from trials.models import Trial
from trials.sync import API_URL

pytestmark = pytest.mark.django_db


def test_import_trials_prints_a_summary_and_is_idempotent():
    out = io.StringIO()
    call_command("import_trials", str(SAMPLE_DIR), stdout=out)
    call_command("import_trials", str(SAMPLE_DIR), stdout=out)
    assert "30 created, 0 updated, 0 unchanged, 0 failed" in out.getvalue()
    assert "0 created, 0 updated, 30 unchanged, 0 failed" in out.getvalue()


def test_import_trials_reads_stdin():
    page = json.dumps({"studies": [load_study("NCT00184067")]}).encode()
    call_command("import_trials", "-", stdin=io.BytesIO(page), stdout=io.StringIO())
    assert Trial.objects.filter(nct_id="NCT00184067").exists()


def test_import_trials_fails_with_the_file_name_and_a_nonzero_exit(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 files failed"):
        call_command(
            "import_trials", str(bad), str(SAMPLE_DIR / "NCT00184067.json"),
            stdout=io.StringIO(), stderr=err,
        )
    assert "bad.json" in err.getvalue()
    assert Trial.objects.count() == 1


def test_import_trials_reports_progress(tmp_path):
    out = io.StringIO()
    call_command("import_trials", str(SAMPLE_DIR), "--batch-size", "5", "--progress-every", "10",
                 stdout=out)
    assert "... 10 studies read" in out.getvalue()
    assert "... 30 studies read" in out.getvalue()


def _page(ids, token=None):
    body = {"studies": [load_study(i) for i in ids]}
    if token:
        body["nextPageToken"] = token
    return body


@responses.activate
def test_sync_trials_follows_next_page_token():
    responses.get(
        API_URL,
        match=[responses.matchers.query_param_matcher(
            {"query.cond": "multifocal motor neuropathy", "pageSize": "2",
             "filter.overallStatus": "RECRUITING"})],
        json=_page(["NCT03281889", "NCT04523987"], token="page-2"),
    )
    responses.get(
        API_URL,
        match=[responses.matchers.query_param_matcher(
            {"query.cond": "multifocal motor neuropathy", "pageSize": "2",
             "filter.overallStatus": "RECRUITING", "pageToken": "page-2"})],
        json=_page(["NCT05531279"]),
    )
    out = io.StringIO()
    call_command("sync_trials", "--condition", "multifocal motor neuropathy",
                 "--status", "RECRUITING", "--page-size", "2", stdout=out)
    assert "3 created" in out.getvalue()
    assert Trial.objects.count() == 3


@responses.activate
def test_sync_trials_timeout_changes_nothing(sample_trials):
    responses.get(API_URL, json=_page(["NCT00184067"], token="next"))
    responses.get(API_URL, body=requests.Timeout("slow"))
    before = list(Trial.objects.values_list("nct_id", "record_version"))
    with pytest.raises(CommandError, match="did not answer.*Nothing was changed"):
        call_command("sync_trials", "--condition", "x", stdout=io.StringIO())
    assert list(Trial.objects.values_list("nct_id", "record_version")) == before


@responses.activate
def test_sync_trials_http_error_changes_nothing():
    responses.get(API_URL, status=500, body="oops")
    with pytest.raises(CommandError, match="HTTP 500"):
        call_command("sync_trials", "--condition", "x", stdout=io.StringIO())
    assert Trial.objects.count() == 0


@responses.activate
def test_sync_trials_bad_study_changes_nothing():
    bad = load_study("NCT00184067")
    del bad["protocolSection"]["identificationModule"]["nctId"]
    responses.get(API_URL, json={"studies": [load_study("NCT00711542"), bad]})
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("sync_trials", "--condition", "x", stdout=io.StringIO(), stderr=err)
    assert "nctId is missing" in err.getvalue()
    assert Trial.objects.count() == 0
