"""`make bench`: the site's speed on a large data set, page by page, against its ceiling.

1. A separate database (a temporary SQLite file, or BENCH_DATABASE_URL's PostgreSQL database:
   it is emptied and filled, so never name a database you keep) gets the shipped content plus
   1,000 partners and 5,000 initiatives with objectives, axes and themes, in both languages.
2. In this process, with Django's test client: the database queries of each page, with the
   page cache on (second request) and off, and its server time with the cache off (p50 of N),
   as is and right after an edit (the content version replaced before each request).
3. gunicorn (2 workers, loopback) serves it; wrk drives each page, cache on, and a static HTML
   file of the same size served by the same stack (WhiteNoise), the ceiling, in turns: ROUNDS
   rounds of DURATION / ROUNDS seconds each, CONNECTIONS connections. Then the same behind
   nginx (scripts/bench_edge.py), against nginx's ceiling.
4. A fifth more partners and initiatives, and each page's queries again; then whether each
   page met the budgets (exit status 1 if one did not).

Environment: BENCH_DURATION (10), BENCH_CONNECTIONS (20), BENCH_PARTNERS (1000),
BENCH_INITIATIVES (5000), BENCH_SAMPLES (20).
"""

import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.bench_edge import measure_edge, print_edge  # noqa: E402
from scripts.benchdata import generate  # noqa: E402
from scripts.tempsite import BASE_DIR, TempSite  # noqa: E402

DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "20"))
PARTNERS = int(os.environ.get("BENCH_PARTNERS", "1000"))
INITIATIVES = int(os.environ.get("BENCH_INITIATIVES", "5000"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "20"))
ROUNDS = 5
CACHED_SHARE = 0.85
UNCACHED_MS = 40


def pages():
    from django.urls import reverse
    from django.utils import translation

    from initiatives.comparison import comparison_query
    from initiatives.models import Initiative, Theme
    from partners.models import Partner

    partner = Partner.objects.get(content_key="ville-de-montreal")
    initiative = Initiative.objects.get(content_key__isnull=False)
    themes = list(Theme.objects.order_by("pk")[:2])
    others = list(Initiative.objects.published().exclude(pk=initiative.pk).order_by("pk")[:3])
    result = []
    for language in ("fr", "en"):
        with translation.override(language):
            listing = reverse("initiatives:list")
            word = "logement" if language == "fr" else "housing"
            result += [
                ("home", language, reverse("home")),
                ("directory", language, reverse("partners:directory")),
                ("partner", language, partner.get_absolute_url()),
                ("initiatives", language, listing),
                ("filtered", language, f"{listing}?theme={themes[0].slug}&level=municipal"),
                (
                    "multi-valued",
                    language,
                    f"{listing}?theme={themes[0].slug}&theme={themes[-1].slug}"
                    "&level=municipal&level=regional&sort=title",
                ),
                ("search", language, f"{listing}?q={word}"),
                # A number found in one title only: a search that finds few initiatives.
                ("search-rare", language, f"{listing}?q=4242"),
                ("initiative", language, initiative.get_absolute_url()),
                (
                    "comparison",
                    language,
                    f"{reverse('initiatives:compare')}?" + comparison_query([initiative, *others]),
                ),
            ]
    return result


def median_ms(request, samples=SAMPLES, before=None):
    timings = []
    for _ in range(samples):
        if before:
            before()
        start = time.perf_counter()
        request()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def query_count(path):
    """The queries of ``path`` with the page cache off, its first request's aside."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(PAGE_CACHE_SECONDS=0):
        client = Client()
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
    return len(queries)


def measure_in_process(paths):
    """Per page: queries (cache on: second request; cache off), and the server's time with
    the page cache off (p50 of SAMPLES), as is and as the first request after an edit."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.cache import forget_cached_pages

    figures = {}
    cached = Client()
    settings.PAGE_CACHE_SECONDS = 0
    uncached = Client()
    for _kind, _language, path in paths:
        response = uncached.get(path)
        assert response.status_code == 200, (path, response.status_code)
        html = response.content
        figures[path] = {
            "queries": query_count(path),
            "uncached_p50_ms": median_ms(lambda path=path: uncached.get(path)),
            "after_edit_p50_ms": median_ms(
                lambda path=path: uncached.get(path), before=forget_cached_pages
            ),
            "bytes": len(html),
        }
    settings.PAGE_CACHE_SECONDS = 3600
    for _kind, _language, path in paths:
        cached.get(path)
        with CaptureQueriesContext(connection) as queries:
            cached.get(path)
        figures[path]["cached_queries"] = len(queries)
    return figures


