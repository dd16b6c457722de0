"""Write the generated pages, then let MkDocs build the site beside site/ and swap it in whole.

A build that fails, or is killed at any point, leaves the previous site/ as it was: MkDocs
writes into a fresh folder next to it, and only a finished build replaces site/, by two renames.
A kill between those renames leaves the old site as site.previous/, which the next run puts back
before doing anything else. The files MkDocs does not read are made while it builds and put
into its output before the swap (place_extras).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from raresite.problems import PublishError

PREVIOUS_SUFFIX = ".previous"
BUILDING_PREFIX = ".building-"
TRASH_INFIX = ".deleting-"


def write_docs(pages: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]], docs_dir: Path) -> set[str]:
    """Make docs_dir hold exactly these pages (a mapping, or pairs of path and content made one
    at a time, so that they need not all be in memory); returns the paths of the files that
    changed (written or removed).

    The folder is ours alone: files we did not generate this time are removed, and a file whose
    content is unchanged is not rewritten.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    root = str(docs_dir)
    existing, folders = _files_under(root)
    made_folders = {""}
    changed = set()
    wanted = set()
    for relative, content in (pages.items() if isinstance(pages, Mapping) else pages):
        wanted.add(relative)
        target = os.path.join(root, relative)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if relative in existing:
            with open(target, "rb") as current:
                if current.read() == data:
                    continue
            _replace(target, data)
        else:
            folder = os.path.dirname(relative)
            if folder not in folders and folder not in made_folders:
                os.makedirs(os.path.join(root, folder), exist_ok=True)
                made_folders.add(folder)
            try:
                # A new file, which nothing links to yet: written where it belongs, in one go.
                with open(target, "xb") as new:
                    new.write(data)
            except FileExistsError:  # made since the folder was listed (or a folder of that name)
                _replace(target, data)
        changed.add(relative)
    for relative in existing - wanted:
        os.unlink(os.path.join(root, relative))
        changed.add(relative)
    # Folders left empty go, deepest first, as a clean build would not have made them.
    holding_files = {os.path.dirname(relative) for relative in wanted}
    for folder in sorted(folders - holding_files - {""}, reverse=True):
        with contextlib.suppress(OSError):  # not empty
            os.rmdir(os.path.join(root, folder))
    return changed


def _replace(target: str, data: bytes) -> None:
    """Replace a file by a new one, never rewriting it in place (place_extras relies on it),
    under a name of this process's own while it is written (two processes never share one)."""
    partial = f"{target}.{os.getpid()}.partial"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(partial)
    with open(partial, "xb") as stream:
        stream.write(data)
    os.replace(partial, target)


def _files_under(root: str) -> tuple[set[str], set[str]]:
    """The files and folders under root, as paths relative to it ('' is root itself)."""
    files, folders = set(), {""}
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(os.path.join(root, relative)) as entries:
            for entry in entries:
                path = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(path)
                    pending.append(path)
                else:
                    files.add(path)
    return files, folders


def links_to_anchors_elsewhere(pages: dict[str, str | bytes]) -> bool:
    """Whether a page links to a section of another page (page.md#section). MkDocs checks such a
    link only when it renders both pages, which a build of the changed pages alone does not."""
    return any(isinstance(text, str) and ".md#" in text for path, text in pages.items()
               if path.endswith(".md"))


