"""The site's glossary: one file of abbreviations and their plain explanations.

Every generated page gets the glossary as Markdown abbreviation definitions, so an abbreviation
is explained where it is written (Material shows the explanation on hover, focus and tap; at
its first use in each section, raresite/mkdocs_hooks.py), and the glossary page lists them all.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from raresite.model.yamlfile import read_yaml, shown_path
from raresite.problems import Problem

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


def read_glossary(content_dir: Path, shown_from: Path, raw: bytes | None) -> Glossary:
    """Check content/glossary.yaml as read (raw: its bytes, None where there is none); problems
    are returned, never raised."""
    path = content_dir / GLOSSARY_FILE
    shown_as = shown_path(path, shown_from)
    glossary = Glossary()
    if raw is None:
        return glossary  # a catalogue without a glossary: its page says so, nothing is explained
    document = read_yaml(path, shown_as, raw)
    if document.problems:
        glossary.problems.extend(
            Problem(p.file, p.line, p.column, p.field, p.message.replace("a disease record", "the glossary"))
            for p in document.problems)
        return glossary
    if not isinstance(document.data, dict):  # read_yaml refuses anything else; said, not assumed
        glossary.problems.append(document.problem((), "expected a mapping of abbreviation: explanation"))
        return glossary
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
    """Every Markdown page with the glossary's definitions appended, and the terms Markdown's
    abbreviations cannot reach wrapped in <abbr> by hand."""
    definitions = abbreviation_definitions(glossary)
    if not definitions:
        return dict(pages)
    markers = _markers(tuple(glossary.entries))
    return {path: f"{_mark_terms(text, *markers)}\n{definitions}" if path.endswith(".md") else text
            for path, text in pages.items()}


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def _term_marker(written: dict[str, GlossaryEntry]):
    """One pass over a line that wraps any of the written forms, the longest first (CK-BB
    before CK), outside tags (a tag matches first and is kept as it is), and never looks at what
    it has just written (an explanation may name another term)."""
    if not written:
        return lambda text: text
    pattern = re.compile(
        r"(<[^>]*>)|(?<![\w&#;])(" + "|".join(re.escape(w) for w in sorted(written, key=len, reverse=True))
        + r")(?![\w])"
    )

    def element(match: re.Match) -> str:
        if match[1]:
            return match[1]
        explanation = html.escape(written[match[2]].explanation, quote=True)
        return f'<abbr title="{explanation}">{match[2]}</abbr>'

    return lambda text: pattern.sub(element, text)


@functools.lru_cache(maxsize=4)
def _markers(entries: tuple[GlossaryEntry, ...]):
    """The two term markers _mark_terms uses, in prose blocks and for character references:
    made once per glossary, not once per page."""
    from raresite.model.prose import plain_text

    in_prose = _term_marker({html.escape(e.term, quote=False): e for e in entries})
    # A term as pages write it where it differs from the term: always with a character reference
    # (a term is one word of letters, digits and , ( ) -, which plain_text writes as references).
    forms = {str(plain_text(e.term)): e for e in entries if str(plain_text(e.term)) != e.term}
    return in_prose, _term_marker(forms)


# The lines _mark_terms looks at: prose blocks, and lines with a character reference.
_PROSE_OR_REFERENCE_LINE = re.compile(r'^(?:(<div class="prose[^"\n]*">.*</div>)|.*&#.*)$', re.M)


def _mark_terms(page: str, in_prose, escaped) -> str:
    """Wrap, in the text between tags (never in tags, attributes or front matter):
    - in prose blocks, every term: Markdown's abbreviations do not reach raw HTML;
    - elsewhere, terms that pages write with character references (1,25&#40;OH&#41;2D), which
      Markdown's abbreviations, matching plain text, do not see."""
    front = _FRONT_MATTER.match(page)
    head, body = (page[: front.end()], page[front.end():]) if front else ("", page)
    return head + _PROSE_OR_REFERENCE_LINE.sub(lambda line: in_prose(line[0]) if line[1] else escaped(line[0]), body)
