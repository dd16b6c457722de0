"""The fast plan builds exactly what the plain one builds: every speed-up changes only how long.

`python build.py --plain` does every step in one process, keeps nothing and skips nothing. The
usual build checks records and makes pages on every core, keeps work between builds, makes the
files beside the pages while MkDocs builds, and lets MkDocs re-render only the changed pages in a
copy of the published site. Both are compared byte for byte: on the kitchen sink, and on a
catalogue large enough for the workers, built cold, with kept work, and after an edit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, copy_project, fresh_cache, run_build
from tests.test_publishing import snapshot
from tools.synthetic import edit_record, write_catalogue

# Enough records that the fast plan shares them between workers (speed/workers.py's FEW).
RECORDS = 40


def build_ok(project: Path, cache: Path, *arguments: str) -> str:
    result = run_build(project, *arguments, cache_dir=cache)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def both_plans(tmp_path: Path, content: Path) -> tuple[Path, Path, Path]:
    fast, plain = copy_project(tmp_path / "fast", content), copy_project(tmp_path / "plain", content)
    return fast, plain, fresh_cache(tmp_path / "cache")


def test_the_kitchen_sink_builds_the_same_with_both_plans(tmp_path):
    fast, plain, cache = both_plans(tmp_path, DATA / "kitchen-sink")
    build_ok(fast, cache)
    build_ok(plain, cache, "--plain")
    assert snapshot(fast / "site") == snapshot(plain / "site")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory, hpo_release) -> Path:
    content = copy_project(tmp_path_factory.mktemp("catalogue") / "project").joinpath("content")
    write_catalogue(RECORDS, hpo_release, content / "diseases")
    return content


def test_a_catalogue_builds_the_same_with_both_plans_cold_kept_and_after_an_edit(tmp_path, catalogue):
    fast, plain, cache = both_plans(tmp_path, catalogue)
    # Cold: nothing kept; records and pages are made by the workers.
    assert "re-rendered" not in build_ok(fast, cache)
    build_ok(plain, cache, "--plain")
    assert snapshot(fast / "site") == snapshot(plain / "site")
    # With kept work: a change MkDocs must see, none the pages show; every record and page kept.
    for project in (fast, plain):
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert "Nothing changed" not in build_ok(fast, cache)
    assert snapshot(fast / "site") == snapshot(plain / "site")
    # After an edit: MkDocs' dirty build of the one changed page, in a copy of the published site.
    for project in (fast, plain):
        edit_record(project, 3, r"Nothing on this page is medical information\.",
                    "Nothing on this page is medical information, at all.")
    assert "(1 changed page re-rendered)" in build_ok(fast, cache)
    build_ok(plain, cache, "--plain")
    assert snapshot(fast / "site") == snapshot(plain / "site")
    # Nothing changed: the fast plan skips, the site stays as the plain plan builds it.
    assert "Nothing changed" in build_ok(fast, cache)
    assert snapshot(fast / "site") == snapshot(plain / "site")


def test_a_plain_build_leaves_nothing_that_lets_a_later_build_skip_wrongly(tmp_path):
    fast, plain, cache = both_plans(tmp_path, DATA / "kitchen-sink")
    build_ok(fast, cache)
    record = fast / "content/diseases/second.yaml"
    before = record.read_text(encoding="utf-8")
    record.write_text(before.replace("Second test disorder", "Second test disorder, edited"), encoding="utf-8")
    build_ok(fast, cache, "--plain")  # site/ now shows the edit
    record.write_text(before, encoding="utf-8")  # back to what the fast build published
    assert "Nothing changed" not in build_ok(fast, cache)
    build_ok(plain, cache, "--plain")
    assert snapshot(fast / "site") == snapshot(plain / "site")
