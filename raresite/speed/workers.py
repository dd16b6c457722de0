"""Work on the machine's other cores, with the standard library's process pool.

The pools are forked from the build when they are needed, so that their workers have what the
build has loaded (the HPO release, the templates, the records) without it being pickled to them:
the work and its items are left where a forked worker finds them (_TASK), and only an item's
number goes down the pool's pipe. Workers die with the build (a killed build leaves none behind
holding its lock) and leave a Ctrl-C to it.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

# Below this many items, starting workers costs more than it saves.
FEW = 16

_TASK: Any = None  # in a worker: what it was forked to do


def cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


_PR_SET_PDEATHSIG = 1


def _worker_started(build: int) -> None:
    """In each worker: end with the build, and leave Ctrl-C to it."""
    # A Ctrl-C reaches every process of the terminal's group: the build alone hears it, and ends
    # its workers. A worker that died of it could break the pool before the build had heard it,
    # which would then fail instead of saying it was interrupted.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != build:  # the build died before the line above took effect
        os._exit(1)


@contextlib.contextmanager
def _forked_pool(workers: int, task: object) -> Iterator[ProcessPoolExecutor]:
    """A pool of forked workers that find task in _TASK; on failure, its workers are killed."""
    global _TASK
    # What the build holds now it holds to the end: frozen, the collector leaves it alone in
    # every process, so the workers neither spend time on it nor copy the pages it is on.
    gc.freeze()
    before = set(multiprocessing.active_children())
    _TASK = task
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_started, initargs=(os.getpid(),))
    try:
        yield pool
    except BaseException:
        for child in set(multiprocessing.active_children()) - before:
            child.kill()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        _TASK = None
    pool.shutdown(wait=True)


def _run_item(index: int) -> object:
    work, items = _TASK
    return work(items[index])


def map_on_every_core(work: Callable[[Any], object], items: Sequence[Any]) -> list[object]:
    """work on every item, on every core; results in the items' order."""
    workers = min(cores(), len(items) // FEW)
    if workers < 2 or not can_fork():
        return [work(item) for item in items]
    with _forked_pool(workers, (work, items)) as pool:
        # Chunks of a few dozen: few trips down the pipe, and the last chunks still share out.
        return list(pool.map(_run_item, range(len(items)), chunksize=max(1, len(items) // (workers * 8))))


def _run_item_with(index: int) -> object:
    work, items, state = _TASK
    return work(items[index], state)


def map_in_workers(work: Callable[[Any, Any], object], items: Sequence[Any], count: int, state: object) -> list[object]:
    """work(item, state) on every item, by count forked workers that find state as the build
    held it (count 1: here, in order); results in the items' order."""
    if count < 2 or len(items) < 2 or not can_fork():
        return [work(item, state) for item in items]
    with _forked_pool(count, (work, items, state)) as pool:
        return list(pool.map(_run_item_with, range(len(items)), chunksize=max(1, len(items) // (count * 8))))


def _run_beside() -> object:
    return _TASK()


class Beside:
    """Work done by one forked worker while the build goes on with something else (MkDocs)."""

    def __init__(self, work: Callable[[], object]) -> None:
        global _TASK
        gc.freeze()  # as in _forked_pool
        before = set(multiprocessing.active_children())
        _TASK = work
        try:
            pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                       initializer=_worker_started, initargs=(os.getpid(),))
            # Forked at the first submit: the worker has the work; the build lets go of it.
            self.future: Future = pool.submit(_run_beside)
        finally:
            _TASK = None
        pool.shutdown(wait=False)  # the worker ends once its work is done
        self._worker = set(multiprocessing.active_children()) - before

    def stop(self) -> None:
        """Stop the worker if it is still at work (the build failed: its work is not wanted)."""
        if not self.future.done():
            for child in self._worker:
                child.kill()
            with contextlib.suppress(Exception):
                self.future.exception(timeout=10)
