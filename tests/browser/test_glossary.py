"""Abbreviations are explained on hover and on tap, from the one glossary; the glossary page lists them."""

from __future__ import annotations

import yaml

from tests.browser.conftest import PHONE
from tests.conftest import REPO

GLOSSARY = yaml.safe_load((REPO / "content" / "glossary.yaml").read_text(encoding="utf-8"))


def test_tapping_an_abbreviation_on_a_phone_shows_its_explanation(browser, site):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(site.url("diseases/optb2/"))
        tooltip = page.locator(".md-tooltip2--active")
        for term in ("CK-BB", "PTH", "1,25(OH)2D"):
            abbreviation = page.locator("abbr", has_text=term).first
            abbreviation.scroll_into_view_if_needed()
            abbreviation.tap()
            tooltip.wait_for(state="visible")
            assert tooltip.inner_text().strip() == GLOSSARY[term]
            page.locator("h1").tap()
    finally:
        context.close()


def test_hovering_an_abbreviation_shows_its_explanation(page, site):
    page.goto(site.url("diseases/optb2/"))
    page.locator("abbr", has_text="HSCT").first.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().strip() == GLOSSARY["HSCT"]


def test_glossary_page_lists_every_abbreviation(page, site):
    page.goto(site.url("glossary/"))
    terms = page.locator("article dl dt").all_inner_texts()
    assert sorted(terms) == sorted(GLOSSARY)
    assert page.get_by_role("link", name="Glossary").count() >= 1
