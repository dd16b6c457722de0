#!/usr/bin/env python3
"""Benchmark: build synthetic catalogues of N diseases and print what the build costs.

    python tools/bench.py                 N = 1, 100, 1000
    python tools/bench.py --n 5000        add 5000 (or any sizes: --n 10 --n 200)
    python tools/bench.py --only 1000     just these sizes
    python tools/bench.py --no-search     skip the first search in Chromium (Playwright)
    python tools/bench.py --no-cores      skip MkDocs serially and on 1, 2, 4 workers at N = 1000
    python tools/bench.py --against REV   also build every catalogue with the code of commit REV, in
                                          the same run, and print this code's figures as ratios to it

Each size is built in a temporary copy of the project (the real glossary, synthetic records) with
the real build.py and MkDocs, from cold: no build/ or site/, and nothing kept from earlier builds
(records, pages, share cards), only the parsed HPO release and its digest, as on a curator's
machine after its first build. The rebuilds then run on that project. The clean build each rebuild is compared with
is made in a fresh copy with a fresh cache. A script that prints figures, not a test: the targets
are printed beside the figures.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from raresite.model.hpo import load_release  # noqa: E402
from raresite.speed.timings import TIMINGS_VARIABLE, read_timings  # noqa: E402
from tools.synthetic import edit_record, slug_of, write_catalogue  # noqa: E402

# What a copy of the project needs in order to build: the code, the templates, the theme overrides
# and the MkDocs configuration.
PROJECT_PARTS = ("build.py", "raresite", "templates", "overrides", "mkdocs.yml")
DEFAULT_SIZES = (1, 100, 1000)
REBUILD_SIZE = 1000  # the size the rebuild targets are stated for
MB = 1024 * 1024
KB = 1024
# Targets from issue 7, on the 2-core machines this project builds on.
TARGET_BUILD_S = 16.0
TARGET_OURS_SHARE = 0.10
TARGET_PAGE_GROWTH = 0.10
TARGET_PEAK_MB = 500
TARGET_NOOP_S = 2.0
TARGET_ONE_CHANGED_S = 5.0
SEARCH_BUDGET_GZ = 200 * KB
# A reader's first searches: one word that every synthetic page holds (the largest part of the
# index and the most results), a name, and an abbreviation.
SEARCH_QUERIES = ("synthetic", "Synthetic disorder 00001", "SYN1")
TARGET_REAL_OVER_SERIAL = 0.75  # our cold build over a serial mkdocs build of its pages, real records


@dataclass
class Run:
    """One run of build.py in a child process."""

    wall: float
    peak_mb: float
    stages: dict[str, float]
    output: str
    beside: dict[str, float] = field(default_factory=dict)  # seconds of work done on the other core
    peak_all_mb: float = 0.0  # the build and its helpers together, sampled
    cpu: float = 0.0  # seconds of processor time, the build's and its helpers' together


@dataclass
class Figures:
    n: int
    cold: Run
    pages: int = 0
    site_bytes: int = 0
    disease_page_bytes: int = 0
    search_raw: int = 0
    search_gz: int = 0
    first_search: dict[str, int] = field(default_factory=dict)  # query: bytes sent for it
    site_parts: dict[str, int] = field(default_factory=dict)  # what takes the space
    noop: Run | None = None
    noop_identical: bool | None = None
    one_changed: Run | None = None
    one_changed_identical: bool | None = None
    full_kept: Run | None = None


def run_build(project: Path, cache_dir: Path, *arguments: str) -> Run:
    """Run build.py in the project; wall time, the child's peak memory and its stage timings."""
    environment = dict(os.environ, RARESITE_CACHE_DIR=str(cache_dir), PYTHONDONTWRITEBYTECODE="1")
    environment[TIMINGS_VARIABLE] = "1"
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, str(project / "build.py"), *arguments],
                                 cwd=project, env=environment, stdout=out, stderr=err)
        # The build's helpers run beside it: what the machine needs is their sum, sampled by a
        # thread while this one waits, so that the wall time is not rounded up to a sample.
        peaks = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.2):
                peaks[0] = max(peaks[0], tree_memory_mb(child.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)  # this child's own use, its peak memory included
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        peak_all = peaks[0]
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{stdout}\n{stderr}")
    timings = read_timings(stderr) or {"stages": {}, "total": wall}
    stages = dict(timings["stages"])
    # Interpreter start and imports happen before build.py's stopwatch starts.
    stages["start-up"] = max(0.0, wall - timings["total"])
    # wait4 counts the helpers too: the build waits for each of its workers when it is done.
    return Run(wall, usage.ru_maxrss / 1024, stages, stdout.strip(), dict(timings.get("beside", {})),
               max(peak_all, usage.ru_maxrss / 1024), usage.ru_utime + usage.ru_stime)


def tree_memory_mb(root: int) -> float:
    """The proportional memory (PSS) of a process and all its descendants, in MB (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass  # ended meanwhile, or not Linux
    return total / 1024


def copy_code(target: Path, code: Path = REPO) -> Path:
    """What a copy of the project needs in order to build, less its content (the tests use it too)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = code / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def make_project(target: Path, count: int, release, code: Path = REPO) -> Path:
    """A buildable copy of the project whose content is a synthetic catalogue of count diseases."""
    copy_code(target, code)
    write_catalogue(count, release, target / "content" / "diseases")
    # The real glossary: its abbreviations are marked on every page, which MkDocs pays for.
    shutil.copy2(REPO / "content" / "glossary.yaml", target / "content" / "glossary.yaml")
    return target


# What a cache holds of the HPO release, in this code's layout (kept entries in folders of their
# kind) and in the layout before it (files at the top), so that --against can compare with it.
HPO_ENTRIES = ("hpo", "hpo-digest")


def fresh_cache(folder: Path, hpo_cache: Path) -> Path:
    """A cache folder holding only the parsed HPO release and its digest: nothing kept from
    earlier builds."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for made in hpo_cache.iterdir():
        if made.is_file() and made.suffix != ".partial":
            shutil.copy2(made, folder / made.name)
        elif made.is_dir() and made.name in HPO_ENTRIES:
            shutil.copytree(made, folder / made.name)
    return folder


def hpo_cache_of(code: Path, folder: Path, release) -> Path:
    """A cache holding only what the code at code keeps of the HPO release: made by a build of one
    synthetic record (which every version compared reads; the real content grows new fields), less
    everything else it kept."""
    project = make_project(folder.with_name(folder.name + "-project"), 1, release, code)
    environment = dict(os.environ, RARESITE_CACHE_DIR=str(folder), PYTHONDONTWRITEBYTECODE="1")
    subprocess.run([sys.executable, str(project / "build.py")], cwd=project, env=environment,
                   capture_output=True, check=True)
    for made in folder.iterdir():
        if made.is_dir() and made.name not in HPO_ENTRIES:
            shutil.rmtree(made)
    shutil.rmtree(project)
    return folder


def tree_digest(folder: Path) -> str:
    """One hash of every file's path and bytes, to compare two builds."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def gzipped_size(path: Path) -> int:
    # Level 6: what web servers use by default.
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


# What takes a site's space, by the first part of a file's path (anything else: "other").
SITE_PARTS = {
    "diseases": "disease pages", "features": "feature pages", "genes": "gene pages",
    "comparisons": "comparison pages", "search-index": "search (our index)", "search": "search (Material's box)",
    "data": "downloads", "assets": "theme (CSS, scripts, icons)",
    "omim": "redirect pages", "orpha": "redirect pages", "mondo": "redirect pages", "medgen": "redirect pages",
    "umls": "redirect pages",
}


def site_figures(figures: Figures, site: Path) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    figures.site_bytes = sum(p.stat().st_size for p in files)
    figures.pages = sum(1 for p in files if p.name == "index.html")
    figures.disease_page_bytes = (site / "diseases" / slug_of(0) / "index.html").stat().st_size
    index = site / "search" / "search_index.json"
    figures.search_raw = index.stat().st_size
    figures.search_gz = gzipped_size(index)
    parts: dict[str, int] = {}
    for path in files:
        top = path.relative_to(site).parts[0]
        part = SITE_PARTS.get(top, "other pages and files")
        if part == "downloads" and path.suffix == ".png":
            part = "share cards"
        parts[part] = parts.get(part, 0) + path.stat().st_size
    figures.site_parts = parts


# Where a search's downloads come from: Material's index (only its settings now), the worker that
# answers Material's search box, and our index's files.
SEARCH_PATHS = ("/search/", "/search-index/", "/assets/javascripts/search-worker.js")


def first_search(site: Path, queries: list[str]) -> dict[str, int]:
    """For each query, what a reader's first search downloads, in bytes as sent (gzipped as
    GitHub Pages gzips): the query typed into the header's search box of the home page in
    Chromium, until the results are shown and the network is idle."""
    from playwright.sync_api import sync_playwright

    from tools import served

    sizes: dict[str, int] = {}
    with served.serve(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
        try:
            for query in queries:
                context = browser.new_context()  # nothing cached from the last query
                page = context.new_page()
                page.goto(server.url, wait_until="networkidle")
                server.sent.clear()
                page.locator("input.md-search__input").click()
                page.locator("input.md-search__input").press_sequentially(query, delay=30)
                page.locator(".md-search-result__list > li").first.wait_for(timeout=60_000)
                page.wait_for_load_state("networkidle")
                sizes[query] = sum(size for path, size in server.sent if path.startswith(SEARCH_PATHS))
                context.close()
        finally:
            browser.close()
    return sizes


def change_one_record(project: Path) -> None:
    """Change one clinical detail of one record, as a curator's edit would."""
    edit_record(project, 0, r"Nothing on this page is medical information\.",
                "Nothing on this page is medical information at all.")


def rebuilds(figures: Figures, project: Path, cache_dir: Path, work: Path) -> None:
    """Time a rebuild with nothing changed and one after a one-record edit; check both against clean builds."""
    clean = tree_digest(project / "site")
    figures.noop = run_build(project, cache_dir)
    figures.noop_identical = tree_digest(project / "site") == clean
    change_one_record(project)
    figures.one_changed = run_build(project, cache_dir)
    # The reference: a clean build of the same changed content in a fresh copy.
    reference = work / f"reference-{figures.n}"
    shutil.copytree(project, reference, ignore=lambda folder, names: [
        name for name in names
        if Path(folder) == project and (name in ("site", "build") or name.startswith((".site", "site.")))
    ])
    run_build(reference, fresh_cache(work / f"reference-cache-{figures.n}", cache_dir))
    figures.one_changed_identical = tree_digest(project / "site") == tree_digest(reference / "site")
    # The reference stays until the end, like each size's project (see main).
    # A full build with the kept work present, as in CI with .cache/ restored: a comment added
    # to mkdocs.yml changes nothing in the pages but makes MkDocs build every one of them.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "# bench: a full build\n", encoding="utf-8")
    figures.full_kept = run_build(project, cache_dir)


def hpo_figures(work: Path) -> tuple[float, float]:
    """Seconds to load the HPO release in a fresh process: with no cache, and from the cache."""
    cache = work / "hpo-cache-cold"
    script = ("import sys, time; t = time.perf_counter(); from pathlib import Path; "
              "from raresite.pipeline import hpo_release; from raresite.project import Project; "
              "from raresite.speed import FastPlan; "
              "hpo_release(FastPlan(Project(Path.cwd(), Path(sys.argv[1])))); print(time.perf_counter() - t)")
    timed = []
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", script, str(cache)], cwd=REPO,
                                capture_output=True, text=True, check=True)
        timed.append(float(result.stdout.strip()))
    shutil.rmtree(cache)
    return timed[0], timed[1]


def fmt_s(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def fmt_size(value: int | float) -> str:
    if value >= MB:
        return f"{value / MB:.1f} MB"
    return f"{value / KB:.1f} KB"


# The stopwatch's laps (speed/__init__.py): each covers the build's own work since the one before.
OUR_STAGES = ("start-up", "skip", "hpo-digest", "hpo", "records", "pages", "write", "search", "swap")
STAGE_LABELS = {"skip": "skip check", "hpo-digest": "HPO digest", "hpo": "HPO release",
                "records": "load and check records", "pages": "model, index pages, disease pages",
                "write": "write the docs folder", "search": "index for search", "swap": "place extras, swap"}


def print_table(results: list[Figures], hpo: tuple[float, float]) -> None:
    base = results[0]
    columns = [f"N = {r.n}" for r in results]
    rows: list[tuple[str, list[str], str]] = []

    def row(label: str, values: list[str], target: str = "") -> None:
        rows.append((label, values, target))

    row("pages built", [str(r.pages) for r in results])
    row("cold build, total", [fmt_s(r.cold.wall) for r in results], f"≤ {TARGET_BUILD_S:.0f} s at 1000")
    for stage in OUR_STAGES:
        row(f"  {STAGE_LABELS.get(stage, stage)}", [fmt_s(r.cold.stages.get(stage, 0.0)) for r in results])
    ours = [sum(r.cold.stages.get(s, 0.0) for s in OUR_STAGES) for r in results]
    row("  our stages, all", [fmt_s(o) for o in ours])
    row("  inside MkDocs", [fmt_s(r.cold.stages.get("mkdocs", 0.0)) for r in results])
    row("  our share of the build", [f"{o / r.cold.wall:.0%}" for o, r in zip(ours, results, strict=True)],
        f"≤ {TARGET_OURS_SHARE:.0%}")
    row("site/ size", [fmt_size(r.site_bytes) for r in results])
    row("one disease page, HTML", [fmt_size(r.disease_page_bytes) for r in results],
        f"≤ +{TARGET_PAGE_GROWTH:.0%} over N = {base.n}")
    row("  growth over N = " + str(base.n),
        [f"{r.disease_page_bytes / base.disease_page_bytes - 1:+.1%}" for r in results])
    for part in sorted({part for r in results for part in r.site_parts}):
        row(f"  {part}", [fmt_size(r.site_parts.get(part, 0)) for r in results])
    row("Material's search index (settings only), gzip", [fmt_size(r.search_gz) for r in results])
    row("first search, most any query downloads (gzip)",
        [fmt_size(max(r.first_search.values())) if r.first_search else "-" for r in results],
        f"≤ {SEARCH_BUDGET_GZ // KB} KB")
    for query in SEARCH_QUERIES:
        row(f"  {query!r}", [fmt_size(r.first_search[query]) if query in r.first_search else "-"
                            for r in results])
    row("peak memory (build process)", [f"{r.cold.peak_mb:.0f} MB" for r in results])
    row("peak memory, with its helpers (PSS)", [f"{r.cold.peak_all_mb:.0f} MB" for r in results],
        f"≤ {TARGET_PEAK_MB} MB")
    row("rebuild, nothing changed", [fmt_s(r.noop.wall) if r.noop else "-" for r in results],
        f"≤ {TARGET_NOOP_S:.0f} s at 1000")
    row("  identical to clean build", [_yes(r.noop_identical) for r in results])
    row("rebuild, one record changed", [fmt_s(r.one_changed.wall) if r.one_changed else "-"
                                        for r in results], f"≤ {TARGET_ONE_CHANGED_S:.0f} s at 1000")
    row("  identical to clean build", [_yes(r.one_changed_identical) for r in results])
    row("full build, work kept (mkdocs.yml changed)", [fmt_s(r.full_kept.wall) if r.full_kept else "-"
                                                       for r in results])
    kept_ours = [sum(r.full_kept.stages.get(s, 0.0) for s in OUR_STAGES) if r.full_kept else None
                 for r in results]
    row("  our share of that build", [f"{o / r.full_kept.wall:.0%}" if r.full_kept else "-"
                                      for o, r in zip(kept_ours, results, strict=True)], f"≤ {TARGET_OURS_SHARE:.0%}")
    row("HPO load, no cache (fresh process)", [fmt_s(hpo[0])] + [""] * (len(results) - 1))
    row("HPO load, cached (fresh process)", [fmt_s(hpo[1])] + [""] * (len(results) - 1))

    widths = [max(len(label) for label, _, _ in rows)]
    widths += [max(len(columns[i]), *(len(values[i]) for _, values, _ in rows)) for i in range(len(columns))]
    header = ["figure", *columns, "target"]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, [*widths, 6], strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in [*widths, 6]) + "|")
    for label, values, target in rows:
        cells = [label.ljust(widths[0])] + [v.rjust(w) for v, w in zip(values, widths[1:], strict=True)]
        print("| " + " | ".join(cells) + f" | {target} |")


