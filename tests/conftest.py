"""Shared fixtures: a real browser on Debian's chromium and an axe-core checker."""

import shutil
from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Uploaded files go to a temp folder and every test starts with an empty cache."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
    }


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"
        )
    return "axe found accessibility violations:\n" + "\n".join(lines)


@pytest.fixture
def axe():
    """Run axe-core (from npm, injected from disk so the strict CSP allows it)."""
    source = AXE_JS.read_text(encoding="utf-8")

    def check(page) -> None:
        page.evaluate(source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
        )
        assert result["violations"] == [], format_violations(result["violations"])

    return check


@pytest.fixture
def foreign_requests(page, live_server):
    """Collects every request the page makes to another origin (there must be none)."""
    seen: list[str] = []

    def note(request):
        url = request.url
        if not url.startswith((live_server.url, "data:", "about:")):
            seen.append(url)

    page.on("request", note)
    return seen
