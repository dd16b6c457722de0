"""`build.py serve`: a live preview on 127.0.0.1, rebuilt whenever a record, template or mkdocs.yml changes.

Each rebuild is a whole `python build.py` run in a child process, so the preview shows exactly
what a build publishes and picks up changed code and templates too. A build that fails prints
its problems and leaves site/ as it was, so the preview keeps showing the last good site, with
a banner on top of every page that shows what the build printed (each problem's
file:line:column: field: message, as in the terminal) until a build succeeds. Pages are served
with a small script that reloads the browser whenever that changes: after a good rebuild, and
when a failed one brings the banner or other problems. Script and banner are added while serving
only and never reach site/.
"""

from __future__ import annotations

import functools
import html
import os
import re
import signal
import subprocess
import sys
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from raresite.problems import UsageError

DEFAULT_PORT = 8000
HOST = "127.0.0.1"  # never another interface: the preview is for the curator's own machine
WATCHED_FOLDERS = ("content", "templates", "overrides")
WATCHED_FILES = ("mkdocs.yml",)
# Written by the build itself: a change there must not start another build.
GENERATED_FILES = ("content/disease.schema.json",)
# Edits settle before a build starts, so that one save (often several writes) builds once.
QUIET_SECONDS = 0.3
GENERATION_PATH = "/.preview/generation"
RELOAD_SCRIPT = (
    "<script>/* live preview only */(function(){var seen=null;setInterval(function(){"
    f"fetch('{GENERATION_PATH}',{{cache:'no-store'}}).then(function(r){{return r.text()}})"
    ".then(function(g){if(seen!==null&&g!==seen){location.reload()}seen=g})"
    ".catch(function(){})},1000)})();</script>"
)


BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


class PreviewState:
    """What the preview shows; the build loop changes it and the web server's threads read it."""

    def __init__(self) -> None:
        # Counts the changes to what is shown, so that open pages know when to reload.
        self.generation = 0
        # What the last build printed to stderr, line by line, when it failed; None when it succeeded.
        self.failure: tuple[str, ...] | None = None

    def built(self, failure: tuple[str, ...] | None) -> None:
        """Take the outcome of one build: None for a good build, else what the failed one printed."""
        if failure is None or failure != self.failure:
            self.failure = failure  # before the generation, so that a reloading page sees it
            self.generation += 1


