"""Shared fixtures: temporary copies of the project, built with the real build.py and MkDocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# What a copy of the project needs in order to build: the code, the templates, the theme overrides
# and the MkDocs configuration. Content is chosen per test.
PROJECT_PARTS = ("build.py", "raresite", "templates", "overrides", "mkdocs.yml")
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
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    shutil.copytree(content or REPO / "content", target / "content")
    return target


def run_build(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run the project's build.py as a curator would, and capture what it says."""
    environment = dict(os.environ, RARESITE_CACHE_DIR=str(HPO_CACHE), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, str(project / "build.py"), *arguments],
        cwd=project, env=environment, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def hpo_release():
    from raresite.hpo import load_release

    return load_release(HPO_CACHE)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content, built by the real build.py and MkDocs in strict mode; returns site/."""
    project = copy_project(tmp_path_factory.mktemp("real") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"
