"""One light stylesheet: every page blocks rendering on portal.css only (Bootstrap trimmed to
what the templates use, plus ours), and the committed build matches its sources."""

import gzip
import os
import re
import shutil
import subprocess
from pathlib import Path

import crispy_bootstrap5
import pytest

from tests.conditions.factories import ArticleFactory

ROOT = Path(__file__).resolve().parent.parent
BUILT = ROOT / "static" / "css" / "portal.css"


@pytest.mark.django_db
def test_pages_block_rendering_on_one_stylesheet(client):
    article = ArticleFactory()
    for path in ["/", article.get_absolute_url(), "/glossary/", "/trials/"]:
        html = client.get(path).content.decode()
        links = re.findall(r'<link rel="stylesheet"[^>]*>', html)
        blocking = [link for link in links if 'media="print"' not in link]
        assert len(blocking) == 1 and "css/portal." in blocking[0], (path, links)


def test_stylesheet_is_under_30_kb_compressed():
    assert len(gzip.compress(BUILT.read_bytes(), compresslevel=9)) < 30_000


def test_built_stylesheet_matches_its_sources():
    # Fails after an edit to site.css, trials.css or a template's classes: run `make css`.
    node = shutil.which("node")
    assert node, "Node.js is needed to check the stylesheet build"
    crispy = os.path.dirname(crispy_bootstrap5.__file__)
    result = subprocess.run([node, "tools/css/build.mjs", crispy, "--check"], cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
