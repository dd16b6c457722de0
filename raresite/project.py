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

from raresite.model.comparison import COMPARISONS_FILE
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
    refused: str | None = None  # why it was not read at all (a link out of content/, a folder)


@dataclass
class Sources:
    """The bytes the build read from the project's own files."""

    records: list[RecordFile]
    templates: dict[str, str]  # name -> text
    glossary: bytes | None  # content/glossary.yaml, where there is one
    comparisons: bytes | None  # content/comparisons.yaml, where there is one
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
        shown = project.shown(path)
        refused = refusal(path, project.content_dir)
        if refused is not None:
            digests[shown] = link_digest(path)
            records.append(RecordFile(path, shown, b"", refused))
            continue
        try:
            raw = path.read_bytes()
        except OSError as error:  # removed meanwhile, or unreadable
            raw = b""
            refused = f"the file cannot be read ({error.strerror})"
        digests[shown] = hashlib.sha256(raw).hexdigest()
        records.append(RecordFile(path, shown, raw, refused))
    templates = {}
    for path in sorted(project.templates_dir.rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            name = path.relative_to(project.templates_dir).as_posix()
            templates[name] = raw.decode("utf-8")
            digests[f"templates/{name}"] = hashlib.sha256(raw).hexdigest()
    glossary, comparisons = (_read_content_file(project, name, digests) for name in (GLOSSARY_FILE, COMPARISONS_FILE))
    return Sources(records, templates, glossary, comparisons, digests)


def _read_content_file(project: Project, name: str, digests: dict[str, str]) -> bytes | None:
    """A site-wide file of content/ (the glossary, the comparisons), or None where there is none."""
    path = project.content_dir / name
    if not path.is_file():
        return None
    raw = path.read_bytes()
    digests[project.shown(path)] = hashlib.sha256(raw).hexdigest()
    return raw


def refusal(path: Path, content_dir: Path) -> str | None:
    """Why a record file is not read at all, or None: a record is a file inside content/. A link
    to a file elsewhere is never opened (its content would reach the messages, or the site)."""
    if path.is_dir():
        return "is a folder, not a record file (expected a YAML file; rename the folder)"
    if not path.resolve().is_relative_to(content_dir.resolve()):
        return "is a link to a file outside content/ (expected the record itself, not a link; it was not read)"
    return None


def link_digest(path: Path) -> str:
    """What stands for a file that is not read: where it points."""
    return "link: " + hashlib.sha256(os.fsencode(os.readlink(path)) if path.is_symlink() else b"folder").hexdigest()


def record_paths(project: Project) -> list[Path]:
    """The record files, in a stable order."""
    folder = project.records_dir
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in RECORD_SUFFIXES)
