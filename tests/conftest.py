"""Shared fixtures: temporary copies of the project, built with the real build.py and MkDocs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
HPO_CACHE = REPO / ".cache"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true",
        help="rewrite the golden files in tests/golden from the current output",
    )


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def copy_project(target: Path, content: Path | None = None) -> Path:
    """A buildable copy of the project in target, with content from content (default: the real one)."""
    from tools.bench import copy_code

    copy_code(target)
    shutil.copytree(content or REPO / "content", target / "content")
    return target


def run_build(project: Path, *arguments: str, cache_dir: Path = HPO_CACHE,
              environment: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the project's build.py as a curator would, and capture what it says. The cache (the
    parsed HPO release, kept records and pages) is shared by the tests unless one is given."""
    environment = dict(os.environ, RARESITE_CACHE_DIR=str(cache_dir), PYTHONDONTWRITEBYTECODE="1",
                       **(environment or {}))
    return subprocess.run(
        [sys.executable, str(project / "build.py"), *arguments],
        cwd=project, env=environment, capture_output=True, text=True, timeout=600,
    )


def fresh_cache(folder: Path) -> Path:
    """A cache holding only the parsed HPO release: nothing kept from other builds."""
    from tools.bench import fresh_cache as cache_with_hpo_only

    return cache_with_hpo_only(folder, HPO_CACHE)


@pytest.fixture(scope="session")
def hpo_release():
    from raresite.model.hpo import load_release

    return load_release()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content, built by the real build.py and MkDocs in strict mode; returns site/."""
    project = copy_project(tmp_path_factory.mktemp("real") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/data/hostile (payloads in every kind of plain-text field), built; returns site/."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project", DATA / "hostile")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


# Elements no record's text may become, on a page or in the search results.
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "style", "base", "meta", "img", "form"}


def searchable_text(site: Path) -> str:
    """The text the search index holds for a site's pages, as their files give it to the search."""
    return "\n".join(" ".join(" ".join(section) for section in json.loads(path.read_bytes())["sections"])
                     for path in sorted((site / "search-index").glob("*/p*.json")))


# --- Debian's Chromium, driven by Playwright: one browser for every test that needs one ---

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
INSTALL_HINT = (
    "Debian's Chromium is needed for the browser tests: "
    "apt-get install --no-install-recommends chromium (never a browser Playwright downloads itself)"
)


def chromium_path() -> str | None:
    """Debian's Chromium, or the one CHROMIUM_PATH names."""
    named = os.environ.get("CHROMIUM_PATH")
    if named:
        return named if Path(named).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing under CI. {INSTALL_HINT}", pytrace=False)
        pytest.skip(INSTALL_HINT)
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
