"""A visitor compares initiatives in Chromium, on a phone and a desktop, in both languages."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from initiatives.models import Initiative, Theme
from tests.test_accessibility import axe_violations


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}  # axe is ours


@pytest.fixture
def three(site_content, make_initiative):
    shipped = Initiative.objects.get(content_key__isnull=False)
    culture = Theme.objects.get(key="culture")
    return [
        shipped,
        make_initiative(title_fr="Plan de Lyon", year=2019, themes=[culture]),
        make_initiative(title_fr="Loi de Séoul", objectives=[("Un", "One")], year=2018),
    ]


def test_tick_compare_switch_language_and_print(page, live_server, three):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/fr/initiatives/")
    expect(page.locator("details.filters-fold fieldset").first).to_be_visible()  # open
    page.get_by_label("Comparer Plan de Lyon").check()
    page.get_by_label("Comparer Loi de Séoul").check()
    page.get_by_role("button", name="Comparer les initiatives cochées").click()
    expect(page.locator("table.comparison thead th")).to_have_count(2)
    expect(page.locator("table.comparison thead th").first).to_contain_text("Plan de Lyon")
    page.locator('nav.language-switch a[hreflang="en"]').click()
    expect(page.locator("h1")).to_have_text("Compare initiatives")
    expect(page.locator("table.comparison tbody th").first).to_have_text("Place")
    # A4 landscape: 297 mm wide.
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    assert b"/MediaBox [0 0 841.91998 594.95996]" in pdf


def test_on_a_phone_the_filters_fold_and_the_comparison_stacks(browser, live_server, three):
    context = browser.new_context(viewport={"width": 320, "height": 700}, bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/en/initiatives/")
    fold = page.locator("details.filters-fold")
    expect(fold.locator("fieldset").first).to_be_hidden()
    fold.locator("summary").click()
    expect(fold.locator("fieldset").first).to_be_visible()
    slugs = "&".join(f"compare={i.slug_en or i.slug_fr}" for i in three)
    page.goto(f"{live_server.url}/en/initiatives/compare/?{slugs}")
    expect(page.locator(".compare-name").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("width", [320, 1280])
def test_the_comparison_and_a_multi_value_list_have_no_axe_violation(
    page, live_server, three, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    with translation.override(language):
        compare = "&".join(f"compare={i.slug}" for i in three)
        paths = [
            f"{reverse('initiatives:compare')}?{compare}",
            f"{reverse('initiatives:list')}?theme=culture&theme=loisir-et-tourisme&sort=title"
            f"&compare={three[1].slug}",
            three[1].get_absolute_url(),
        ]
    found = {}
    for path in paths:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        if violations := axe_violations(page):
            found[path] = violations
    assert found == {}


def test_ticks_survive_a_page_link(page, live_server, make_initiative):
    for n in range(21):
        make_initiative(title_fr=f"Plan {n:02}", year=2000 + n)
    page.goto(live_server.url + "/fr/initiatives/")
    page.get_by_label("Comparer Plan 20").check()
    page.locator(".pagination a[rel=next]").click()
    expect(page).to_have_url(live_server.url + "/fr/initiatives/?compare=plan-20&page=2")
    expect(page.locator(".compare-elsewhere input:checked")).to_have_count(1)