def recover_interrupted_swap(site_dir: Path) -> None:
    """Put back the previous site if a run was killed between its two renames; remove what
    killed runs left beside it."""
    previous = site_dir.with_name(site_dir.name + PREVIOUS_SUFFIX)
    if previous.is_dir():
        if site_dir.exists():
            shutil.rmtree(previous, ignore_errors=True)
        else:
            previous.rename(site_dir)
    for stale in site_dir.parent.glob(f".{site_dir.name}{BUILDING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
    # A deletion cut short, or still under way (see delete_in_background): deleting it twice
    # at once is harmless.
    for trash in site_dir.parent.glob(f".{site_dir.name}{PREVIOUS_SUFFIX}{TRASH_INFIX}*"):
        _spawn_deleter(trash)


def _building_dir(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}{BUILDING_PREFIX}{os.getpid()}")


# Copies file by file, and stops when the build that started it is gone (killed, say), so that
# no copy goes on writing beside site/ for nobody.
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
    own work on the first core. MkDocs' dirty build updates the copy, never site/ itself.

    A real copy, not hard links: MkDocs rewrites files in place, which would change site/ through
    a link.
    """

    def __init__(self, site_dir: Path) -> None:
        self.path = _building_dir(site_dir)
        shutil.rmtree(self.path, ignore_errors=True)
        self._process = subprocess.Popen([sys.executable, "-c", _COPY, str(site_dir), str(self.path)])

    def ready(self) -> bool:
        """Wait for the copy; whether it is complete."""
        return self._process.wait() == 0 and self.path.is_dir()

    def discard(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        shutil.rmtree(self.path, ignore_errors=True)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _QuietDirty(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation inaccurate, which strict mode counts
    as an error. Ours is safe: it runs only while the navigation, the theme and the list of pages
    are those of the published site, and the search index is merged for every page."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


# Above this share of pages changed, updating a copy costs more than building afresh.
MOST_PAGES = 0.5


def build_with_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, source_date: int, *,
                      copy: SiteCopy | None = None, changed: set[str] = frozenset(),
                      extras_dir: Path | None = None,
                      extras_written: Callable[[], set[str]] = set,
                      lap: Callable[[str], None] = lambda stage: None) -> int | None:
    """Build the site with MkDocs in strict mode and replace site_dir with it, atomically.

    Given a copy of site_dir, the caller vouches that site_dir was published from this docs
    folder by this configuration, with the same list of files, and that `changed` are the docs
    files written since: MkDocs then re-renders in the copy only those (its dirty build), and the
    search index is merged. Returns how many pages that re-rendered, or None for a full build.

    extras_dir holds files MkDocs does not read, made while it builds: once MkDocs is done,
    extras_written waits for them and says which changed since site_dir was published; they are
    then put into the new site (place_extras). lap("mkdocs") is called when MkDocs is done.
    """
    building = _building_dir(site_dir)
    # The build date MkDocs gives the theme comes from the records, not the clock.
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date)
    rendered = None
    if copy is not None and copy.ready():
        rendered = _run_mkdocs(config_file, docs_dir, building, update_of=site_dir, changed=changed)
    elif copy is not None:
        copy.discard()
    if rendered is None:
        shutil.rmtree(building, ignore_errors=True)
        _run_mkdocs(config_file, docs_dir, building)
    lap("mkdocs")
    if extras_dir is not None:
        try:
            # Always waited for: a full build places every extra, and must find them all made.
            changed_extras = extras_written()
            place_extras(extras_dir, building, changed_extras if rendered is not None else None)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    previous = site_dir.with_name(site_dir.name + PREVIOUS_SUFFIX)
    if site_dir.exists():
        site_dir.rename(previous)
    building.rename(site_dir)
    if previous.exists():
        # site/ is published: what cannot be moved aside now, the next build removes.
        with contextlib.suppress(OSError):
            delete_in_background(previous)
    return rendered


def place_extras(extras_dir: Path, building: Path, changed: set[str] | None) -> None:
    """Put the files of extras_dir into the site MkDocs built: every one into a full build
    (changed None), the changed ones into an updated copy of the published site.

    As hard links, not copies: a file in extras_dir is only ever replaced (write_docs writes a
    changed file anew under another name and renames it; a new file nothing links to yet it writes
    in place), never rewritten, so a published file cannot change through one.
    """
    if changed is None:
        if not extras_dir.is_dir():
            return
        _link_all(str(extras_dir), str(building))
        return
    for relative in sorted(changed):
        source, target = extras_dir / relative, building / relative
        target.unlink(missing_ok=True)
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            _link(str(source), str(target))
        else:
            # Gone from the extras: its folders go too when nothing else is left in them, as a
            # clean build would not have made them (omim/259710/ once that address is gone).
            folder = target.parent
            while folder != building and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent


def _link_all(source_root: str, target_root: str) -> None:
    """Link every file under source_root to the same place under target_root, where MkDocs has
    built: one system call a file (there are seven a record), and one a folder."""
    files, folders = _files_under(source_root)
    for folder in sorted(folders - {""}):
        with contextlib.suppress(FileExistsError):
            os.mkdir(os.path.join(target_root, folder))
    for relative in sorted(files):
        try:
            _link(os.path.join(source_root, relative), os.path.join(target_root, relative))
        except FileExistsError:
            raise PublishError(f"two files would be published as {relative}: one MkDocs built "
                               "from the pages and a record's download or share card") from None


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:  # another file system, or one without hard links
        if os.path.lexists(target):  # where that error comes before "exists"
            raise FileExistsError(target) from None
        shutil.copy2(source, target)


_DELETE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def delete_in_background(folder: Path) -> None:
    """Move folder aside under a name of its own and let a detached process delete it: a
    thousand-disease site takes half a second to delete, which the build need not wait for."""
    trash = folder.with_name(f".{folder.name}{TRASH_INFIX}{os.getpid()}")
    shutil.rmtree(trash, ignore_errors=True)
    folder.rename(trash)
    _spawn_deleter(trash)


def _spawn_deleter(folder: Path) -> None:
    subprocess.Popen([sys.executable, "-c", _DELETE, str(folder)], start_new_session=True,
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _run_mkdocs(config_file: Path, docs_dir: Path, building: Path,
                update_of: Path | None = None, changed: set[str] = frozenset()) -> int | None:
    """A full build into building; or, given update_of, a dirty build of building, a copy of
    that site, re-rendering the changed docs files; returns how many pages it rendered (None:
    a full build is the better way)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _Collect()
    quiet = _QuietDirty()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    try:
        config = load_config(
            str(config_file), docs_dir=str(docs_dir), site_dir=str(building), strict=True,
        )
        if update_of is None:
            build(config)
            return None
        pages = _mark_changed(config, docs_dir, building, changed)
        if len(pages) > MOST_PAGES * sum(1 for _ in docs_dir.rglob("*.md")):
            return None
        build(config, dirty=True)
        index = building / SEARCH_INDEX
        merged = merge_search_index(
            json.loads((update_of / SEARCH_INDEX).read_text(encoding="utf-8")),
            json.loads(index.read_text(encoding="utf-8")),
            pages,
        )
        if merged is None:
            return None
        # As Material's search plugin writes it, so that the bytes equal a full build's.
        index.write_bytes(json.dumps(merged, separators=(",", ":"), default=str).encode("utf-8"))
        return len(pages)
    except (MkDocsException, SystemExit) as error:
        shutil.rmtree(building, ignore_errors=True)
        details = "\n".join(f"  {message}" for message in collector.messages)
        raise PublishError(f"MkDocs refused the generated pages: {error}\n{details}") from None
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    finally:
        mkdocs_log.removeHandler(collector)
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)


