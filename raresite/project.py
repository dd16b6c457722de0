"""Where a project's files are, and what the build reads of them, read once.

Every input the build itself reads (the record files, the glossary, the templates) is read here,
once, as bytes: the pages are made from exactly those bytes, and `Sources.digests` says which
they were, so that nothing can vouch for a site made from other bytes (see speed/skip.py).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from raresite.model.glossary import GLOSSARY_FILE
from raresite.model.yamlfile import shown_path

# mkdocs.yml's site_url until the public address is known: a reserved name (RFC 2606).
PLACEHOLDER_HOST = ".example/"


@dataclass(frozen=True)
class Project:
    """The folders and files of one project (a clone, or a test's copy of one)."""

    root: Path
    cache_dir: Path  # kept work between builds (speed/): never needed, always checked

    @classmethod
    def at(cls, root: Path) -> Project:
        # Tests build temporary copies of the project; they share one cache through this variable.
        cache = os.environ.get("RARESITE_CACHE_DIR")
        return cls(root=root, cache_dir=Path(cache) if cache else root / ".cache")

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def records_dir(self) -> Path:
        return self.content_dir / "diseases"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def docs_dir(self) -> Path:
        """The generated Markdown pages MkDocs reads, and nothing else."""
        return self.build_dir / "docs"

    @property
    def extras_dir(self) -> Path:
        """The site's files MkDocs does not read (downloads, share cards, redirects, sitemap)."""
        return self.build_dir / "extras"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def schema_file(self) -> Path:
        return self.content_dir / "disease.schema.json"

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the project."""
        return shown_path(path, self.root)


@dataclass(frozen=True)
class SiteSettings:
    """What the pages need to know of the site itself, read from mkdocs.yml."""

    name: str
    description: str
    url: str  # the public address with a trailing slash, or '' where none is configured
    language: str = "en"  # the pages' language, as MkDocs' theme.language

    @property
    def placeholder(self) -> bool:
        return PLACEHOLDER_HOST in self.url


def read_settings(project: Project) -> SiteSettings:
    # MkDocs' own loader, so that `!ENV SITE_URL` in mkdocs.yml means here what it means to MkDocs.
    config = yaml_load(project.config_file.read_text(encoding="utf-8"))
    url = str(config.get("site_url") or "")
    return SiteSettings(
        name=config["site_name"],
        description=config.get("site_description", ""),
        url=url if not url or url.endswith("/") else url + "/",
        language=str((config.get("theme") or {}).get("language") or "en"),
    )


@dataclass(frozen=True)
class RecordFile:
    """One record file as read: its bytes are all the build ever sees of it."""

    path: Path
    shown_as: str  # as messages name it: content/diseases/optb2.yaml
    raw: bytes


@dataclass
class Sources:
    """The bytes the build read from the project's own files."""

    records: list[RecordFile]
    templates: dict[str, str]  # name -> text
    glossary: bytes | None  # content/glossary.yaml, where there is one
    digests: dict[str, str] = field(default_factory=dict)  # shown path -> SHA-256 of the bytes read

    def template_digest(self) -> bytes:
        """One digest of every template, for what is made from them."""
        digest = hashlib.sha256()
        for name in sorted(self.templates):
            digest.update(name.encode() + b"\0" + self.digests[f"templates/{name}"].encode())
        return digest.digest()


RECORD_SUFFIXES = (".yaml", ".yml")


def read_sources(project: Project) -> Sources:
    """Read every record file and template once."""
    digests: dict[str, str] = {}
    records = []
    for path in record_paths(project):
        try:
            raw = path.read_bytes()
        except OSError as error:  # removed meanwhile, or unreadable: validate reports it
            raw = b""
            digests[project.shown(path)] = f"unreadable: {error.strerror}"
        else:
            digests[project.shown(path)] = hashlib.sha256(raw).hexdigest()
        records.append(RecordFile(path, project.shown(path), raw))
    templates = {}
    for path in sorted(project.templates_dir.rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            name = path.relative_to(project.templates_dir).as_posix()
            templates[name] = raw.decode("utf-8")
            digests[f"templates/{name}"] = hashlib.sha256(raw).hexdigest()
    glossary_file = project.content_dir / GLOSSARY_FILE
    glossary = glossary_file.read_bytes() if glossary_file.is_file() else None
    if glossary is not None:
        digests[project.shown(glossary_file)] = hashlib.sha256(glossary).hexdigest()
    return Sources(records, templates, glossary, digests)


def record_paths(project: Project) -> list[Path]:
    """The record files, in a stable order."""
    folder = project.records_dir
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in RECORD_SUFFIXES and p.is_file())
