"""No record can put script, event handlers, frames, javascript:/data: links or raw HTML into a page.

tests/data/hostile carries payloads in every kind of plain-text field. It must build, and the
built HTML and the search results must show each payload as text, never as markup. Prose fields are
rendered through a Markdown subset and the nh3 sanitiser; their payloads are tested directly and,
in tests/data/invalid/prose-markup, refused by validation.
"""

from __future__ import annotations

import json
import re

import lxml.html
import pytest

from raresite.model.prose import check_prose, prose_html
from tests.conftest import DANGEROUS_TAGS, searchable_text


def _article(site, path):
    page = lxml.html.fromstring((site / path).read_bytes())
    return page, page.cssselect("article")[0]


@pytest.mark.parametrize("path", ["diseases/hostile/index.html", "diseases/index.html", "index.html",
                                  "features/hp-0002757/index.html", "about/index.html"])
def test_payloads_are_text_not_markup(hostile_site, path):
    page, article = _article(hostile_site, path)
    for element in article.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in DANGEROUS_TAGS, f"<{element.tag}> reached {path}"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{name}= on <{element.tag}> in {path}"
            if name in ("href", "src", "action", "data", "formaction"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), value
    for script in page.iter("script"):
        if script.get("type") == "application/ld+json":
            # Record text inside embedded JSON is data: it parses, and no '<' can close the script.
            assert "<" not in script.text and json.loads(script.text)
        else:
            assert "alert" not in (script.text or ""), f"a script with a payload in {path}"


def test_payloads_are_visible_as_written(hostile_site):
    _, article = _article(hostile_site, "diseases/hostile/index.html")
    text = article.text_content()
    for payload in ('<script>alert("name")</script> Hostile disorder </title><script>alert("t")</script>',
                    "<img src=x onerror=alert(1)>",
                    "[click me](javascript:alert(1))", '{: onclick="alert(1)" }', "| table | breaker |",
                    "&lt;script&gt;alert(7)&lt;/script&gt;", "</script><script>alert(11)</script>",
                    "Astral 😀 𝛼 and odd"):
        assert payload in text, payload


def test_search_indexes_the_payloads_as_text(hostile_site):
    # Search is the site's own index, whose results show this text as text (tests/browser/test_search.py);
    # Material's own index, which its search box fetches with every page, lists no page.
    index = json.loads((hostile_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    assert "<img src=x onerror=alert(1)>" in searchable_text(hostile_site)


def test_the_page_title_is_escaped(hostile_site):
    html = (hostile_site / "diseases/hostile/index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    assert "<script" not in title and title.endswith(" - Rare Disease Knowledge Base")
    description = re.search(r'<meta name="description" content="([^"]*)"', html)[1]
    assert "<" not in description


PROSE_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "<iframe src=https://evil.example/></iframe>",
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    "![x](https://evil.example/x.png)",
]


@pytest.mark.parametrize("payload", PROSE_PAYLOADS)
def test_prose_payloads_are_refused_by_validation(payload):
    assert check_prose(f"Some text {payload} more text.")


@pytest.mark.parametrize("payload", PROSE_PAYLOADS)
def test_prose_payloads_are_removed_by_the_sanitiser(payload):
    html = str(prose_html(f"Some text {payload} more text."))
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in fragment.iter():
        assert element.tag in {"div", "p", "em", "strong", "a", "ul", "ol", "li", "br"}, element.tag
        for name, value in element.attrib.items():
            assert name in ("href", "title", "rel"), name
            assert not re.match(r"\s*(javascript|data):", value, re.I)


def test_the_allowed_prose_subset_survives():
    html = str(prose_html("An *em*, a **strong** and [a link](https://example.org/).\n\n- one\n- two"))
    assert "<em>em</em>" in html and "<strong>strong</strong>" in html
    assert 'href="https://example.org/"' in html and "<li>one</li>" in html
    assert check_prose("An *em*, a **strong** and [a link](https://example.org/).\n\n- one\n- two") == []
