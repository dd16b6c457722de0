"""The files one record alone decides: its disease page, its downloads and its share card.

A disease page shows its own record and nothing of the others (its links to gene and feature
pages are made from its own genes and terms), and so do its downloads. So they are made record by
record, and kept between builds under a key of the record's content (see kept.py): after an edit
to one record of a thousand, one record's files are made again, not a thousand.
"""

from __future__ import annotations

import sys
from pathlib import Path

from raresite.catalogue import SiteSettings, site_values
from raresite.glossary import Glossary, with_abbreviations
from raresite.hpo import HpoRelease
from raresite.kept import KeptWork, code_context
from raresite.parallel import Ahead, build_is_gone
from raresite.record import DiseaseRecord
from raresite.render import render_page, template_environment
from raresite.sharing import card_text, disease_address, record_card, record_downloads, share_page
from raresite.social_card import fonts_available
from raresite.views import disease_page


def _context(templates_dir: Path, glossary: Glossary | None, settings: SiteSettings) -> bytes:
    """Everything a record's files are made from besides the record."""
    parts = [code_context(), repr(settings).encode(),
             repr(glossary.entries if glossary else None).encode()]
    for path in sorted(templates_dir.rglob("*")):
        if path.is_file():
            parts.append(str(path.relative_to(templates_dir)).encode() + b"\0" + path.read_bytes())
    # A page names its share image only where one can be drawn; the image itself is kept apart.
    parts.append(b"fonts" if fonts_available() else b"no fonts")
    return b"\0\0".join(parts)


class DiseaseFiles:
    """Makes (or takes from kept work) each record's own files.

    Its page MkDocs needs before it starts. Its downloads and share card MkDocs never reads: they
    are made while MkDocs builds, on the core it leaves idle (build.py's write_extras).
    """

    def __init__(self, release: HpoRelease, settings: SiteSettings, templates_dir: Path,
                 glossary: Glossary | None = None, cache_dir: Path | None = None) -> None:
        self.release = release
        self.settings = settings
        self.glossary = glossary
        self.environment = template_environment(templates_dir)
        self.site = site_values(settings, release)
        self.cards_dir = cache_dir / "cards" if cache_dir else None
        context = _context(templates_dir, glossary, settings) if cache_dir else b""
        self.kept_pages = KeptWork(cache_dir / "pages" if cache_dir else None, context)
        self.kept_downloads = KeptWork(cache_dir / "downloads" if cache_dir else None, context)
        self._ahead: Ahead | None = None
        self._keys: dict[int, tuple[DiseaseRecord, bytes]] = {}

    def _key(self, record: DiseaseRecord) -> bytes:
        # Asked for three times a record (is it kept? its page, then its extras): made once. The
        # record is held beside its key, so that its id cannot pass to another object meanwhile.
        known = self._keys.get(id(record))
        if known is None:
            known = self._keys[id(record)] = (record, record.model_dump_json().encode())
        return known[1]

    def start_pages(self, records: list[DiseaseRecord]) -> None:
        """Start making the pages not kept yet on the other cores, while the build goes on with
        the rest of the site; pages_of() joins in."""
        if self.kept_pages.folder is not None and self._ahead is None:
            self._ahead = Ahead([r for r in records if not self.kept_pages.has(self._key(r))], self.page_of)

    def stop_pages(self) -> None:
        """Stop the helpers start_pages() began (the build failed before it needed the pages)."""
        if self._ahead is not None:
            self._ahead.cancel()
            self._ahead = None

    def pages_of(self, records: list[DiseaseRecord]) -> dict[str, str]:
        """Every record's page; those not kept yet are made on every core first."""
        self.start_pages(records)
        if self._ahead is not None:
            self._ahead.finish()
            self._ahead = None
        pages: dict[str, str] = {}
        for record in records:
            pages.update(self.page_of(record))
        self.kept_pages.let_go()
        self.kept_pages.prune()
        return pages

    def keep_pages_written(self, held: dict[bytes, list[str]], docs_dir: Path) -> None:
        """Keep the pages this object's kept_pages held in the build (named by the key and the
        paths of the page's files), as written to docs_dir."""
        for key, paths in held.items():
            try:
                # As bytes, decoded: the text exactly as made, whatever its line ends.
                page = {path: (docs_dir / path).read_bytes().decode("utf-8") for path in paths}
            except (OSError, UnicodeDecodeError):
                continue  # kept work costs speed, never the build
            if build_is_gone():
                # A later build may have rewritten the docs: what was read may be another page.
                raise SystemExit(1)
            self.kept_pages.write_held({key: page})

    def page_of(self, record: DiseaseRecord) -> dict[str, str]:
        """The record's page, by its path in the docs folder."""
        key = self._key(record)
        kept = self.kept_pages.get(key)
        if isinstance(kept, dict):
            return kept
        settings = self.settings
        page = disease_page(record, self.release, settings.name, disease_address(settings.url, record.slug))
        page.share = share_page(record, self.release, site_name=settings.name, site_url=settings.url,
                                language=settings.language)
        markdown = {f"diseases/{record.slug}.md": render_page(
            self.environment, self.site, "disease.md.jinja", page.title_text, page.description_text,
            page=page)}
        made = dict(with_abbreviations(markdown, self.glossary) if self.glossary else markdown)
        self.kept_pages.put(key, made)
        return made

    def extras_of(self, record: DiseaseRecord) -> dict[str, str | bytes]:
        """The record's downloads and share card, by their paths in the site."""
        key = self._key(record)
        self._keys.pop(id(record), None)  # its last use: not held while MkDocs' memory peaks
        files = self.kept_downloads.get(key)
        if not isinstance(files, dict):
            files = record_downloads(record, self.release, site_name=self.settings.name,
                                     site_url=self.settings.url)
            self.kept_downloads.put(key, files)
        # The share card is kept apart, by what it shows (social_card.py).
        return {**files, **record_card(record.slug, card_text(record), site_name=self.settings.name,
                                       cache_dir=self.cards_dir)}

    def prune_extras(self) -> None:
        """Remove downloads and cards no longer kept (call where extras_of was called)."""
        self.kept_downloads.prune()
        if self.cards_dir is not None:
            # Cards are kept by what they show; only age removes them (a thousand cards are 30 MB).
            KeptWork(self.cards_dir).prune(at_least=sys.maxsize)
