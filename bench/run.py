"""The benchmark: import speed, search latency, throughput, queries per page, query plans.

    python -m bench.run --scale 10000            # what `make bench-smoke` runs (< 1 minute)
    python -m bench.run --scale 500000           # one scale per command (README "Performance")
    python -m bench.run --scale 500000 --reuse   # keep the imported database, measure again
    python -m bench.run --scale 10000 --tuned    # also on a private cluster with the
                                                 # production settings, side by side

Everything runs against a private PostgreSQL database (`mmn_bench`, recreated unless
--reuse finds it already holding this scale) with production settings (DEBUG off).
Figures go to stdout and to bench/results/<timestamp>-<scale>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time

from bench import copy_rate, harness, summary
from bench.generate import generate

RESULTS_DIR = harness.ROOT / "bench" / "results"
TUNED_CONF = harness.ROOT / "deploy" / "postgresql" / "portal.conf"
TUNED_DATA = harness.ROOT / "bench" / "data" / "postgres-tuned"
DB_NAME = os.environ.get("BENCH_DB_NAME", "mmn_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
WORKERS = 2 * (os.cpu_count() or 1)

# The fixed search mix. Words occur in the generated records at every scale.
TEXT = ["cancer", "diabetes", "arthroplasty", "depression", "melanoma", "crohn disease",
        "dermatitis", "alcohol", "sarcoma", "prostate"]
MISSPELLED = ["diabetis", "melanomma", "arthroplasti", "depresion", "dermatitus", "sarcomma"]
SYNONYMS = ["MMN", "IVIg", "motor neurone disease", "CIDP", "ALS",
            "multifocal motor neuropathy immunoglobulin"]
# Everyday questions patients type into the site search (issue 21): the content search's p95.
QUESTIONS = ["mmn treatment", "ivig side effects", "weak hands", "can mmn be cured",
             "will steroids help my mmn", "immunoglobulin under the skin at home",
             "difference between cidp and mmn", "lou gehrigs disease",
             "multifocal motor neurapathy", "is mmn the same as als", "what is conduction block",
             "does mmn cause numbness", "nerve conduction study", "how is mmn diagnosed",
             "scig at home", "anti-GM1", "wrist drop OR foot drop"]
# The same kind of questions in Spanish, searched in the Spanish index (issue 25).
QUESTIONS_ES = ["tratamiento de la nmm", "efectos secundarios de la igiv", "manos débiles",
                "¿se cura la nmm?", "¿los esteroides ayudan en la nmm?",
                "inmunoglobulina bajo la piel en casa", "diferencia entre pdic y nmm",
                "enfermedad de lou gehrig", "neuropatia motora multifocla",
                "¿la nmm es lo mismo que la ela?", "¿qué es el bloqueo de conducción?",
                "estudio de conducción nerviosa", "igsc en casa", "anti-GM1",
                "caída de la muñeca OR pie caído"]
FILTERS = ["&status=RECRUITING", "&phase=PHASE2&phase=PHASE3", "&country=United+States",
           "&status=any&type=INTERVENTIONAL", "&age=45&sex=female&eligible=1"]


def production_env(db_url: str, **extra: str) -> dict[str, str]:
    env = harness.app_env(db_url)
    env.update(
        DJANGO_DEBUG="0", SECRET_KEY="bench-" + "x" * 60, ALLOWED_HOSTS="127.0.0.1,testserver",
        DJANGO_SECURE_SSL_REDIRECT="0", BENCH_ENDPOINTS="1", DJANGO_LOG_LEVEL="ERROR",
        **extra,
    )
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def say(text: str) -> None:
    print(text, flush=True)


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load (other work on a shared machine moves every
    figure): printed beside each measurement."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    if len(samples_ms) < 2:
        value = round(samples_ms[0], 1) if samples_ms else 0.0
        return {"p50": value, "p95": value, "p99": value, "n": len(samples_ms)}
    q = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {"p50": round(q[49], 1), "p95": round(q[94], 1), "p99": round(q[98], 1),
            "n": len(samples_ms)}


# ---------------------------------------------------------------- database and import


def trial_count(db_url: str) -> int:
    import psycopg2

    try:
        conn = psycopg2.connect(db_url)
    except psycopg2.OperationalError:
        return -1
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM trials_trial")
            return cursor.fetchone()[0]
    except psycopg2.Error:
        return -1
    finally:
        conn.close()


def run_measured(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run a command; return wall seconds, its own peak RSS in MB, and its output."""
    with tempfile.TemporaryFile(mode="w+") as out:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=harness.ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{output[-3000:]}")
    return seconds, usage.ru_maxrss // 1024, output


