"""MkDocs hooks (mkdocs.yml `hooks:`): what the site asks of MkDocs' events.

Search is Pagefind's (publish.index_for_search), shown in Material's search box. Material's
search plugin stays for that box, but indexes no page: its index would be downloaded whole by a
reader's first search (1.4 MB gzipped at 1,000 diseases), and building it took a quarter of
MkDocs' time. Material's own search engine (lunr, its languages and its worker) is therefore not
published, nor are the theme's source maps: 2.1 MB that no reader loads.
"""

from __future__ import annotations

from typing import Any

UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    page.meta["search"] = {"exclude": True}
    return markdown


def on_files(files: Any, **_: Any) -> Any:
    for file in list(files):
        if not file.is_documentation_page() and (file.src_uri.startswith(UNUSED_THEME_FILES)
                                                  or file.src_uri.endswith(".map")):
            files.remove(file)
    return files
