"""Lighthouse scores for each page type, mobile and desktop (`make lighthouse`).

Serves the shipped content with production settings (DEBUG off, WhiteNoise's compressed
static files) from gunicorn on a loopback port, on a private PostgreSQL database
(`mmn_lighthouse`), and runs Lighthouse (tools/lighthouse, pinned) in Debian's chromium.
Prints one row per page and form factor; the full reports go to bench/results/lighthouse/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from bench import harness
from bench.run import production_env

LIGHTHOUSE = harness.ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
REPORTS = harness.ROOT / "bench" / "results" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
GOALS = {("performance", "desktop"): 100, ("performance", "mobile"): 98}
# Search result pages carry `noindex` on purpose (endless thin pages); Lighthouse's SEO
# score counts that against them, so SEO is not a goal there.
NOINDEX = {"site search", "site search (es)"}
PAGES = {
    "home": "/",
    "article": "/conditions/multifocal-motor-neuropathy/",
    "conditions list": "/conditions/",
    "comparison": "/compare/mmn-als-cidp/",
    "glossary": "/glossary/",
    "glossary term": "/glossary/conduction-block/",
    "site search": "/search/?q=ivig",
    "trial search": "/trials/",
    "trial detail": "/trials/NCT02210780/",
    # The Spanish page types (README "Languages").
    "home (es)": "/es/",
    "article (es)": "/es/conditions/multifocal-motor-neuropathy/",
    "comparison (es)": "/es/compare/mmn-als-cidp/",
    "glossary (es)": "/es/glossary/",
    "glossary term (es)": "/es/glossary/conduction-block/",
    "site search (es)": "/es/search/?q=IgIV",
    "trial search (es)": "/es/trials/",
    "trial detail (es)": "/es/trials/NCT02210780/",
}


def lighthouse(url: str, form_factor: str, name: str) -> dict[str, int]:
    REPORTS.mkdir(parents=True, exist_ok=True)
    output = REPORTS / f"{name.replace(' ', '-')}-{form_factor}.json"
    args = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
            "--disable-background-networking --disable-component-update --no-first-run"]
    if form_factor == "desktop":
        args.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    for attempt in (1, 2):  # a headless Chrome start now and then fails on a busy machine
        run = subprocess.run(args, env=env, capture_output=True, text=True)
        if run.returncode == 0:
            break
        if attempt == 2:
            raise SystemExit(f"Lighthouse failed on {url} ({form_factor}):\n{run.stderr[-2000:]}")
    categories = json.loads(output.read_text())["categories"]
    return {key: round((categories[key]["score"] or 0) * 100) for key in CATEGORIES}


def main(only: str = "") -> int:
    """Every page type, or those whose name contains `only` (`python -m bench.lighthouse es`)."""
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: `make lighthouse` installs it")
    db_url = harness.recreate_database("mmn_lighthouse")
    env = production_env(db_url)
    harness.manage(env, "migrate", "--noinput")
    harness.manage(env, "load_site_data")
    harness.manage(env, "collectstatic", "--noinput")
    missed = []
    print(f"{'page':<20} {'form':<8}" + "".join(f" {c:>15}" for c in CATEGORIES))
    with harness.gunicorn(env, workers=2) as base:
        for name, path in PAGES.items():
            if only and only not in name:
                continue
            for form_factor in ("mobile", "desktop"):
                scores = lighthouse(base + path, form_factor, name)
                print(f"{name:<20} {form_factor:<8}" +
                      "".join(f" {scores[c]:>15}" for c in CATEGORIES), flush=True)
                for category, score in scores.items():
                    if category == "seo" and name in NOINDEX:
                        continue
                    goal = GOALS.get((category, form_factor), 100)
                    if score < goal:
                        missed.append(f"{name} {form_factor} {category} {score} < {goal}")
    print(f"(SEO is not a goal for {', '.join(sorted(NOINDEX))}: noindex by design)")
    print("All goals met" if not missed else "Missed:\n  " + "\n  ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
