"""Browser fixtures: the built site served on 127.0.0.1 (at the root or under a sub-path) and
Debian's Chromium driven by Playwright.

Where Chromium is missing the browser tests are skipped with a message saying how to install it,
except under CI (`CI` set), where that is a failure.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.utils.yaml import yaml_load

from tests.conftest import DATA, copy_project, run_build

# The project site's address for the sub-path tests: a GitHub Pages project site lives under
# https://<org>.github.io/<repo>/, so every page, asset and the search index sit under /<repo>/.
SUBPATH_SITE_URL = "https://example.org/rare-disease-site/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class _PrefixedSiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves one folder under one path prefix, with the site's 404.html for anything else, as
    GitHub Pages does."""

    prefix = "/"

    def __init__(self, *args, prefix: str, **kwargs) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".no-such-file")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@dataclass(frozen=True)
class ServedSite:
    """A built site served on 127.0.0.1; url(path) is a page's address under the prefix."""

    root: Path
    origin: str
    prefix: str

    def url(self, path: str = "") -> str:
        return f"{self.origin}{self.prefix}{path.lstrip('/')}"


@functools.cache
def _prefix_of(config_file: Path) -> str:
    """The path part of site_url: where the site expects to be served (/ without a site_url)."""
    config = yaml_load(config_file.read_text(encoding="utf-8"))  # MkDocs' loader: site_url uses !ENV
    path = urlsplit(str(config.get("site_url") or "/")).path or "/"
    return path if path.endswith("/") else path + "/"


def serve(root: Path, prefix: str) -> Iterator[ServedSite]:
    handler = functools.partial(_PrefixedSiteHandler, directory=str(root), prefix=prefix)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(root, f"http://127.0.0.1:{server.server_address[1]}", prefix)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site(built_site: Path) -> Iterator[ServedSite]:
    """The real site, served at the path its site_url names (the root when there is none)."""
    yield from serve(built_site, _prefix_of(built_site.parent / "mkdocs.yml"))


@pytest.fixture(scope="session")
def reader_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """A site of the search tests' own (tests/data/reader-search: OPTB2 as the tests expect it),
    so that what a reader's words find does not change as the real catalogue grows."""
    project = copy_project(tmp_path_factory.mktemp("reader-search") / "project", DATA / "reader-search")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    yield from serve(project / "site", _prefix_of(project / "mkdocs.yml"))


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The real content built as a GitHub Pages project site and served under its sub-path."""
    project = copy_project(tmp_path_factory.mktemp("subpath") / "project")
    config_file = project / "mkdocs.yml"
    lines = [line for line in config_file.read_text(encoding="utf-8").splitlines()
             if not line.startswith("site_url:")]
    config_file.write_text(f"site_url: {SUBPATH_SITE_URL}\n" + "\n".join(lines) + "\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    prefix = _prefix_of(config_file)
    assert prefix != "/"
    yield from serve(project / "site", prefix)


@pytest.fixture
def page(browser):
    """A fresh desktop page with no state from other tests."""
    context = browser.new_context(viewport=DESKTOP)
    opened = context.new_page()
    yield opened
    context.close()
