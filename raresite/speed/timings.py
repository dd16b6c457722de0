"""How long each stage of a build took, for `make bench` (printed only when asked for)."""

from __future__ import annotations

import json
import os
import resource
import sys
import time

# Set to anything but '' or '0' to have build.py print its stage timings as one JSON line on stderr.
TIMINGS_VARIABLE = "RARESITE_TIMINGS"
MARKER = "raresite-timings: "


class Stopwatch:
    """Seconds spent in each named stage, in the order the stages ran."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.stages: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}  # the process's peak memory when each stage ended

    def lap(self, stage: str) -> None:
        """Close the stage that just ended: everything since the previous lap counts to it."""
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - self.last
        self.peak_mb[stage] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.started

    def report(self) -> None:
        """Print the stages on stderr when RARESITE_TIMINGS asks for them."""
        if os.environ.get(TIMINGS_VARIABLE, "") not in ("", "0"):
            print(MARKER + json.dumps({"stages": self.stages, "total": self.total(), "peak_mb": self.peak_mb}),
                  file=sys.stderr)


def read_timings(stderr: str) -> dict | None:
    """The timings a build printed on stderr, or None where it printed none."""
    for line in reversed(stderr.splitlines()):
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER):])
    return None
