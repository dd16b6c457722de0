"""The 404 page helps: it searches the site and links home, at the root and under a sub-path."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("where", ["site", "subpath_site"])
def test_not_found_page_searches_and_links_home(page, request, where):
    served = request.getfixturevalue(where)
    response = page.goto(served.url("diseases/no-such-disease/"))
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    # Its own styles loaded: the page is styled under the prefix too.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"
    page.get_by_role("link", name="Go to the home page").click()
    page.wait_for_load_state()
    assert page.url == served.url()
    page.go_back()
    page.get_by_label("Search this site by disease name").fill("RANKL")
    page.get_by_role("button", name="Search", exact=True).click()
    first = page.locator(".md-search-result__list > li a.md-search-result__link").first
    first.wait_for(state="visible")
    assert "diseases/optb2/" in (first.get_attribute("href") or "")
