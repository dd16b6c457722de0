"""Kept work made ahead on the machine's other cores, for a build that starts cold.

Checking a record and making its page and downloads are independent from one record to the
next. When many are not kept yet (a first build, a changed template), helper processes forked
from the build each do a share of them and keep the results (kept.py), while the build does its
own share. The build then goes through every record in order, as it always does, and finds them
kept. The helpers reach the site only through kept work, whose keys hold all it was made from:
they change how fast a build is, never what it makes. A helper that fails costs only time.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")

# Below this many items, starting a helper costs more than it saves.
FEW = 40


def _helper(work: Callable[[Item], object], items: Sequence[Item], build: int | None = None) -> None:
    for item in items:
        if build is not None and os.getppid() != build:
            return  # the build is gone (killed, say): nobody will read what a helper keeps
        with contextlib.suppress(Exception):  # the build does it again and reports what is wrong
            work(item)


def cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def make_ahead(items: Sequence[Item], work: Callable[[Item], object]) -> None:
    """Run work on every item, on all cores, for its side effect of keeping the result."""
    helpers = min(cores() - 1, len(items) // FEW)
    if helpers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        return
    # Forked, so that the helpers share what the build has loaded (the HPO release, the
    # templates) instead of pickling it to them.
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_helper, args=(work, items[share::helpers + 1], os.getpid()),
                                 daemon=True)
                 for share in range(1, helpers + 1)]
    for process in processes:
        process.start()
    try:
        _helper(work, items[0::helpers + 1])
    finally:
        for process in processes:
            process.join()
