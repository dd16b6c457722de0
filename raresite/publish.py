"""Write the generated pages, let MkDocs build the site beside site/, and swap it in whole.

At every instant there is one whole site/: the previous one, or the new one. MkDocs writes into a
fresh folder beside site/ (new_site_folder); the files MkDocs does not read join it there
(place_extras); then one atomic exchange of the two folders publishes it (swap_in). A build that
fails or is killed at any moment leaves the previous site/ as it was; what it left beside it, the
next build removes (clear_leftovers), under the build lock (exclusive).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import logging
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from raresite.problems import AnotherBuild, PublishError

BUILDING_PREFIX = ".building-"
PREVIOUS_SUFFIX = ".previous"  # only where folders cannot be exchanged atomically: see swap_in
LOCK_NAME = "build.lock"
# What a plan may remember of the site it published (speed/skip.py writes and reads it). Any build
# removes it before it writes anything: no record of a past publish may vouch for what changes.
PUBLISHED_NAME = "published.json"


def forget_published(build_dir: Path) -> None:
    (build_dir / PUBLISHED_NAME).unlink(missing_ok=True)

ExtrasMade = tuple[set[str], int]  # the extras' paths that changed since the last build, and how many


@dataclass(frozen=True)
class Written:
    """The docs folder as the build wrote it."""

    paths: list[str]  # every file, sorted
    changed: set[str]  # written or removed since the last build
    links_to_sections: bool  # a page links to a section of another (page.md#section)


@dataclass(frozen=True)
class Docs:
    """What the build hands over to be published."""

    written: Written  # the docs folder MkDocs reads
    extras: Future[ExtrasMade]  # the files beside the pages, under way
    build_date: int  # the date MkDocs gives the theme, from the records, not the clock (seconds)
    read: dict[str, str]  # every input the build read, by path, with the SHA-256 of its bytes
    diseases: int


def write_pages(pages: Mapping[str, str], docs_dir: Path) -> Written:
    """Make docs_dir hold exactly these pages; what was written."""
    # MkDocs checks a link to another page's section only when it renders both pages, which a
    # build of the changed pages alone (speed/dirty.py) does not: such a site is built in full.
    links = any(".md#" in text for path, text in pages.items() if path.endswith(".md"))
    return Written(sorted(pages), write_docs(pages, docs_dir), links)


@contextlib.contextmanager
def exclusive(build_dir: Path) -> Iterator[None]:
    """One build at a time in a checkout: two would write the same docs folder and site/."""
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / LOCK_NAME, "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AnotherBuild("another build of this project is running (python build.py, or serve "
                               "rebuilding); nothing was changed: try again when it is done") from None
        yield


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
        if os.path.isabs(relative) or ".." in relative.split("/"):
            raise PublishError(f"refused to write {relative!r} outside {docs_dir}")
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


def new_site_folder(site_dir: Path) -> Path:
    """A fresh folder beside site_dir, for a site to be built in and then swapped in."""
    folder = site_dir.with_name(f".{site_dir.name}{BUILDING_PREFIX}{uuid.uuid4().hex[:12]}")
    folder.mkdir()
    return folder


def clear_leftovers(site_dir: Path) -> None:
    """Put back the previous site if a run was killed between the two renames of the fallback
    swap; remove the folders killed or finished builds left beside site_dir. Only under the lock."""
    previous = site_dir.with_name(site_dir.name + PREVIOUS_SUFFIX)
    if previous.is_dir() and not site_dir.exists():
        previous.rename(site_dir)
    for leftover in [previous, *site_dir.parent.glob(f".{site_dir.name}{BUILDING_PREFIX}*")]:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def swap_in(building: Path, site_dir: Path) -> Path | None:
    """Publish the site built in building as site_dir, atomically; returns where the previous
    site now is (to be deleted), or None if there was none."""
    if not site_dir.exists():
        building.rename(site_dir)
        return None
    if _exchange(building, site_dir):
        return building
    # No atomic exchange here (another system, or a file system without it): two renames; a kill
    # between them leaves the old site as site.previous, which clear_leftovers puts back.
    previous = site_dir.with_name(site_dir.name + PREVIOUS_SUFFIX)
    site_dir.rename(previous)
    building.rename(site_dir)
    return previous


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Exchange two folders in one step (Linux renameat2); False where that cannot be done."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(second))


def extras_result(extras: Future[ExtrasMade]) -> ExtrasMade:
    """Which extras changed; their failure is the build's, reported before site/ is touched."""
    try:
        return extras.result()
    except (PublishError, KeyboardInterrupt):
        raise
    except Exception as failure:  # noqa: BLE001 - said in one line, with what failed
        raise PublishError(f"the files beside the pages could not be made: {failure!r}") from None


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


class MkDocsMessages(logging.Handler):
    """MkDocs' warnings and errors, to say why it refused the pages."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def dated(build_date: int) -> None:
    """MkDocs dates the build (the theme shows it) by SOURCE_DATE_EPOCH where it is set."""
    os.environ["SOURCE_DATE_EPOCH"] = str(build_date)


@contextlib.contextmanager
def mkdocs_refusals() -> Iterator[None]:
    """MkDocs' refusal of the pages as one PublishError, with what MkDocs said."""
    from mkdocs.exceptions import MkDocsException

    collector = MkDocsMessages()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    try:
        yield
    except (MkDocsException, SystemExit) as error:
        details = "\n".join(f"  {message}" for message in collector.messages)
        raise PublishError(f"MkDocs refused the generated pages: {error}\n{details}") from None
    finally:
        mkdocs_log.removeHandler(collector)


def run_mkdocs(config_file: Path, docs_dir: Path, into: Path, build_date: int) -> None:
    """MkDocs' own build of the docs folder into a fresh folder, in strict mode."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    dated(build_date)
    with mkdocs_refusals():
        build(load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(into), strict=True))
