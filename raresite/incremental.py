"""What build/ remembers of the site it last published, so that the next build does less.

The site is a function of its inputs: the content, the templates, the theme overrides,
mkdocs.yml and SITE_URL, the generator's code, the HPO release, the share-image fonts and the
versions of the packages that render it. After every successful publish, build/ keeps two hashes:

- `inputs`, of all of them: a build whose inputs hash the same finds site/ already as a clean
  build would make it, and stops before loading anything;
- `frame`, of what MkDocs reads besides the pages' own bytes: mkdocs.yml, the overrides, the
  installed packages, SITE_URL and the list of files in the docs folder. While it is unchanged,
  MkDocs need only re-render the pages whose Markdown changed (see publish.py).

The stamp is removed before a build starts and written only after site/ was swapped in, so a
failed or killed build can never leave a stale hash that vouches for the wrong site.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from raresite.hpo import shipped_files
from raresite.social_card import BOLD, REGULAR

STAMP_NAME = "published.json"


@dataclass(frozen=True)
class Published:
    inputs: str  # input_fingerprint() of the build that made site/
    frame: str  # publish_frame() of that build


class _Digest:
    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def add(self, label: str, data: bytes) -> None:
        self._hash.update(label.encode() + b"\0" + hashlib.sha256(data).digest())

    def add_files(self, root: Path, folder: str, pattern: str = "*") -> None:
        for path in sorted((root / folder).rglob(pattern)):
            # The schema beside the records is written by the build from the code, hashed with it.
            if path.is_file() and "__pycache__" not in path.parts and path.name != "disease.schema.json":
                self.add(str(path.relative_to(root)), path.read_bytes())

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


@functools.cache
def installed_packages() -> bytes:
    # Every installed package and its version: a list of the ones that render would miss one that
    # only some extension pulls in (backrefs, babel, ...), and the whole list costs 10 ms.
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    return ("\n".join(packages) + "\n" + sys.version).encode()


def input_fingerprint(root: Path) -> str:
    """One hash of everything a build of the project at root reads."""
    digest = _Digest()
    for folder, pattern in (("content", "*"), ("templates", "*"), ("overrides", "*"),
                            ("raresite", "*.py")):
        digest.add_files(root, folder, pattern)
    for name in ("build.py", "mkdocs.yml"):
        digest.add(name, (root / name).read_bytes())
    for name, path in sorted(shipped_files().items()):
        stat = path.stat()  # the release files are installed, not edited: size and time suffice
        digest.add(f"hpo/{name}", f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    digest.add("packages", installed_packages())
    # Settings from outside the files: the public address (mkdocs.yml reads SITE_URL) and the
    # fonts the share images are drawn in.
    digest.add("env/SITE_URL", os.environ.get("SITE_URL", "").encode())
    for font in (BOLD, REGULAR):
        font_path = Path(font)
        digest.add(f"font/{font}", f"{font_path.stat().st_mtime_ns}:{font_path.stat().st_size}".encode()
                   if font_path.exists() else b"absent")
    return digest.hexdigest()


def publish_frame(root: Path, docs_files: Iterable[str]) -> str:
    """One hash of what MkDocs reads besides the bytes of the generated files."""
    digest = _Digest()
    digest.add("mkdocs.yml", (root / "mkdocs.yml").read_bytes())
    digest.add_files(root, "overrides")
    digest.add("packages", installed_packages())
    digest.add("env/SITE_URL", os.environ.get("SITE_URL", "").encode())
    # A page added or removed changes the navigation, the sitemap and the search index's order.
    digest.add("docs", "\n".join(sorted(docs_files)).encode())
    return digest.hexdigest()


def stamp_file(build_dir: Path) -> Path:
    return build_dir / STAMP_NAME


def read_published(build_dir: Path, site_dir: Path) -> Published | None:
    """What the published site/ was built from; None if it is not known (or there is no site/)."""
    stamp = stamp_file(build_dir)
    if not (site_dir.is_dir() and stamp.is_file()):
        return None
    try:
        return Published(**json.loads(stamp.read_text(encoding="utf-8")))
    except (ValueError, TypeError):
        return None  # a stamp from an older version of the generator: build in full


def forget_published(build_dir: Path) -> None:
    """Before a build changes anything: no hash may vouch for a site that is being replaced."""
    stamp_file(build_dir).unlink(missing_ok=True)


def remember_published(build_dir: Path, published: Published) -> None:
    """After site/ was swapped in: record the inputs it was built from."""
    stamp = stamp_file(build_dir)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    partial = stamp.with_name(stamp.name + ".partial")
    partial.write_text(json.dumps(asdict(published), indent=1) + "\n", encoding="utf-8")
    partial.replace(stamp)
