"""A visitor finds the Montréal partnership with the filters and goes on to its partner."""

from urllib.parse import urlencode

from playwright.sync_api import expect


def test_filter_open_follow_the_partner_and_switch_language(live_server, page, site_content):
    page.goto(live_server.url + "/fr/initiatives/")
    form = page.locator("form.initiatives-layout")
    form.locator('input[name="theme"][value="culture"]').check()
    form.locator('input[name="year"][value="2009"]').check()
    form.get_by_role("button", name="Afficher les initiatives").click()

    # Only what was chosen stays in the address.
    expect(page).to_have_url(live_server.url + "/fr/initiatives/?theme=culture&year=2009")
    results = page.locator("ul.initiative-list h3 a")
    expect(results).to_have_count(1)
    expect(page.locator("#results-heading")).to_contain_text("1")
    results.first.click()

    expect(page).to_have_url(
        live_server.url + "/fr/initiatives/partenariat-economie-sociale-montreal-2009/"
    )
    expect(page.locator("h1")).to_have_text(
        "Un partenariat en économie sociale pour un développement solidaire et durable"
    )
    expect(page.locator("ol.objectives > li")).to_have_count(3)
    page.locator("dl.facts").get_by_role("link", name="La Ville de Montréal").click()

    expect(page).to_have_url(live_server.url + "/fr/partenaires/ville-de-montreal/")
    page.locator('nav.language-switch a[hreflang="en"]').click()
    expect(page).to_have_url(live_server.url + "/en/partners/city-of-montreal/")
    expect(page.locator("h1")).to_have_text("City of Montréal")
    expect(page.locator("section.partner-initiatives a")).to_have_text(
        "A social economy partnership for solidarity-based, sustainable development"
    )


def test_a_long_search_does_not_widen_the_page(browser, live_server, site_content):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    address = "https://www.ville.montreal.qc.ca/portal/page?_pageid=5977,88968"
    for query in (address, "a" * 200):
        page.goto(f"{live_server.url}/fr/initiatives/?{urlencode({'q': query})}")
        expect(page.locator(".active-filters")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_a_long_unbroken_word_in_a_card_does_not_widen_the_page(
    browser, live_server, make_initiative
):
    address = "https://ville.example.org/politiques/economie-sociale/plan-2020-2025.pdf"
    make_initiative(title_fr="Plan" + "x" * 290, summary_fr=f"Le plan : {address}", year=2020)
    for width in (320, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(f"{live_server.url}/fr/initiatives/")
        expect(page.locator("ul.initiative-list h3")).to_have_count(1)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.locator("ul.initiative-list h3 a").click()  # its page, and its breadcrumbs
        expect(page.locator(".breadcrumbs")).to_contain_text("Planxxx")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        context.close()


def test_printed_links_are_written_as_full_addresses(page, live_server, site_content):
    page.goto(live_server.url + "/fr/initiatives/")
    page.emulate_media(media="print")
    link = page.locator("ul.initiative-list h3 a").first
    expect(link).to_be_visible()
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    href = link.get_attribute("href")
    assert after == f'" (" "{live_server.url}" "{href}" ")"' or after == (
        f'" ({live_server.url}{href})"'
    )
