"""MkDocs hooks (mkdocs.yml `hooks:`): what the site asks of MkDocs' events.

Search is the site's own index (raresite/search.py), shown in Material's search box. Material's
search plugin stays for that box, but indexes no page: its index would be downloaded whole by a
reader's first search (1.4 MB gzipped at 1,000 diseases), and building it took a quarter of
MkDocs' time. Material's own search engine (lunr, its languages and its worker) is therefore not
published, nor are the theme's source maps: 2.1 MB that no reader loads.

Material gives every element with a `title` in a page's content a tooltip of its own, mounted
when the page opens: on the OPTB2 page 103 of them (72 abbreviations, 31 heading links) held a
phone's main thread for most of the time the mobile audit counts against it. So an abbreviation
is explained at its first use in each section, as style guides ask (WCAG technique G102), and
heading links have no title (mkdocs.yml: an empty `permalink_title`).
"""

from __future__ import annotations

import html
import re
from typing import Any

UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
# The abbreviations Python-Markdown's abbr extension and the glossary's marker write: generated,
# never a curator's HTML (prose is cleaned to a few plain tags).
_ABBREVIATION = re.compile(r'<abbr title="[^"]*">([^<]*)</abbr>')
_SECTION = re.compile(r"(?=<h2[ >])")


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    page.meta["search"] = {"exclude": True}
    return markdown


def on_page_content(content: str, **_: Any) -> str:
    return "".join(map(_explained_once, _SECTION.split(content)))


def _explained_once(section: str) -> str:
    """The section with each abbreviation explained where it is first used, and plain after."""
    seen: set[str] = set()

    def first_use(match: re.Match) -> str:
        term = html.unescape(match[1])  # 1,25(OH)2D is written with and without character references
        if term in seen:
            return match[1]
        seen.add(term)
        return match[0]

    return _ABBREVIATION.sub(first_use, section)


def on_files(files: Any, **_: Any) -> Any:
    for file in list(files):
        if not file.is_documentation_page() and (file.src_uri.startswith(UNUSED_THEME_FILES)
                                                  or file.src_uri.endswith(".map")):
            files.remove(file)
    return files
