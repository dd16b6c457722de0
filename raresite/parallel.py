"""Work shared with helper processes on the machine's other cores.

Kept work made ahead, for a build that starts cold (Ahead, make_ahead): checking a record and
making its page are independent from one record to the next. When many are not kept yet (a
first build, a changed template), helper processes forked from the build take records one at a
time and keep the results (kept.py); the build takes records from the same count once it has
nothing else to do. It then goes through every record in order, as it always does, and finds them
kept. The helpers reach the site only through kept work, whose keys hold all it was made from:
they change how fast a build is, never what it makes. A helper that fails costs only time.

Work beside MkDocs (Beside): MkDocs builds on one core; files it does not read are made on another.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")

# Below this many items, starting a helper costs more than it saves.
FEW = 40


def cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Ahead(Generic[Item]):
    """Work on every item, started now by forked helpers; the build joins in with finish(),
    when it has done what it had to do meanwhile. Items are taken one at a time from one count,
    so that the work is shared however long each process was busy elsewhere."""

    def __init__(self, items: Sequence[Item], work: Callable[[Item], object]) -> None:
        self.items, self.work = items, work
        self._helpers: list[multiprocessing.process.BaseProcess] = []
        helpers = min(cores() - 1, len(items) // FEW)
        if helpers < 1 or "fork" not in multiprocessing.get_all_start_methods():
            return  # the build does every item itself, when it comes to it
        # Forked, so that the helpers share what the build has loaded (the HPO release, the
        # templates) instead of pickling it to them.
        context = multiprocessing.get_context("fork")
        # What the build holds now it holds to the end: frozen, the collector leaves it alone in
        # every process, so the helpers neither spend time on it nor copy the pages it is on.
        gc.freeze()
        self._taken = context.RawValue("q", 0)
        self._lock = context.Lock()
        self._helpers = [context.Process(target=self._take, args=(os.getpid(),), daemon=True)
                         for _ in range(helpers)]
        for helper in self._helpers:
            helper.start()

    def _take(self, build: int | None = None) -> None:
        while True:
            if build is not None and os.getppid() != build:
                return  # the build is gone (killed, say): nobody will read what a helper keeps
            with self._lock:
                index = self._taken.value
                self._taken.value = index + 1
            if index >= len(self.items):
                return
            with contextlib.suppress(Exception):  # the build does it again and reports what is wrong
                self.work(self.items[index])

    def finish(self) -> None:
        """Take items with the helpers until none is left; then wait for them."""
        if not self._helpers:
            return
        try:
            self._take()
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Wait for the helpers' items in hand, and take no more (finish() does this too)."""
        if not self._helpers:
            return
        with self._lock:
            self._taken.value = len(self.items)
        for helper in self._helpers:
            helper.join()
        self._helpers = []


def make_ahead(items: Sequence[Item], work: Callable[[Item], object]) -> None:
    """Run work on every item, on all cores, for its side effect of keeping the result."""
    Ahead(items, work).finish()


Result = TypeVar("Result")


def _beside(work: Callable[[], Result], results, build: int) -> None:
    global _BUILD
    _BUILD = build
    try:
        results.send(("done", work()))
    except BaseException:  # noqa: BLE001 - the build reports it, with the helper's traceback
        results.send(("failed", traceback.format_exc()))
    finally:
        results.close()


_BUILD: int | None = None  # in a helper made by Beside: the build's process


def build_is_gone() -> bool:
    """In a helper made by Beside: whether the build that made it has ended (killed, say)."""
    return _BUILD is not None and os.getppid() != _BUILD


class Beside:
    """Work done by a forked helper while the build goes on with something that uses one core
    (MkDocs). Where processes cannot be forked, the work is done at once, in the build."""

    def __init__(self, work: Callable[[], Result]) -> None:
        self._process = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._outcome = ("done", work())
            return
        context = multiprocessing.get_context("fork")
        gc.freeze()  # as for Ahead
        self._results, sent = context.Pipe(duplex=False)
        self._process = context.Process(target=_beside, args=(work, sent, os.getpid()), daemon=True)
        self._process.start()
        sent.close()  # so that a helper that dies without a word ends our wait

    def result(self) -> Result:
        """Wait for the work; its result, or RuntimeError with the helper's traceback."""
        if self._process is not None:
            try:
                self._outcome = self._results.recv()
            except EOFError:
                self._outcome = ("failed", f"the helper ended without a result (exit {self._process.exitcode})")
            finally:
                self._process.join()
                self._results.close()
                self._process = None
        state, value = self._outcome
        if state != "done":
            raise RuntimeError(f"work done beside MkDocs failed:\n{value}")
        return value

    def cancel(self) -> None:
        """Stop the helper, when its work is no longer wanted (the build failed)."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._results.close()
            self._process = None
