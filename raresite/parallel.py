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
import threading
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


_BUILD: int | None = None  # in a helper: the build's process


def _made_by(build: int) -> None:
    global _BUILD
    _BUILD = build


def build_is_gone() -> bool:
    """In a helper: whether the build that made it has ended (killed, say). In the build: False."""
    return _BUILD is not None and os.getppid() != _BUILD


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
        if build is not None:
            _made_by(build)
        while True:
            if build_is_gone():
                return  # nobody will read what a helper keeps
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


def _beside(holder: list[Callable[..., Result]], results, orders, builds_ends, build: int) -> None:
    _made_by(build)
    work = holder[0]
    # The build's ends of the pipes, which the fork copied: while this process held them, a
    # build gone before saying go or before reading the result would leave it waiting for ever.
    for end in builds_ends:
        end.close()
    try:
        try:
            arguments = orders.recv()
        except EOFError:
            return  # the build ended, or failed, before it set this helper working
        results.send(("done", work(*arguments)))
    except BaseException:  # noqa: BLE001 - the build reports it, with the helper's traceback
        with contextlib.suppress(OSError):  # the build is gone: nobody to tell
            results.send(("failed", traceback.format_exc()))
    finally:
        results.close()


class Beside:
    """Work done by a forked helper while the build goes on with something that uses one core
    (MkDocs): on a machine of one core the two share it. Where processes cannot be forked, the
    work is done in the build, when it says go.

    The helper is forked when it is made, and works when the build says go, with the arguments
    go() sends: a forked process keeps a copy of whatever memory the build frees or rewrites after
    the fork, so it is best forked early, while the build is small, and set working later."""

    def __init__(self, work: Callable[..., Result]) -> None:
        self._process = None
        self._work = work
        self._went = False
        self._outcome: tuple[str, object] = ("ended", None)
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self._results, sent = context.Pipe(duplex=False)
        orders, self._orders = context.Pipe(duplex=False)
        # Handed over in a list the build empties once the helper has its copy: the build itself
        # then no longer holds what the work needs (all the records) while MkDocs builds.
        holder = [work]
        self._work = None
        self._process = context.Process(
            target=_beside, args=(holder, sent, orders, (self._results, self._orders), os.getpid()), daemon=True)
        self._process.start()
        holder.clear()
        sent.close()  # so that a helper that dies without a word ends our wait
        orders.close()
        # The result is read as soon as it is sent, so that the helper ends then and its memory
        # is freed: left unread (a result larger than a pipe holds), it would wait, holding a
        # copy of the build's memory, until MkDocs is done, when MkDocs' own memory peaks.
        self._reader = threading.Thread(target=self._receive, daemon=True)
        self._reader.start()

    def go(self, *arguments: object) -> None:
        """Set the helper working on these arguments (sent to it: they must pickle)."""
        self._went = True
        if self._process is None:
            assert self._work is not None
            self._outcome = ("done", self._work(*arguments))
            return
        self._orders.send(arguments)
        self._orders.close()

    def _receive(self) -> None:
        with contextlib.suppress(EOFError, OSError):
            self._outcome = self._results.recv()

    def result(self) -> Result:
        """Wait for the work; its result, or RuntimeError with the helper's traceback."""
        if self._process is not None:
            self._finish()
        else:
            self._ended(None)
        state, value = self._outcome
        if state != "done":
            raise RuntimeError(f"work done beside MkDocs failed:\n{value}")
        return value

    def cancel(self) -> None:
        """Stop the helper, when its work is no longer wanted (the build failed)."""
        if self._process is not None:
            self._process.kill()
            self._finish()

    def _finish(self) -> None:
        assert self._process is not None
        self._orders.close()  # a helper never set working ends here
        self._reader.join()
        self._process.join()
        self._results.close()
        self._ended(self._process.exitcode)
        self._process = None

    def _ended(self, exitcode: int | None) -> None:
        if self._outcome[0] == "ended":
            self._outcome = ("failed", f"the helper ended without a result (exit {exitcode})" if self._went
                             else "the build never set it working")
