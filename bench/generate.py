"""Write ClinicalTrials.gov API v2-shaped studies at any scale, varied from the shipped samples.

    python -m bench.generate --count 100000 [--seed 1] [--per-file 1000] [--out bench/data/...]

Each file is a `{"studies": [...]}` page, as the API returns. Study i depends only on
(seed, i), so a run is reproducible and files can be regenerated one by one. Studies are
written one at a time, so memory stays flat whatever the count. NCT ids come from the
reserved range NCT90000000 and up, which the shipped samples (NCT00… to NCT06…) never use.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench.harness import ROOT

SAMPLE_DIR = ROOT / "trials" / "sample_data"
DATA_DIR = ROOT / "bench" / "data"
FIRST_ID = 90_000_000
MAX_COUNT = 9_999_999

# A fraction of studies are about the portal's own conditions, so synonym searches
# ("MMN", "ALS", "CIDP", "IVIg") find realistic numbers of results at every scale.
OWN_CONDITIONS = [
    ("Multifocal Motor Neuropathy", "MMN"),
    ("Amyotrophic Lateral Sclerosis", "ALS"),
    ("Motor Neuron Disease", "MND"),
    ("Chronic Inflammatory Demyelinating Polyneuropathy", "CIDP"),
    ("Guillain-Barre Syndrome", "GBS"),
    ("Myasthenia Gravis", "MG"),
]
OWN_TREATMENTS = [
    "Intravenous Immunoglobulin", "Subcutaneous Immunoglobulin", "Efgartigimod",
    "Rituximab", "Plasma Exchange", "Eculizumab", "Riluzole", "Placebo",
]
OWN_SHARE = 0.04
TITLE_OPENINGS = [
    "A Study of", "Safety and Efficacy of", "Long-term Follow-up of", "A Pilot Trial of",
    "Quality of Life in", "Biomarkers in", "Exercise Programme for", "Registry of",
    "Dose Finding Study of", "Open-label Extension of",
]
STATUS_WEIGHTS = {
    "COMPLETED": 40, "RECRUITING": 14, "UNKNOWN": 14, "NOT_YET_RECRUITING": 5,
    "ACTIVE_NOT_RECRUITING": 7, "TERMINATED": 8, "WITHDRAWN": 4, "ENROLLING_BY_INVITATION": 2,
    "SUSPENDED": 1,
}
PHASE_SETS = [["NA"], ["PHASE1"], ["PHASE2"], ["PHASE3"], ["PHASE4"], ["PHASE1", "PHASE2"],
              ["PHASE2", "PHASE3"], ["EARLY_PHASE1"]]
# Most studies have one site; a few have dozens (as in the registry).
SITE_COUNTS = [1] * 50 + [2] * 15 + [3] * 10 + [4, 5, 6, 8] * 4 + [10, 15, 20, 30, 40, 60]
# Kept in a share of studies only: results sections make records three times bigger.
RESULTS_SHARE = 0.1


def load_samples() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAMPLE_DIR.glob("*.json"))]


class Pools:
    """Everything the samples offer to mix: conditions, locations, contacts, titles."""

    def __init__(self, samples: list[dict]):
        self.samples = samples
        self.conditions: list[str] = []
        self.locations: list[dict] = []
        for study in samples:
            ps = study["protocolSection"]
            self.conditions += ps.get("conditionsModule", {}).get("conditions", [])
            for loc in ps.get("contactsLocationsModule", {}).get("locations", []):
                if "geoPoint" in loc and loc.get("city") and loc.get("country"):
                    self.locations.append({k: v for k, v in loc.items() if k != "contacts"})
        self.conditions = sorted(set(self.conditions))
        self.statuses = list(STATUS_WEIGHTS)
        self.status_weights = list(STATUS_WEIGHTS.values())


def _date(rng: random.Random, start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(days, 1)))


def make_study(pools: Pools, seed: int, index: int) -> dict:
    """Study number `index` of the run with this seed (independent of every other)."""
    rng = random.Random(seed * 10_000_019 + index)
    template = pools.samples[rng.randrange(len(pools.samples))]
    study = {k: v for k, v in template.items() if k in ("protocolSection", "derivedSection")}
    if "resultsSection" in template and rng.random() < RESULTS_SHARE:
        study["resultsSection"] = template["resultsSection"]
    study["hasResults"] = "resultsSection" in study
    ps = dict(template["protocolSection"])
    study["protocolSection"] = ps
    nct_id = f"NCT{FIRST_ID + index:08d}"

    ident = dict(ps["identificationModule"])
    ident["nctId"] = nct_id
    ident["orgStudyIdInfo"] = {"id": f"BENCH-{seed}-{index}"}
    conditions_module = dict(ps.get("conditionsModule", {}))
    own = rng.random() < OWN_SHARE
    if own:
        name, short = rng.choice(OWN_CONDITIONS)
        treatment = rng.choice(OWN_TREATMENTS)
        conditions = [name] + ([rng.choice(pools.conditions)] if rng.random() < 0.2 else [])
        ident["briefTitle"] = f"{rng.choice(TITLE_OPENINGS)} {treatment} in {name} ({short})"
        ident["officialTitle"] = (
            f"{ident['briefTitle']}: a {rng.choice(['randomised', 'open-label', 'observational'])}"
            f" study, cohort {index % 97}"
        )
        conditions_module["keywords"] = [short, treatment]
        arms = dict(ps.get("armsInterventionsModule", {}))
        arms["interventions"] = [{"type": "DRUG", "name": treatment}]
        ps["armsInterventionsModule"] = arms
    else:
        count = rng.choice([1, 1, 1, 2, 3])
        conditions = rng.sample(pools.conditions, count)
        ident["briefTitle"] = (
            f"{rng.choice(TITLE_OPENINGS)} {conditions[0]}: {template['protocolSection']['identificationModule']['briefTitle']}"  # noqa: E501
        )[:480]
    ident["acronym"] = f"B{index % 100000:05d}" if rng.random() < 0.3 else ""
    conditions_module["conditions"] = conditions
    ps["identificationModule"] = ident
    ps["conditionsModule"] = conditions_module

    status = rng.choices(pools.statuses, pools.status_weights)[0]
    start = _date(rng, dt.date(2000, 1, 1), 26 * 365)
    primary = start + dt.timedelta(days=rng.randrange(180, 2000))
    last = min(start + dt.timedelta(days=rng.randrange(30, 3000)), dt.date(2026, 1, 1))
    ps["statusModule"] = {
        "overallStatus": status,
        "startDateStruct": {"date": start.isoformat() if rng.random() < 0.7
                            else start.isoformat()[:7], "type": "ACTUAL"},
        "primaryCompletionDateStruct": {"date": primary.isoformat(), "type": "ESTIMATED"},
        "completionDateStruct": {"date": (primary + dt.timedelta(days=90)).isoformat(),
                                 "type": "ESTIMATED"},
        "lastUpdatePostDateStruct": {"date": last.isoformat(), "type": "ACTUAL"},
    }
    design = dict(ps.get("designModule", {}))
    if design.get("studyType") == "INTERVENTIONAL":
        design["phases"] = rng.choice(PHASE_SETS)
    ps["designModule"] = design
    eligibility = dict(ps.get("eligibilityModule", {}))
    low = rng.choice([None, 18, 18, 18, 12, 40])
    eligibility["minimumAge"] = f"{low} Years" if low is not None else None
    high = rng.choice([65, 75, 80, 99]) if rng.random() < 0.5 else None
    eligibility["maximumAge"] = f"{high} Years" if high is not None else None
    eligibility["sex"] = rng.choice(["ALL", "ALL", "ALL", "FEMALE", "MALE"])
    eligibility = {k: v for k, v in eligibility.items() if v is not None}
    ps["eligibilityModule"] = eligibility

    contacts = dict(ps.get("contactsLocationsModule", {}))
    sites = []
    for loc in rng.sample(pools.locations, min(rng.choice(SITE_COUNTS), len(pools.locations))):
        site = copy.copy(loc)
        lat = loc["geoPoint"]["lat"] + rng.uniform(-0.05, 0.05)
        lon = loc["geoPoint"]["lon"] + rng.uniform(-0.05, 0.05)
        site["geoPoint"] = {
            "lat": round(max(-90.0, min(90.0, lat)), 5),
            "lon": round(max(-180.0, min(180.0, lon)), 5),
        }
        site["status"] = "RECRUITING" if status == "RECRUITING" else rng.choice(
            ["COMPLETED", "ACTIVE_NOT_RECRUITING", "WITHDRAWN"]
        )
        sites.append(site)
    contacts["locations"] = sites
    ps["contactsLocationsModule"] = contacts

    derived = dict(study.get("derivedSection", {}))
    derived["miscInfoModule"] = {"versionHolder": last.isoformat()}
    study["derivedSection"] = derived
    return study


def iter_pages(count: int, per_file: int) -> Iterator[tuple[int, range]]:
    for page, start in enumerate(range(0, count, per_file), start=1):
        yield page, range(start, min(start + per_file, count))


def default_dir(count: int, seed: int) -> Path:
    return DATA_DIR / f"studies-{count}-seed{seed}"


def generate(count: int, *, seed: int = 1, per_file: int = 1000, out: Path | None = None,
             quiet: bool = False) -> Path:
    """Write the files (or reuse a complete earlier run with the same settings)."""
    if not 0 < count <= MAX_COUNT:
        raise SystemExit(f"--count must be between 1 and {MAX_COUNT}")
    out = out or default_dir(count, seed)
    marker = out / "COMPLETE"
    settings = {"count": count, "seed": seed, "per_file": per_file}
    if marker.exists() and json.loads(marker.read_text()) == settings:
        return out
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("page-*.json"):
        old.unlink()
    pools = Pools(load_samples())
    started = time.perf_counter()
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    for page, indexes in iter_pages(count, per_file):
        path = out / f"page-{page:05d}.json"
        with open(path, "w", encoding="utf-8") as stream:
            stream.write('{"studies":[')
            for n, index in enumerate(indexes):
                if n:
                    stream.write(",")
                stream.write(encoder.encode(make_study(pools, seed, index)))
            stream.write("]}")
        if not quiet and page % 50 == 0:
            done = indexes.stop
            print(f"  generated {done:,} studies ({done / (time.perf_counter() - started):,.0f}/s)",
                  file=sys.stderr)
    marker.write_text(json.dumps(settings))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-file", type=int, default=1000)
    parser.add_argument("--out", type=Path)
    options = parser.parse_args()
    started = time.perf_counter()
    out = generate(options.count, seed=options.seed, per_file=options.per_file, out=options.out)
    size = sum(p.stat().st_size for p in out.glob("page-*.json"))
    print(f"{options.count:,} studies in {out} ({size / 1e6:,.0f} MB, "
          f"{time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