def wrk(url, headers=None, seconds=DURATION):
    asked = [f"-H{name}: {value}" for name, value in (headers or {}).items()]
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", *asked, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\b", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "non2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def against_ceiling(url, ceiling_url, headers=None):
    """The page and its ceiling in turns, so that the machine's ups and downs (a third from
    one run to the next here) fall on both: the round whose share of the ceiling is the median."""
    seconds = max(1, round(DURATION / ROUNDS))
    rounds = [
        (wrk(url, headers, seconds), wrk(ceiling_url, headers, seconds)) for _ in range(ROUNDS)
    ]
    rounds.sort(key=lambda pair: pair[0]["rps"] / pair[1]["rps"])
    return rounds[ROUNDS // 2]


def main():
    rng = random.Random(2026)
    database_url = os.environ.get("BENCH_DATABASE_URL")
    with TempSite(database_url=database_url) as site:
        os.environ.update(site.env)
        if database_url:
            site.manage("flush", "--noinput")
        print("Preparing the database…", file=sys.stderr)
        site.prepare()
        import django

        django.setup()
        paths = pages()
        small = {path: f["queries"] for path, f in measure_in_process(paths).items()}
        print(f"Generating {PARTNERS} partners and {INITIATIVES} initiatives…", file=sys.stderr)
        started = time.monotonic()
        generate(rng, PARTNERS, INITIATIVES)
        print(f"  done in {time.monotonic() - started:.0f} s", file=sys.stderr)
        from django.db import connections

        paths = pages()
        figures = measure_in_process(paths)
        connections.close_all()

        ceiling_dir = BASE_DIR / "staticfiles" / "bench"
        ceiling_dir.mkdir(parents=True, exist_ok=True)
        for _kind, _language, path in paths:
            size = figures[path]["bytes"]
            (ceiling_dir / f"{size}.html").write_bytes(b"<!doctype html>" + b"x" * (size - 15))
        try:
            site.start()
            for _kind, _language, path in paths:
                print(f"wrk {path}…", file=sys.stderr)
                size = figures[path]["bytes"]
                figures[path]["wrk"], figures[path]["ceiling"] = against_ceiling(
                    site.url + path, f"{site.url}/static/bench/{size}.html"
                )
            print("Behind nginx…", file=sys.stderr)
            edited = measure_edge(site, paths, figures, against_ceiling)
        finally:
            site.stop()
            shutil.rmtree(ceiling_dir, ignore_errors=True)
        # A fifth more of everything: the same number of queries on every page.
        generate(rng, PARTNERS // 5, INITIATIVES // 5, first=max(PARTNERS, INITIATIVES))
        grown = {path: query_count(path) for _kind, _language, path in paths}

    print()
    print(
        f"{PARTNERS} partners, {INITIATIVES} initiatives; wrk {DURATION} s a page and as long "
        f"its ceiling, in {ROUNDS} turns (the median round), {CONNECTIONS} connections, "
        f"gunicorn 2 workers; uncached: p50 of {SAMPLES} in-process requests, "
        "with the page cache off (after an edit: the content version replaced before each)."
    )
    print()
    header = (
        "| Page | Lang | req/s | p50 ms | p99 ms | non-2xx | ceiling req/s | page/ceiling "
        "| queries (shipped → large) | cached queries | uncached p50 ms "
        "| after an edit p50 ms | HTML KB |"
    )
    print(header)
    print("|" + " --- |" * 13)
    for kind, language, path in paths:
        f = figures[path]
        w, c = f["wrk"], f["ceiling"]
        print(
            f"| {kind} | {language} | {w['rps']:.0f} | {w['p50']:.2f} | {w['p99']:.2f} "
            f"| {w['non2xx']} | {c['rps']:.0f} | {w['rps'] / c['rps']:.2f} "
            f"| {small.get(path, '–')} → {f['queries']} | {f['cached_queries']} "
            f"| {f['uncached_p50_ms']:.1f} | {f['after_edit_p50_ms']:.1f} "
            f"| {f['bytes'] / 1024:.0f} |"
        )
    missed = print_budgets(paths, figures, grown)
    missed |= print_edge(paths, figures, edited)
    return 1 if missed else 0


def print_budgets(paths, figures, grown):
    """The budgets each page must meet; the names of those that miss one. Exit status 1 if any."""
    budgets = {
        f"cached: ≥ {CACHED_SHARE} of the static ceiling, 0 queries": lambda f, path: (
            f["wrk"]["rps"] / f["ceiling"]["rps"] >= CACHED_SHARE and f["cached_queries"] == 0
        ),
        f"uncached: p50 ≤ {UNCACHED_MS} ms, after an edit too": lambda f, path: (
            max(f["uncached_p50_ms"], f["after_edit_p50_ms"]) <= UNCACHED_MS
        ),
        "queries: as many with a fifth more partners and initiatives": lambda f, path: (
            grown[path] == f["queries"]
        ),
    }
    print()
    missed_any = False
    for budget, met in budgets.items():
        missed = [f"{kind} {lang}" for kind, lang, path in paths if not met(figures[path], path)]
        missed_any |= bool(missed)
        print(f"- {budget}: " + (f"MISSED by {', '.join(missed)}" if missed else "met"))
    return missed_any


if __name__ == "__main__":
    sys.exit(main())
