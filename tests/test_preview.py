"""`build.py serve`, run for real: a page over HTTP, rebuilt on a change, kept on a bad record."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import HPO_CACHE, copy_project

WAIT_SECONDS = 60


class Preview:
    """A running `build.py serve` and everything it has printed so far."""

    def __init__(self, project: Path) -> None:
        environment = dict(os.environ, RARESITE_CACHE_DIR=str(HPO_CACHE), PYTHONDONTWRITEBYTECODE="1")
        self.process = subprocess.Popen(
            [sys.executable, str(project / "build.py"), "serve", "--port", "0"],
            cwd=project, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, start_new_session=True,
        )
        self.output: list[str] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        served = self.wait_for_output(r"Serving the preview on (http://127\.0\.0\.1:\d+/)")
        self.url = served[1]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.lock:
                self.output.append(line)

    def printed(self) -> str:
        with self.lock:
            return "".join(self.output)

    def wait_for_output(self, pattern: str, after: int = 0) -> re.Match[str]:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            match = re.search(pattern, self.printed()[after:])
            if match:
                return match
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        pytest.fail(f"the preview never printed {pattern!r}; it printed:\n{self.printed()}")

    def fetch(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
            return response.read().decode("utf-8")

    def wait_for_page(self, path: str, text: str) -> str:
        deadline = time.monotonic() + WAIT_SECONDS
        page = ""
        while time.monotonic() < deadline:
            try:
                page = self.fetch(path)
            except urllib.error.URLError:
                page = ""  # the moment site/ is swapped for the new build
            if text in page:
                return page
            time.sleep(0.2)
        pytest.fail(f"{path} never showed {text!r}; the preview printed:\n{self.printed()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture
def preview(tmp_path):
    project = copy_project(tmp_path / "project")
    running = Preview(project)
    try:
        yield project, running
    finally:
        running.stop()


def test_the_preview_rebuilds_on_a_change_and_keeps_the_last_good_site_on_a_bad_record(preview):
    project, running = preview
    page = running.fetch("/diseases/optb2/")
    assert "Osteopetrosis, autosomal recessive 2" in page
    assert "live preview only" in page  # the reload script, added while serving
    assert "live preview only" not in (project / "site/diseases/optb2/index.html").read_text()

    record = project / "content/diseases/optb2.yaml"
    original = record.read_text(encoding="utf-8")
    assert "also called malignant infantile osteopetrosis" in original
    printed_before = len(running.printed())
    record.write_text(original.replace("also called malignant infantile osteopetrosis",
                                       "also called PREVIEW-MARKER-ONE"), encoding="utf-8")
    running.wait_for_output(r"Preview updated\.", printed_before)
    assert "PREVIEW-MARKER-ONE" in running.fetch("/diseases/optb2/")
    generation = running.fetch("/.preview/generation")
    assert generation == "2"  # the first build, then this one

    printed_before = len(running.printed())
    record.write_text(record.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    running.wait_for_output(r"the preview still shows the last good site", printed_before)
    failure = running.printed()[printed_before:]
    assert re.search(r"content/diseases/optb2\.yaml:\d+:1: colour: unknown field", failure), failure
    page = running.fetch("/diseases/optb2/")
    assert "PREVIEW-MARKER-ONE" in page
    assert running.fetch("/.preview/generation") == generation  # browsers are not reloaded

    # Fixed again, and a change to mkdocs.yml: both reach the preview.
    record.write_text(original, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name: Rare Disease Knowledge Base", "site_name: Preview Marker Two"), encoding="utf-8")
    page = running.wait_for_page("/diseases/optb2/", "Preview Marker Two")
    assert "PREVIEW-MARKER-ONE" not in page


def test_the_preview_refuses_a_bad_port(tmp_path):
    project = copy_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, str(project / "build.py"), "serve", "--port", "http"],
        cwd=project, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "usage: python build.py serve" in result.stderr and "--port" in result.stderr


@pytest.mark.browser
def test_an_open_page_reloads_itself_after_a_good_rebuild(preview, browser, tmp_path):
    project, running = preview
    record = project / "content/diseases/optb2.yaml"
    page = browser.new_page()
    try:
        page.goto(running.url + "diseases/optb2/")
        assert "PREVIEW-MARKER-THREE" not in page.content()
        record.write_text(record.read_text(encoding="utf-8").replace(
            "also called malignant infantile osteopetrosis", "also called PREVIEW-MARKER-THREE"),
            encoding="utf-8")
        # No navigation by the test: the page's reload script brings the new build.
        page.get_by_text("PREVIEW-MARKER-THREE").first.wait_for(timeout=WAIT_SECONDS * 1000)
        page.screenshot(path=str(tmp_path / "preview.png"))
    finally:
        page.close()
