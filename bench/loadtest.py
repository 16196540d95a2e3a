"""Bounded load test: a fixed number of mixed requests from concurrent clients against
gunicorn on PostgreSQL, loopback only. Stops by itself and prints a summary.

    python -m bench.loadtest [--requests 10000] [--clients 20]
"""

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from bench.harness import app_env, get, gunicorn, manage, recreate_database

SEARCHES = [
    "/trials/", "/trials/?q=cancer", "/trials/?q=diabetis", "/trials/?status=COMPLETED",
    "/trials/?q=heart&sort=updated", "/trials/?age=30&sex=female", "/trials/?page=2",
    "/trials/?q=%00%27%22<script>", "/search/?q=ivig", "/search/?q=MMN",
    "/healthz", "/no-such-page/",
]


def public_urls(base: str) -> list[str]:
    status, body = get(base + "/sitemap.xml")
    if status != 200:
        raise SystemExit(f"sitemap.xml answered {status}")
    paths = [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>",
                                                                       body.decode())]
    return paths + SEARCHES


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-page-cache", action="store_true",
                        help="Every request renders the page (worst case).")
    options = parser.parse_args()

    extra = {"PAGE_CACHE_SECONDS": "0"} if options.no_page_cache else {}
    env = app_env(recreate_database("mmn_loadtest"), **extra)
    manage(env, "migrate", "--noinput")
    manage(env, "load_site_data")
    with gunicorn(env, workers=options.workers) as base:
        paths = public_urls(base)
        plan = random.Random(options.seed).choices(paths, k=options.requests)

        def fetch(path: str) -> tuple[str, int, float]:
            started = time.perf_counter()
            try:
                status, _ = get(base + path)
            except OSError:
                status = 0  # connection error
            return path, status, time.perf_counter() - started

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=options.clients) as pool:
            results = list(pool.map(fetch, plan))
        elapsed = time.perf_counter() - started

    statuses = Counter(status for _, status, _ in results)
    errors = [(path, status) for path, status, _ in results if status == 0 or status >= 500]
    latencies = sorted(seconds * 1000 for _, _, seconds in results)
    summary = {
        "requests": len(results),
        "clients": options.clients,
        "page_cache": not options.no_page_cache,
        "distinct_urls": len(set(paths)),
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(results) / elapsed, 1),
        "statuses": dict(sorted(statuses.items())),
        "errors": len(errors),
        "latency_ms": {
            "p50": round(statistics.quantiles(latencies, n=100)[49], 1),
            "p95": round(statistics.quantiles(latencies, n=100)[94], 1),
            "p99": round(statistics.quantiles(latencies, n=100)[98], 1),
        },
    }
    print(json.dumps(summary, indent=2))
    for path, status in errors[:20]:
        print(f"error: {status} {path}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
