"""PostgreSQL only (collected only there): the trial search reads trials_listing, a narrow
copy of trials_trial kept by triggers (trials/listing.py). Whatever changes a trial, by any
write path, the search sees at once; a bulk import leaves the copy in listing order."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.trials.conftest import SAMPLE_FILES
from tests.trials.factories import SiteFactory, TrialFactory
from tests.trials.results import searched
from trials.importer import import_paths
from trials.listing import FIELDS, TrialListing
from trials.models import OPEN_STATUSES, Trial
from trials.search.engine import TrialSearch

pytestmark = pytest.mark.django_db


def mirrored() -> bool:
    """The listing holds exactly every trial's searched fields."""
    listed = set(TrialListing.objects.values_list("pk", *FIELDS))
    return listed == set(Trial.objects.values_list("pk", *FIELDS))


def found(q: str) -> list[int]:
    return [t.pk for t in searched(TrialSearch(q=q, statuses=[]))]


def test_every_write_to_a_trial_reaches_the_search_at_once():
    trial = TrialFactory(brief_title="Nerve study")
    other = TrialFactory(brief_title="Muscle study")
    assert mirrored() and found("nerve") == [trial.pk]

    trial.brief_title = "Zebrafish study"  # save(): the admin, the clinic's own studies
    trial.save()
    assert mirrored() and found("zebrafish") == [trial.pk] and found("nerve") == []

    Trial.objects.filter(pk=other.pk).update(brief_summary="On lungfish.")  # bulk update
    assert mirrored() and found("lungfish") == [other.pk]

    SiteFactory(trial=trial, country="Iceland")  # a new site's country, kept on the trial
    assert mirrored()
    assert [t.pk for t in searched(TrialSearch(statuses=[], country="Iceland"))] == [trial.pk]

    Trial.objects.filter(pk=other.pk).update(is_hidden=True)  # hidden by staff
    assert mirrored() and found("study") == [trial.pk]

    trial.delete()
    assert mirrored() and found("zebrafish study") == []


@pytest.mark.django_db(transaction=True)  # as Django's flush between such tests does
def test_emptying_the_trials_table_empties_the_listing():
    TrialFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE trials_trial CASCADE")
    assert not TrialListing.objects.exists()


def physical_order() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM trials_listing")  # a table scan: the stored order
        return [row[0] for row in cursor.fetchall()]


def listing_order() -> list[int]:
    """Open trials first (stale or not), each part in the listing order."""
    open_ids = set(Trial.objects.listed().filter(overall_status__in=OPEN_STATUSES)
                   .values_list("pk", flat=True))
    trials = Trial.objects.order_by("-is_at_this_clinic", "-last_update_posted", "pk")
    ordered = list(trials.values_list("pk", flat=True))
    return [pk for pk in ordered if pk in open_ids] + [pk for pk in ordered
                                                       if pk not in open_ids]


def test_a_bulk_import_leaves_the_listing_open_trials_first_in_listing_order():
    result = import_paths(SAMPLE_FILES)
    assert result.ok and result.created == len(SAMPLE_FILES)
    assert physical_order() == listing_order() != sorted(physical_order())
    assert mirrored()


def test_only_an_import_that_changed_a_large_share_writes_the_listing_again():
    TrialFactory.create_batch(20)
    assert not TrialListing.keep_in_order(1)  # a daily sync's few changes: appended
    assert TrialListing.keep_in_order(2)  # a tenth of all trials: a bulk load


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_listing_from_the_trials_already_there():
    executor = MigrationExecutor(connection)
    executor.migrate([("trials", "0015_searchword_language")])
    try:
        old = executor.loader.project_state([("trials", "0015_searchword_language")]).apps
        trials = old.get_model("trials", "Trial")
        for number in range(3):
            trials.objects.create(nct_id=f"NCT0000000{number}", brief_title=f"Study {number}",
                                  overall_status="RECRUITING" if number else "COMPLETED")
        executor = MigrationExecutor(connection)
        executor.migrate([("trials", "0016_trial_listing")])
        assert mirrored() and TrialListing.objects.count() == 3
        assert physical_order() == listing_order()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
