"""No page scrolls sideways on a phone, before Material's script has run or without script: each
disease page and the site's own pages at 390 px, where long disease names meet the header."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE
from tests.browser.test_search import COMPARISONS, RECORDS

PAGES = ["", "diseases/", "glossary/", "about/", *(f"diseases/{record['slug']}/" for record in RECORDS),
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