SEARCH_INDEX = Path("search") / "search_index.json"


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
                # As Page.url gives it, which is what the search index holds: '' for the home page.
                pages.add("" if file.url in (".", "./") else file.url)
            if target.exists():
                os.utime(target, ns=(0, 0))
        elif target.exists():
            source_time = path.stat().st_mtime_ns
            if target.stat().st_mtime_ns < source_time:
                os.utime(target, ns=(source_time, source_time))
    return pages


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


def merge_search_index(previous: dict, fresh: dict, changed: set[str]) -> dict | None:
    """The search index of a full build, from the previous one and a dirty build's.

    A dirty build's index holds only the pages it rendered. A full build lists every page's
    entries together, in the order of the pages, which is unchanged while the list of pages is:
    so the previous index keeps its order and each re-rendered page's entries are replaced.
    None when that cannot be done (a page that had no entries now has some).
    """
    if previous.get("config") != fresh.get("config"):
        return None
    order: list[str] = []
    entries: dict[str, list[dict]] = {}
    for entry in previous["docs"]:
        page = _page_of(entry["location"])
        if page not in entries:
            order.append(page)
            entries[page] = []
        elif order[-1] != page:
            return None  # not one run of entries per page: not an index we know how to merge
        entries[page].append(entry)
    rendered: dict[str, list[dict]] = {}
    for entry in fresh["docs"]:
        rendered.setdefault(_page_of(entry["location"]), []).append(entry)
    if not set(rendered) <= (changed & set(entries)):
        return None
    docs = []
    for page in order:
        docs.extend(rendered.get(page, []) if page in changed else entries[page])
    return {"config": fresh["config"], "docs": docs}
