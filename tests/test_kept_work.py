"""Kept work (.cache/) makes builds faster and never changes what they publish.

Every way the issue found kept work to publish wrong content is tried here through build.py:
entries cut short, zero-filled, overwritten with random bytes, swapped between two records or
replaced by an older version's entry; a crafted pickle; a cache folder that is a file or cannot be
written; a damaged HPO entry; a record saved during a build and saved back. Each build must
publish exactly what a plain build (`--plain`: nothing kept) publishes, and say in one warning
line what it could not use.
"""

from __future__ import annotations

import os
import pickle
import random
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from tests.conftest import copy_project, fresh_cache, run_build
from tests.test_publishing import add_variants, snapshot

KINDS = ("records", "pages", "downloads", "cards", "search")
# Kinds whose entries belong to one record or page each: two of them can be swapped.
PER_RECORD = ("records", "pages", "downloads", "search")


def entries(cache: Path, kind: str) -> list[Path]:
    return sorted((cache / kind).glob("*.kept"))


def build_ok(project: Path, cache: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    result = run_build(project, *arguments, cache_dir=cache)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result


def force_a_build(project: Path) -> None:
    """A comment in mkdocs.yml: the site is the same, but the build cannot skip."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "# once more\n", encoding="utf-8")


def kept_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "kept" in line and line.startswith("warning:")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes]]:
    """A project of three records built once with an empty cache, and its plain build."""
    folder = tmp_path_factory.mktemp("kept")
    project = copy_project(folder / "project")
    add_variants(project, 2)
    cache = fresh_cache(folder / "cache")
    build_ok(project, cache)
    plain = copy_project(folder / "plain", project / "content")
    build_ok(plain, folder / "unused-cache", "--plain")
    assert not (folder / "unused-cache").exists()  # the plain plan keeps nothing
    assert all(entries(cache, kind) for kind in KINDS)
    return project, cache, snapshot(plain / "site")


def copy_of(built: tuple[Path, Path, dict[str, bytes]], where: Path) -> tuple[Path, Path]:
    project, cache, _ = built
    copy = where / "project"
    shutil.copytree(project, copy, symlinks=True)
    shutil.copytree(cache, where / "cache")
    return copy, where / "cache"


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def zero_fill(path: Path) -> None:
    path.write_bytes(bytes(len(path.read_bytes())))


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(path.name).randbytes(len(path.read_bytes())))


def flip_one_payload_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x20
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [truncate, zero_fill, random_bytes, flip_one_payload_byte])
def test_a_damaged_entry_is_made_again_and_named_never_published(built, tmp_path, damage):
    project, cache = copy_of(built, tmp_path)
    damaged = [entries(cache, kind)[0] for kind in KINDS]
    for path in damaged:
        damage(path)
    force_a_build(project)
    result = build_ok(project, cache)
    assert snapshot(project / "site") == built[2]
    warning, = kept_warnings(result.stderr)
    assert f"{len(damaged)} kept entries" in warning and all(path.name in warning for path in damaged), warning
    # Made again, and sound: the next build uses them without a word.
    force_a_build(project)
    result = build_ok(project, cache)
    assert kept_warnings(result.stderr) == []
    assert snapshot(project / "site") == built[2]


def test_entries_swapped_between_two_records_are_not_used(built, tmp_path):
    project, cache = copy_of(built, tmp_path)
    for kind in PER_RECORD:
        first, second = entries(cache, kind)[:2]
        first_bytes = first.read_bytes()
        first.write_bytes(second.read_bytes())
        second.write_bytes(first_bytes)
    force_a_build(project)
    result = build_ok(project, cache)
    assert snapshot(project / "site") == built[2]
    warning, = kept_warnings(result.stderr)
    assert f"{2 * len(PER_RECORD)} kept entries" in warning and "another key" in warning, warning


def test_an_older_versions_entry_restored_in_place_of_the_current_one_is_not_used(built, tmp_path):
    # As a stale cache restore does: the entries made for an older version of a record, under
    # the names of the current version's entries.
    project, cache = copy_of(built, tmp_path)
    record = project / "content/diseases/variant-0.yaml"
    current = record.read_text(encoding="utf-8")
    record.write_text(current.replace("Variant 0 of the test disorder", "Variant 0, as it once was"), encoding="utf-8")
    before = {kind: set(entries(cache, kind)) for kind in KINDS}
    build_ok(project, cache)
    older = {kind: sorted(set(entries(cache, kind)) - before[kind]) for kind in KINDS}
    record.write_text(current, encoding="utf-8")
    fresh = tmp_path / "current-cache"
    build_ok(copy_project(tmp_path / "current", project / "content"), fresh_cache(fresh))
    replaced = []
    for kind in ("records", "pages", "downloads"):
        mine = {path.name for path in entries(fresh, kind)}
        assert older[kind], kind
        for name in sorted(mine):
            target = cache / kind / name
            if target.exists():
                target.write_bytes(older[kind][0].read_bytes())
                replaced.append(name)
    assert len(replaced) >= 3
    result = build_ok(project, cache)
    assert snapshot(project / "site") == built[2]
    warning, = kept_warnings(result.stderr)
    assert f"{len(replaced)} kept entries" in warning and "another key" in warning, warning


class Payload:
    """Runs code if it is ever unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_crafted_pickle_in_the_cache_runs_nothing(built, tmp_path):
    project, cache = copy_of(built, tmp_path)
    marker = tmp_path / "ran"
    crafted = pickle.dumps(Payload(marker))
    planted = [entries(cache, kind)[0] for kind in KINDS] + [
        cache / "hpo-213d6990a12ca20d42ed27d6.pickle", cache / "records" / "x.pickle", *entries(cache, "hpo")]
    for path in planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(crafted)
    force_a_build(project)
    result = build_ok(project, cache)
    assert not marker.exists()
    assert snapshot(project / "site") == built[2]
    assert len(kept_warnings(result.stderr)) == 1


def test_a_damaged_hpo_entry_is_parsed_again(built, tmp_path):
    project, cache = copy_of(built, tmp_path)
    hpo = entries(cache, "hpo")
    for entry in hpo:  # the one this code reads among any others
        truncate(entry)
    force_a_build(project)
    result = build_ok(project, cache)
    assert snapshot(project / "site") == built[2]
    warning, = kept_warnings(result.stderr)
    assert any(f"hpo/{entry.name}" in warning for entry in hpo), warning


@pytest.mark.parametrize("unusable", ["a file", "a kind that is a file", "immutable"])
def test_a_cache_that_cannot_be_used_gives_one_warning_and_a_build_without_it(built, tmp_path, unusable):
    project, _ = copy_of(built, tmp_path)
    force_a_build(project)
    cache = tmp_path / "unusable"
    if unusable == "a file":
        cache.write_text("not a folder")
    elif unusable == "a kind that is a file":
        cache.mkdir()
        for kind in KINDS:
            (cache / kind).write_text("not a folder")
    else:
        cache.mkdir()
        # Read-only even for root (the tests may run as root, whom file modes do not stop).
        if subprocess.run(["chattr", "+i", str(cache)], capture_output=True).returncode != 0:
            pytest.skip("chattr +i is not available on this file system")
    try:
        result = build_ok(project, cache)
    finally:
        subprocess.run(["chattr", "-i", str(cache)], capture_output=True)
    assert snapshot(project / "site") == built[2]
    warning, = kept_warnings(result.stderr)
    assert str(cache) in warning, warning


def test_a_record_saved_during_a_build_and_saved_back_is_built_again(built, tmp_path):
    project, cache = copy_of(built, tmp_path)
    record = project / "content/diseases/variant-1.yaml"
    saved = record.read_text(encoding="utf-8")
    other = saved.replace("Variant 1 of the test disorder", "Variant 1 while a build ran")
    # The curator saves the record again and again while a build runs, and ends where they began:
    # whatever the build read, the site must end as a build of the file as it now is.
    for _ in range(3):
        force_a_build(project)
        stop = threading.Event()

        def save_and_save_back(stop: threading.Event = stop) -> None:
            while not stop.is_set():
                record.write_text(other, encoding="utf-8")
                record.write_text(saved, encoding="utf-8")

        saving = threading.Thread(target=save_and_save_back)
        saving.start()
        try:
            run_build(project, cache_dir=cache)
        finally:
            stop.set()
            saving.join()
        record.write_text(saved, encoding="utf-8")
        build_ok(project, cache)
        assert snapshot(project / "site") == built[2]
