"""MkDocs' own build, its pages rendered on every core.

MkDocs reads the configuration, the files and the navigation once, here, in the build's process,
and renders the pages that are in the navigation (every page shows them). Then forked workers
each run MkDocs' own page steps (`_populate_page`: Python-Markdown; `_build_page`: the theme's
templates and the plugins' page events) on their share of the other pages, and write them. What
a worker learns that the build needs afterwards comes back with each page: the page's search
entries, its anchors and its links to anchors, and what MkDocs warned of. The build then checks
the anchors, puts the search entries in the order a serial build adds them and lets the search
plugin write its index, as `mkdocs.commands.build.build` does: the site is byte for byte the
serial build's (tests/test_plans.py).

This follows `build()` of MkDocs 1.6 step by step; requirements.txt pins MkDocs, and the plans'
test fails if a new version builds otherwise.
"""

from __future__ import annotations

import logging
from pathlib import Path

from raresite import publish
from raresite.speed.workers import cores as every_core
from raresite.speed.workers import map_in_workers

# Below this many pages a worker's start costs more than it saves.
FEW_PAGES = 64


class _Warnings(logging.Handler):
    """What MkDocs warns of in a worker, to be said again in the build (strict mode counts it)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.said: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.said.append((record.name, record.levelno, record.getMessage()))


def build_on_cores(config_file: Path, docs_dir: Path, into: Path, build_date: int, cores: int | None = None) -> None:
    """As publish.run_mkdocs, with the pages rendered by `cores` workers (default: every core)."""
    from mkdocs.config import load_config

    publish.dated(build_date)
    with publish.mkdocs_refusals():
        config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(into), strict=True)
        _build(config, cores or every_core())


def _build(config, cores: int) -> None:
    from mkdocs import utils
    from mkdocs.commands.build import _build_extra_template, _build_theme_template, _populate_page
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    log = logging.getLogger("mkdocs.commands.build")
    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(warning_counter)
    inclusion = InclusionLevel.is_included
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        doc_files = files.documentation_pages(inclusion=inclusion)
        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
        # Every page's template shows the navigation: its pages are read here, once, for all.
        in_nav = {id(page) for page in nav.pages}
        for file in doc_files:
            if id(file.page) in in_nav:
                _populate_page(file.page, config, files, False)
        env = config.plugins.on_env(env, config=config, files=files)

        files.copy_static_files(dirty=False, inclusion=inclusion)
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)

        search = config.plugins.get("material/search") or config.plugins.get("search")
        made = map_in_workers(_page, list(range(len(doc_files))), cores if len(doc_files) >= FEW_PAGES else 1,
                                      (config, files, nav, env, doc_files, in_nav, search))
        entries = []
        for file, (page_entries, anchors, links, said) in zip(doc_files, made, strict=True):
            entries.extend(page_entries)
            file.page.present_anchor_ids = anchors
            file.page.links_to_anchors = {files.get_file_from_path(uri): dict(to) for uri, to in links}
            for name, level, message in said:
                logging.getLogger(name).log(level, message)
        if search is not None:
            search.search_index.entries = entries

        for file in doc_files:
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            raise Abort(f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in counts)} in strict mode!")
    except Exception as error:
        config.plugins.on_build_error(error=error)
        if isinstance(error, BuildError):
            log.error(str(error))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(warning_counter)


def _page(index: int, state) -> tuple[list[dict], set[str], list[tuple[str, dict[str, str]]], list]:
    """In a worker: read, render and write one page as MkDocs' build does; what the build needs
    of it afterwards."""
    from mkdocs.commands.build import _build_page, _populate_page

    config, files, nav, env, doc_files, in_nav, search = state
    file = doc_files[index]
    page = file.page
    said = _Warnings()
    logging.getLogger("mkdocs").addHandler(said)
    before = len(search.search_index.entries) if search is not None else 0
    try:
        if id(page) not in in_nav:
            _populate_page(page, config, files, False)
        _build_page(page, config, doc_files, nav, env, False, excluded=file.inclusion.is_excluded())
    finally:
        logging.getLogger("mkdocs").removeHandler(said)
    entries = search.search_index.entries[before:] if search is not None else []
    links = [(to.src_uri, dict(anchors)) for to, anchors in (page.links_to_anchors or {}).items()]
    return entries, page.present_anchor_ids, links, said.said