def prepare(scale: int, seed: int, reuse: bool) -> tuple[str, dict]:
    db_url = harness.database_url(DB_NAME)
    env = production_env(db_url)
    if reuse and trial_count(db_url) >= scale:
        say(f"Reusing database {DB_NAME} ({trial_count(db_url):,} trials): import not measured")
        harness.manage(env, "migrate", "--noinput")  # the schema the code expects
        return db_url, {}
    started = time.perf_counter()
    data = generate(scale, seed=seed, quiet=True)
    say(f"Generated {scale:,} studies in {data} ({time.perf_counter() - started:.1f} s)")
    harness.recreate_database(DB_NAME)
    harness.manage(env, "migrate", "--noinput")
    harness.manage(env, "load_site_data")
    seconds, rss, output = run_measured(
        [sys.executable, "manage.py", "import_trials", str(data), "--progress-every",
         "100000", "--workers", str(os.cpu_count() or 1)], env,
    )
    count = trial_count(db_url)
    result = {"studies": count, "seconds": round(seconds, 1),
              "studies_per_second": round(count / seconds), "peak_rss_mb": rss}
    say(f"Import: {count:,} studies in {seconds:.1f} s = {count / seconds:,.0f} studies/s, "
        f"peak RSS {rss} MB (load {load_average()})")
    with harness_psql(db_url) as cursor:
        cursor.execute("VACUUM ANALYZE")
    return db_url, result


def measure_copy(db_url: str, imported: dict) -> dict:
    """The bare COPY rate of the same rows (bench/copy_rate.py) and the import's share."""
    import psycopg2

    result = copy_rate.measure(lambda: psycopg2.connect(db_url), os.cpu_count() or 1)
    say(f"Bare COPY of {result['studies']:,} imported studies with their sites and contacts, "
        f"{result['streams']} streams: {result['studies_per_second']:,} studies/s "
        f"(load {load_average()})")
    if imported:
        result["import_ratio"] = round(imported["studies_per_second"]
                                       / result["studies_per_second"], 2)
        say(f"Import ÷ COPY: {result['import_ratio']:.2f} (goal ≥ 0.5), importer peak RSS "
            f"{imported['peak_rss_mb']} MB (goal < 300)")
    return result


REIMPORT_FILES = 20  # 20,000 studies: enough for a steady rate, small enough at any scale


def measure_reimport(db_url: str, scale: int, seed: int) -> dict:
    """Import already-imported, unchanged files again: every study should be skipped fast."""
    data = generate(scale, seed=seed, quiet=True)
    files = [str(path) for path in sorted(data.glob("page-*.json"))[:REIMPORT_FILES]]
    studies = min(len(files) * 1000, scale)  # the generator writes 1,000 studies a file
    seconds, rss, _ = run_measured([sys.executable, "manage.py", "import_trials", *files,
                                    "--workers", str(os.cpu_count() or 1)],
                                   production_env(db_url))
    result = {"studies": studies, "seconds": round(seconds, 1),
              "studies_per_second": round(studies / seconds), "peak_rss_mb": rss}
    say(f"Re-import of {studies:,} unchanged studies: {seconds:.1f} s = "
        f"{studies / seconds:,.0f} studies/s")
    return result


class harness_psql:  # noqa: N801 - used as a context manager, reads like a function
    def __init__(self, db_url: str):
        self.db_url = db_url

    def __enter__(self):
        import psycopg2

        self.conn = psycopg2.connect(self.db_url)
        self.conn.autocommit = True
        return self.conn.cursor()

    def __exit__(self, *exc):
        self.conn.close()


# ---------------------------------------------------------------- in-process measurements


def setup_django(db_url: str) -> None:
    os.environ.update(production_env(db_url, PAGE_CACHE_SECONDS="0"))
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mmn_portal.settings")
    sys.path.insert(0, str(harness.ROOT))
    import django

    django.setup()