def _yes(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "NO")


def measure(label: str, code: Path, count: int, release, work: Path, hpo_cache: Path,
            search_too: bool) -> Figures:
    """Every figure of one catalogue size, built with the code at code."""
    print(f"N = {count} ({label}): writing records ...", file=sys.stderr)
    project = make_project(work / f"{label}-n{count}", count, release, code)
    print(f"N = {count} ({label}): cold build ...", file=sys.stderr)
    project_cache = fresh_cache(work / f"{label}-cache-{count}", hpo_cache)
    figures = Figures(count, run_build(project, project_cache))
    site_figures(figures, project / "site")
    if count <= REBUILD_SIZE:
        print(f"N = {count} ({label}): rebuilds ...", file=sys.stderr)
        rebuilds(figures, project, project_cache, work / label)
    if search_too:
        print(f"N = {count} ({label}): a first search in Chromium ...", file=sys.stderr)
        figures.first_search = first_search(project / "site", list(SEARCH_QUERIES))
    # Each size's files stay until the end: deleting thousands of files just before a cold
    # build made its file writes up to 0.5 s slower here (in ext4's search for an inode not
    # freed recently), a cost of the bench, not of the build.
    return figures


# MkDocs' stage alone, in a fresh process: serially (cores 0, MkDocs' own build()) or by the
# speed package's workers (raresite/speed/mkdocs_cores.py) with a number of them.
MKDOCS_STAGE = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from raresite import publish
from raresite.speed.mkdocs_cores import build_on_cores
project, into, cores = Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
started = time.perf_counter()
if cores:
    build_on_cores(project / "mkdocs.yml", project / "build" / "docs", into, 0, cores)
