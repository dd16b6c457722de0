"""Write the generated pages, then let MkDocs build the site beside site/ and swap it in whole.

A build that fails, or is killed at any point, leaves the previous site/ as it was: MkDocs
writes into a fresh folder next to it, and only a finished build replaces site/, by two renames.
A kill between those renames leaves the old site as site.previous/, which the next run puts back
before doing anything else.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from raresite.problems import PublishError

PREVIOUS_SUFFIX = ".previous"
BUILDING_PREFIX = ".building-"


def write_docs(pages: dict[str, str | bytes], docs_dir: Path) -> int:
    """Make docs_dir hold exactly these pages; returns how many files changed.

    The folder is ours alone: files we did not generate this time are removed, and a file whose
    content is unchanged is not rewritten.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    changed = 0
    for relative, content in sorted(pages.items()):
        target = docs_dir / relative
        data = content.encode("utf-8") if isinstance(content, str) else content
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(data)
        partial.replace(target)
        changed += 1
    wanted = {docs_dir / relative for relative in pages}
    for existing in sorted(docs_dir.rglob("*"), reverse=True):
        if existing.is_file() and existing not in wanted:
            existing.unlink()
            changed += 1
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return changed


def recover_interrupted_swap(site_dir: Path) -> None:
    """Put back the previous site if a run was killed between its two renames."""
    previous = site_dir.with_name(site_dir.name + PREVIOUS_SUFFIX)
    if previous.is_dir():
        if site_dir.exists():
            shutil.rmtree(previous)
        else:
            previous.rename(site_dir)
    for stale in site_dir.parent.glob(f".{site_dir.name}{BUILDING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_with_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path,
                      source_date: int) -> None:
    """Build the site with MkDocs in strict mode and replace site_dir with it, atomically."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    recover_interrupted_swap(site_dir)
    building = site_dir.with_name(f".{site_dir.name}{BUILDING_PREFIX}{os.getpid()}")
    # Dates MkDocs writes (sitemap, gzip headers) come from the records, not the clock.
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date)
    collector = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    try:
        config = load_config(
            str(config_file), docs_dir=str(docs_dir), site_dir=str(building), strict=True,
        )
        build(config)
    except (MkDocsException, SystemExit) as error:
        shutil.rmtree(building, ignore_errors=True)
        details = "\n".join(f"  {message}" for message in collector.messages)
        raise PublishError(f"MkDocs refused the generated pages: {error}\n{details}") from None
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    finally:
        mkdocs_log.removeHandler(collector)
    previous = site_dir.with_name(site_dir.name + PREVIOUS_SUFFIX)
    if site_dir.exists():
        site_dir.rename(previous)
    building.rename(site_dir)
    if previous.exists():
        shutil.rmtree(previous)
