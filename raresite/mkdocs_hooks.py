"""MkDocs hooks (mkdocs.yml `hooks:`): what the site asks of MkDocs' page events.

Search is Pagefind's (publish.index_for_search), shown in Material's search box. Material's
search plugin stays for that box, but indexes no page: its index would be downloaded whole by a
reader's first search (1.4 MB gzipped at 1,000 diseases), and building it took a quarter of
MkDocs' time.
"""

from __future__ import annotations

from typing import Any


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    page.meta["search"] = {"exclude": True}
    return markdown
