"""Curator text on its way into a page: plain text is escaped, prose is a small Markdown subset.

Prose fields (summaries, gene role and mechanism, statements, distinctions) accept:
*emphasis*, **strong emphasis**, [links](https://...) to http, https or mailto addresses,
bulleted and numbered lists, and paragraphs. Nothing else: no headings, images, tables, code,
or raw HTML. check_prose() says what a field uses beyond that; prose_html() renders the subset
and passes the result through nh3 (the Ammonia sanitiser), so that even text that slipped past
the check cannot carry script, event handlers, iframes or javascript:/data: links into a page.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "br"}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# Characters that Python-Markdown or the extensions we enable would read as syntax. Each is
# written as a numeric character reference, which Markdown passes through and HTML shows as the
# character itself: `*`, `_` (emphasis), `[`, `]`, `(`, `)`, `!` (links, images), `` ` ``
# (code), `{`, `}` (attr_list could set attributes such as onclick), `|` (tables), `#`
# (headings), `\` (escapes), `<`, `>`, `&`, `"` (HTML; templates double-quote attributes),
# `~`, `^`, `=`, `:` (pymdownx inline syntax, abbreviation definitions), `+` (list markers).
_MARKDOWN_SIGNIFICANT = set('\\`*_{}[]()#!|<>&"~^=:+')
_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in _MARKDOWN_SIGNIFICANT})


@functools.lru_cache(maxsize=1 << 16)  # pages repeat labels, names and sources many times
def plain_text(text: str) -> Markup:
    """Escape one line of curator text so Markdown and HTML show it exactly as written."""
    text = " ".join(str(text).split())
    escaped = text.translate(_ESCAPES)
    # A leading '-', '.' after digits, or '+' would start a list when the value begins a line.
    if escaped[:1].isdigit():
        escaped = re.sub(r"^(\d+)\.", r"\1&#46;", escaped)
    if escaped.startswith("-"):
        escaped = "&#45;" + escaped[1:]
    return Markup(escaped)


class _MarkupCensus(HTMLParser):
    """Collects the tags and link schemes that rendered prose uses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.schemes: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if tag == "a" and name == "href":
                scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value or "")
                self.schemes.append(scheme[1].lower() if scheme else "relative")
            elif tag in ALLOWED_TAGS and not (tag == "a" and name == "title"):
                self.attributes.append(f"{name}=")


# One converter for the whole build: making one costs about 0.7 ms, converting a paragraph far less.
_CONVERTER = markdown.Markdown(extensions=[], output_format="html")


@functools.lru_cache(maxsize=1 << 16)  # validation checks each prose field, and its page shows it
def _render_markdown(text: str) -> str:
    return _CONVERTER.reset().convert(text)


def check_prose(text: str) -> list[str]:
    """What the text uses beyond the prose subset, one message each (empty when it is fine)."""
    return _census_messages(_render_markdown(text))


def _census_messages(rendered: str) -> list[str]:
    census = _MarkupCensus()
    census.feed(rendered)
    census.close()
    messages = []
    for tag in sorted(set(census.tags) - ALLOWED_TAGS):
        messages.append(
            "uses markup the site does not allow (expected plain text with *emphasis*, "
            f"[links](https://...) or lists, got <{tag}>)"
        )
    for scheme in sorted(set(census.schemes) - ALLOWED_SCHEMES):
        messages.append(
            f"has a link the site does not allow (expected an https://, http:// or mailto: "
            f"address, got a {scheme} link)"
        )
    for attribute in sorted(set(census.attributes)):
        messages.append(f"uses an HTML attribute the site does not allow (got {attribute})")
    return messages


@functools.lru_cache(maxsize=1 << 16)  # a page shows a field and describes itself with it
def prose_html(text: str) -> Markup:
    """Render prose to sanitised HTML, safe to place in a page as a raw HTML block."""
    cleaned = nh3.clean(
        _render_markdown(text),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # One line: a blank line inside a raw HTML block would end it and hand the rest back to
    # Markdown, which would then read the curator's text as Markdown a second time.
    return Markup(" ".join(cleaned.split()))


def plain_words(text: str) -> str:
    """Prose as plain words, for places that take no markup (meta descriptions, JSON)."""
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(prose_html(text)))).split())
    return re.sub(r"\s+([.,;:!?])", r"\1", words)
