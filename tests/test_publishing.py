"""Publishing is atomic and deterministic, and real-world text builds.

- At every instant there is one whole site/: a build killed at any moment, interrupted with
  Ctrl-C, refused by MkDocs, or whose files beside the pages fail, leaves the previous site/ byte
  for byte; the next build publishes the new one.
- One build at a time in a checkout: a second says so and changes nothing.
- Two builds of the same content, in two different folders, give byte-identical sites.
- Windows line endings, a UTF-8 byte-order mark, non-ASCII names, long texts and many records work.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from raresite.problems import PublishError
from raresite.publish import place_extras, write_docs
from tests.conftest import HPO_CACHE, REPO, copy_project, fresh_cache, run_build

OPTB2 = REPO / "content/diseases/optb2.yaml"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def add_variants(project: Path, count: int) -> None:
    """count more records made from OPTB2's, each with its own slug and (made-up) OMIM number."""
    text = OPTB2.read_text(encoding="utf-8")
    for number in range(count):
        variant = (text.replace("slug: optb2", f"slug: variant-{number}")
                   .replace("OMIM:259710", f"OMIM:{900000 + number}")
                   .replace("MONDO:0009816", f"MONDO:{9000000 + number}")
                   .replace("UMLS:C1850126", f"UMLS:C{9000000 + number}")
                   .replace("MedGen:342420", f"MedGen:{900000 + number}")
                   .replace("preferred: Osteopetrosis, autosomal recessive 2",
                            f"preferred: Variant {number} of the test disorder"))
        (project / f"content/diseases/variant-{number}.yaml").write_text(variant, encoding="utf-8")


# A shell starts a foreground job with Ctrl-C at its default and unblocked, whatever the shell
# itself does with it. A child inherits both from the process that starts it, here the test
# runner, whose own state must not decide what the build hears: this resets them, then runs the
# build in the same process.
AS_FROM_A_TERMINAL = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                      "signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT}); "
                      "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])")