else:
    publish.run_mkdocs(project / "mkdocs.yml", project / "build" / "docs", into, 0)
print(time.perf_counter() - started)
"""
WORKER_COUNTS = (1, 2, 4)
TARGET_MKDOCS_CORES = 0.6  # MkDocs on 2 workers over serial, on the 2-core machines


def mkdocs_stage(project: Path, into: Path, cores: int, code: Path = REPO) -> float:
    """Seconds MkDocs takes over the project's generated pages (build/docs) into a new folder."""
    shutil.rmtree(into, ignore_errors=True)
    done = subprocess.run([sys.executable, "-c", MKDOCS_STAGE, str(code), str(project), str(into), str(cores)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def mkdocs_on_cores(project: Path, work: Path) -> dict[str, float]:
    """MkDocs' stage serially and with 1, 2 and 4 workers, over the same pages in this run: the
    serial build before and after the others, their mean the reference. Each output is compared
    with the serial one."""
    figures: dict[str, float] = {}
    serial = [mkdocs_stage(project, work / "mkdocs-serial", 0)]
    reference = tree_digest(work / "mkdocs-serial")
    for count in WORKER_COUNTS:
        figures[f"{count} workers"] = mkdocs_stage(project, work / f"mkdocs-{count}", count)
        figures[f"{count} workers identical"] = float(tree_digest(work / f"mkdocs-{count}") == reference)
        shutil.rmtree(work / f"mkdocs-{count}", ignore_errors=True)
    serial.append(mkdocs_stage(project, work / "mkdocs-serial", 0))
    figures["serial"] = sum(serial) / len(serial)
    shutil.rmtree(work / "mkdocs-serial", ignore_errors=True)
    return figures


def print_mkdocs_on_cores(count: int, figures: dict[str, float]) -> None:
    print(f"\nMkDocs' stage at N = {count}, serial and on workers, in this run "
          f"(ratio to serial; target on 2 workers: ≤ {TARGET_MKDOCS_CORES}):\n")
    print("| MkDocs | seconds | ratio to serial | site identical to serial |")
    print("|---|---|---|---|")
    print(f"| serial (mean of one before, one after) | {figures['serial']:.1f} | 1.00 | - |")
    for workers in WORKER_COUNTS:
        seconds = figures[f"{workers} workers"]
        print(f"| {workers} worker{'s' * (workers != 1)} | {seconds:.1f} | {seconds / figures['serial']:.2f} | "
              f"{_yes(bool(figures[f'{workers} workers identical']))} |")


def real_catalogue(target: Path, copies: int) -> int:
    """The real records, each copied copies times with fresh identifiers: what real-sized records
    cost. A copy's slug and disease identifiers, and the slugs and identifiers its relations name,
    are those of the same copy of the others, so that relations run both ways and no two records
    share an identifier. Returns how many records were written."""
    originals = sorted((REPO / "content" / "diseases").glob("*.yaml"))
    slugs = [path.stem for path in originals]
    texts = [path.read_text(encoding="utf-8") for path in originals]
    pattern = r"(OMIM|ORPHA|MONDO|UMLS|MedGen|MeSH):([A-Z]?)(\d+)"
    # The disease identifiers (not the genes' OMIM numbers), each given a fresh code of its form.
    codes = sorted({found for text in texts for found in re.findall(r"- id: " + pattern, text)})
    target.mkdir(parents=True, exist_ok=True)
    for number in range(copies):
        fresh = {f"{system}:{letter}{digits}": f"{system}:{letter}9{number:03d}{index:0{max(2, len(digits) - 4)}d}"
                 for index, (system, letter, digits) in enumerate(codes)}
        for slug, text in zip(slugs, texts, strict=True):
            text = re.sub(pattern, lambda m, fresh=fresh: fresh.get(m[0], m[0]), text)
            text = re.sub(r"^(slug|    record): (\S+)$", lambda m, number=number: f"{m[1]}: {m[2]}-copy-{number}", text,
                          flags=re.M)
            # Each copy in groups of its own, so that each copy's comparisons are real-sized.
            text = re.sub(r"^(  group): (.+)$", lambda m, number=number: f"{m[1]}: {m[2]} {number}", text, flags=re.M)
            (target / f"{slug}-copy-{number}.yaml").write_text(text, encoding="utf-8")
    return copies * len(originals)


def real_comparisons(content: Path, copies: int) -> None:
    """The real comparison pages, one set for each copy of the records, over that copy's groups."""
    source = REPO / "content" / "comparisons.yaml"
    if not source.is_file():
        return
    originals = yaml.safe_load(source.read_text(encoding="utf-8"))["comparisons"]
    copied = []
    for number in range(copies):
        for comparison in originals:
            # Objects of its own: shared ones would be written as YAML aliases, which records refuse.
            own = copy.deepcopy(comparison)
            own.update(slug=f"{comparison['slug']}-copy-{number}", title=f"{comparison['title']} {number}",
                       groups=[f"{group} {number}" for group in comparison["groups"]])
            copied.append(own)
    text = yaml.safe_dump({"comparisons": copied}, sort_keys=False, allow_unicode=True)
    (content / "comparisons.yaml").write_text(text, encoding="utf-8")


# A reader's first searches on the real records: a gene, a disease's name, a question's word.
REAL_QUERIES = ("CLCN7", "Osteopetrosis, autosomal recessive 4", "transplant")


@dataclass
class RealRecords:
    """Our cold build of the real records copied, and serial `mkdocs build`s of its pages, in one run."""

    records: int
    ours: Run
    serial: list[tuple[float, float]]  # (seconds, processor seconds): one before our build, one after
    identical: bool  # every page MkDocs made is in our site, byte for byte
    searched: dict[str, int]  # what a first search downloads on our site, by query

    @property
    def serial_wall(self) -> float:
        return sum(wall for wall, _ in self.serial) / len(self.serial)

    @property
    def serial_cpu(self) -> float:
        return sum(cpu for _, cpu in self.serial) / len(self.serial)


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed_mkdocs_stage(project: Path, into: Path) -> tuple[float, float]:
    """A serial MkDocs stage: its seconds and the processor seconds it used."""
    before = children_cpu()
    seconds = mkdocs_stage(project, into, 0)
    return seconds, children_cpu() - before


def real_records(work: Path, copies: int, hpo_cache: Path) -> RealRecords:
    """Our cold build of the real records copied, between two serial `mkdocs build`s of the pages
    it generated (their mean is the reference: the machine's moods move either by a fifth)."""
    project = copy_code(work / "real-records")
    count = real_catalogue(project / "content" / "diseases", copies)
    real_comparisons(project / "content", copies)
    shutil.copy2(REPO / "content" / "glossary.yaml", project / "content" / "glossary.yaml")
    # The pages MkDocs reads, for the first serial build: made by a build of our own, not timed.
    run_build(project, fresh_cache(work / "real-records-cache", hpo_cache))
    serial = [timed_mkdocs_stage(project, work / "real-records-serial")]
    for made in ("build", "site"):  # from cold, as the catalogues above
        shutil.rmtree(project / made)
    ours = run_build(project, fresh_cache(work / "real-records-cache", hpo_cache))
    serial.append(timed_mkdocs_stage(project, work / "real-records-serial"))
    # The same pages: every page MkDocs made is in our site, byte for byte (ours also holds the
    # files the build places beside MkDocs' output).
    serial_site = work / "real-records-serial"
    same = all((project / "site" / path.relative_to(serial_site)).is_file()
               and (project / "site" / path.relative_to(serial_site)).read_bytes() == path.read_bytes()
               for path in serial_site.rglob("*.html"))
    searched = first_search(project / "site", list(REAL_QUERIES))
    return RealRecords(count, ours, serial, same, searched)


def print_real_records(real: RealRecords, copies: int) -> None:
    ours, serial, cores = real.ours, real.serial_wall, len(os.sched_getaffinity(0))
    print(f"\nReal records copied ({real.records} records: {copies} copies of each), in this run:\n")
    print("| build | seconds | processor seconds | over serial |")
    print("|---|---|---|---|")
    print(f"| serial `mkdocs build` of the same pages (mean of one before ours, one after) | {serial:.1f} | "
          f"{real.serial_cpu:.1f} | 1.00 |")
    print(f"| our cold build | {ours.wall:.1f} | {ours.cpu:.1f} | **{ours.wall / serial:.2f}** "
          f"(target ≤ {TARGET_REAL_OVER_SERIAL}) |")
    # The least our build could take here: its processor seconds spread over every core, none idle.
    print(f"| our build's processor seconds over {cores} cores, none idle | {ours.cpu / cores:.1f} | | "
          f"{ours.cpu / cores / serial:.2f} |")
    stages = ", ".join(f"{STAGE_LABELS.get(stage, stage)} {ours.stages[stage]:.1f} s"
                       for stage in (*OUR_STAGES, "mkdocs") if stage in ours.stages)
    print(f"\nOur build's stages: {stages}. Pages identical to the serial build's: {_yes(real.identical)}.")
    sizes = "; ".join(f"{query!r} {fmt_size(size)}" for query, size in real.searched.items())
    print(f"A first search on those pages, gzipped: {sizes} (≤ {SEARCH_BUDGET_GZ // KB} KB)")


def code_at(revision: str, folder: Path) -> Path:
    """The project's code as it was at a commit."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, *PROJECT_PARTS],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def print_ratios(results: list[Figures], against: list[Figures], revision: str) -> None:
    """This code's figures over those of the code at revision, measured in the same run."""
    print(f"\nThis code over {revision}, measured in the same run (1.00: the same; above: slower or larger):\n")
    columns = [f"N = {r.n}" for r in results]

    def ratio(mine: float | None, theirs: float | None) -> str:
        return "-" if not mine or not theirs else f"{mine / theirs:.2f}"

    rows = [
        ("cold build", [ratio(m.cold.wall, a.cold.wall) for m, a in zip(results, against, strict=True)]),
        ("rebuild, nothing changed", [ratio(m.noop and m.noop.wall, a.noop and a.noop.wall)
                                      for m, a in zip(results, against, strict=True)]),
        ("rebuild, one record changed", [ratio(m.one_changed and m.one_changed.wall,
                                               a.one_changed and a.one_changed.wall)
                                         for m, a in zip(results, against, strict=True)]),
        ("full build, work kept", [ratio(m.full_kept and m.full_kept.wall, a.full_kept and a.full_kept.wall)
                                   for m, a in zip(results, against, strict=True)]),
        ("our stages, cold (all but MkDocs)", [ratio(m.cold.wall - m.cold.stages.get("mkdocs", 0.0),
                                                      a.cold.wall - a.cold.stages.get("mkdocs", 0.0))
                                                for m, a in zip(results, against, strict=True)]),
        ("MkDocs, cold", [ratio(m.cold.stages.get("mkdocs"), a.cold.stages.get("mkdocs"))
                          for m, a in zip(results, against, strict=True)]),
        ("peak memory, with helpers", [ratio(m.cold.peak_all_mb, a.cold.peak_all_mb)
                                       for m, a in zip(results, against, strict=True)]),
        ("site/ size", [ratio(m.site_bytes, a.site_bytes) for m, a in zip(results, against, strict=True)]),
    ]
    width = max(len(label) for label, _ in rows)
    print("| " + " | ".join(["figure".ljust(width), *columns]) + " |")
    print("|" + "|".join("-" * (len(c) + 2) for c in ["figure".ljust(width), *columns]) + "|")
    for label, values in rows:
        print("| " + " | ".join([label.ljust(width), *(v.rjust(len(c)) for v, c in zip(values, columns, strict=True))])
              + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, action="append", default=[],
                        help="add a catalogue size to the defaults (1, 100, 1000), e.g. --n 5000")
    parser.add_argument("--only", type=int, action="append", default=[],
                        help="build only these sizes")
    parser.add_argument("--no-search", action="store_true", help="skip the first-search measure in Chromium")
    parser.add_argument("--against", metavar="REV",
                        help="also build each size with the code of this commit, alternately, and print ratios")
    parser.add_argument("--no-cores", action="store_true",
                        help="skip MkDocs serially and on 1, 2 and 4 workers at N = 1000")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument("--real-copies", type=int, default=30, metavar="K",
                        help="the real records copied K times for the real-sized catalogue (0: skip it)")
    options = parser.parse_args()
    sizes = sorted(set(options.only or [*DEFAULT_SIZES, *options.n]))

    work = Path(tempfile.mkdtemp(prefix="raresite-bench-"))
    print(f"Benchmark in {work} (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)", file=sys.stderr)
    hpo = hpo_figures(work)
    release = load_release()
    versions = [("this", REPO)]
    if options.against:
        versions.append(("against", code_at(options.against, work / "against-code")))
    caches = {label: hpo_cache_of(code, work / f"{label}-hpo-cache", release) for label, code in versions}
    results: dict[str, list[Figures]] = {label: [] for label, _ in versions}
    try:
        on_cores: dict[str, float] = {}
        for count in sizes:
            for label, code in versions:  # alternately, so that both meet the machine's same moods
                results[label].append(measure(label, code, count, release, work, caches[label],
                                              search_too=not options.no_search and label == "this"))
            if count == REBUILD_SIZE and not options.no_cores:
                print(f"N = {count}: MkDocs serially and on 1, 2, 4 workers ...", file=sys.stderr)
                on_cores = mkdocs_on_cores(work / f"this-n{count}", work)
        print()
        print_table(results["this"], hpo)
        if on_cores:
            print_mkdocs_on_cores(REBUILD_SIZE, on_cores)
        if options.against:
            print_ratios(results["this"], results["against"], options.against)
        sys.stdout.flush()
        if options.real_copies:
            print(f"Real records, {options.real_copies} copies each: our cold build and a serial mkdocs build ...",
                  file=sys.stderr)
            print_real_records(real_records(work, options.real_copies, caches["this"]), options.real_copies)
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
