"""Work kept between builds in the cache folder, each entry proving itself when read.

An entry is one file: a header line of fixed form, then the payload bytes (JSON or a PNG, never
pickle: the cache can come from elsewhere, a CI cache restore, and nothing read from it may run
code). The header holds the entry's full key, a digest of everything the work was made from (the
`Keeping.key` of the item, the generator's code, the installed packages and the HPO release),
and the payload's size and SHA-256. A read checks them all, so an entry that was cut short,
zero-filled, overwritten with other bytes, swapped with another entry or restored from an older
build is never used; nor is one whose payload cannot be read back, whatever it holds. Such an
entry is made again, and named in one warning. Any change to what the work was made from is a new
key, so kept work is never stale.

Entries unused for two weeks are removed, and the oldest beyond twice what is in use.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from pathlib import Path

from raresite.keeping import Keeping

MAGIC = b"raresite-kept 2 "
# After MAGIC: the full key (64 hex digits), the payload's size (decimal) and SHA-256 (64 hex digits).
_HEADER = re.compile(rb"([0-9a-f]{64}) ([0-9]{1,12}) ([0-9a-f]{64})\n")
UNUSED_FOR = 14 * 24 * 3600
AT_LEAST = 256 * 1024 * 1024  # what the cache may always hold, however little a build used
# A file's time says when it was last used, to the day: touching each file on every read would
# cost a build a write to the disk for every record.
TOUCHED_WITHIN = 24 * 3600


class CacheUnusable(Exception):
    """The cache folder cannot be used at all (a file, read-only, ...): the build goes without."""


class KeptStore:
    """Kept entries under one folder, keyed by a context (what every entry depends on) and a key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.context = b""  # set once the context is known (see FastPlan)
        self.bad: list[str] = []  # entries found damaged or stale: made again
        self.unwritable: str | None = None  # why entries could not be written, once

    def open(self) -> None:
        """Make sure the folder is one this build can read and write; CacheUnusable if not."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe = self.folder / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            raise CacheUnusable(f"{self.folder}: {error.strerror or error}") from None

    def _entry(self, kind: str, key: bytes) -> tuple[Path, str]:
        full = hashlib.sha256(b"\0".join([self.context, kind.encode(), key])).hexdigest()
        return self.folder / kind / f"{full[:40]}.kept", full

    def has(self, keeping: Keeping, key: bytes) -> bool:
        """Whether an entry is there under key (sound or not: get() says)."""
        return self._entry(keeping.kind, key)[0].is_file()

    def get(self, keeping: Keeping, key: bytes) -> tuple[bool, object]:
        """(True, the kept result) where a sound entry is kept under key, else (False, None)."""
        path, full = self._entry(keeping.kind, key)
        try:
            with path.open("rb") as stream:
                data = stream.read()
                touched = os.fstat(stream.fileno()).st_mtime
        except (FileNotFoundError, NotADirectoryError):  # not kept (yet)
            return False, None
        except OSError:
            self.bad.append(f"{keeping.kind}/{path.name} (unreadable)")
            return False, None
        try:
            value = keeping.decode(self._payload(data, full))
        except Exception as error:  # noqa: BLE001 - whatever the bytes hold, the work is done again
            self.bad.append(f"{keeping.kind}/{path.name} ({type(error).__name__}: {str(error)[:80]})")
            return False, None
        if touched < time.time() - TOUCHED_WITHIN:
            with contextlib.suppress(OSError):
                os.utime(path)  # still in use: see prune()
        return True, value

    @staticmethod
    def _payload(data: bytes, full_key: str) -> bytes:
        header = _HEADER.match(data, len(MAGIC)) if data.startswith(MAGIC) else None
        if header is None:
            raise ValueError("not a kept entry")
        key, size, sha256 = header[1].decode(), int(header[2]), header[3].decode()
        payload = data[header.end():]
        if key != full_key:
            raise ValueError("kept under another key")
        if size != len(payload) or sha256 != hashlib.sha256(payload).hexdigest():
            raise ValueError("payload does not match its digest")
        return payload

    def put(self, keeping: Keeping, key: bytes, value: object) -> None:
        payload = keeping.encode(value)
        if payload is None:
            return
        path, full = self._entry(keeping.kind, key)
        header = f"{full} {len(payload)} {hashlib.sha256(payload).hexdigest()}\n"
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        try:
            path.parent.mkdir(exist_ok=True)
            with open(partial, "wb") as stream:
                stream.write(MAGIC + header.encode() + payload)
            partial.replace(path)
        except OSError as error:  # a full or read-only disk costs speed, never the build
            self.unwritable = self.unwritable or f"{path.parent}: {error.strerror or error}"
            with contextlib.suppress(OSError):
                partial.unlink()

    def prune(self, at_least: int = AT_LEAST) -> None:
        """Remove entries unused for two weeks, then the least recently used beyond twice what
        is in use (used within a day: see TOUCHED_WITHIN), and at least at_least bytes."""
        now = time.time()
        entries = []
        for file in self.folder.glob("*/*"):
            try:
                stat = file.stat()
                if stat.st_mtime < now - UNUSED_FOR:
                    file.unlink()
                else:
                    entries.append((stat.st_mtime, stat.st_size, file))
            except OSError:
                pass
        in_use = sum(size for touched, size, _ in entries if touched >= now - 2 * TOUCHED_WITHIN)
        room = max(at_least, 2 * in_use)
        total = sum(size for _, size, _ in entries)
        for _, size, file in sorted(entries, key=lambda entry: entry[0]):
            if total <= room:
                break
            with contextlib.suppress(OSError):
                file.unlink()
            total -= size
