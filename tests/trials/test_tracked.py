"""Tracked conditions: the nightly sync (recorded API responses only), its records on the
staff dashboard, /trials/ leading with them and condition articles linking to them."""

import datetime as dt
import io
import json
from urllib.parse import parse_qs, urlparse

import pytest
import requests
import responses
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.trials.conftest import load_study
from tests.trials.factories import TrialFactory
from tests.trials.results import shown_ids
from trials.models import SyncRun, TrackedCondition, Trial
from trials.sync import API_URL

pytestmark = pytest.mark.django_db

DASHBOARD = "admin:conditions_dashboard"

# What the recorded registry returns for each shipped condition (real sample records).
REGISTRY = {
    "multifocal motor neuropathy": ["NCT03281889", "NCT04523987"],
    "chronic inflammatory demyelinating polyneuropathy": ["NCT05531279"],
    "amyotrophic lateral sclerosis": [],
}


def _registry(request, calls, fail_on=None):
    params = {k: v[0] for k, v in parse_qs(urlparse(request.url).query).items()}
    calls.append(params)
    condition = next(name for name in REGISTRY if name in params["query.cond"])
    if condition == fail_on:
        raise requests.Timeout("slow")
    ids = REGISTRY[condition]
    if params.get("fields") == "NCTId":
        studies = [{"protocolSection": {"identificationModule": {"nctId": i}}} for i in ids]
    else:
        studies = [load_study(i) for i in ids]
    return 200, {}, json.dumps({"studies": studies})


@pytest.fixture
def registry():
    calls: list[dict] = []
    with responses.RequestsMock() as mock:
        mock.add_callback(responses.GET, API_URL, callback=lambda r: _registry(r, calls))
        yield calls


@pytest.fixture(autouse=True)
def _shipped_conditions():
    # Migration 0006 adds them, but a real-browser test's flush may have removed them since.
    TrackedCondition.add_shipped()


def test_shipped_conditions_are_mmn_cidp_and_als_in_that_order():
    assert [c.label for c in TrackedCondition.objects.all()] == ["MMN", "CIDP", "ALS"]


def test_adding_the_shipped_conditions_again_keeps_staff_edits():
    mmn = TrackedCondition.objects.get(short_name="MMN")
    mmn.search_terms = "multifocal motor neuropathy\nMMN\nLewis-Sumner"
    mmn.save()
    assert TrackedCondition.add_shipped() == 0
    assert "Lewis-Sumner" in TrackedCondition.objects.get(pk=mmn.pk).search_terms


def test_sync_without_arguments_fetches_every_tracked_condition_and_records_the_run(registry):
    out = io.StringIO()
    call_command("sync_trials", stdout=out)
    assert set(Trial.objects.values_list("nct_id", flat=True)) == {
        "NCT03281889", "NCT04523987", "NCT05531279"}
    run = SyncRun.objects.get()
    assert run.is_ok and not run.is_incremental
    rows = {r.condition_name: r for r in run.conditions.all()}
    mmn = rows["Multifocal motor neuropathy"]
    assert (mmn.fetched, mmn.created, mmn.updated, mmn.unchanged, mmn.failed) == (2, 2, 0, 0, 0)
    assert "Multifocal motor neuropathy: 2 fetched, 2 created" in out.getvalue()
    # The registry is asked for any of the condition's terms.
    assert any(c["query.cond"] == '"multifocal motor neuropathy" OR MMN' for c in registry)


def test_later_runs_fetch_only_studies_updated_since_the_last_good_run(registry):
    call_command("sync_trials", stdout=io.StringIO())
    first = SyncRun.objects.get()
    SyncRun.objects.filter(pk=first.pk).update(
        started_at=first.started_at - dt.timedelta(days=3))
    registry.clear()
    out = io.StringIO()
    call_command("sync_trials", stdout=out)
    run = SyncRun.objects.first()
    assert run.is_incremental
    day = (first.started_at - dt.timedelta(days=4)).date()
    studies = [c for c in registry if c.get("fields") != "NCTId"]
    assert studies and all(
        c["filter.advanced"] == f"AREA[LastUpdatePostDate]RANGE[{day:%Y-%m-%d},MAX]"
        for c in studies
    )
    mmn = run.conditions.get(condition_name="Multifocal motor neuropathy")
    assert (mmn.created, mmn.unchanged) == (0, 2)


def test_listed_trials_that_no_longer_match_are_flagged(registry):
    gone = TrialFactory(brief_title="Efgartigimod in multifocal motor neuropathy")
    call_command("sync_trials", stdout=io.StringIO())
    mmn = SyncRun.objects.get().conditions.get(condition_name="Multifocal motor neuropathy")
    assert mmn.no_longer_matching == [gone.nct_id]


def test_a_failed_condition_changes_nothing_and_is_recorded():
    calls: list[dict] = []
    with responses.RequestsMock() as mock:
        mock.add_callback(responses.GET, API_URL, callback=lambda r: _registry(
            r, calls, fail_on="chronic inflammatory demyelinating polyneuropathy"))
        with pytest.raises(CommandError, match="Nothing was changed"):
            call_command("sync_trials", stdout=io.StringIO())
    assert Trial.objects.count() == 0
    run = SyncRun.objects.get()
    assert not run.is_ok and "did not answer" in run.error
    cidp = run.conditions.get(condition_name__startswith="Chronic")
    assert "did not answer" in cidp.error


