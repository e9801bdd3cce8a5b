"""`make bench`, second part: the site behind nginx (deploy/nginx.conf), against nginx's own
ceiling (a static file of the page's compressed size); bytes on the wire as served; a
revalidation's answer and queries; how soon an edit shows through nginx."""

import time
import urllib.request

from scripts.edge import Edge
from scripts.tempsite import BASE_DIR, free_port

EDGE_SHARE = 0.8
WIRE_KB = 30
DIRECTORY_HTML_KB = 8
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def as_served(url):
    """The body's bytes on the wire and the answer's headers, as a browser asks."""
    request = urllib.request.Request(url, headers=BROWSER)
    with urllib.request.urlopen(request, timeout=30) as response:
        return len(response.read()), response.headers


def revalidation(path):
    """A request with the page's current ETag, in process: its status and queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    etag = client.get(path)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers={"if-none-match": etag})
    return response.status_code, len(queries)


def edit_seconds(site, edge_url):
    """From an edit's commit to the first visitor who sees it through nginx."""
    url = f"{edge_url}/fr/partenaires/ville-de-barcelone/"
    urllib.request.urlopen(url).read()
    name = f"Barcelone {time.time_ns()}"
    site.run_python(
        "import django; django.setup(); from partners.models import Partner; "
        f"p = Partner.objects.get(content_key='ville-de-barcelone'); p.name_fr = {name!r}; "
        "p.save()"
    )
    saved = time.monotonic()
    while name not in urllib.request.urlopen(url).read().decode():
        if time.monotonic() - saved > 30:
            return float("inf")
        time.sleep(0.02)
    return time.monotonic() - saved


def measure_edge(site, paths, figures, against_ceiling):
    static = BASE_DIR / "staticfiles"
    css = next((static / "css").glob("site.*.css.gz"))
    world = next((static / "img").glob("world-land.*.svg.gz"))
    with Edge(site.port, free_port(), site.env["MEDIA_ROOT"]) as edge:
        ceiling_dir = static / "bench-edge"
        ceiling_dir.mkdir(exist_ok=True)
        try:
            for kind, _language, path in paths:
                size, headers = as_served(edge.url + path)
                (ceiling_dir / f"{size}.bin").write_bytes(b"x" * size)
                wire = (
                    size + css.stat().st_size + (world.stat().st_size if kind == "directory" else 0)
                )
                page, ceiling = against_ceiling(
                    edge.url + path, f"{edge.url}/static/bench-edge/{size}.bin", BROWSER
                )
                figures[path]["edge"] = {
                    "wrk": page,
                    "ceiling": ceiling,
                    "html": size,
                    "encoding": headers.get("Content-Encoding", "none"),
                    "wire": wire,
                    "revalidation": revalidation(path),
                }
            edited = [edit_seconds(site, edge.url) for _ in range(3)]
        finally:
            for file in ceiling_dir.iterdir():
                file.unlink()
            ceiling_dir.rmdir()
    return edited


def print_edge(paths, figures, edited):
    print()
    print("Behind nginx (`make edge`), as a browser asks (brotli):")
    print()
    print(
        "| Page | Lang | req/s | p50 ms | nginx ceiling req/s | page/ceiling | HTML bytes "
        "| encoding | first visit KB | revalidation |"
    )
    print("|" + " --- |" * 10)
    for kind, language, path in paths:
        e = figures[path]["edge"]
        w, c = e["wrk"], e["ceiling"]
        status, queries = e["revalidation"]
        print(
            f"| {kind} | {language} | {w['rps']:.0f} | {w['p50']:.2f} | {c['rps']:.0f} "
            f"| {w['rps'] / c['rps']:.2f} | {e['html']} | {e['encoding']} "
            f"| {e['wire'] / 1024:.1f} | {status}, {queries} queries |"
        )
    print()
    print("An edit seen through nginx after " + ", ".join(f"{s:.2f}" for s in edited) + " s.")
    budgets = {
        f"behind nginx: ≥ {EDGE_SHARE} of nginx's ceiling": lambda e, kind: (
            e["wrk"]["rps"] / e["ceiling"]["rps"] >= EDGE_SHARE
        ),
        f"first visit ≤ {WIRE_KB} KB on the wire, the directory's HTML ≤ "
        f"{DIRECTORY_HTML_KB} KB": lambda e, kind: (
            e["wire"] <= WIRE_KB * 1024
            and (kind != "directory" or e["html"] <= DIRECTORY_HTML_KB * 1024)
        ),
        "revalidation: 304, 0 queries": lambda e, kind: e["revalidation"] == (304, 0),
    }
    missed_any = False
    for budget, met in budgets.items():
        missed = [f"{k} {lang}" for k, lang, path in paths if not met(figures[path]["edge"], k)]
        missed_any |= bool(missed)
        print(f"- {budget}: " + (f"MISSED by {', '.join(missed)}" if missed else "met"))
    slow = max(edited) > 1
    print(f"- an edit seen within 1 s through nginx: {'MISSED' if slow else 'met'}")
    return missed_any or slow
