"""A visitor in a real browser (Chromium, through Playwright)."""

import re

from playwright.sync_api import expect


def test_visitor_follows_a_partner_and_switches_to_english(live_server, page, site_content):
    page.goto(f"{live_server.url}/fr/partenaires/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partenaires")

    page.locator(".partner-list").get_by_role("link", name="Ville de Barcelone").click()
    expect(page).to_have_url(f"{live_server.url}/fr/partenaires/ville-de-barcelone/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ville de Barcelone")

    page.get_by_role("navigation", name="Langue").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/en/partners/city-of-barcelona/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("City of Barcelona")
    expect(page.locator("main")).to_contain_text("sees the SSE as a pillar")


def test_directory_reads_well_on_a_small_phone_without_javascript(
    browser, live_server, site_content
):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/partners/")
    # Nothing wider than the screen: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("link", name="Skip to content").focus()
    expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport()
    page.locator(".partner-list").get_by_role("link", name=re.compile("^City of Montréal$")).click()
    expect(page).to_have_url(f"{live_server.url}/en/partners/city-of-montreal/")
    context.close()


def test_a_long_unbroken_name_does_not_widen_the_directory(
    browser, live_server, make_partner, make_city
):
    make_partner(name_fr="Coopérative" + "x" * 180, city=make_city("lyon"))
    for width in (320, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(f"{live_server.url}/fr/partenaires/")
        expect(page.locator(".partner-name")).to_have_count(1)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        context.close()
