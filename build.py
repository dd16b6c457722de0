#!/usr/bin/env python3
"""Build the rare-disease site: load -> validate -> model -> render -> write -> publish.

    python build.py                      build site/ from content/ (the whole job)
    python build.py check                validate every record and write nothing
    python build.py hpo-report           compare each record's features with HPO's annotations
    python build.py suggest-hpo "WORDS"  rank HPO terms for a curator's words
    python build.py new "NAME" [--omim NNNNNN] [--slug SLUG]
                                         write a new record's skeleton, every field explained
    python build.py serve [--port N]     preview on 127.0.0.1, rebuilt when a record changes
"""

from __future__ import annotations

import calendar
import datetime
import functools
import gc
import json
import os
import sys
import time
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from raresite.catalogue import SiteSettings, build_catalogue
from raresite.disease_files import DiseaseFiles
from raresite.glossary import Glossary, read_glossary, with_abbreviations
from raresite.hpo import HpoRelease, load_release
from raresite.incremental import (
    Published,
    forget_published,
    input_fingerprint,
    publish_frame,
    read_published,
    remember_published,
)
from raresite.kept import KeptWork, code_context
from raresite.parallel import Beside, build_is_gone
from raresite.problems import PublishError, RecordProblems, UsageError
from raresite.prose import forget_renderings
from raresite.publish import (
    SiteCopy,
    build_with_mkdocs,
    links_to_anchors_elsewhere,
    recover_interrupted_swap,
    write_docs,
)
from raresite.record import DiseaseRecord
from raresite.render import render_site
from raresite.report import hpo_report
from raresite.scaffold import new_record
from raresite.sharing import site_address, site_files
from raresite.sitemap import sitemap_files
from raresite.social_card import BOLD, fonts_available
from raresite.timings import Stopwatch
from raresite.validate import Validation, load_and_validate

ROOT = Path(__file__).resolve().parent
CONTENT_DIR = ROOT / "content"
TEMPLATES_DIR = ROOT / "templates"
CONFIG_FILE = ROOT / "mkdocs.yml"
BUILD_DIR = ROOT / "build"
DOCS_DIR = BUILD_DIR / "docs"
# The site's files MkDocs does not read (downloads, share cards, redirects by identifier, the
# sitemap), made while it builds and put into the site it built.
EXTRAS_DIR = BUILD_DIR / "extras"
SITE_DIR = ROOT / "site"
# Tests build temporary copies of the project; they share one HPO cache through this variable.
CACHE_DIR = Path(os.environ.get("RARESITE_CACHE_DIR", ROOT / ".cache"))
SCHEMA_FILE = CONTENT_DIR / "disease.schema.json"
# mkdocs.yml's site_url until the public address is known: a reserved name (RFC 2606).
PLACEHOLDER_HOST = ".example/"


def main(argv: list[str]) -> int:
    """Run one command; every expected failure ends here as a message and an exit status."""
    command, *arguments = argv or ["build"]
    # A build holds hundreds of thousands of objects to its end (records, their YAML positions,
    # pages) and makes few cycles. At Python's default thresholds a full collection, which scans
    # them all, came every few records and cost a third of checking them; now it seldom comes.
    gc.set_threshold(10_000, 10, 10)
    try:
        if command == "build" and not arguments:
            build()
        elif command == "check" and not arguments:
            check()
        elif command == "hpo-report" and not arguments:
            release = load_hpo()
            print(hpo_report(validated(release).records, release))
        elif command == "suggest-hpo" and len(arguments) == 1:
            suggest(arguments[0])
        elif command == "new" and arguments:
            print(new_record(arguments, CONTENT_DIR, ROOT))
            write_schema()  # so the editor can check the new record from the first keystroke
        elif command == "serve":
            from raresite.preview import serve  # its web server and file watcher: only here

            serve(arguments, ROOT)
        else:
            raise UsageError(__doc__ or "")
    except RecordProblems as failure:
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        files = len({p.file for p in failure.problems})
        print(
            f"{len(failure.problems)} problem{'s' * (len(failure.problems) != 1)} in {files} "
            f"file{'s' * (files != 1)}; nothing was published and site/ is unchanged.",
            file=sys.stderr,
        )
        return 1
    except PublishError as failure:
        print(f"error: {failure}\nsite/ is unchanged.", file=sys.stderr)
        return 1
    except UsageError as failure:
        print(f"usage: {failure}", file=sys.stderr)
        return 2
    return 0


def load_hpo(write_cache: bool = True) -> HpoRelease:
    return load_release(CACHE_DIR if write_cache else None)


def validated(release: HpoRelease, glossary: Glossary | None = None,
              kept: KeptWork | None = None) -> Validation:
    """Load and validate every record and the glossary; raise with every problem if there is any."""
    outcome = load_and_validate(CONTENT_DIR, release, ROOT, kept)
    outcome.problems.extend((glossary or read_glossary(CONTENT_DIR, ROOT)).problems)
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if outcome.problems:
        raise RecordProblems(outcome.problems)
    return outcome


