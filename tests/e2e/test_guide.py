"""The professionals' guide and its search in Debian's Chromium: print and search."""

import re

from playwright.sync_api import expect


def test_guide_prints_on_a4_without_screen_links(staff_page, live_server):
    page = staff_page
    page.goto(f"{live_server}/admin/donnees/guide?l=en")
    back = page.get_by_role("link", name="Back to the search")
    expect(back).to_be_visible()
    page.emulate_media(media="print")
    expect(back).to_be_hidden()
    mairie = page.locator("article.place", has_text="Hôtel de Ville de Bordeaux")
    expect(mairie.locator(".staff-notes")).to_contain_text("poste 2031")
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    boxes = {
        (round(float(w)), round(float(h)))
        for w, h in re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    }
    assert boxes == {(595, 842)}  # A4 in points, every page
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) > 5


def test_search_filters_as_staff_type_and_keeps_the_url(staff_page, live_server):
    page = staff_page
    page.goto(f"{live_server}/admin/donnees/recherche?l=en")
    results = page.locator("#results article.place")
    total = results.count()
    assert total > 20
    page.get_by_label("Words").fill("mairie")
    expect(page).to_have_url(re.compile(r"q=mairie"))
    expect(results.first).to_contain_text("Mairie")
    assert results.count() < total
    page.get_by_label("Language spoken").select_option("ar")
    expect(page).to_have_url(re.compile(r"language=ar"))
    page.reload()
    expect(page.get_by_label("Words")).to_have_value("mairie")
