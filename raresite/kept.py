"""Work kept between builds in the cache folder, under a key of everything it was made from.

A thousand records cost seconds on every build to read, check and turn into pages and downloads,
although an edit changes one of them. Two kinds of work are kept:

- a record that passed its checks, by its file's bytes and name (validate.py);
- the files one record alone decides, its page and (apart, since they are made beside MkDocs)
  its downloads, by the record's content (disease_files.py).

Each key also holds the context the work read besides: the generator's code, the installed
packages and the HPO release, and for pages the templates, the glossary and the site's settings.
Any change to one of them is a new key, so kept work is never stale; only work that succeeded is
kept. Kept work unused for two weeks is removed, and the oldest beyond a size that holds this
build's work twice over (a template edit makes a thousand pages anew: the old ones go first).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from pathlib import Path

from raresite.hpo import release_digest

UNUSED_FOR = 14 * 24 * 3600
AT_LEAST = 256 * 1024 * 1024  # what a folder may always hold, however little a build used
# A file's time says when it was last used, to the day: touching each file on every read would
# cost a build a write to the disk for every record.
TOUCHED_WITHIN = 24 * 3600


def code_context() -> bytes:
    """What every kind of kept work depends on: the code, the packages, the HPO release."""
    from raresite.incremental import installed_packages

    digest = hashlib.sha256(installed_packages())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    # By content: pip dates installed files by the install, and CI installs afresh every run.
    digest.update(release_digest().encode())
    return digest.digest()


class KeptWork:
    """Results by key in one folder; a folder of None keeps nothing."""

    def __init__(self, folder: Path | None, context: bytes = b"") -> None:
        self.folder = folder
        self._context = hashlib.sha256(context).digest()
        self.used_bytes = 0  # what this build read or wrote here: see prune()
        # What the process that made this object made itself, so that it is not read back from
        # the disk; and, once it holds its writes, what it has not written yet. A helper forked
        # from it neither remembers nor holds: its work reaches the build through the disk.
        self._owner = os.getpid()
        self._made_here: dict[bytes, object] = {}
        self._holding = False
        self._held: dict[bytes, object] = {}
        self._folder_made = False

    def _file(self, key: bytes) -> Path:
        assert self.folder is not None
        return self.folder / f"{hashlib.sha256(self._context + key).hexdigest()[:32]}.pickle"

    def has(self, key: bytes) -> bool:
        return self.folder is not None and (key in self._made_here or self._file(key).is_file())

    def get(self, key: bytes) -> object | None:
        if self.folder is None:
            return None
        if key in self._made_here:
            return self._made_here.pop(key)  # asked for once: the build holds it from now on
        file = self._file(key)
        try:
            with file.open("rb") as stream:
                value = pickle.load(stream)
                self.used_bytes += stream.tell()
                touched = os.fstat(stream.fileno()).st_mtime
            if touched < time.time() - TOUCHED_WITHIN:
                os.utime(file)  # still in use: see prune()
        except Exception:  # absent, or unreadable (a write cut short): the work is done again
            return None
        return value

    def put(self, key: bytes, value: object) -> None:
        if self.folder is None:
            return
        if os.getpid() == self._owner:
            self._made_here[key] = value
            if self._holding:
                self._held[key] = value
                return
        self._write(key, value)

    def hold_writes(self) -> None:
        """Hold what this process puts from now on, to be written by write_held(), later or in
        another process: a build writes its kept work while MkDocs builds, on the core MkDocs
        leaves idle. Helpers forked from this process still write theirs at once."""
        self._holding = True

    def held(self) -> dict[bytes, object]:
        """What put() held and nobody wrote yet; this process forgets it."""
        held, self._held = self._held, {}
        return held

    def write_held(self, held: dict[bytes, object] | None = None) -> None:
        """Write what this object held (in a forked copy of it), or what another's held() gave."""
        for key, value in (self.held() if held is None else held).items():
            self._write(key, value)

    def _write(self, key: bytes, value: object) -> None:
        file = self._file(key)
        try:
            if not self._folder_made:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._folder_made = True
            partial = file.with_name(f"{file.name}.{os.getpid()}.partial")
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            partial.write_bytes(data)
            partial.replace(file)
            self.used_bytes += len(data)
        except OSError:
            pass  # a read-only or full disk costs speed, never the build

    def let_go(self) -> None:
        """Forget what this process made and nobody asked for yet (the build has it already)."""
        self._made_here.clear()

    def prune(self, at_least: int = AT_LEAST) -> None:
        """Remove kept work unused for two weeks, then the least recently used beyond twice
        what this build used (and at least at_least bytes)."""
        if self.folder is None or not self.folder.is_dir():
            return
        oldest = time.time() - UNUSED_FOR
        entries = []
        for file in self.folder.iterdir():
            try:
                stat = file.stat()
                if stat.st_mtime < oldest:
                    file.unlink()
                else:
                    entries.append((stat.st_mtime, stat.st_size, file))
            except OSError:
                pass
        room = max(at_least, 2 * self.used_bytes)
        total = sum(size for _, size, _ in entries)
        for _, size, file in sorted(entries, key=lambda entry: entry[0]):
            if total <= room:
                break
            with contextlib.suppress(OSError):
                file.unlink()
            total -= size