def search_mix(rng: random.Random, places: list[str], nct_ids: list[str]) -> dict[str, list]:
    from urllib.parse import quote_plus

    def q(words: list[str]) -> str:
        return quote_plus(rng.choice(words))

    n = 30
    return {
        "text only": [f"/trials/?q={q(TEXT)}&status=any" for _ in range(n)],
        "text + filters": [f"/trials/?q={q(TEXT)}{rng.choice(FILTERS)}" for _ in range(n)],
        "misspelled": [f"/trials/?q={q(MISSPELLED)}&status=any" for _ in range(n)],
        "synonyms": [f"/trials/?q={q(SYNONYMS)}&status=any" for _ in range(n)],
        "distance sort": [
            f"/trials/?q={q(TEXT)}&near={quote_plus(rng.choice(places))}&sort=distance"
            for _ in range(n)
        ],
        "deep pages": [f"/trials/?q={q(TEXT)}&status=any&page={rng.randint(20, 50)}"
                       for _ in range(n // 2)]
        + [f"/trials/?status=any&page={rng.randint(20, 50)}" for _ in range(n // 2)],
        "detail": [f"/trials/{rng.choice(nct_ids)}/" for _ in range(n)],
    }


def measure_latency(mix: dict[str, list[str]]) -> dict:
    from django.test import Client

    client = Client()
    for urls in mix.values():  # warm connections, caches of the database server
        client.get(urls[0])
    results = {}
    searches: list[float] = []
    for name, urls in mix.items():
        samples = []
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        results[name] = percentiles(samples)
        if name != "detail":
            searches += samples
    results["all searches"] = percentiles(searches)
    return results


def measure_content_search(rounds: int = 5) -> dict:
    """The site search over the content (conditions/search.py, spelling help included) for
    each question, and the whole /search/ page, which adds the trials group."""
    from django.test import Client

    from conditions.search import search_content
    from trials.search.spelling import parse_query

    client = Client()
    for question in QUESTIONS:  # warm connections and the server's caches
        search_content(parse_query(question))
        client.get("/search/", {"q": question})
    content, pages = [], []
    for _ in range(rounds):
        for question in QUESTIONS:
            started = time.perf_counter()
            search_content(parse_query(question))
            content.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response = client.get("/search/", {"q": question})
            pages.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"/search/?q={question} answered {response.status_code}")
    spanish = []
    for _ in range(rounds):
        for question in QUESTIONS_ES:
            started = time.perf_counter()
            search_content(parse_query(question, "es"))
            spanish.append((time.perf_counter() - started) * 1000)
    return {"content search": percentiles(content), "content search (es)": percentiles(spanish),
            "site search page": percentiles(pages)}


def public_pages(nct_id: str, place: str) -> dict[str, str]:
    from urllib.parse import quote_plus

    return {
        "home": "/",
        "article (MMN)": "/conditions/multifocal-motor-neuropathy/",
        "comparison": "/compare/",
        "glossary": "/glossary/",
        "site search": "/search/?q=ivig",
        "trial search (text)": "/trials/?q=cancer",
        "trial search (page 40)": "/trials/?q=cancer&status=any&page=40",
        "trial search (near, distance)": f"/trials/?q=cancer&near={quote_plus(place)}"
                                         "&sort=distance",
        "trial detail": f"/trials/{nct_id}/",
    }


def comparison_path() -> str:
    from conditions.models import Comparison

    comparison = Comparison.objects.published().first()
    return comparison.get_absolute_url() if comparison else "/compare/"


def measure_queries(pages: dict[str, str]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for name, url in pages.items():
        client.get(url)  # the first visit fills process caches (countries list)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        counts[name] = len(queries)
    return counts


def explain(urls: dict[str, str]) -> dict[str, str]:
    """EXPLAIN ANALYZE of the slowest SQL statement behind each search."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from common.content_version import bump_content_version

    client = Client()
    plans = {}
    for name, url in urls.items():
        client.get(url)  # lists the form needs (countries) come from the cache, then
        bump_content_version()  # the page's ids do not: the plan of the search itself
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        statements = [q for q in queries.captured_queries
                      if q["sql"].startswith(("SELECT", "WITH"))]
        slowest = max(statements, key=lambda q: float(q["time"]))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            plans[name] = "\n".join(row[0] for row in cursor.fetchall())
    return plans


def plan_mix(place: str) -> dict[str, str]:
    """One URL per kind of search the form offers (text, each filter, their mixes)."""
    from urllib.parse import quote_plus

    near = quote_plus(place)
    return {
        "text only": "/trials/?q=cancer&status=any",
        "text + status + country": "/trials/?q=cancer&status=RECRUITING&country=United+States",
        "text + phase + type": "/trials/?q=cancer&status=any&phase=PHASE2&type=INTERVENTIONAL",
        # Words in about 5-10 % of trials: too rare to stop a listing walk early, too common
        # for their matches to be few.
        "rarer text + phases": "/trials/?q=melanoma&phase=PHASE2&phase=PHASE3",
        "rarer text + type, any status": "/trials/?q=depression&status=any&type=INTERVENTIONAL",
        "text + age + sex": "/trials/?q=cancer&age=45&sex=female",
        "status + country": "/trials/?status=RECRUITING&country=United+States",
        "country only (any status)": "/trials/?status=any&country=United+States",
        "synonyms": "/trials/?q=MMN&status=any",
        "misspelled": "/trials/?q=diabetis&status=any",
        "distance sort": f"/trials/?q=cancer&near={near}&sort=distance",
        "near, no text": f"/trials/?near={near}&sort=distance",
        "updated sort": "/trials/?status=any&sort=updated",
        "deep page": "/trials/?status=any&page=50",
    }


# ---------------------------------------------------------------- throughput


WRK_SEARCH_LUA = """
local words = {%s}
local n = 0
request = function()
  n = n + 1
  local word = words[math.random(#words)]
  return wrk.format("GET", "/trials/?q=" .. word .. "&bench=" .. n .. "-" .. math.random(1e9))
end
"""


def wrk(url: str, seconds: int, script: str | None = None) -> float:
    args = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency"]
    if script:
        args += ["-s", script]
    output = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise SystemExit(f"wrk {url}: {non_2xx.group(1)} error responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def measure_throughput(db_url: str, pages: dict[str, str], seconds: int) -> dict:
    import shutil

    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk (make bench does this)")
    env = production_env(db_url, REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=f"bench-{time.time_ns()}",
                         PAGE_CACHE_SECONDS="600")
    words = ",".join(f'"{w}"' for w in ["cancer", "diabetes", "melanoma", "depression",
                                         "sarcoma", "alcohol", "MMN", "IVIg"])
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SEARCH_LUA % words)
    results = {}
    try:
        with harness.gunicorn(env, workers=WORKERS) as base:
            for path in pages.values():  # fill the page cache
                harness.get(base + path)
            runs = [("trivial view (/ok)", base + "/ok", None)]
            runs += [(f"{name} (cached)", base + path, None) for name, path in pages.items()]
            runs.append(("trial search (uncached, a new URL every request)", base + "/trials/",
                         script.name))
            for name, url, lua in runs:
                results[name] = wrk(url, seconds, lua)
    finally:
        os.unlink(script.name)
    ceiling = results["trivial view (/ok)"]
    return {name: {"requests_per_second": round(rps), "ratio": round(rps / ceiling, 2)}
            for name, rps in results.items()}


# ---------------------------------------------------------------- report


def machine() -> str:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory_gb:.0f} GB RAM, {platform.system()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--scale", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database if it already holds this many trials")
    parser.add_argument("--wrk-seconds", type=int, default=None)
    parser.add_argument("--tuned", action="store_true",
                        help="then run again on a private PostgreSQL cluster with "
                             "deploy/postgresql/portal.conf and compare")
    parser.add_argument("--label", default="stock PostgreSQL", help=argparse.SUPPRESS)
    options = parser.parse_args()
    wrk_seconds = options.wrk_seconds or (3 if options.scale <= 10_000 else 10)
    started = time.perf_counter()
    report: dict = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "machine": machine(), "scale": options.scale, "seed": options.seed,
                    "gunicorn_workers": WORKERS, "label": options.label}
    say(f"== Benchmark at {options.scale:,} trials on PostgreSQL ({report['machine']})")
    db_url, report["import"] = prepare(options.scale, options.seed, options.reuse)
    report["copy"] = measure_copy(db_url, report["import"])
    report["reimport"] = measure_reimport(db_url, options.scale, options.seed)
    harness.manage(production_env(db_url), "collectstatic", "--noinput")

    setup_django(db_url)
    from trials.models import Place, Trial

    rng = random.Random(options.seed)
    nct_ids = list(Trial.objects.order_by("?").values_list("nct_id", flat=True)[:200])
    places = [p.label for p in Place.objects.order_by("-pk")[:50]] or ["Boston, United States"]
    pages = public_pages(nct_ids[0], places[0])
    pages["comparison"] = comparison_path()

    report["load_average"] = load_average()
    report["search_latency_ms"] = measure_latency(search_mix(rng, places, nct_ids))
    say(f"Search latency, server side (ms; load {report['load_average']}):")
    for name, figures in report["search_latency_ms"].items():
        say(f"  {name:<16} p50 {figures['p50']:>6}  p95 {figures['p95']:>6}  "
            f"p99 {figures['p99']:>6}  (n={figures['n']})")

    report["content_search_ms"] = measure_content_search()
    say(f"Content search over {len(QUESTIONS)} patient questions (ms; load {load_average()}):")
    for name, figures in report["content_search_ms"].items():
        say(f"  {name:<18} p50 {figures['p50']:>6}  p95 {figures['p95']:>6}  "
            f"p99 {figures['p99']:>6}  (n={figures['n']})")

    report["queries_per_page"] = measure_queries(pages)
    say("Queries per page:")
    for name, count in report["queries_per_page"].items():
        say(f"  {name:<32} {count}")

    throughput_pages = {k: pages[k] for k in ("article (MMN)", "comparison", "trial detail",
                                              "trial search (text)")}
    report["throughput"] = measure_throughput(db_url, throughput_pages, wrk_seconds)
    say(f"Throughput, gunicorn {WORKERS} workers, wrk 2 threads 16 connections {wrk_seconds} s:")
    for name, figures in report["throughput"].items():
        say(f"  {name:<52} {figures['requests_per_second']:>6} req/s  "
            f"{figures['ratio']:.2f} x trivial")

    report["explain"] = explain(plan_mix(places[0]))
    report["plan_ms"] = {}
    say("Query plans (EXPLAIN ANALYZE, slowest statement of each search; full text in JSON; "
        f"load {load_average()}):")
    for name, plan in report["explain"].items():
        timing = re.findall(r"Execution Time: ([\d.]+) ms", plan)
        uses = sorted(set(re.findall(r"Index (?:Only )?Scan (?:Backward )?(?:using|on) (\w+)",
                                     plan)))
        if timing:
            report["plan_ms"][name] = float(timing[0])
        say(f"  {name:<28} {timing[0] if timing else '?':>8} ms, "
            f"indexes: {', '.join(uses) or '-'}")
    if report["plan_ms"]:
        worst = max(report["plan_ms"], key=report["plan_ms"].get)
        say(f"  worst plan: {worst} ({report['plan_ms'][worst]} ms)")

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    path = RESULTS_DIR / f"{stamp}-{options.scale}.json"
    path.write_text(json.dumps(report, indent=2))
    say(f"Results: {path.relative_to(harness.ROOT)} ({time.perf_counter() - started:.0f} s)")
    if options.tuned:
        run_tuned(options)
    if options.label == "stock PostgreSQL":
        say(summary.render(summary.latest_reports(RESULTS_DIR)))
    return 0


def run_tuned(options: argparse.Namespace) -> None:
    """The same benchmark in a new process (Django is set up once per process) against a
    private cluster started with the production settings file."""
    say(f"== Again on a private PostgreSQL cluster with {TUNED_CONF.relative_to(harness.ROOT)}")
    with harness.private_postgres(TUNED_CONF, TUNED_DATA) as admin_url:
        args = [sys.executable, "-m", "bench.run", "--scale", str(options.scale), "--seed",
                str(options.seed), "--label", "tuned PostgreSQL"]
        if options.reuse:
            args.append("--reuse")
        if options.wrk_seconds:
            args += ["--wrk-seconds", str(options.wrk_seconds)]
        subprocess.run(args, cwd=harness.ROOT, check=True,
                       env={**os.environ, "BENCH_POSTGRES_ADMIN_URL": admin_url})


if __name__ == "__main__":
    sys.exit(main())
