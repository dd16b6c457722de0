"""No axe-core violation (WCAG 2.2 A/AA and best practices) on any page type, with the search
open and showing results, in the light and the dark scheme, at phone and desktop width."""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_search import COMPARISONS, search_results

PAGE_TYPES = {
    "home": "",
    "a-z": "diseases/",
    "disease": "diseases/optb2/",
    "features": "features/",
    "feature": "features/hp-0000648/",
    "genes": "genes/",
    "gene": "genes/tnfsf11/",
    "about": "about/",
    "glossary": "glossary/",
    "not-found": "no/such/page/",
    # The first comparison page of the real content, where it has one.
    **({"comparison": f"comparisons/{COMPARISONS[0]['slug']}/"} if COMPARISONS else {}),
}
VIEWS = {
    "light-phone": ("light", PHONE),
    "light-desktop": ("light", DESKTOP),
    "dark-phone": ("dark", PHONE),
    "dark-desktop": ("dark", DESKTOP),
}


@pytest.fixture(params=list(VIEWS), scope="module")
def view(request, browser):
    scheme, viewport = VIEWS[request.param]
    context = browser.new_context(color_scheme=scheme, viewport=viewport)
    yield context
    context.close()


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_has_no_axe_violations(view, site, page_type):
    page = view.new_page()
    try:
        page.goto(site.url(PAGE_TYPES[page_type]))
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        violations = axe_violations(page)
        assert not violations, f"{page_type} ({scheme}):\n{describe(violations)}"
    finally:
        page.close()


@pytest.mark.parametrize("query", ["OPTB2", "optic atrophy"])
def test_open_search_with_results_has_no_axe_violations(view, site, query):
    page = view.new_page()
    try:
        assert search_results(page, site, query)
        violations = axe_violations(page)
        assert not violations, f"search for {query!r}:\n{describe(violations)}"
    finally:
        page.close()
