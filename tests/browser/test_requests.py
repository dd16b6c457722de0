"""No page asks anything of another host: every request a page makes goes to the local server."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.test_accessibility import PAGE_TYPES
from tests.browser.test_search import search_results


def requests_while(page, action) -> list[str]:
    """Every URL the page requests while action runs, and until the network is quiet."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    action()
    page.wait_for_load_state("networkidle")
    return seen


def foreign(urls: list[str], origin: str) -> list[str]:
    local = urlsplit(origin).netloc
    return [url for url in urls
            if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != local]


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_loads_only_from_the_local_server(page, site, page_type):
    urls = requests_while(page, lambda: page.goto(site.url(PAGE_TYPES[page_type])))
    assert any(url.endswith(".css") for url in urls), urls  # the recorder saw the page's assets
    assert foreign(urls, site.origin) == []


def test_search_loads_only_from_the_local_server(page, subpath_site):
    urls = requests_while(page, lambda: search_results(page, subpath_site, "RANKL"))
    assert any("search_index.json" in url for url in urls), urls
    assert foreign(urls, subpath_site.origin) == []
    assert all(urlsplit(url).path.startswith(subpath_site.prefix) for url in urls if url.startswith("http")), urls
