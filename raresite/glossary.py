"""The site's glossary: one file of abbreviations and their plain explanations.

Every generated page gets the glossary as Markdown abbreviation definitions, so an abbreviation
is explained wherever it is written (Material shows the explanation on hover, focus and tap),
and the glossary page lists them all.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from raresite.problems import Problem
from raresite.yamlfile import read_yaml, shown_path

GLOSSARY_FILE = "glossary.yaml"
# An abbreviation is one word as the reader sees it: letters, digits and the marks that
# laboratory abbreviations use, such as CK-BB or 1,25(OH)2D.
TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9,()\-]*[A-Za-z0-9)]|[A-Za-z0-9]")
LONGEST_EXPLANATION = 200


@dataclass(frozen=True)
class GlossaryEntry:
    """One abbreviation and what it stands for, in plain words."""

    term: str
    explanation: str


@dataclass
class Glossary:
    """The glossary as read and checked; entries sorted as the glossary page lists them."""

    entries: list[GlossaryEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_glossary(content_dir: Path, shown_from: Path) -> Glossary:
    """Read and check content/glossary.yaml; problems are returned, never raised."""
    path = content_dir / GLOSSARY_FILE
    shown_as = shown_path(path, shown_from)
    glossary = Glossary()
    if not path.is_file():
        return glossary  # a catalogue without a glossary: its page says so, nothing is explained
    document = read_yaml(path, shown_as)
    if document.problems:
        glossary.problems.extend(
            Problem(p.file, p.line, p.column, p.field, p.message.replace("a disease record", "the glossary"))
            for p in document.problems)
        return glossary
    assert isinstance(document.data, dict)
    for term, explanation in document.data.items():
        where = (str(term),)
        if not isinstance(term, str) or not TERM.fullmatch(term):
            glossary.problems.append(document.problem(
                where, f"an abbreviation is one word of letters, digits and , ( ) - (got {term!r})"))
            continue
        if not isinstance(explanation, str) or not explanation.strip():
            glossary.problems.append(document.problem(
                where, f"expected a plain explanation (text), got {explanation!r}"))
            continue
        explanation = " ".join(explanation.split())
        if len(explanation) > LONGEST_EXPLANATION:
            glossary.problems.append(document.problem(
                where, f"the explanation is too long for a tooltip (expected at most "
                       f"{LONGEST_EXPLANATION} characters, got {len(explanation)})"))
            continue
        glossary.entries.append(GlossaryEntry(term, explanation))
    glossary.entries.sort(key=lambda entry: (entry.term.casefold(), entry.term))
    return glossary


def abbreviation_definitions(glossary: Glossary) -> str:
    """The glossary as Markdown abbreviation definitions, for the end of every page."""
    return "".join(f"*[{entry.term}]: {entry.explanation}\n" for entry in glossary.entries)


def with_abbreviations(pages: dict[str, str], glossary: Glossary) -> dict[str, str]:
    """Every Markdown page with the glossary's definitions appended."""
    definitions = abbreviation_definitions(glossary)
    if not definitions:
        return dict(pages)
    return {path: f"{_mark_terms_in_prose(_mark_escaped_terms(text, glossary), glossary)}\n{definitions}"
            if path.endswith(".md") else text
            for path, text in pages.items()}


# A prose field as views.py writes it: one line of sanitised HTML in a div of class "prose".
_PROSE_BLOCK = re.compile(r'^(<div class="prose[^"]*">)(.*)(</div>)$', re.M)


def _mark_terms_in_prose(text: str, glossary: Glossary) -> str:
    """Wrap glossary terms in the text (never the tags) of prose blocks: Markdown's abbreviations do
    not reach raw HTML, so without this 'HSCT' in a statement would go unexplained."""
    patterns = [
        (re.compile(rf"(?<![\w&#;]){re.escape(html.escape(entry.term, quote=False))}(?!\w)"),
         f'<abbr title="{html.escape(entry.explanation, quote=True)}">{html.escape(entry.term, quote=False)}</abbr>')
        for entry in glossary.entries
    ]

    def mark(block: re.Match) -> str:
        # Sanitised HTML alternates text and tags; only the text parts (even places) are words.
        parts = re.split(r"(<[^>]*>)", block[2])
        inside_abbr = False
        for place, part in enumerate(parts):
            if place % 2:
                inside_abbr = part.startswith("<abbr") or (inside_abbr and part != "</abbr>")
                continue
            if inside_abbr:
                continue
            for pattern, element in patterns:
                part = pattern.sub(lambda _, element=element: element, part)
            parts[place] = part
        return block[1] + "".join(parts) + block[3]

    return _PROSE_BLOCK.sub(mark, text)


def _mark_escaped_terms(text: str, glossary: Glossary) -> str:
    """Wrap terms that the pages write with character references, such as 1,25&#40;OH&#41;2D, in
    <abbr> themselves: Markdown's abbreviations match plain text only."""
    from raresite.prose import plain_text

    for entry in glossary.entries:
        written = str(plain_text(entry.term))
        if written == entry.term:
            continue
        element = f'<abbr title="{html.escape(entry.explanation, quote=True)}">{written}</abbr>'
        text = re.sub(rf"(?<![\w&#;]){re.escape(written)}(?!\w)", lambda _, element=element: element, text)
    return text