def test_the_dashboard_shows_the_last_runs(registry, staff_client_factory):
    from django.urls import reverse

    from mmn_portal.roles import TRIAL_COORDINATOR, ensure_roles

    ensure_roles()
    call_command("sync_trials", stdout=io.StringIO())
    client = staff_client_factory(groups=[TRIAL_COORDINATOR])
    page = client.get(reverse(DASHBOARD)).content.decode()
    assert "Latest trial syncs" in page
    assert "Multifocal motor neuropathy: 2 fetched, 2 created" in page


def test_trials_page_leads_with_tracked_conditions_mmn_first(client):
    TrialFactory(brief_title="IVIg in multifocal motor neuropathy")
    TrialFactory(brief_title="Nerve study", conditions=["CIDP"])
    TrialFactory(brief_title="Breathing in ALS", conditions=["ALS"],
                 overall_status="COMPLETED")
    page = client.get("/trials/").content.decode()
    heading = page.index("Trials for the conditions we treat")
    mmn = page.index("Multifocal motor neuropathy</strong> (MMN): 1 open trial")
    cidp = page.index("(CIDP): 1 open trial")
    als = page.index("(ALS): 0 open trials")
    assert heading < mmn < cidp < als
    assert "See every listed trial" in page
    assert "None of the MMN studies" not in page


def test_without_an_mmn_trial_the_page_says_so_and_links_to_the_registry(client):
    page = client.get("/trials/").content.decode()
    assert "None of the MMN studies listed here is taking new people" in page
    assert "https://clinicaltrials.gov/search?cond=multifocal+motor+neuropathy" in page


def test_the_shipped_records_give_every_tracked_condition_at_least_three_trials(
        condition_trials):
    counts = {c.label: c.trials().count() for c in TrackedCondition.objects.all()}
    assert counts == {"MMN": 4, "CIDP": 3, "ALS": 3}
    assert Trial.objects.filter(nct_id__in=["NCT05225675", "NCT05405361"]).count() == 2


def test_a_condition_with_no_open_trial_lists_its_others_results_first_then_running(client):
    with_results = TrialFactory(brief_title="IVIg for MMN, finished", conditions=["MMN"],
                                overall_status="COMPLETED", has_results=True)
    running = TrialFactory(brief_title="MMN extension study", conditions=["MMN"],
                           overall_status="ACTIVE_NOT_RECRUITING")
    stopped = TrialFactory(brief_title="MMN study that stopped", conditions=["MMN"],
                           overall_status="TERMINATED")
    page = client.get("/trials/").content.decode()
    block = page[page.index("(MMN): 0 open trials"):page.index("(CIDP)")]
    assert "None of the MMN studies listed here is taking new people" in block
    positions = [block.index(f'href="{t.get_absolute_url()}"')
                 for t in (with_results, running, stopped)]
    assert positions == sorted(positions)
    assert "Completed, results posted" in block
    assert "https://clinicaltrials.gov/search?cond=multifocal+motor+neuropathy" in block


def test_a_condition_with_more_not_open_trials_than_shown_links_to_all_of_them(client):
    for number in range(7):
        TrialFactory(brief_title=f"MMN study {number}", conditions=["MMN"],
                     overall_status="COMPLETED")
    page = client.get("/trials/").content.decode()
    assert page.count('class="tracked-not-open"') == 1
    assert "See all 7 MMN studies listed here" in page
    assert 'status=any' in page[page.index("See all 7") - 200:page.index("See all 7")]


def test_the_condition_link_finds_the_conditions_trials(client):
    mmn_trial = TrialFactory(brief_title="Efgartigimod", conditions=["MMN"])
    TrialFactory(brief_title="Unrelated")
    url = TrackedCondition.objects.get(short_name="MMN").search_url
    response = client.get(url)
    assert shown_ids(response) == [mmn_trial.nct_id]


def test_condition_articles_show_their_open_trials():
    call_command("load_content", stdout=io.StringIO())
    call_command("link_tracked_conditions", stdout=io.StringIO())
    TrialFactory(brief_title="IVIg in multifocal motor neuropathy")
    from django.test import Client

    page = Client().get("/conditions/multifocal-motor-neuropathy/").content.decode()
    assert "Clinical trials for MMN: 1 open" in page
    assert 'href="/trials/?q=%22multifocal+motor+neuropathy%22+OR+MMN"' in page


def test_the_shipped_records_fill_the_tracked_block_on_a_new_install(
        client, condition_trials, monkeypatch):
    # As on the day they were transcribed: ARDA+ (verified April 2024) is no longer confirmed.
    monkeypatch.setattr("trials.staleness.registry_today", lambda: dt.date(2026, 12, 4))
    page = client.get("/trials/").content.decode()
    mmn = page[page.index("(MMN):"):page.index("(CIDP):")]
    # No MMN record is open: the finished one with results leads, then the others.
    assert "(MMN): 0 open trials" in mmn
    assert mmn.index("/trials/NCT00666263/") < mmn.index("/trials/NCT00268788/")
    for nct_id in ("NCT05225675", "NCT05405361"):  # ARDA and ARDA+ (empasiprubart)
        assert f"/trials/{nct_id}/" in mmn
    assert "(CIDP): 1 open trial" in page and "(ALS): 1 open trial" in page


def test_a_condition_article_with_no_open_trial_leads_to_the_ones_listed():
    call_command("load_content", stdout=io.StringIO())
    call_command("link_tracked_conditions", stdout=io.StringIO())
    TrialFactory(brief_title="IVIg in multifocal motor neuropathy", overall_status="COMPLETED")
    from django.test import Client

    page = Client().get("/conditions/multifocal-motor-neuropathy/").content.decode()
    assert ("Clinical trials for MMN: none is taking new people now; read about the 1 we list"
            in page)
    assert "status=any" in page.split("none is taking new people")[0].rsplit("<a ", 1)[1]
