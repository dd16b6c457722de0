"""Rebuilds give the same bytes as a clean build: with nothing changed, and after a one-record edit."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_project, fresh_cache, run_build, searchable_text
from tools.synthetic import edit_record, slug_of, write_catalogue

RECORDS = 4


def site_files(site: Path) -> dict[str, str]:
    """Every file of a built site, by path, as a hash of its bytes."""
    return {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*")) if path.is_file()
    }


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory, hpo_release) -> Path:
    folder = tmp_path_factory.mktemp("synthetic-content")
    write_catalogue(RECORDS, hpo_release, folder / "diseases")
    return folder


def build_ok(project: Path) -> str:
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def edit_one_record(project: Path) -> None:
    edit_record(project, 1, r"Nothing on this page is medical information\.",
                "Nothing on this page is medical information, at all.")


def test_rebuilds_are_byte_identical_to_clean_builds(tmp_path: Path, content: Path) -> None:
    project = copy_project(tmp_path / "project", content)
    build_ok(project)
    first = site_files(project / "site")
    assert f"diseases/{slug_of(1)}/index.html" in first

    # Nothing changed: the build stops early and site/ keeps every byte.
    said = build_ok(project)
    assert "Nothing changed" in said
    assert site_files(project / "site") == first

    # One record changed: MkDocs re-renders only its page, in a copy of the published site, and
    # the result equals a clean build of the same content elsewhere, search index included.
    edit_one_record(project)
    said = build_ok(project)
    assert "(1 changed page re-rendered)" in said, said
    rebuilt = site_files(project / "site")
    assert rebuilt != first
    changed_page = f"diseases/{slug_of(1)}/index.html"
    assert "medical information, at all." in (project / "site" / changed_page).read_text(encoding="utf-8")
    assert "medical information, at all." in searchable_text(project / "site")
    assert_same_as_clean_build(tmp_path / "clean-1", project)

    # A renamed disease changes the pages that list it too: the home page, A-Z, its feature and
    # gene pages. Still no page is added or removed, so only those are re-rendered.
    rename_one_record(project)
    said = build_ok(project)
    rerendered = int(re.search(r"\((\d+) changed pages re-rendered\)", said)[1])
    assert 4 < rerendered < len([p for p in (project / "build/docs").rglob("*.md")]), said
    assert "Renamed disorder" in (project / "site/index.html").read_text(encoding="utf-8")
    assert_same_as_clean_build(tmp_path / "clean-2", project)

    # Files MkDocs does not read are made beside it and put into the copy: an identifier that is
    # no longer exact takes its permanent address (a redirect page) away, pages stay the same.
    redirect = project / "site/omim/900003/index.html"
    assert redirect.is_file()
    edit_record(project, 3, r'(id: "?OMIM:900003"?\n\s+relation: )exact', r"\1narrower")
    said = build_ok(project)
    assert "changed page" in said and "re-rendered" in said, said
    assert not redirect.exists()
    assert_same_as_clean_build(tmp_path / "clean-3", project)


def assert_same_as_clean_build(folder: Path, project: Path) -> None:
    """A clean build elsewhere, with nothing kept from other builds, makes the same site."""
    clean = copy_project(folder / "project", project / "content")
    result = run_build(clean, cache_dir=fresh_cache(folder / "cache"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "re-rendered" not in result.stdout  # no published site there: a full build
    assert site_files(clean / "site") == site_files(project / "site")
    assert folders(clean / "site") == folders(project / "site")  # none left empty by a rebuild


def folders(site: Path) -> set[str]:
    return {str(path.relative_to(site)) for path in site.rglob("*") if path.is_dir()}


def test_changed_pages_are_found_by_content_not_by_file_times(tmp_path: Path, content: Path) -> None:
    project = copy_project(tmp_path / "project", content)
    build_ok(project)
    # A site whose files are dated in the future (a clock set back, a copy from elsewhere):
    # MkDocs' own test, output older than source, would find nothing to re-render.
    future = time.time() + 3600
    for path in (project / "site").rglob("*"):
        os.utime(path, (future, future))
    rename_one_record(project)
    said = build_ok(project)
    assert "changed pages re-rendered" in said, said
    assert "Renamed disorder" in (project / "site/index.html").read_text(encoding="utf-8")
    assert_same_as_clean_build(tmp_path / "clean", project)


def rename_one_record(project: Path) -> None:
    edit_record(project, 2, r"(preferred: ).*", r"\1Renamed disorder")


def test_a_new_record_or_a_failed_build_makes_the_next_build_a_full_one(
        tmp_path: Path, content: Path, hpo_release) -> None:
    project = copy_project(tmp_path / "project", content)
    build_ok(project)
    # A page more changes the navigation, the sitemap and the search index's order: MkDocs
    # builds everything afresh.
    write_catalogue(RECORDS + 1, hpo_release, project / "content" / "diseases")
    said = build_ok(project)
    assert "re-rendered" not in said
    assert (project / "site/diseases" / slug_of(RECORDS) / "index.html").is_file()
    # A build that fails in MkDocs has already written its Markdown; the next build must not
    # trust the published site to match it, so it builds afresh too.
    edit_one_record(project)
    main = project / "overrides/main.html"
    main.write_text("{% extends 'base.html' %}{% block content %}{{ nonsense(", encoding="utf-8")
    assert run_build(project).returncode != 0
    shutil.copy2(REPO / "overrides/main.html", main)
    said = build_ok(project)
    assert "re-rendered" not in said
    page = project / "site/diseases" / slug_of(1) / "index.html"
    assert "medical information, at all." in page.read_text(encoding="utf-8")
    assert_same_as_clean_build(tmp_path / "clean", project)


def test_a_changed_template_is_not_skipped(tmp_path: Path, content: Path) -> None:
    project = copy_project(tmp_path / "project", content)
    build_ok(project)
    template = project / "templates" / "about.md.jinja"
    template.write_text(template.read_text(encoding="utf-8") + "\nA line added by the test.\n",
                        encoding="utf-8")
    said = build_ok(project)
    assert "Nothing changed" not in said
    assert "A line added by the test." in (project / "site" / "about" / "index.html").read_text(encoding="utf-8")


def test_a_failed_build_leaves_no_stamp_that_skips_the_next(tmp_path: Path, content: Path) -> None:
    project = copy_project(tmp_path / "project", content)
    build_ok(project)
    before = site_files(project / "site")
    record = project / "content" / "diseases" / f"{slug_of(0)}.yaml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("slug: ", "slugg: ", 1), encoding="utf-8")
    assert run_build(project).returncode == 1
    assert site_files(project / "site") == before
    # The failed build took the stamp away before doing anything, so no later run can trust it.
    assert not (project / "build/published.json").exists()
    # Back to the published inputs: the site is built again (or found current), never half-made.
    record.write_text(good, encoding="utf-8")
    build_ok(project)
    assert site_files(project / "site") == before


def test_a_build_keeps_what_it_checked_even_when_it_fails(tmp_path: Path, content: Path) -> None:
    project = copy_project(tmp_path / "project", content)
    cache = fresh_cache(tmp_path / "cache")
    records = sorted((project / "content" / "diseases").glob("*.yaml"))
    good = records[0].read_text(encoding="utf-8")
    records[0].write_text(good.replace("slug: ", "slugg: ", 1), encoding="utf-8")
    assert run_build(project, cache_dir=cache).returncode == 1
    assert len(list((cache / "records").glob("*.kept"))) == len(records) - 1  # all that passed
    records[0].write_text(good, encoding="utf-8")
    build = run_build(project, cache_dir=cache)
    assert build.returncode == 0, build.stdout + build.stderr
    assert len(list((cache / "records").glob("*.kept"))) == len(records)
    assert len(list((cache / "pages").glob("*.kept"))) == len(records)
    assert not list(cache.rglob("*.partial"))
