"""Work kept between builds (kept.py) and made ahead on other cores (parallel.py) never changes
what a build reports or makes; only how long it takes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from raresite.kept import KeptWork
from raresite.parallel import FEW, Ahead, Beside, cores, make_ahead
from raresite.validate import load_and_validate
from tests.conftest import DATA, REPO

INVALID = DATA / "invalid"


def _messages(case: Path, release, kept: KeptWork) -> list[str]:
    return [str(p) for p in load_and_validate(case, release, case, kept).problems]


def test_kept_records_report_the_same_problems_as_fresh_ones(tmp_path, hpo_release):
    # Between records: the first file passes on its own and is kept; the problem is placed in
    # the other file's line, read again from the file when the kept record is involved.
    for name in ("same-slug", "same-omim", "related-record-missing", "several-files"):
        case = INVALID / name
        expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        kept = KeptWork(tmp_path / name, b"test")
        assert _messages(case, hpo_release, kept) == expected
        assert _messages(case, hpo_release, kept) == expected, f"{name}: second run, records kept"


def test_a_record_with_a_problem_is_never_kept(tmp_path, hpo_release):
    case = INVALID / "hpo-terms"
    kept = KeptWork(tmp_path / "kept", b"test")
    first = _messages(case, hpo_release, kept)
    assert first
    assert _messages(case, hpo_release, kept) == first
    outcome = load_and_validate(case, hpo_release, case)
    with_problems = {problem.file for problem in outcome.problems}
    passing = [loaded for loaded in outcome.records if loaded.shown_as not in with_problems]
    assert len(passing) < len(outcome.records) + len(outcome.salvaged)
    assert len(list((tmp_path / "kept").glob("*.pickle"))) == len(passing)


def test_an_edited_file_is_checked_again(tmp_path, hpo_release):
    case = shutil.copytree(DATA / "kitchen-sink", tmp_path / "content")
    kept = KeptWork(tmp_path / "kept", b"test")
    assert _messages(case, hpo_release, kept) == []
    record = next((case / "diseases").glob("*.yaml"))
    record.write_text(record.read_text(encoding="utf-8").replace("slug: ", "slugg: ", 1), encoding="utf-8")
    assert any("slugg" in message for message in _messages(case, hpo_release, kept))


def test_prune_removes_what_no_build_used_for_two_weeks(tmp_path):
    kept = KeptWork(tmp_path, b"test")
    kept.put(b"old", "old work")
    kept.put(b"new", "new work")
    two_weeks_ago = time.time() - 15 * 24 * 3600
    old_file = kept._file(b"old")
    os.utime(old_file, (two_weeks_ago, two_weeks_ago))
    KeptWork(tmp_path, b"test").prune()
    assert not old_file.exists()
    assert KeptWork(tmp_path, b"test").get(b"new") == "new work"


def test_prune_keeps_the_folder_within_twice_what_a_build_used(tmp_path):
    at_least = 4 * 1024 * 1024
    big = b"x" * (at_least // 4)
    earlier = KeptWork(tmp_path, b"earlier")
    for number in range(6):  # 1.5 times what a folder may always hold
        earlier.put(str(number).encode(), big)
        moment = time.time() - 3600 * (10 - number)
        os.utime(earlier._file(str(number).encode()), (moment, moment))
    this_build = KeptWork(tmp_path, b"this build")
    this_build.put(b"current", b"small")
    this_build.prune(at_least=at_least)
    left = sorted(p.stat().st_size for p in tmp_path.iterdir())
    assert sum(left) <= at_least
    assert this_build.get(b"current") == b"small"
    # The least recently used went first.
    assert not earlier._file(b"0").exists() and earlier._file(b"5").exists()


def test_held_work_is_written_later_but_a_forked_helper_writes_its_own_at_once(tmp_path):
    kept = KeptWork(tmp_path, b"test")
    kept.hold_writes()
    kept.put(b"mine", "made by the build")
    assert kept.get(b"mine") == "made by the build"  # this process has it
    assert not kept._file(b"mine").exists()
    helper = os.fork()
    if helper == 0:  # a helper forked from the build: its work must reach the build on disk
        kept.put(b"helper's", "made by a helper")
        os._exit(0 if b"helper's" not in kept._made_here else 1)  # nor does it hold on to it
    assert os.waitpid(helper, 0)[1] == 0
    assert KeptWork(tmp_path, b"test").get(b"helper's") == "made by a helper"
    # Written by another process (the one beside MkDocs) from what this one held.
    elsewhere = KeptWork(tmp_path, b"test")
    elsewhere.write_held(kept.held())
    assert KeptWork(tmp_path, b"test").get(b"mine") == "made by the build"
    assert kept.held() == {}


def test_reading_kept_work_dates_it_only_when_a_day_old(tmp_path):
    kept = KeptWork(tmp_path, b"test")
    kept.put(b"fresh", 1)
    kept.put(b"stale", 2)
    hour_ago, two_days_ago = time.time() - 3600, time.time() - 2 * 24 * 3600
    os.utime(kept._file(b"fresh"), (hour_ago, hour_ago))
    os.utime(kept._file(b"stale"), (two_days_ago, two_days_ago))
    reader = KeptWork(tmp_path, b"test")
    assert (reader.get(b"fresh"), reader.get(b"stale")) == (1, 2)
    assert kept._file(b"fresh").stat().st_mtime == pytest.approx(hour_ago)
    assert kept._file(b"stale").stat().st_mtime > time.time() - 60


def _mark(folder: Path, item: int) -> None:
    (folder / f"{item}-{os.getpid()}").write_text("done")


@pytest.mark.skipif(cores() < 2, reason="one core: make_ahead leaves the work to the build")
def test_make_ahead_does_every_item_and_shares_them_between_processes(tmp_path):
    items = list(range(3 * FEW))
    # Each item takes a while: items done in no time could all be taken before a helper starts.
    make_ahead(items, lambda item: (time.sleep(0.002), _mark(tmp_path, item)))
    done = [p.name.split("-") for p in tmp_path.iterdir()]
    assert sorted(int(item) for item, _ in done) == items
    processes = {pid for _, pid in done}
    assert len(processes) > 1 and str(os.getpid()) in processes


def test_make_ahead_on_one_core_leaves_everything_to_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr("raresite.parallel.cores", lambda: 1)
    make_ahead(list(range(3 * FEW)), lambda item: _mark(tmp_path, item))
    assert list(tmp_path.iterdir()) == []


def test_make_ahead_leaves_few_items_to_the_build(tmp_path):
    make_ahead(list(range(FEW - 1)), lambda item: _mark(tmp_path, item))
    assert list(tmp_path.iterdir()) == []  # too few to be worth a helper: nothing made ahead


@pytest.mark.skipif(cores() < 2, reason="one core: Ahead leaves the work to the build")
def test_ahead_works_while_the_build_is_busy_and_the_build_then_takes_what_is_left(tmp_path):
    items = list(range(3 * FEW))
    ahead = Ahead(items, lambda item: (_mark(tmp_path, item), time.sleep(0.01)))
    deadline = time.monotonic() + 10
    while not any(tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.01)  # the build busy elsewhere: the helper begins without it
    begun = len(list(tmp_path.iterdir()))
    assert 0 < begun < len(items)
    ahead.finish()
    done = [p.name.split("-") for p in tmp_path.iterdir()]
    assert sorted(int(item) for item, _ in done) == items  # every item once, by one process
    by_build = sum(1 for _, pid in done if pid == str(os.getpid()))
    assert by_build > 0  # and the build took its share of what was left


def _failing() -> None:
    raise ValueError("a download could not be made")


def _set_working(work, *arguments) -> Beside:
    helper = Beside(work)
    helper.go(*arguments)
    return helper


def test_beside_works_on_what_go_sends_and_reports_its_failure():
    assert _set_working(lambda *paths: set(paths), "data/a.json").result() == {"data/a.json"}
    with pytest.raises(RuntimeError, match="ValueError: a download could not be made"):
        _set_working(_failing).result()
    with pytest.raises(RuntimeError, match="ended without a result"):
        _set_working(lambda: os._exit(3)).result()
    with pytest.raises(RuntimeError, match="never set it working"):
        Beside(lambda: 1).result()


def test_beside_stops_its_helper_when_the_build_no_longer_wants_it():
    for helper in (_set_working(lambda: time.sleep(60)), Beside(lambda: time.sleep(60))):
        started = time.perf_counter()
        helper.cancel()
        assert time.perf_counter() - started < 10


def test_a_helper_beside_mkdocs_ends_when_the_build_is_killed_before_reading_it():
    # Its result is larger than a pipe holds and comes after the build was killed: sending it
    # must fail rather than wait for ever for a reader.
    script = ("import sys, time; sys.path.insert(0, sys.argv[1]); from raresite.parallel import Beside; "
              "helper = Beside(lambda: (time.sleep(1), 'x' * 1_000_000)[1]); helper.go(); "
              "print(helper._process.pid, flush=True); time.sleep(60)")
    build = subprocess.Popen([sys.executable, "-c", script, str(REPO)], stdout=subprocess.PIPE, text=True)
    helper = int(build.stdout.readline())
    time.sleep(0.3)  # the helper is still working
    build.kill()
    build.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(helper):
        time.sleep(0.1)
    assert not _alive(helper)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; only its parent, gone, could have reaped it


def test_a_kept_record_brings_its_prose_as_rendered_while_checked(tmp_path, hpo_release):
    # A record checked in a helper is made into a page in the build: the prose it rendered
    # while checking it comes with it, so that the page need not render it again.
    from raresite import prose
    from raresite.validate import prose_of

    content = REPO / "content"
    load_and_validate(content, hpo_release, REPO, KeptWork(tmp_path / "kept", b"test"))
    prose._RENDERED.clear()
    # A new KeptWork, as in the build after a helper kept the record: read from the disk.
    outcome = load_and_validate(content, hpo_release, REPO, KeptWork(tmp_path / "kept", b"test"))
    texts = prose_of(outcome.records[0].record)
    assert texts and set(texts) <= set(prose._RENDERED)
    remembered = {text: prose._RENDERED[text] for text in texts}
    prose._RENDERED.clear()
    assert prose.renderings(texts) == remembered  # as rendering them now would