def read_settings() -> SiteSettings:
    # MkDocs' own loader, so that `!ENV SITE_URL` in mkdocs.yml means here what it means to MkDocs.
    config = yaml_load(CONFIG_FILE.read_text(encoding="utf-8"))
    url = str(config.get("site_url") or "")
    return SiteSettings(
        name=config["site_name"],
        description=config.get("site_description", ""),
        url=url if not url or url.endswith("/") else url + "/",
        language=str((config.get("theme") or {}).get("language") or "en"),
    )


def write_schema() -> None:
    """Write the record's JSON Schema beside the records, for editors (only when it changed)."""
    schema = DiseaseRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Disease record"
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if not SCHEMA_FILE.exists() or SCHEMA_FILE.read_text(encoding="utf-8") != text:
        SCHEMA_FILE.write_text(text, encoding="utf-8")


def build() -> None:
    clock = Stopwatch()  # stage timings for `make bench` (RARESITE_TIMINGS=1)
    # A run killed between the two renames of its publish step left the old site aside.
    recover_interrupted_swap(SITE_DIR)
    # Skip: when no input changed since the last publish, site/ is already what we would build.
    inputs = input_fingerprint(ROOT)
    published = read_published(BUILD_DIR, SITE_DIR)
    if published is not None and published.inputs == inputs:
        print(f"Nothing changed since the last build; {SITE_DIR.relative_to(ROOT)}/ is up to date.")
        clock.lap("skip")
        clock.report()
        return
    forget_published(BUILD_DIR)
    # While this process loads, checks and renders, a second one copies the published site, in
    # which MkDocs will re-render only the changed pages (if the pages are still the same ones).
    copy = SiteCopy(SITE_DIR) if published is not None else None
    extras = pages_ahead = None
    # Kept work this process holds until the helper beside MkDocs writes it; a build that fails
    # before handing it over writes it itself, so that what passed is kept all the same.
    held: list[KeptWork] = []
    clock.lap("skip")
    try:
        # Load and validate: every record, every problem, before anything is written.
        release = load_hpo()
        # The release's million objects live as long as the build: the collector need not scan
        # them again and again (at 5,000 records that cost more than linear time).
        gc.freeze()
        clock.lap("hpo")
        glossary = read_glossary(CONTENT_DIR, ROOT)
        settings = read_settings()
        kept_records = KeptWork(CACHE_DIR / "records", code_context())
        # What this process keeps is written while MkDocs builds, by the helper beside it.
        kept_records.hold_writes()
        held.append(kept_records)
        outcome = validated(release, glossary, kept_records)
        records = [loaded.record for loaded in outcome.records]
        # The YAML as read and where each field stood serve only to report problems: none.
        del outcome
        kept_records.prune()
        clock.lap("load and validate")
        # Each record's own page, kept between builds by the record's content: those not kept
        # yet are made on the other cores while this one makes the rest of the site.
        disease_files = DiseaseFiles(release, settings, TEMPLATES_DIR, glossary, CACHE_DIR)
        disease_files.kept_pages.hold_writes()
        held.append(disease_files.kept_pages)
        disease_files.start_pages(records)
        pages_ahead = disease_files  # its helpers are stopped if the build fails before it joins them
        # Model: the collection as the pages will show it.
        if PLACEHOLDER_HOST in settings.url:
            print(f"warning: site_url is the placeholder {settings.url}; set SITE_URL to the "
                  "public address so that canonical, share and citation links point at it.",
                  file=sys.stderr)
        catalogue = build_catalogue(records, release, settings)
        # The site's date: the newest review of any record (the sitemap, MkDocs' build date).
        newest = max((r.provenance.last_reviewed for r in records), default=datetime.date(1970, 1, 1))
        # The site's other files MkDocs does not read are made while it builds, on the core it
        # leaves idle (on a machine of one core, they share it), by a helper forked now, while
        # this process is small (the helper keeps a copy of what this one rewrites later).
        extras = Beside(functools.partial(write_extras, records, release, settings, disease_files, newest,
                                          kept_records))
        clock.lap("model")
        # Render: Markdown for every page. (The other files come later: see write_extras.)
        pages: dict[str, str] = dict(render_site(catalogue, TEMPLATES_DIR, glossary))
        # The glossary's abbreviations are explained on every page.
        pages = with_abbreviations(pages, glossary)
        pages.update(disease_files.pages_of(records))
        pages_ahead = None
        clock.lap("render")
        if not fonts_available():
            print(f"warning: no share images: the font {BOLD} is missing (apt-get install "
                  "fonts-dejavu-core); pages are shared without an image.", file=sys.stderr)
        # Write: the generated docs folder, and the schema editors use.
        write_schema()
        changed = write_docs(pages, DOCS_DIR)
        clock.lap("write")
        # Publish: MkDocs builds beside site/, which is replaced only when the build succeeded.
        # While MkDocs sees what it saw when it built site/, only the changed pages need it again.
        frame = publish_frame(ROOT, pages)
        reusable = (published is not None and published.frame == frame
                    and not links_to_anchors_elsewhere(pages))
        page_count = len(pages)
        source_date = calendar.timegm(newest.timetuple())
        diseases = len(records)
        # The pages held are named, not sent: pickling them cost the build more than it costs
        # the helper to read them back from the docs folder.
        extras.go(sorted(pages), {key: sorted(page) for key, page in disease_files.kept_pages.held().items()})
        held.clear()  # handed over: the helper has the records it was forked with, and where the pages are
        # MkDocs needs none of this; freed, its memory serves MkDocs (peak memory at 1000 diseases).
        del release, records, catalogue, pages, disease_files, kept_records
        forget_renderings()
        if copy is not None and not reusable:
            copy.discard()  # before MkDocs builds afresh where the copy was being made
        rendered = build_with_mkdocs(CONFIG_FILE, DOCS_DIR, SITE_DIR, source_date,
                                     copy=copy if reusable else None, changed=changed,
                                     extras_dir=EXTRAS_DIR, extras_written=lambda: extras_made(extras)[1],
                                     lap=clock.lap)
        extras_count, _, extras_seconds = extras_made(extras)
        clock.note("extras, made beside MkDocs", extras_seconds)
        written = page_count + extras_count
        remember_published(BUILD_DIR, Published(inputs=inputs, frame=frame))
    finally:
        if copy is not None:
            copy.discard()  # unused, or a build that failed: nothing of it may remain
        if extras is not None:
            extras.cancel()  # done, or a build that failed: its work is not wanted
        if pages_ahead is not None:
            pages_ahead.stop_pages()
        for kept in held:
            kept.write_held()
    clock.lap("place extras")
    how = "" if rendered is None else f" ({rendered} changed page{'s' * (rendered != 1)} re-rendered)"
    print(f"Built {diseases} disease page{'s' * (diseases != 1)} and {written} files "
          f"in all into {SITE_DIR.relative_to(ROOT)}/{how} in {clock.total():.1f} s.")
    clock.report()


