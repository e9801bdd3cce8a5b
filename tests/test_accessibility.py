"""No axe-core violation (WCAG 2.2 A and AA rules, and axe's best practices) on the main pages,
in both languages, in a real browser.

axe-core is vendored in tests/vendor/axe.min.js (MPL-2.0, with its licence header), so that
`make test` needs no Node.js.
"""

from pathlib import Path

import pytest
from django.utils import translation

from initiatives.models import Initiative
from pages.models import Page
from partners.models import Partner

AXE = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture
def browser_context_args(browser_context_args):
    # The pages' Content-Security-Policy allows only the site's own scripts; axe is ours.
    return {**browser_context_args, "bypass_csp": True}


def main_paths(language):
    with translation.override(language):
        from django.urls import reverse

        return [
            reverse("home"),
            reverse("partners:directory"),
            Partner.objects.get(content_key="ville-de-montreal").get_absolute_url(),
            reverse("initiatives:list"),
            reverse("initiatives:list") + "?q=économie&level=municipal",
            Initiative.objects.published().first().get_absolute_url(),
            Page.objects.published().first().get_absolute_url(),
        ]


def axe_violations(page):
    page.evaluate(AXE)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("width", [390, 1280])
def test_main_pages_have_no_axe_violation(page, live_server, site_content, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for path in main_paths(language):
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_axe_finds_a_violation_when_there_is_one(page, live_server, site_content):
    """The check above can fail: an image without a text alternative is reported."""
    page.goto(live_server.url + "/fr/")
    page.evaluate(
        "() => { const i = document.createElement('img');"
        " i.src = '/static/img/logo-512.png'; document.querySelector('main').append(i); }"
    )
    assert any(v.startswith("image-alt") for v in axe_violations(page))