def build_process(project: Path, *arguments: str, cache: Path = HPO_CACHE) -> subprocess.Popen:
    """build.py started as a curator would start it, in a session of its own (as a terminal's
    foreground job is a group of its own)."""
    environment = dict(os.environ, RARESITE_CACHE_DIR=str(cache), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.Popen([sys.executable, "-c", AS_FROM_A_TERMINAL, str(project / "build.py"), *arguments],
                            cwd=project, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def wait_for(condition, what: str, seconds: float = 120) -> None:
    """Poll condition (a state of the file system the build makes) until it holds."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


def test_a_build_killed_at_any_moment_leaves_a_whole_site(tmp_path):
    # The new content's site, built elsewhere: after every kill, site/ is this or the old one.
    project = copy_project(tmp_path / "project")
    add_variants(project, 50)
    reference = copy_project(tmp_path / "reference", project / "content")
    started = time.monotonic()
    assert run_build(reference, cache_dir=fresh_cache(tmp_path / "reference-cache")).returncode == 0
    duration = time.monotonic() - started
    new = snapshot(reference / "site")
    for variant in project.glob("content/diseases/variant-*.yaml"):
        variant.rename(tmp_path / variant.name)
    assert run_build(project).returncode == 0
    old = snapshot(project / "site")
    for variant in tmp_path.glob("variant-*.yaml"):
        variant.rename(project / "content/diseases" / variant.name)
    outcomes = []
    # Kills spread over a whole build, each with a cache as cold as the reference's, so that
    # every build goes through every stage: loading, checking, MkDocs, the swap.
    for moment in [duration * k / 9 for k in range(1, 9)]:
        build = build_process(project, cache=fresh_cache(tmp_path / "cache"))
        try:
            build.wait(timeout=moment)
        except subprocess.TimeoutExpired:
            os.killpg(build.pid, signal.SIGKILL)
        build.wait(timeout=30)
        site = snapshot(project / "site")
        assert site in (old, new), f"site/ was neither the old nor the new one after a kill at {moment:.1f} s"
        outcomes.append(site == new)
        if site == new:  # published before the kill: back to the old site for the next kill
            for variant in project.glob("content/diseases/variant-*.yaml"):
                variant.rename(tmp_path / variant.name)
            assert run_build(project).returncode == 0
            assert snapshot(project / "site") == old
            for variant in tmp_path.glob("variant-*.yaml"):
                variant.rename(project / "content/diseases" / variant.name)
    assert not all(outcomes), "every build finished before its kill: the kills came too late"
    # The next build clears what the killed ones left and publishes the new content.
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert snapshot(project / "site") == new
    wait_until_deleted(project)
    assert not list(project.glob(".site.*"))


def test_ctrl_c_says_one_line_and_leaves_the_site_as_it_was(tmp_path):
    project = copy_project(tmp_path / "project")
    assert run_build(project).returncode == 0
    before = snapshot(project / "site")
    add_variants(project, 50)
    build = build_process(project, cache=fresh_cache(tmp_path / "cache"))
    # Interrupted while MkDocs builds, as from the terminal: every process of the build hears it.
    wait_for(lambda: list(project.glob(".site.building-*/diseases/variant-0/index.html")), "MkDocs to write pages")
    os.killpg(build.pid, signal.SIGINT)
    out, err = build.communicate(timeout=60)
    assert build.returncode == 130, out + err
    assert err.strip().splitlines()[-1] == "Interrupted; site/ is as it was.", err
    assert "Traceback" not in err
    assert snapshot(project / "site") == before
    assert run_build(project).returncode == 0
    assert (project / "site/diseases/variant-49/index.html").is_file()


def build_processes(project: Path) -> list[str]:
    """The processes of builds of this project still running (the build and its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(project / "build.py").encode() in (entry / "cmdline").read_bytes():
                found.append(entry.name)
        except OSError:
            pass  # ended meanwhile
    return found


def test_a_build_killed_alone_takes_its_workers_and_its_lock_with_it(tmp_path):
    # Killed by pid (not by group, as a terminal would): the workers beside MkDocs end with it,
    # so none goes on writing, or holding the build lock, for nobody.
    project = copy_project(tmp_path / "project")
    add_variants(project, 50)
    build = build_process(project, cache=fresh_cache(tmp_path / "cache"))
    # Killed while it has workers: checking records, making pages, or the files beside MkDocs.
    wait_for(lambda: len(build_processes(project)) >= 2, "the build to start its workers")
    build.kill()
    build.wait(timeout=30)
    wait_for(lambda: not build_processes(project), "the workers to end with the build", seconds=5)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site/diseases/variant-49/index.html").is_file()


def test_one_build_at_a_time_the_second_says_so_and_changes_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    add_variants(project, 50)
    first = build_process(project, cache=fresh_cache(tmp_path / "cache"))
    wait_for(lambda: (project / "build/docs/index.md").exists(), "the first build to write its pages")
    second = run_build(project)
    assert second.returncode == 1
    assert "another build of this project is running" in second.stderr
    assert "Traceback" not in second.stderr
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, out + err
    reference = copy_project(tmp_path / "reference", project / "content")
    assert run_build(reference).returncode == 0
    assert snapshot(project / "site") == snapshot(reference / "site")


def test_files_beside_the_pages_that_cannot_be_made_publish_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    assert run_build(project).returncode == 0
    before = snapshot(project / "site")
    add_variants(project, 1)
    shutil.rmtree(project / "build/extras")
    (project / "build/extras").write_text("a file where the build writes a folder")
    result = run_build(project)
    assert result.returncode == 1
    assert "the files beside the pages could not be made" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "site") == before


def test_a_build_mkdocs_refuses_leaves_the_previous_site(tmp_path):
    project = copy_project(tmp_path / "project")
    assert run_build(project).returncode == 0
    before = snapshot(project / "site")
    about = project / "templates/about.md.jinja"
    about.write_text(about.read_text(encoding="utf-8") + "\n[a broken link](no-such-page.md)\n",
                     encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert "MkDocs refused the generated pages" in result.stderr
    assert "no-such-page.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "site") == before
    assert not list(project.glob(".site.*"))


def test_a_swap_interrupted_between_its_renames_is_recovered(tmp_path):
    project = copy_project(tmp_path / "project")
    assert run_build(project).returncode == 0
    before = snapshot(project / "site")
    # As if killed after moving the old site aside and before moving the new one in.
    (project / "site").rename(project / "site.previous")
    (project / "content/diseases/broken.yaml").write_text("slug: [", encoding="utf-8")
    assert run_build(project).returncode == 1
    assert snapshot(project / "site") == before
    assert not (project / "site.previous").exists()


def test_the_replaced_site_is_deleted_after_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    assert run_build(project).returncode == 0
    add_variants(project, 1)
    assert run_build(project).returncode == 0
    # The old site is exchanged with the new one at once, and deleted by a detached process.
    assert not (project / "site.previous").exists()
    wait_until_deleted(project)
    assert list(project.glob(".site*")) == []
    assert (project / "site/diseases/variant-0/index.html").is_file()


def wait_until_deleted(project: Path) -> None:
    """Give the detached process that deletes a replaced site the time to finish."""
    deadline = time.monotonic() + 60
    while list(project.glob(".site.building-*")) and time.monotonic() < deadline:
        time.sleep(0.1)


def test_two_builds_in_different_folders_are_byte_identical(tmp_path):
    first = copy_project(tmp_path / "first")
    second = copy_project(tmp_path / "elsewhere" / "second")
    assert run_build(first).returncode == 0
    assert run_build(second).returncode == 0
    one, two = snapshot(first / "site"), snapshot(second / "site")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert "sitemap.xml.gz" in one and "search/search_index.json" in one


def test_windows_line_endings_and_a_byte_order_mark_change_nothing(tmp_path):
    plain = copy_project(tmp_path / "plain")
    windows = copy_project(tmp_path / "windows")
    record = windows / "content/diseases/optb2.yaml"
    record.write_bytes(b"\xef\xbb\xbf" + record.read_bytes().replace(b"\n", b"\r\n"))
    assert run_build(plain).returncode == 0
    result = run_build(windows)
    assert result.returncode == 0, result.stderr
    assert snapshot(plain / "site") == snapshot(windows / "site")


def test_non_ascii_long_texts_and_many_records_build(tmp_path):
    project = copy_project(tmp_path / "project")
    add_variants(project, 40)
    record = project / "content/diseases/variant-0.yaml"
    long_paragraph = " ".join(["Ölçü, Größe, ß, é, α-β-γ, 骨."] * 400)
    text = record.read_text(encoding="utf-8").replace(
        "  professional: |\n", f"  professional: |\n    {long_paragraph}\n\n", 1)
    text = text.replace("preferred: Variant 0 of the test disorder", "preferred: Ostéopétrose Größe Ω-0")
    record.write_text(text, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site/diseases/variant-0/index.html").read_text(encoding="utf-8")
    assert "Ostéopétrose Größe Ω-0" in page
    assert page.count("骨") >= 400
    a_to_z = (project / "site/diseases/index.html").read_text(encoding="utf-8")
    # Accented names sort with their base letter.
    assert a_to_z.index("Ostéopétrose Größe") < a_to_z.index("Variant 1 of the test disorder")


def test_extras_go_into_the_built_site_and_never_over_a_file_mkdocs_built(tmp_path):
    extras, built = tmp_path / "extras", tmp_path / "built"
    write_docs({"data/a.json": "{}", "omim/1/index.html": "<p>1</p>"}, extras)
    (built / "data").mkdir(parents=True)
    place_extras(extras, built, None)
    assert (built / "omim/1/index.html").read_text() == "<p>1</p>"
    # A changed extra replaces the published file by a new one: the old file is left as it was.
    published = built / "data/a.json"
    changed = write_docs({"data/a.json": '{"b": 1}'}, extras)
    assert changed == {"data/a.json", "omim/1/index.html"}
    update = tmp_path / "update"
    shutil.copytree(built, update)
    place_extras(extras, update, changed)
    assert (update / "data/a.json").read_text() == '{"b": 1}'
    assert published.read_text() == "{}"
    assert not (update / "omim/1/index.html").exists()  # removed from the extras: from the site too
    assert not (extras / "omim").exists() and not (update / "omim").exists()  # and its folders
    # A full build whose MkDocs output already holds a file of that name is refused, not overwritten.
    (built / "robots.txt").write_text("MkDocs'")
    write_docs({"robots.txt": "ours"}, extras)
    with pytest.raises(PublishError, match="two files would be published as robots.txt"):
        place_extras(extras, built, None)


def test_write_docs_writes_what_changed_removes_what_is_gone_and_leaves_no_empty_folder(tmp_path):
    docs = tmp_path / "docs"
    assert write_docs({"index.md": "home", "genes/a.md": "A", "genes/b/c.md": "C"}, docs) == {
        "index.md", "genes/a.md", "genes/b/c.md"}
    (docs / "genes/a.md.123.partial").write_text("left by a killed build")
    os.utime(docs / "index.md", ns=(10**18, 10**18))
    assert write_docs({"index.md": "home", "genes/a.md": "A2"}, docs) == {
        "genes/a.md", "genes/b/c.md", "genes/a.md.123.partial"}
    assert (docs / "index.md").stat().st_mtime_ns == 10**18  # not rewritten
    assert (docs / "genes/a.md").read_text() == "A2"
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")) == ["genes", "genes/a.md", "index.md"]
