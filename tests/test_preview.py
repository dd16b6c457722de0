"""`build.py serve`, run for real: a page over HTTP, rebuilt on a change, kept on a bad record
with the record's problems on top of every page, and never served beyond 127.0.0.1."""

from __future__ import annotations

import contextlib
import html
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import DATA, HPO_CACHE, copy_project

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

    def wait_for_page(self, path: str, text: str, shown: bool = True) -> str:
        """The page at path once it shows text (or, with shown=False, once it no longer does)."""
        deadline = time.monotonic() + WAIT_SECONDS
        page = ""
        while time.monotonic() < deadline:
            try:
                page = self.fetch(path)
            except urllib.error.URLError:
                page = ""  # the moment site/ is swapped for the new build
            if page and (text in page) == shown:
                return page
            time.sleep(0.2)
        never = "showed" if shown else "stopped showing"
        pytest.fail(f"{path} never {never} {text!r}; the preview printed:\n{self.printed()}")

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


@pytest.fixture
def kitchen_sink_preview(tmp_path):
    """The preview of a project whose content is the kitchen-sink fixture: quick to build, ours to break."""
    project = copy_project(tmp_path / "project", DATA / "kitchen-sink")
    running = Preview(project)
    try:
        yield project, running
    finally:
        running.stop()


BANNER = 'id="preview-failure"'


def banner_lines(page: str) -> list[str]:
    """The lines of the failed build's banner on a served page, as a browser shows them."""
    match = re.search(BANNER + r".*?<pre[^>]*>(.*?)</pre>", page, re.DOTALL)
    assert match, page[:2000]
    return html.unescape(match[1]).split("\n")


def problem_lines(printed: str, record: str) -> list[str]:
    """The build's `file:line:column: field: message` lines for one record, as the terminal shows them."""
    return [line for line in printed.splitlines() if re.match(re.escape(record) + r":\d+:\d+: ", line)]


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
    page = running.wait_for_page("/diseases/optb2/", BANNER)
    assert "PREVIEW-MARKER-ONE" in page  # the last good site, under the banner
    assert problem_lines(failure, "content/diseases/optb2.yaml")[0] in banner_lines(page)
    assert running.fetch("/.preview/generation") == "3"  # open pages reload to show the banner

    # Fixed again, and a change to mkdocs.yml: both reach the preview.
    record.write_text(original, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name: Rare Disease Knowledge Base", "site_name: Preview Marker Two"), encoding="utf-8")
    running.wait_for_page("/diseases/optb2/", "Preview Marker Two")
    page = running.wait_for_page("/diseases/optb2/", BANNER, shown=False)  # gone once the build ends
    assert "Preview Marker Two" in page and "PREVIEW-MARKER-ONE" not in page


def test_a_failed_build_shows_its_problems_on_every_page_escaped_until_they_are_fixed(kitchen_sink_preview):
    project, running = kitchen_sink_preview
    record = project / "content/diseases/kitchen-sink.yaml"
    original = record.read_text(encoding="utf-8")
    page = running.fetch("/diseases/kitchen-sink/")
    assert "Kitchen-sink dysplasia" in page and BANNER not in page
    generation = int(running.fetch("/.preview/generation"))

    # Two problems, one of them naming a field that is a script.
    payload = "<script>alert('field')</script>"
    record.write_text(original + f'"{payload}": 1\ncolour: blue\n', encoding="utf-8")
    page = running.wait_for_page("/diseases/kitchen-sink/", BANNER)
    running.wait_for_output(r"the preview still shows the last good site")
    problems = problem_lines(running.printed(), "content/diseases/kitchen-sink.yaml")
    assert len(problems) == 2 and any(payload in line for line in problems), running.printed()
    assert "colour: unknown field" in problems[1]  # ...yaml:N:1: colour: unknown field
    shown = banner_lines(page)
    assert [line for line in shown if line.startswith("content/")] == problems  # exactly as printed
    assert set(shown) <= set(running.printed().splitlines())  # and the rest it said: how many, what now
    assert any(line.startswith("2 problems in 1 file") for line in shown)
    assert payload not in page and html.escape(payload) in page  # shown as text, never run
    assert "Kitchen-sink dysplasia" in page  # the last good site stays served
    for other in ("/", "/diseases/second/"):  # on top of every page
        assert banner_lines(running.fetch(other)) == shown
    assert int(running.fetch("/.preview/generation")) == generation + 1  # open pages reload to show it

    # One fixed, one left: the banner shows what is still wrong.
    printed_before = len(running.printed())
    record.write_text(original + "colour: blue\n", encoding="utf-8")
    page = running.wait_for_page("/diseases/kitchen-sink/", html.escape(payload), shown=False)
    running.wait_for_output(r"the preview still shows the last good site", printed_before)
    left = problem_lines(running.printed()[printed_before:], "content/diseases/kitchen-sink.yaml")
    assert len(left) == 1 and "colour: unknown field" in left[0]
    assert [line for line in banner_lines(page) if line.startswith("content/")] == left

    # All fixed: the banner is gone from every page.
    record.write_text(original, encoding="utf-8")
    page = running.wait_for_page("/diseases/kitchen-sink/", BANNER, shown=False)
    assert "Kitchen-sink dysplasia" in page
    assert BANNER not in running.fetch("/")


def test_the_preview_listens_on_127_0_0_1_only(kitchen_sink_preview):
    _, running = kitchen_sink_preview
    port = int(re.fullmatch(r"http://127\.0\.0\.1:(\d+)/", running.url)[1])
    assert "Kitchen-sink dysplasia" in running.fetch("/diseases/kitchen-sink/")
    # On Linux every 127.x.y.z address reaches this machine: a server listening on all interfaces
    # would answer on 127.0.0.2, and so it would on the machine's own addresses and on ::1.
    others = {"127.0.0.2", "::1"}
    with contextlib.suppress(socket.gaierror):  # a machine whose name has no address: loopback still tells
        others |= {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)}
    for address in sorted(others - {"127.0.0.1"}):
        with pytest.raises(OSError):  # refused, or unreachable where the address does not exist
            socket.create_connection((address, port), timeout=5).close()


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
