"""Skip a build whose inputs are the same as those of the site already published.

The site is a function of its inputs: the content, the templates, the theme overrides,
mkdocs.yml and SITE_URL, the generator's code, the HPO release, the share-image fonts and the
versions of the packages that render it. After every successful publish, build/ keeps one
hash of all of them; a build whose inputs hash the same finds site/ already as a clean build
would make it, and stops before loading anything. The hash is removed before a build starts
and written only after site/ was swapped in, so a failed or killed build can never leave a
stale hash that vouches for the wrong site.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
from pathlib import Path

from raresite.hpo import shipped_files
from raresite.social_card import BOLD, REGULAR

STAMP_NAME = "published-inputs.sha256"


def input_fingerprint(root: Path) -> str:
    """One hash of everything a build of the project at root reads."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(label.encode() + b"\0" + hashlib.sha256(data).digest())

    for folder, pattern in (("content", "*"), ("templates", "*"), ("overrides", "*"),
                            ("raresite", "*.py")):
        for path in sorted((root / folder).rglob(pattern)):
            # The schema beside the records is written by the build from the code, hashed below.
            if path.is_file() and "__pycache__" not in path.parts and path.name != "disease.schema.json":
                add(str(path.relative_to(root)), path.read_bytes())
    for name in ("build.py", "mkdocs.yml"):
        add(name, (root / name).read_bytes())
    for name, path in sorted(shipped_files().items()):
        stat = path.stat()  # the release files are installed, not edited: size and time suffice
        add(f"hpo/{name}", f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    # Every installed package and its version: a list of the ones that render would miss one that
    # only some extension pulls in (backrefs, babel, ...), and the whole list costs 10 ms.
    installed = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    add("packages", "\n".join(installed).encode())
    add("python", sys.version.encode())
    # Settings from outside the files: the public address (mkdocs.yml reads SITE_URL) and the
    # fonts the share images are drawn in.
    add("env/SITE_URL", os.environ.get("SITE_URL", "").encode())
    for font in (BOLD, REGULAR):
        font_path = Path(font)
        add(f"font/{font}", f"{font_path.stat().st_mtime_ns}:{font_path.stat().st_size}".encode()
            if font_path.exists() else b"absent")
    return digest.hexdigest()


def stamp_file(build_dir: Path) -> Path:
    return build_dir / STAMP_NAME


def site_is_current(site_dir: Path, build_dir: Path, fingerprint: str) -> bool:
    """True when site/ was published from inputs with this fingerprint and is still there."""
    stamp = stamp_file(build_dir)
    return (
        site_dir.is_dir()
        and stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == fingerprint
    )


def forget_published(build_dir: Path) -> None:
    """Before a build changes anything: no hash may vouch for a site that is being replaced."""
    stamp_file(build_dir).unlink(missing_ok=True)


def remember_published(build_dir: Path, fingerprint: str) -> None:
    """After site/ was swapped in: record the inputs it was built from."""
    stamp = stamp_file(build_dir)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    partial = stamp.with_name(stamp.name + ".partial")
    partial.write_text(fingerprint + "\n", encoding="utf-8")
    partial.replace(stamp)
