"""`make audit`: accessibility, HTML validity and Lighthouse scores of every kind of page, in
both languages, against a temporary copy of the site (shipped content, DEBUG off, gunicorn).

Needs Node.js 20+ and `npm ci` (Lighthouse 12.8.2, axe-core, html-validate; see package.json)
and Debian's chromium (CHROME_PATH, /usr/bin/chromium by default). Prints one table; exits 1
when a page misses a target: no axe violation, no HTML error, Lighthouse accessibility,
best practices and SEO 100, performance (mobile) 95 or more.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.tempsite import BASE_DIR, TempSite  # noqa: E402

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
    "--disable-background-networking --disable-component-update --disable-sync --no-first-run"
)
NODE_BIN = BASE_DIR / "node_modules" / ".bin"
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Conformance to the HTML standard plus the accessibility rules; "recommended" adds source
# formatting rules (upper-case DOCTYPE, trailing spaces) that say nothing of the page.
HTML_VALIDATE_CONFIG = {"extends": ["html-validate:standard", "html-validate:a11y"]}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
NOT_INDEXED = {"filtered", "multi-valued", "comparison"}


def page_paths(url):
    """One page of each kind per language, read from the sitemap."""
    sitemap = urllib.request.urlopen(url + "/sitemap.xml").read().decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    paths = []
    for language, partners, initiatives in (
        ("fr", "/fr/partenaires/", "/fr/initiatives/"),
        ("en", "/en/partners/", "/en/initiatives/"),
    ):
        mine = [loc.removeprefix(url) for loc in locations if f"/{language}/" in loc]
        partner = next(p for p in mine if p.startswith(partners) and p != partners)
        initiative = next(p for p in mine if p.startswith(initiatives) and p != initiatives)
        site_page = next(p for p in mine if p.startswith(f"/{language}/pages/"))
        compare = "comparer" if language == "fr" else "compare"
        sample = "politique" if language == "fr" else "policy"
        slugs = "&".join(f"compare={sample}-{n}" for n in range(3))
        paths += [
            ("home", language, f"/{language}/"),
            ("directory", language, partners),
            ("partner", language, partner),
            ("initiatives", language, initiatives),
            ("filtered", language, f"{initiatives}?level=municipal&q=plan"),
            ("initiative", language, initiative),
            (
                "multi-valued",
                language,
                f"{initiatives}?theme=culture&theme={mine_theme(language)}&sort=title",
            ),
            ("comparison", language, f"{initiatives}{compare}/?{slugs}"),
            ("site page", language, site_page),
        ]
    return paths


def mine_theme(language):
    return "entrepreneuriat-collectif" if language == "fr" else "collective-entrepreneurship"


def axe_violations(url, paths):
    from playwright.sync_api import sync_playwright

    source = AXE.read_text(encoding="utf-8")
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME, args=CHROME_FLAGS.split())
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        for _kind, _language, path in paths:
            page.goto(url + path)
            page.evaluate(source)
            found = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
            )["violations"]
            results[path] = [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in found]
        browser.close()
    return results


def html_errors(url, paths):
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "htmlvalidate.json"
        config.write_text(json.dumps(HTML_VALIDATE_CONFIG))
        files = {}
        for n, (_kind, _language, path) in enumerate(paths):
            files[path] = Path(tmp) / f"page-{n}.html"
            files[path].write_bytes(urllib.request.urlopen(url + path).read())
        out = subprocess.run(
            [
                str(NODE_BIN / "html-validate"),
                "--config",
                str(config),
                "--formatter",
                "json",
                *map(str, files.values()),
            ],
            capture_output=True,
            text=True,
        ).stdout
        reports = {r["filePath"]: r for r in json.loads(out or "[]")}
        for path, file in files.items():
            messages = reports.get(str(file), {}).get("messages", [])
            results[path] = [
                f"{m['ruleId']} line {m['line']}: {m['message']}"
                for m in messages
                if m["severity"] == 2
            ]
    return results


def lighthouse(url):
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        for _attempt in range(3):  # about 1 run in 17 fails with NO_NAVSTART here
            done = subprocess.run(
                [
                    str(NODE_BIN / "lighthouse"),
                    url,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    f"--chrome-flags={CHROME_FLAGS}",
                ],
                env={**os.environ, "CHROME_PATH": CHROME},
                capture_output=True,
                text=True,
            )
            if done.returncode == 0 and report.exists():
                data = json.loads(report.read_text())
                if not data.get("runtimeError"):
                    scores = {c: data["categories"][c]["score"] for c in CATEGORIES}
                    if None not in scores.values():
                        failed = [
                            audit["id"]
                            for audit in data["audits"].values()
                            if audit.get("score") is not None
                            and audit["score"] < 1
                            and audit.get("scoreDisplayMode") == "binary"
                        ]
                        return {c: round(s * 100) for c, s in scores.items()}, failed
        return None, [done.stderr.strip()[-300:]]


def main():
    if not (NODE_BIN / "lighthouse").exists():
        sys.exit("Run `npm ci` first: make audit needs Lighthouse, axe-core and html-validate.")
    with TempSite() as site:
        print("Preparing a temporary site…", file=sys.stderr)
        site.prepare()
        site.add_samples()
        site.start()
        try:
            paths = page_paths(site.url)
            print("axe-core…", file=sys.stderr)
            axe = axe_violations(site.url, paths)
            print("html-validate…", file=sys.stderr)
            html = html_errors(site.url, paths)
            scores = {}
            for _kind, _language, path in paths:
                print(f"Lighthouse {path}…", file=sys.stderr)
                scores[path] = lighthouse(site.url + path)
        finally:
            site.stop()

    ok = True
    print()
    print(
        "| Page | Lang | axe violations | HTML errors | Performance | Accessibility "
        "| Best practices | SEO |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    details = []
    for kind, language, path in paths:
        lh, failed = scores[path]
        cells = [str(lh[c]) for c in CATEGORIES] if lh else ["failed"] * 4
        targets = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
        if kind in NOT_INDEXED and lh and failed == ["is-crawlable"]:
            # Search results, filtered lists and comparisons say `noindex` on purpose (their
            # canonical address is the list): Lighthouse's SEO score counts that against them.
            cells[3] += " (noindex)"
            targets["seo"] = 0
        print(
            f"| {kind} | {language} | {len(axe[path])} | {len(html[path])} | "
            + " | ".join(cells)
            + " |"
        )
        if axe[path] or html[path] or not lh or any(lh[c] < t for c, t in targets.items()):
            ok = False
            details.append((path, axe[path] + html[path] + failed))
    for path, problems in details:
        print(f"\n{path}:")
        for problem in problems:
            print(f"  - {problem}")
    print("\nAll targets met." if ok else "\nSome targets are missed (see above).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