def write_extras(records: list[DiseaseRecord], release: HpoRelease, settings: SiteSettings,
                 disease_files: DiseaseFiles, newest: datetime.date, kept_records: KeptWork,
                 pages: list[str], held_pages: dict[bytes, list[str]]) -> tuple[int, set[str], float]:
    """Write the site's files besides its pages into EXTRAS_DIR: each record's downloads and
    share card, the catalogue's downloads, the addresses by identifier, robots.txt and the sitemap.
    Write first the records and pages the build kept but held (KeptWork.hold_writes), the pages
    read from DOCS_DIR, where the build wrote them, by the paths held_pages gives for each key.
    Returns how many files there are, which changed since the last build, and the seconds it took."""
    started = time.perf_counter()
    kept_records.write_held()
    disease_files.keep_pages_written(held_pages, DOCS_DIR)
    count = 0

    def files():  # one record's at a time: this runs while MkDocs holds the most memory
        nonlocal count
        site_wide = site_files(records, release, site_name=settings.name, site_url=settings.url,
                               templates_dir=TEMPLATES_DIR)
        site_wide.update(sitemap_files(
            pages, {f"diseases/{r.slug}.md": r.provenance.last_reviewed for r in records},
            site_address(settings.url), newest))
        yield from site_wide.items()
        count += len(site_wide)
        for record in records:
            if build_is_gone():
                raise SystemExit(1)  # nobody will publish them
            own = disease_files.extras_of(record)
            yield from own.items()
            count += len(own)

    changed = write_docs(files(), EXTRAS_DIR)
    disease_files.prune_extras()
    return count, changed, time.perf_counter() - started


def extras_made(extras: Beside) -> tuple[int, set[str], float]:
    """What write_extras returned; its failure is the build's, reported before site/ is touched."""
    try:
        return extras.result()
    except RuntimeError as failure:
        raise PublishError(f"the files beside the pages could not be made: {failure}") from None


def check() -> None:
    release = load_hpo(write_cache=False)
    outcome = validated(release)
    print(f"{len(outcome.records)} record{'s' * (len(outcome.records) != 1)} checked against "
          f"HPO {release.version}: no problems.")


def suggest(words: str) -> None:
    release = load_hpo()
    candidates = release.suggest(words)
    if not candidates:
        print(f"No HPO {release.version} term matches {words!r}.")
        return
    print(f"HPO {release.version} terms for {words!r}, best first:")
    for hpo_id, label, matched, score in candidates:
        via = "" if matched == label else f"  (synonym: {matched})"
        print(f"  {hpo_id}  {label}{via}  [{score:.2f}]")


if __name__ == "__main__":
    status = main(sys.argv[1:])
    # Ended here rather than by the interpreter, which would free a build's million objects one
    # by one (0.15 s at 1,000 diseases) before giving their memory back all at once anyway.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