def serve(port: int, root: Path) -> None:
    """Build, serve site/ on 127.0.0.1, and rebuild on every change until Ctrl+C."""
    state = PreviewState()
    # SIGTERM (a closed terminal, a test ending) stops the preview as Ctrl+C does.
    signal.signal(signal.SIGTERM, _interrupt)
    handler = functools.partial(PreviewHandler, state=state, directory=str(root / "site"))
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as error:
        raise UsageError(f"cannot serve on {HOST}:{port} ({error.strerror}); choose another "
                         f"port with: python build.py serve --port N") from None
    state.built(rebuild(root, "start"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    changes = ChangeWatcher(root)
    observer = Observer()
    for folder in WATCHED_FOLDERS:
        if (root / folder).is_dir():
            observer.schedule(changes, str(root / folder), recursive=True)
    observer.schedule(changes, str(root), recursive=False)
    observer.start()
    host, bound_port = server.server_address[:2]
    print(f"Serving the preview on http://{host}:{bound_port}/ ; it is rebuilt "
          f"when a record, a template or mkdocs.yml changes. Stop with Ctrl+C.", flush=True)
    try:
        while True:
            state.built(rebuild(root, changes.wait_until_quiet()))
    except KeyboardInterrupt:
        print("Preview stopped.", flush=True)
    finally:
        observer.stop()
        server.shutdown()
        server.server_close()
        observer.join(timeout=5)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def rebuild(root: Path, reason: str) -> tuple[str, ...] | None:
    """Run the whole build once in a child process; its messages go to this terminal. Returns None
    when it succeeded, else the lines it printed to stderr (its problems and why it stopped)."""
    print(f"\nBuilding ({reason})...", flush=True)
    said: list[str] = []
    sys.stderr.flush()
    with subprocess.Popen([sys.executable, str(root / "build.py")], cwd=root, env=os.environ,
                          stderr=subprocess.PIPE) as build:
        try:
            for line in build.stderr:  # passed on as it comes, byte for byte, and kept for the pages
                sys.stderr.buffer.write(line)
                sys.stderr.buffer.flush()
                said.append(line.decode("utf-8", errors="replace").rstrip("\r\n"))
        except BaseException:  # Ctrl+C or SIGTERM: the build ends with the preview, as subprocess.run does
            build.kill()
            raise
    if build.returncode == 0:
        print("Preview updated.", flush=True)
        return None
    print("The build failed (see above); the preview still shows the last good site, with these "
          "problems on top of every page until a build succeeds.", flush=True)
    return tuple(said) or (f"The build stopped (exit status {build.returncode}) without saying why.",)


def failure_banner(failure: tuple[str, ...]) -> str:
    """The banner on top of every page while the last build has failed: what it printed, escaped."""
    printed = "\n".join(html.escape(line) for line in failure)
    return (
        '<div id="preview-failure" role="alert" style="position:sticky;top:0;z-index:1000;'
        'background:#b71c1c;color:#fff;padding:.6em 1em;font:15px/1.4 system-ui,sans-serif;'
        'border-bottom:4px solid #7f0000"><details open><summary style="cursor:pointer">'
        "<strong>The last build failed.</strong> This preview still shows the last good site; fix "
        "these problems and save, and every open page updates itself.</summary>"
        '<pre style="margin:.5em 0 0;padding:.5em;max-height:40vh;overflow:auto;white-space:pre-wrap;'
        f'background:#fff;color:#000;font:13px/1.4 monospace">{printed}</pre></details></div>'
    )


class ChangeWatcher(FileSystemEventHandler):
    """Collects changes to the files a build reads, and says when they have settled."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.changed: set[str] = set()
        self.last_change = 0.0
        self.condition = threading.Condition()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in ("created", "modified", "deleted", "moved"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        relevant = [shown for shown in map(self._relevant, paths) if shown]
        if relevant:
            with self.condition:
                self.changed.update(relevant)
                self.last_change = time.monotonic()
                self.condition.notify_all()

    def _relevant(self, path: str | bytes) -> str | None:
        """The path relative to the project when a build reads it; None for anything else."""
        if not path:
            return None
        try:
            relative = Path(os.fsdecode(path)).resolve().relative_to(self.root)
        except ValueError:
            return None
        shown = relative.as_posix()
        name = relative.name
        # Editors' swap, backup, lock and temporary files (often without a suffix) are not content.
        if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp")) or not relative.suffix:
            return None
        if shown in GENERATED_FILES:
            return None
        if len(relative.parts) == 1:
            return shown if shown in WATCHED_FILES else None
        return shown if relative.parts[0] in WATCHED_FOLDERS else None

    def wait_until_quiet(self) -> str:
        """Block until something changed and nothing more changed for QUIET_SECONDS."""
        with self.condition:
            while not self.changed:
                self.condition.wait()
            while (remaining := self.last_change + QUIET_SECONDS - time.monotonic()) > 0:
                self.condition.wait(remaining)
            changed, self.changed = sorted(self.changed), set()
        return ", ".join(changed) + " changed"


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves site/ as a web server would, plus the reload script, the generation and any failure banner."""

    def __init__(self, *args, state: PreviewState, **kwargs) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if self.path == GENERATION_PATH:
            self._send(HTTPStatus.OK, "text/plain; charset=utf-8", str(self.state.generation).encode())
            return
        failure = self.state.failure
        banner = failure_banner(failure) if failure else ""
        if not Path(self.directory).is_dir():
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8", (
                "<!doctype html><meta charset=utf-8><title>No good build yet</title>" + banner +
                "<p>No good build yet: fix the problems (printed in the terminal too); this page "
                "reloads when the build succeeds.</p>" + RELOAD_SCRIPT).encode("utf-8"))
            return
        page = Path(self.translate_path(self.path))
        if page.is_dir() and self.path.split("?")[0].endswith("/"):
            page = page / "index.html"
        if page.suffix == ".html" and page.is_file():
            document = page.read_text(encoding="utf-8")
            if banner:  # a function as the replacement: the banner's text is not a pattern
                document, found = BODY_TAG.subn(lambda body: body[0] + banner, document, count=1)
                document = document if found else banner + document
            document = document.replace("</body>", RELOAD_SCRIPT + "</body>", 1)
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", document.encode("utf-8"))
            return
        super().do_GET()

    def end_headers(self) -> None:
        # Always the newest build: a browser must not show a page from before the last change.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: the terminal is for build messages."""
