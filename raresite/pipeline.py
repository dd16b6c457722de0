"""The build, as one story: load -> validate -> model -> render -> write -> publish.

`build(project, plan)` is what `python build.py` runs, with a plan that does it fast
(raresite.speed); `Plan()` does it plainly, and both make the same site byte for byte.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import json
import sys
from dataclasses import dataclass

from raresite import publish
from raresite.checks.comparisons import Comparisons, check_comparisons, read_comparisons
from raresite.checks.validate import LoadedRecord, load_and_validate, related_pages
from raresite.files.sitemap import sitemap_files
from raresite.files.social_card import BOLD, fonts_available
from raresite.keeping import Keeping
from raresite.model.glossary import Glossary, read_glossary, with_abbreviations
from raresite.model.hpo import HpoRelease, load_release, release_from_json, release_to_json
from raresite.model.names import site_address
from raresite.model.record import DiseaseRecord
from raresite.pages.catalogue import Catalogue, build_catalogue
from raresite.pages.disease_files import DiseaseFiles
from raresite.pages.render import render_site
from raresite.pages.sharing import site_files
from raresite.plan import Plan
from raresite.problems import RecordProblems
from raresite.project import Project, RecordFile, SiteSettings, Sources, read_settings, read_sources

# The parsed HPO release: 1.7 s to parse, a fraction of that to read back.
HPO_RELEASE = Keeping[bytes, HpoRelease]("hpo", lambda key: key, release_to_json, release_from_json)


@dataclass(frozen=True)
class Built:
    """What a build did, for the command line to say."""

    diseases: int = 0
    files: int = 0
    rerendered: int | None = None  # pages MkDocs re-rendered, or None for a full build
    skipped: bool = False  # nothing changed since the last publish


def build(project: Project, plan: Plan) -> Built:
    """Build site/ from the project's content, or say why not (RecordProblems, PublishError)."""
    # Skip: a plan that remembers the last publish may know site/ is already what we would make.
    if plan.unchanged(project):
        return Built(skipped=True)
    # Load, validate, model, render, write: the docs folder MkDocs reads, and the other files
    # of the site under way beside it.
    docs = make_docs(project, plan)
    # Publish: MkDocs builds the site beside site/, the other files join it, and it replaces site/.
    rerendered = plan.publish(project, docs)
    return Built(docs.diseases, len(docs.written.paths) + publish.extras_result(docs.extras)[1], rerendered)


def make_docs(project: Project, plan: Plan) -> publish.Docs:
    """Everything before MkDocs; what it loads is let go when it returns, for MkDocs' memory."""
    # Load: the HPO release, the site's settings, the glossary and every record file, read once.
    release = hpo_release(plan)
    settings = read_settings(project)
    sources = read_sources(project)
    glossary = read_glossary(project.content_dir, project.root, sources.glossary)
    comparisons = read_comparisons(project.content_dir, project.root, sources.comparisons)
    # Validate: every record, every problem, before anything is written.
    records = [loaded.record for loaded in validated(sources, glossary, comparisons, release, plan)]
    for warning in site_warnings(settings):
        print(f"warning: {warning}", file=sys.stderr)
    # Model: the collection as the pages will show it.
    catalogue = build_catalogue(records, release, settings, comparisons.comparisons)
    disease_files = DiseaseFiles(release, settings, sources.templates, sources.template_digest(), glossary)
    # Render: Markdown for every page, the glossary's abbreviations explained on each; and
    # Write: the docs folder MkDocs reads (and the schema editors use); the files MkDocs does not
    # read are made beside it (downloads, share cards, redirects by identifier, the sitemap).
    written = publish.write_pages(render_pages(catalogue, records, disease_files, sources, glossary, plan),
                                  project.docs_dir)
    write_schema(project)
    newest = max((r.provenance.last_reviewed for r in records), default=datetime.date(1970, 1, 1))
    extras = plan.beside(functools.partial(write_extras, project, records, release, settings, sources.templates,
                                           disease_files, written.paths, newest, plan))
    return publish.Docs(written, extras, calendar.timegm(newest.timetuple()), sources.digests, len(records))


