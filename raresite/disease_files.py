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
from raresite.parallel import make_ahead
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
    """Makes (or takes from kept work) each record's own files."""

    def __init__(self, release: HpoRelease, settings: SiteSettings, templates_dir: Path,
                 glossary: Glossary | None = None, cache_dir: Path | None = None) -> None:
        self.release = release
        self.settings = settings
        self.glossary = glossary
        self.environment = template_environment(templates_dir)
        self.site = site_values(settings, release)
        self.cards_dir = cache_dir / "cards" if cache_dir else None
        self.kept = KeptWork(cache_dir / "pages" if cache_dir else None,
                             _context(templates_dir, glossary, settings) if cache_dir else b"")

    def all_of(self, records: list[DiseaseRecord]) -> dict[str, str | bytes]:
        """Every record's files; those not kept yet are made on every core first."""
        if self.kept.folder is not None:
            make_ahead([r for r in records if not self.kept.has(self._key(r))], self.of)
        files: dict[str, str | bytes] = {}
        for record in records:
            files.update(self.of(record))
        return files

    @staticmethod
    def _key(record: DiseaseRecord) -> bytes:
        return record.model_dump_json().encode()

    def of(self, record: DiseaseRecord) -> dict[str, str | bytes]:
        """The record's files by their paths in the docs folder."""
        key = self._key(record)
        kept = self.kept.get(key)
        if isinstance(kept, tuple):
            files, card = kept
        else:
            files, card = self.make(record), card_text(record)
            self.kept.put(key, (files, card))
        # The share card is kept apart, by what it shows (social_card.py), not twice.
        return {**files, **record_card(record.slug, card, site_name=self.settings.name,
                                       cache_dir=self.cards_dir)}

    def make(self, record: DiseaseRecord) -> dict[str, str | bytes]:
        settings = self.settings
        page_url = disease_address(settings.url, record.slug)
        page = disease_page(record, self.release, settings.name, page_url)
        page.share = share_page(record, self.release, site_name=settings.name, site_url=settings.url,
                                language=settings.language)
        markdown = {f"diseases/{record.slug}.md": render_page(
            self.environment, self.site, "disease.md.jinja", page.title_text, page.description_text,
            page=page)}
        files: dict[str, str | bytes] = dict(with_abbreviations(markdown, self.glossary)
                                             if self.glossary else markdown)
        files.update(record_downloads(record, self.release, site_name=settings.name,
                                      site_url=settings.url))
        return files

    def prune(self) -> None:
        self.kept.prune()
        if self.cards_dir is not None:
            # Cards are kept by what they show; only age removes them (a thousand cards are 50 MB).
            KeptWork(self.cards_dir).prune(at_least=sys.maxsize)
