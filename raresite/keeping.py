"""How a piece of the build's work may be kept between builds: the one thing a stage tells a plan
about its work besides the work itself (raresite/plan.py). Apart from the plan, so that a stage the
plan itself runs (the search index) can name it without importing the plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(frozen=True)
class Keeping(Generic[Item, Result]):
    """How a result may be kept between builds: under what name, by what key, as what bytes.

    The key holds everything the result depends on besides the generator's code, the installed
    packages and the HPO release (a plan that keeps work adds those)."""

    kind: str  # a name for this kind of work: "records", "pages", ...
    key: Callable[[Item], bytes]
    encode: Callable[[Result], bytes | None]  # None: not kept (a record with problems)
    decode: Callable[[bytes], Result]  # raises ValueError, TypeError or KeyError on bytes it cannot read
