#!/usr/bin/env python3
"""Build the rare-disease site: load -> validate -> model -> render -> write -> publish.

    python build.py                      build site/ from content/ (the whole job)
    python build.py check                validate every record and write nothing
    python build.py hpo-report           compare each record's features with HPO's annotations
    python build.py suggest-hpo "WORDS"  rank HPO terms for a curator's words
"""

from __future__ import annotations

import calendar
import json
import os
import sys
import time
from pathlib import Path

import yaml

from raresite.catalogue import SiteSettings, build_catalogue
from raresite.glossary import glossary_page, read_glossary, with_abbreviations
from raresite.hpo import HpoRelease, load_release
from raresite.problems import PublishError, RecordProblems, UsageError
from raresite.publish import build_with_mkdocs, write_docs
from raresite.readability import reading_grade_warnings
from raresite.record import DiseaseRecord
from raresite.render import render_site
from raresite.report import hpo_report
from raresite.validate import Validation, load_and_validate

ROOT = Path(__file__).resolve().parent
CONTENT_DIR = ROOT / "content"
TEMPLATES_DIR = ROOT / "templates"
CONFIG_FILE = ROOT / "mkdocs.yml"
DOCS_DIR = ROOT / "build" / "docs"
SITE_DIR = ROOT / "site"
# Tests build temporary copies of the project; they share one HPO cache through this variable.
CACHE_DIR = Path(os.environ.get("RARESITE_CACHE_DIR", ROOT / ".cache"))
SCHEMA_FILE = CONTENT_DIR / "disease.schema.json"


def main(argv: list[str]) -> int:
    """Run one command; every expected failure ends here as a message and an exit status."""
    command, *arguments = argv or ["build"]
    try:
        if command == "build" and not arguments:
            build()
        elif command == "check" and not arguments:
            check()
        elif command == "hpo-report" and not arguments:
            print(hpo_report(validated(load_hpo()).records, load_hpo()))
        elif command == "suggest-hpo" and len(arguments) == 1:
            suggest(arguments[0])
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


def validated(release: HpoRelease) -> Validation:
    """Load and validate every record; raise with every problem if there is any."""
    outcome = load_and_validate(CONTENT_DIR, release, ROOT)
    outcome.problems.extend(read_glossary(CONTENT_DIR, ROOT).problems)
    outcome.warnings.extend(reading_grade_warnings(outcome.records))
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if outcome.problems:
        raise RecordProblems(outcome.problems)
    return outcome


def read_settings() -> SiteSettings:
    config = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8"))
    url = str(config.get("site_url") or "")
    return SiteSettings(
        name=config["site_name"],
        description=config.get("site_description", ""),
        url=url if not url or url.endswith("/") else url + "/",
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
    started = time.perf_counter()
    # Load and validate: every record, every problem, before anything is written.
    release = load_hpo()
    outcome = validated(release)
    records = [loaded.record for loaded in outcome.records]
    # Model: the collection as the pages will show it.
    catalogue = build_catalogue(records, release, read_settings())
    # Render: Markdown for every page.
    pages = render_site(catalogue, TEMPLATES_DIR)
    # The glossary: its own page, and its abbreviations explained on every page.
    glossary = read_glossary(CONTENT_DIR, ROOT)
    pages["glossary.md"] = glossary_page(glossary, TEMPLATES_DIR)
    pages = with_abbreviations(pages, glossary)
    # Write: the generated docs folder, and the schema editors use.
    write_schema()
    write_docs(pages, DOCS_DIR)
    # Publish: MkDocs builds beside site/, which is replaced only when the build succeeded.
    newest = max((r.provenance.last_reviewed for r in records), default=None)
    source_date = calendar.timegm(newest.timetuple()) if newest else 0
    build_with_mkdocs(CONFIG_FILE, DOCS_DIR, SITE_DIR, source_date)
    print(f"Built {len(records)} disease page{'s' * (len(records) != 1)} and {len(pages)} pages "
          f"in all into {SITE_DIR.relative_to(ROOT)}/ in {time.perf_counter() - started:.1f} s.")


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
    sys.exit(main(sys.argv[1:]))
