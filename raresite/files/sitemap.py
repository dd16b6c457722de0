"""The sitemap: every page's public address and the date its content was last reviewed.

Written by the build rather than by MkDocs' theme template: MkDocs only knows a page's date once
it has read the page, so a build that re-renders only the changed pages (see publish.py) would
date every other page by the clock. Here the date of a disease page is its record's last review
and every other page's is the newest review on the site, whichever pages MkDocs renders.
"""

from __future__ import annotations

import datetime
import gzip
import io
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape

SITEMAP = "sitemap.xml"


def page_address(markdown_path: str) -> str:
    """The address of a generated page below the site's root, as MkDocs gives it (directory URLs)."""
    stem = markdown_path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def sitemap_files(markdown_paths: Iterable[str], reviewed: Mapping[str, datetime.date],
                  site_address: str, newest: datetime.date) -> dict[str, bytes]:
    """sitemap.xml and its gzipped copy, for the pages at these docs-folder paths.

    `reviewed` dates the pages it names (disease pages); the others take `newest`.
    """
    entries = sorted((page_address(path), reviewed.get(path, newest)) for path in markdown_paths)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for address, date in entries:
        lines += ["    <url>",
                  f"         <loc>{escape(site_address + address)}</loc>",
                  f"         <lastmod>{date.isoformat()}</lastmod>",
                  "    </url>"]
    lines.append("</urlset>")
    text = ("\n".join(lines) + "\n").encode("utf-8")
    # The gzip header holds a time: the newest review, so that the same content gives the same bytes.
    packed = io.BytesIO()
    moment = datetime.datetime.combine(newest, datetime.time(), tzinfo=datetime.UTC)
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=int(moment.timestamp())) as out:
        out.write(text)
    return {SITEMAP: text, f"{SITEMAP}.gz": packed.getvalue()}
