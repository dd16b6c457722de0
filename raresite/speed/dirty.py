"""MkDocs' dirty build in a copy of the published site: after an edit, only the changed pages.

While the build loads, checks and renders, a second process copies the published site/ (a real
copy: MkDocs rewrites files in place, which would change site/ through a hard link). When MkDocs
would see what it saw last time (speed/skip.py's frame), its dirty build re-renders in that copy
the pages whose Markdown the build rewrote. Whatever this cannot do exactly as a full build
would, it declines (None), and the plan builds in full.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from raresite import publish

_COPY = """
import os, shutil, sys
build = os.getppid()
def copy(source, target):
    if os.getppid() != build:
        sys.exit(1)
    return shutil.copy2(source, target)
shutil.copytree(sys.argv[1], sys.argv[2], symlinks=True, copy_function=copy)
"""


class SiteCopy:
    """A copy of the published site, made beside it by a second process while the build does its
    own work; MkDocs' dirty build updates the copy, never site/ itself."""

    def __init__(self, site_dir: Path) -> None:
        self.path = publish.new_site_folder(site_dir)
        self.path.rmdir()  # copytree makes it
        # Its own session: a Ctrl-C meant for the build is the build's to handle.
        self._process = subprocess.Popen([sys.executable, "-c", _COPY, str(site_dir), str(self.path)],
                                         start_new_session=True, stdin=subprocess.DEVNULL)

    def ready(self) -> bool:
        """Wait for the copy; whether it is complete."""
        return self._process.wait() == 0 and self.path.is_dir()

    def discard(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        shutil.rmtree(self.path, ignore_errors=True)


class _QuietDirty(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation inaccurate, which strict mode counts
    as an error. Ours is safe: it runs only while the navigation, the theme and the list of pages
    are those of the published site."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


# Above this share of pages changed, updating a copy costs more than building afresh.
MOST_PAGES = 0.5


def update_copy(config_file: Path, docs_dir: Path, copy: Path, changed: set[str], build_date: int) -> int | None:
    """Re-render the changed docs files in copy, a copy of the published site, with MkDocs' dirty
    build; how many pages it rendered, or None where a full build is the better way (the copy is
    then left to be discarded). Material's search index lists no page (raresite/mkdocs_hooks.py),
    so a dirty build writes the one a full build writes; search's index is made anew over the
    whole site after every build (search.index_for_search)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    publish.dated(build_date)
    quiet = _QuietDirty()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    try:
        with publish.mkdocs_refusals():
            config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(copy), strict=True)
            pages = _mark_changed(config, docs_dir, copy, changed)
            if len(pages) > MOST_PAGES * sum(1 for _ in docs_dir.rglob("*.md")):
                return None
            build(config, dirty=True)
        return len(pages)
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)


def _mark_changed(config, docs_dir: Path, building: Path, changed: set[str]) -> set[str]:
    """Make MkDocs' dirty build re-render exactly the changed files; returns the addresses of
    the changed pages.

    MkDocs re-renders a file whose output is older than its source. Times can mislead it (a
    clock set back, a site restored from elsewhere), so they are set here from what the build
    knows it wrote: a changed file's output is dated 0, every other output no older than its
    source.
    """
    from mkdocs.structure.files import File

    pages = set()
    for path in docs_dir.rglob("*"):
        if not path.is_file():
            continue
        relative = path.relative_to(docs_dir).as_posix()
        file = File(relative, str(docs_dir), str(building), config.use_directory_urls)
        target = Path(file.abs_dest_path)
        if relative in changed:
            if file.is_documentation_page():
                pages.add(file.url)
            if target.exists():
                os.utime(target, ns=(0, 0))
        elif target.exists():
            source_time = path.stat().st_mtime_ns
            if target.stat().st_mtime_ns < source_time:
                os.utime(target, ns=(source_time, source_time))
    return pages
