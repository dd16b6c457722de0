"""A comparison page reads on a phone (a card per disease, each value under its column's name),
on a desktop (one table, its headings on top) and on paper (the table whole)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_search import COMPARISONS

pytestmark = pytest.mark.skipif(not COMPARISONS, reason="no comparison page in content/")

LAYOUT = """() => {
    const table = document.querySelector('.comparison table');
    const label = document.querySelector('.comparison td .cell-label');
    return {
        sideways: document.documentElement.scrollWidth > window.innerWidth,
        tableRight: table.getBoundingClientRect().right,
        headings: getComputedStyle(table.querySelector('thead')).display,
        label: getComputedStyle(label).display,
        rowWidth: table.querySelector('tbody tr').getBoundingClientRect().width,
        clipped: [...document.querySelectorAll('.md-typeset__scrollwrap')]
            .filter(wrap => wrap.scrollWidth > wrap.clientWidth + 1).length,
    };
}"""


def layout(browser, site, viewport, media="screen"):
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.goto(site.url(f"comparisons/{COMPARISONS[0]['slug']}/"))
        page.emulate_media(media=media)
        return page.evaluate(LAYOUT)
    finally:
        context.close()


def test_on_a_phone_each_disease_is_a_card_with_each_value_under_its_column_name(browser, site):
    found = layout(browser, site, PHONE)
    assert not found["sideways"] and found["tableRight"] <= PHONE["width"] + 1, found
    assert found["headings"] == "none" and found["label"] == "block", found
    assert found["rowWidth"] > PHONE["width"] * 0.8, found  # a card, not a squeezed table row


def test_on_a_desktop_it_is_one_table_with_its_headings_on_top(browser, site):
    found = layout(browser, site, DESKTOP)
    assert not found["sideways"] and found["clipped"] == 0, found
    assert found["headings"] == "table-header-group" and found["label"] == "none", found


def test_on_paper_the_table_is_whole(browser, site):
    found = layout(browser, site, DESKTOP, media="print")
    assert found["clipped"] == 0 and found["headings"] == "table-header-group", found