def render_pages(catalogue: Catalogue, records: list[DiseaseRecord], disease_files: DiseaseFiles,
                 sources: Sources, glossary: Glossary, plan: Plan) -> dict[str, str]:
    """Every page's Markdown, by its path in the docs folder."""
    pages = with_abbreviations(render_site(catalogue, sources.templates, glossary), glossary)
    related = related_pages(records)
    compared_in: dict[str, tuple[tuple[str, str], ...]] = {}
    for comparison in catalogue.comparisons:
        for _, rows in comparison.groups:
            for row in rows:
                compared_in[row.slug] = compared_in.get(row.slug, ()) + ((comparison.slug, comparison.title_text),)
    pages_made = plan.map(disease_files.page_of, [(r, related[r.slug], compared_in.get(r.slug, ())) for r in records],
                          disease_files.pages)
    for record, page in zip(records, pages_made, strict=True):
        pages[disease_files.page_path(record)] = page
    return pages


def site_warnings(settings: SiteSettings) -> list[str]:
    """What a curator should know of the site's settings before publishing it."""
    found = []
    if settings.placeholder:
        found.append(f"site_url is the placeholder {settings.url}; set SITE_URL to the public address "
                     "so that canonical, share and citation links point at it.")
    if not fonts_available():
        found.append(f"no share images: the font {BOLD} is missing (apt-get install fonts-dejavu-core); "
                     "pages are shared without an image.")
    return found


def write_extras(project: Project, records: list[DiseaseRecord], release: HpoRelease, settings: SiteSettings,
                 templates: dict[str, str], disease_files: DiseaseFiles, pages: list[str],
                 newest: datetime.date, plan: Plan) -> publish.ExtrasMade:
    """Write the site's files besides its pages into the extras folder: each record's downloads
    and share card, the catalogue's downloads, the addresses by identifier, robots.txt and the
    sitemap. Returns which changed since the last build, and how many there are."""
    count = 0

    def files():  # one record's at a time: this runs while MkDocs holds the most memory
        nonlocal count
        site_wide = site_files(records, release, site_name=settings.name, site_url=settings.url,
                               templates=templates)
        site_wide.update(sitemap_files(
            pages, {f"diseases/{r.slug}.md": r.provenance.last_reviewed for r in records},
            site_address(settings.url), newest))
        yield from site_wide.items()
        count += len(site_wide)
        for record in records:
            own = disease_files.extras_of(record, plan.remember)
            yield from own.items()
            count += len(own)

    changed = publish.write_docs(files(), project.extras_dir)
    return changed, count


def write_schema(project: Project) -> None:
    """Write the record's JSON Schema beside the records, for editors (only when it changed)."""
    schema = DiseaseRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Disease record"
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    file = project.schema_file
    if not file.exists() or file.read_text(encoding="utf-8") != text:
        file.write_text(text, encoding="utf-8")


def hpo_release(plan: Plan) -> HpoRelease:
    return plan.remember(HPO_RELEASE, b"release", load_release)


def validated(sources: Sources, glossary: Glossary, comparisons: Comparisons, release: HpoRelease,
              plan: Plan) -> list[LoadedRecord]:
    """Every record, checked alone and together, and the files that name them; RecordProblems
    with every problem if any."""
    validation = load_and_validate(sources.records, release, plan)
    for warning in validation.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    problems = validation.problems + glossary.problems + comparisons.problems
    if not comparisons.problems:
        problems += check_comparisons(comparisons, validation.records + validation.salvaged)
    if problems:
        raise RecordProblems(problems, partly_checked=validation.partly_checked > 0 or bool(comparisons.problems))
    return validation.records


def records_as_they_are(project: Project, plan: Plan) -> tuple[list[LoadedRecord], list[RecordFile], HpoRelease,
                                                                int]:
    """Every record the model could read, those with problems too (less their refused parts), the
    files it could not read whole, and how many problems there are: for reports on drafts
    (`hpo-report`)."""
    release = hpo_release(plan)
    files = read_sources(project).records
    validation = load_and_validate(files, release, plan)
    read = validation.records + validation.salvaged
    unread = [file for file in files if file.path not in {loaded.path for loaded in read}]
    return read, unread, release, len(validation.problems)


def checked_records(project: Project, plan: Plan) -> tuple[list[LoadedRecord], HpoRelease]:
    """Load and validate every record and the glossary, and write nothing (`check`, `hpo-report`)."""
    release = hpo_release(plan)
    sources = read_sources(project)
    glossary = read_glossary(project.content_dir, project.root, sources.glossary)
    comparisons = read_comparisons(project.content_dir, project.root, sources.comparisons)
    return validated(sources, glossary, comparisons, release, plan), release
