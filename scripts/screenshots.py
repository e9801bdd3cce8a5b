"""`make screenshots`: the main pages at phone (390 px) and desktop (1280 px) width, into
docs/screenshots/, from a temporary copy of the site (shipped content, and for the list and
the comparison eight generated sample initiatives) in Debian's chromium."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.audit import CHROME, CHROME_FLAGS  # noqa: E402
from scripts.tempsite import BASE_DIR, TempSite  # noqa: E402

OUT = BASE_DIR / "docs" / "screenshots"
PAGES = [
    ("home-fr", "/fr/"),
    ("home-en", "/en/"),
    ("directory-fr", "/fr/partenaires/"),
    ("partner-en", "/en/partners/city-of-barcelona/"),
    ("initiatives-fr", "/fr/initiatives/"),
    ("initiative-en", "/en/initiatives/social-economy-partnership-montreal-2009/"),
    ("list-sample-fr", "/fr/initiatives/?theme=culture&theme=entrepreneuriat-collectif"),
    ("compare-sample-fr", "compare"),
]

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def main():
    from PIL import Image
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with TempSite() as site:
        site.prepare()
        site.add_samples()
        site.start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROME, args=CHROME_FLAGS.split())
                for device, (width, height) in WIDTHS.items():
                    page = browser.new_page(
                        viewport={"width": width, "height": height}, device_scale_factor=1
                    )
                    for name, path in PAGES:
                        if path == "compare":
                            page.goto(site.url + "/fr/initiatives/")
                            boxes = page.locator('input[name="compare"]')
                            for n in range(3):
                                boxes.nth(n).check()
                            compare = "Comparer les initiatives cochées"
                            page.get_by_role("button", name=compare).click()
                            path = page.url.removeprefix(site.url)
                        page.goto(site.url + path)
                        file = OUT / f"{name}-{device}.png"
                        page.screenshot(path=file)
                        Image.open(file).save(file, optimize=True)
                        print(file.relative_to(BASE_DIR))
                    page.close()
                browser.close()
        finally:
            site.stop()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
