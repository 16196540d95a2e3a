import json
from pathlib import Path

import pytest
from django.conf import settings

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "trials" / "sample_data"
SAMPLE_IDS = sorted(p.stem for p in SAMPLE_DIR.glob("*.json"))
# The team's copies of whole registry records (the tests' fixed set); the records of the
# clinic's conditions, transcribed from public pages, ship beside them (README there).
SAMPLE_FILES = sorted(SAMPLE_DIR.glob("*.json"))
CONDITION_DIR = SAMPLE_DIR / "conditions"

# PostgreSQL-only behaviour (full-text ranking, trigram spelling help) is collected only there,
# so a SQLite run shows no skipped tests.
collect_ignore = (
    [] if settings.IS_POSTGRES
    else ["test_search_postgres.py", "test_importer_workers.py", "test_listing_postgres.py"]
)


def load_study(nct_id: str) -> dict:
    return json.loads((SAMPLE_DIR / f"{nct_id}.json").read_text(encoding="utf-8"))


@pytest.fixture
def sample_trials(db):
    from trials.importer import import_paths

    result = import_paths(SAMPLE_FILES)
    assert result.ok, result.errors
    return result


@pytest.fixture
def condition_trials(db):
    """The shipped MMN, CIDP and ALS records, as `make run` loads them."""
    from trials.importer import import_paths

    result = import_paths([CONDITION_DIR])
    assert result.ok, result.errors
    return result


@pytest.fixture
def write_json(tmp_path):
    def write(name: str, data) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = data if isinstance(data, str) else json.dumps(data)
        path.write_text(text, encoding="utf-8")
        return path

    return write
