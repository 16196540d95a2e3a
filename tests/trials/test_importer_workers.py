"""PostgreSQL: files imported side by side in worker processes, each still atomic."""

import copy
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.trials.conftest import SAMPLE_IDS, load_study
from trials.importer import import_paths
from trials.models import CentralContact, SearchWord, Site, Trial

# Each process commits on its own connection, so the test database must see real commits.
pytestmark = pytest.mark.django_db(transaction=True)


def _state():
    return (
        list(Trial.objects.order_by("nct_id").values_list("nct_id", "record_digest", "raw")),
        sorted(Site.objects.values_list("trial__nct_id", "facility", "city", "latitude")),
        sorted(CentralContact.objects.values_list("trial__nct_id", "name", "email")),
        sorted(SearchWord.objects.values_list("word", flat=True)),
    )


def _pages(write_json, prefix=""):
    """The 20 shipped records as 5 pages of 4."""
    return [
        write_json(f"{prefix}page-{n}.json", {"studies": [load_study(i) for i in ids]})
        for n, ids in enumerate(SAMPLE_IDS[i:i + 4] for i in range(0, 20, 4))
    ]


def test_workers_import_the_same_rows_as_one_process(write_json):
    paths = _pages(write_json)
    serial = import_paths(paths, workers=1)
    assert serial.ok and serial.created == 20
    expected = _state()
    Trial.objects.all().delete()
    SearchWord.objects.all().delete()

    parallel = import_paths(paths, workers=2)
    assert parallel.ok, parallel.errors
    assert (parallel.created, parallel.files) == (20, 5)
    assert _state() == expected
    again = import_paths(paths, workers=2)
    assert (again.unchanged, again.changed) == (20, 0)


def test_a_bad_file_fails_alone_and_keeps_nothing_of_it(write_json):
    paths = _pages(write_json)
    bad = load_study(SAMPLE_IDS[0])
    del bad["protocolSection"]["identificationModule"]["nctId"]
    broken = write_json("broken.json", {"studies": [load_study(SAMPLE_IDS[4]), bad]})
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 of 6 files failed"):
        call_command("import_trials", *map(str, [*paths[1:], broken, paths[0]]),
                     "--workers", "2", stderr=errors, stdout=io.StringIO())
    assert "broken.json" in errors.getvalue() and "nctId is missing" in errors.getvalue()
    assert Trial.objects.count() == 20


def test_the_same_study_in_files_imported_side_by_side(write_json):
    """Two files holding one study can block each other; whichever the database refused is
    imported again alone, so the newer record wins as in one process."""
    study = load_study(SAMPLE_IDS[0])
    newer = copy.deepcopy(study)
    newer["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = "2030-01-01"
    newer["protocolSection"]["identificationModule"]["briefTitle"] = "Newer title"
    paths = [write_json(f"{n}.json", {"studies": [load_study(i) for i in SAMPLE_IDS[1:]]
                                      + [record]})
             for n, record in enumerate([study, newer, study])]
    result = import_paths(paths, workers=3)
    assert result.ok, result.errors
    assert Trial.objects.count() == 20
    assert Trial.objects.get(nct_id=SAMPLE_IDS[0]).brief_title == "Newer title"
