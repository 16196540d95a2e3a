"""The apps never import the project package: what they share lives in common/. And the
trials models module holds models and querysets only, so it stays short."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "common", "conditions", "enquiries", "feedback", "trials"]
PROJECT_IMPORT = re.compile(r"^\s*(from|import)\s+mmn_portal\b", re.MULTILINE)


def test_no_app_imports_the_project_package():
    importing = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if PROJECT_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert importing == []
    assert all((ROOT / app).is_dir() for app in APPS)


def test_trials_models_module_stays_short():
    """Helpers computed from a trial's fields live beside it (trials/derived.py, codes.py,
    staleness.py), not in trials/models.py."""
    lines = (ROOT / "trials" / "models.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 650
