"""No page scrolls sideways on a phone, before Material's script has run or without script: each
disease, comparison, gene and feature page and the site's own pages at 390 px, where long names
meet the header."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE
from tests.browser.test_search import COMPARISONS, RECORDS

PAGES = ["", "diseases/", "glossary/", "about/", "genes/", "features/", "no-such-page/",
         *(f"diseases/{record['slug']}/" for record in RECORDS),
         *(f"comparisons/{comparison['slug']}/" for comparison in COMPARISONS)]
# What sticks out past the screen's right edge: the page's width, and the elements that do.
STICKING_OUT = """() => {
    const width = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll('body *')]
        .filter(element => element.getBoundingClientRect().width > 0
                && element.getBoundingClientRect().right > width + 1)
        .map(element => `${element.tagName.toLowerCase()}.${element.className}`);
    return {scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 5)};
}"""
# The pages an index page lists, as a reader reaches them.
LISTED = """index => [...new Set([...document.querySelectorAll('article a[href]')].map(link => link.href))]
    .filter(address => address.startsWith(index) && address !== index)"""


@pytest.fixture(scope="module", params=[False, True], ids=["without script", "with script"])
def phone(request, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  java_script_enabled=request.param)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(phone, site, path):
    phone.goto(site.url(path))
    found = phone.evaluate(STICKING_OUT)
    assert found["scrollWidth"] <= found["width"], f"/{path} is {found['scrollWidth']} px wide: {found['out']}"


@pytest.mark.parametrize("index", ["genes/", "features/"])
def test_no_gene_or_feature_page_scrolls_sideways_on_a_phone(phone, site, index):
    phone.goto(site.url(index))
    listed = phone.evaluate(LISTED, site.url(index))
    assert listed, f"/{index} lists no page"
    wide = {}
    for address in sorted(listed):
        phone.goto(address)
        found = phone.evaluate(STICKING_OUT)
        if found["scrollWidth"] > found["width"]:
            wide[address] = (found["scrollWidth"], found["out"])
    assert not wide, f"wider than the phone ({PHONE['width']} px): {wide}"
