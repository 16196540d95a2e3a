"""Whole files read at once (orjson) and streamed ones (ijson) import the same way."""

import json

import pytest

import trials.importer.stream as stream
from tests.trials.conftest import SAMPLE_IDS, load_study
from trials.importer import MAX_NESTING, import_paths
from trials.models import Trial

pytestmark = pytest.mark.django_db


def _stored():
    return list(Trial.objects.order_by("nct_id").values_list("nct_id", "raw", "record_digest"))


def test_a_file_too_big_to_read_whole_is_streamed_to_the_same_rows(write_json, monkeypatch):
    page = write_json("page.json", {"studies": [load_study(i) for i in SAMPLE_IDS[:5]]})
    assert import_paths([page]).created == 5
    whole = _stored()
    Trial.objects.all().delete()
    monkeypatch.setattr(stream, "WHOLE_FILE_BYTES", 1000)
    assert import_paths([page]).created == 5
    assert _stored() == whole


def test_integers_beyond_64_bits_are_refused_as_when_streamed(write_json):
    """orjson would read them as floats; ijson (which refuses them) reads such files."""
    study = load_study(SAMPLE_IDS[0])
    study["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = 2**70
    result = import_paths([write_json("big.json", study)])
    assert "big.json: not valid JSON" in result.errors[0]
    assert not Trial.objects.exists()


@pytest.mark.parametrize("extra, refused", [(MAX_NESTING - 3, False), (MAX_NESTING, True)])
def test_nesting_is_limited_in_small_files_too(write_json, extra, refused):
    study = load_study(SAMPLE_IDS[0])
    study["deep"] = json.loads("[" * extra + "]" * extra)  # 2 levels above: study, "deep"
    result = import_paths([write_json("deep.json", {"studies": [study]})])
    assert result.ok is not refused
    if refused:
        assert f"nested more than {MAX_NESTING} levels" in result.errors[0]
