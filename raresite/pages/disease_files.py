"""The files one record alone decides: its disease page, its downloads and its share card.

A disease page shows its own record and nothing of the others (its links to gene and feature
pages are made from its own genes and terms), and so do its downloads. So they are made record by
record, and each kind says what it is made from (its Keeping), so that a plan may keep it between
builds: after an edit to one record of a thousand, one record's files are made again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from raresite.files.downloads import downloads
from raresite.files.social_card import card_key, fonts_available, social_card
from raresite.keeping import Keeping
from raresite.model.glossary import Glossary, with_abbreviations
from raresite.model.hpo import HpoRelease
from raresite.model.names import card_path, disease_address
from raresite.model.record import DiseaseRecord
from raresite.pages.catalogue import site_values
from raresite.pages.render import render_page
from raresite.pages.sharing import card_text, record_downloads, share_page
from raresite.pages.templates import template_environment
from raresite.pages.views import disease_page
from raresite.project import SiteSettings

Files = dict[str, str | bytes]  # path in the docs folder or the site -> content
Remember = Callable[[Keeping, bytes, Callable[[], object]], object]
# A record, the slug of the page here of each of its related disorders (or None), and the
# comparison pages it is a row of (slug, title).
RecordAndRelated = tuple[DiseaseRecord, tuple[str | None, ...], tuple[tuple[str, str], ...]]


def _encode_texts(texts: list[str]) -> bytes:
    return json.dumps(texts, ensure_ascii=False).encode()


def _decode_texts(data: bytes) -> list[str]:
    texts = json.loads(data)
    if not (isinstance(texts, list) and all(isinstance(text, str) for text in texts)):
        raise ValueError("expected a list of texts")
    return texts


class DiseaseFiles:
    """Makes each record's own files, and says what each kind is made from."""

    def __init__(self, release: HpoRelease, settings: SiteSettings, templates: dict[str, str],
                 template_digest: bytes, glossary: Glossary) -> None:
        self.release = release
        self.settings = settings
        self.glossary = glossary
        self.environment = template_environment(templates)
        self.site = site_values(settings, release)
        # Everything a record's page and downloads are made from besides the record itself.
        self._context = hashlib.sha256(b"\0".join([
            template_digest, repr(settings).encode(), repr(glossary.entries).encode(),
            # A page names its share image only where one can be drawn.
            b"fonts" if fonts_available() else b"no fonts",
        ])).digest()
        # A page shows its own record, which of its related disorders have a page here, and the
        # comparisons it is in. Kept without their paths, which the record gives: kept work names
        # no file of the site.
        self.pages = Keeping[RecordAndRelated, str](
            "pages", lambda item: self._key(item[0]) + repr(item[1:]).encode(), lambda text: text.encode(),
            bytes.decode)
        self.downloads = Keeping[DiseaseRecord, list[str]]("downloads", self._key, _encode_texts, _decode_texts)
        self.cards = Keeping[bytes, bytes]("cards", lambda key: key, bytes, bytes)

    def _key(self, record: DiseaseRecord) -> bytes:
        return self._context + record.model_dump_json().encode()

    @staticmethod
    def page_path(record: DiseaseRecord) -> str:
        return f"diseases/{record.slug}.md"

    def page_of(self, item: RecordAndRelated) -> str:
        """The record's page (its path: page_path), with which of its related disorders have a page
        here and the comparisons it is in."""
        record, related_pages, comparisons = item
        settings = self.settings
        page = disease_page(record, self.release, settings.name, disease_address(settings.url, record.slug),
                            related_pages, comparisons)
        page.share = share_page(record, self.release, site_name=settings.name, site_url=settings.url,
                                language=settings.language)
        markdown = {self.page_path(record): render_page(
            self.environment, self.site, "disease.md.jinja", page.title_text, page.description_text,
            page=page)}
        return with_abbreviations(markdown, self.glossary)[self.page_path(record)]

    def downloads_of(self, record: DiseaseRecord) -> list[str]:
        """The record's downloads, in the order of downloads() (their paths)."""
        made = record_downloads(record, self.release, site_name=self.settings.name, site_url=self.settings.url)
        return [made[download.path] for download in downloads(record.slug)]

    def extras_of(self, record: DiseaseRecord, remember: Remember) -> Files:
        """The record's downloads and share card, by their paths in the site; remember is a
        plan's (Plan.remember), which may have them from an earlier build."""
        texts = remember(self.downloads, self._key(record), lambda: self.downloads_of(record))
        files: Files = dict(zip((download.path for download in downloads(record.slug)), texts, strict=True))
        if fonts_available():
            title, line = card_text(record)
            name = self.settings.name
            # Kept apart, by what it shows: most edits to a record leave its card as it was.
            files[card_path(record.slug)] = remember(self.cards, card_key(title, line, name),
                                                     lambda: social_card(title, line, name))
        return files
