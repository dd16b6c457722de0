"""Records already read, modelled and checked, kept between builds in the cache folder.

Reading a record with the position of every field, modelling it and checking it against HPO costs
about 5 ms: 5 s for a catalogue of a thousand, on every build, for records that mostly did not
change. A record that passed is kept, pickled, under a key made of its file's bytes and name and of
everything its checks read besides: the generator's code, the installed packages and the HPO
release. Any change to one of them is a new key, so a kept record is never stale; a record with a
problem is never kept, so its problems are always found afresh. Checks between records (shared
slugs and identifiers, links between records) are not kept: they run on every build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from dataclasses import dataclass
from pathlib import Path

from raresite.hpo import shipped_files
from raresite.problems import Problem
from raresite.record import DiseaseRecord

# Kept records not used for this long are removed, so the folder does not grow with every edit.
UNUSED_FOR = 14 * 24 * 3600


@dataclass(frozen=True)
class KeptRecord:
    record: DiseaseRecord
    warnings: list[Problem]


def _context() -> bytes:
    from raresite.incremental import installed_packages

    digest = hashlib.sha256(installed_packages())
    code = Path(__file__).resolve().parent
    for path in sorted(code.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name, path in sorted(shipped_files().items()):
        stat = path.stat()
        digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.digest()


class RecordCache:
    """Checked records by the bytes of their file; a folder of None keeps nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._context = _context() if folder is not None else b""

    def _file(self, shown_as: str, data: bytes) -> Path:
        assert self.folder is not None
        key = hashlib.sha256(self._context + shown_as.encode() + b"\0" + data).hexdigest()
        return self.folder / f"{key[:32]}.pickle"

    def get(self, shown_as: str, data: bytes) -> KeptRecord | None:
        if self.folder is None:
            return None
        file = self._file(shown_as, data)
        try:
            with file.open("rb") as stream:
                kept = pickle.load(stream)
            os.utime(file)  # in use: see prune()
        except Exception:  # absent, or unreadable (an interrupted write): check the record again
            return None
        return kept if isinstance(kept, KeptRecord) else None

    def put(self, shown_as: str, data: bytes, kept: KeptRecord) -> None:
        if self.folder is None:
            return
        file = self._file(shown_as, data)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = file.with_name(f"{file.name}.{os.getpid()}.partial")
            partial.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
            partial.replace(file)
        except OSError:
            pass  # a read-only or full disk costs speed, never the build

    def prune(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        oldest = time.time() - UNUSED_FOR
        for file in self.folder.iterdir():
            try:
                if file.stat().st_mtime < oldest:
                    file.unlink()
            except OSError:
                pass
