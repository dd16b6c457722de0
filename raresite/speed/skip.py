"""What build/ remembers of the site it last published, so that the next build does less.

The site is a function of its inputs: the content, the templates, the theme overrides,
mkdocs.yml and SITE_URL, the generator's code, the HPO release, the share-image fonts and the
versions of the packages that render it. After every publish, build/ keeps two hashes:

- `inputs`, of all of them: a build whose inputs hash the same finds site/ already as a clean
  build would make it, and stops before loading anything. The files the build reads itself
  (records, glossary, templates) are hashed as the build read them: if one changed between the
  check and the reading, nothing is remembered and the next build is a full one;
- `frame`, of what MkDocs reads besides the pages' own bytes: mkdocs.yml, the overrides, the
  installed packages, SITE_URL and the list of files in the docs folder. While it is unchanged,
  MkDocs need only re-render the pages whose Markdown changed (speed/dirty.py).

The stamp is removed before a build changes anything and written only after site/ was swapped in,
so a failed or killed build never leaves a hash that vouches for the wrong site.
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

from raresite import publish
from raresite.files.social_card import BOLD, REGULAR
from raresite.model.hpo import shipped_files
from raresite.project import Project, link_digest, refusal

CODE = ("build.py", "raresite")


@dataclass(frozen=True)
class Published:
    inputs: str  # the hash of input_digests() of the build that made site/
    frame: str  # publish_frame() of that build


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes; a file that cannot be read (gone meanwhile, an editor's
    temporary file) is said to be so, and the build reports it if it needs the file."""
    try:
        return _sha256(path.read_bytes())
    except OSError as error:
        return f"unreadable: {error.strerror}"


def _files(root: Path, folder: str, pattern: str = "*") -> Iterable[Path]:
    top = root / folder
    if top.is_file():
        yield top
        return
    for path in sorted(top.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path


@functools.cache
def installed_packages() -> bytes:
    # Every installed package and its version: a list of the ones that render would miss one that
    # only some extension pulls in (backrefs, babel, ...), and the whole list costs 10 ms.
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    return ("\n".join(packages) + "\n" + sys.version).encode()


def code_digest(root: Path) -> bytes:
    """The generator's own code: every kind of kept work depends on it."""
    digest = hashlib.sha256()
    for part in CODE:
        for path in _files(root, part, "*.py"):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + _file_digest(path).encode())
    return digest.digest()


def _shown(project: Project, path: Path) -> str:
    """project.shown(path) for a path found under the project's root, without resolving links
    (a thousand resolves cost a skip check a tenth of a second); a link out of it as shown."""
    if path.is_symlink():
        return project.shown(path)
    return path.relative_to(project.root).as_posix()


def input_digests(project: Project) -> dict[str, str]:
    """Every input of a build, by the path messages show it as, with the SHA-256 of its bytes
    (or what stands for them: the release files, installed, by their size and time)."""
    root = project.root
    digests: dict[str, str] = {}
    for folder, pattern in (("content", "*"), ("templates", "*"), ("overrides", "*"), ("raresite", "*.py")):
        for path in _files(root, folder, pattern):
            # The schema beside the records is written by the build from the code, hashed with it.
            if path.name == "disease.schema.json":
                continue
            # A link out of content/ is never read (project.refusal): where it points stands for it.
            outside = folder == "content" and path.is_symlink() and refusal(path, project.content_dir) is not None
            digests[_shown(project, path)] = link_digest(path) if outside else _file_digest(path)
    for name in ("build.py", "mkdocs.yml"):
        digests[name] = _file_digest(root / name)
    for name, path in sorted(shipped_files().items()):
        stat = path.stat()
        digests[f"hpo/{name}"] = f"{path}:{stat.st_size}:{stat.st_mtime_ns}"
    digests["packages"] = _sha256(installed_packages())
    # Settings from outside the files: the public address (mkdocs.yml reads SITE_URL) and the
    # fonts the share images are drawn in.
    digests["env/SITE_URL"] = os.environ.get("SITE_URL", "")
    for font in (BOLD, REGULAR):
        font_path = Path(font)
        digests[f"font/{font}"] = (f"{font_path.stat().st_mtime_ns}:{font_path.stat().st_size}"
                                   if font_path.exists() else "absent")
    return digests


def inputs_hash(digests: dict[str, str]) -> str:
    return _sha256(json.dumps(digests, sort_keys=True).encode())


def read_as_checked(checked: dict[str, str], read: dict[str, str]) -> bool:
    """Whether the build read exactly the files the skip check hashed, with the same bytes:
    every file it read, and every record, template and glossary the check saw."""
    if any(checked.get(path) != digest for path, digest in read.items()):
        return False
    own = ("content/diseases/", "templates/", "content/glossary.yaml", "content/comparisons.yaml")
    return all(path in read for path in checked
               if path.startswith(own) and not path.endswith("disease.schema.json")
               and (not path.startswith("content/diseases/") or path.endswith((".yaml", ".yml"))))


# The inputs read by others than the build itself (MkDocs reads mkdocs.yml and the overrides, the
# interpreter the code): hashed before the build and again after it, which must agree.
READ_BY_OTHERS = ("overrides/", "raresite/", "build.py", "mkdocs.yml")


def unchanged_since(checked: dict[str, str], project: Project) -> bool:
    """Whether the inputs the build did not read itself are still as the skip check hashed them."""
    now = {project.shown(path): _file_digest(path) for folder, pattern in (("overrides", "*"), ("raresite", "*.py"))
           for path in _files(project.root, folder, pattern)}
    now.update({name: _file_digest(project.root / name) for name in ("build.py", "mkdocs.yml")})
    return now == {path: digest for path, digest in checked.items() if path.startswith(READ_BY_OTHERS)}


def publish_frame(project: Project, docs_files: Iterable[str]) -> str:
    """One hash of what MkDocs reads besides the bytes of the generated files."""
    digest = hashlib.sha256()
    digest.update(_file_digest(project.config_file).encode())
    for path in _files(project.root, "overrides"):
        digest.update(project.shown(path).encode() + b"\0" + _file_digest(path).encode())
    digest.update(installed_packages())
    # The generator's code too: MkDocs runs its hooks (raresite/mkdocs_hooks.py).
    digest.update(code_digest(project.root))
    digest.update(os.environ.get("SITE_URL", "").encode() + b"\0")
    # A page added or removed changes the navigation, the sitemap and the search index's order.
    digest.update("\n".join(sorted(docs_files)).encode())
    return digest.hexdigest()


def stamp_file(project: Project) -> Path:
    return project.build_dir / publish.PUBLISHED_NAME


def read_published(project: Project) -> Published | None:
    """What the published site/ was built from; None if it is not known (or there is no site/)."""
    stamp = stamp_file(project)
    if not (project.site_dir.is_dir() and stamp.is_file()):
        return None
    try:
        found = json.loads(stamp.read_text(encoding="utf-8"))
        published = Published(**found)
    except (OSError, ValueError, TypeError):
        return None  # damaged, or from an older version of the generator: build in full
    if not (isinstance(published.inputs, str) and isinstance(published.frame, str)):
        return None
    return published


def forget_published(project: Project) -> None:
    """Before a build changes anything: no hash may vouch for a site that is being replaced."""
    publish.forget_published(project.build_dir)


def remember_published(project: Project, published: Published) -> None:
    """After site/ was swapped in: record the inputs it was built from."""
    stamp = stamp_file(project)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    partial = stamp.with_name(stamp.name + ".partial")
    partial.write_text(json.dumps(asdict(published), indent=1) + "\n", encoding="utf-8")
    partial.replace(stamp)
