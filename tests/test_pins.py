"""Every Python dependency is pinned: what the pins pull in is pinned too, and is what is installed."""

from __future__ import annotations

import re
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO

# pip itself is the installer, not a dependency: nothing the project installs requires it.
TOOLING = {"pip"}


def _pins(file_name: str) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (REPO / file_name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            pins.update(_pins(line.removeprefix("-r ").strip()))
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==([A-Za-z0-9.+!-]+)", line)
        assert match, f"{file_name}: {line!r} is not pinned exactly (expected NAME==VERSION)"
        pins[canonicalize_name(match[1])] = match[2]
    return pins


def _unpinned_requirements(pins: dict[str, str]) -> set[str]:
    missing = set()
    for name in pins:
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            required = canonicalize_name(requirement.name)
            if required not in pins and required not in TOOLING:
                missing.add(f"{name} needs {required}")
    return missing


def test_the_site_pins_are_complete_and_installed():
    pins = _pins("requirements.txt")
    assert {name: metadata.version(name) for name in pins} == pins
    assert _unpinned_requirements(pins) == set()


def test_the_test_pins_are_complete_and_installed():
    pins = _pins("requirements-test.txt")
    assert {name: metadata.version(name) for name in pins} == pins
    assert _unpinned_requirements(pins) == set()
