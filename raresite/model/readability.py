"""The reading grade of each plain-language summary, computed at build time.

The grade is the Flesch-Kincaid grade level. Words and sentences are counted as textstat 0.7
counts them (lexicon_count, sentence_count: the rules are copied below, since importing textstat
costs every build a fifth of a second for NLTK, which it imports and we do not use); syllables
by Pyphen's en_US hyphenation dictionary, which ships inside the package, because textstat's own
English syllable counter fetches NLTK's cmudict from the internet at run time.
"""

from __future__ import annotations

import functools
import html
import re

from raresite.model.prose import prose_html
from raresite.model.record import DiseaseRecord
from raresite.model.yamlfile import YamlDocument
from raresite.problems import Problem

HIGHEST_GRADE = 8.0
SUMMARY_FIELD = ("summary", "plain_language")
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|dd|dt|td|th)>", re.IGNORECASE)
# textstat's rules: an apostrophe is kept only where it starts a contraction's ending, other
# punctuation is dropped, and what whitespace separates is a word; a sentence is a run up to
# . ! or ?, and one of two words or fewer ("e.g.", "Fig. 2.") does not count.
_NOT_CONTRACTION = re.compile(r"'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


@functools.cache
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


@functools.lru_cache(maxsize=1 << 16)  # summaries share most of their words
def syllables(word: str) -> int:
    """Syllables of one word, as the hyphenation points of the en_US dictionary count them."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return 0
    return len(_hyphenator().positions(letters)) + 1


def sentences_of(prose: str) -> str:
    """Prose as plain sentences: each paragraph and list item ends as a sentence does."""
    blocks = _BLOCK_END.split(str(prose_html(prose)))
    plain = []
    for block in blocks:
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)).split()).rstrip(";:,")
        if text:
            plain.append(text if text[-1] in ".!?" else text + ".")
    return " ".join(plain)


def word_count(text: str) -> int:
    """Words as textstat's lexicon_count counts them."""
    return len(_PUNCTUATION.sub("", _NOT_CONTRACTION.sub("", text)).split())


def sentence_count(text: str) -> int:
    """Sentences as textstat's sentence_count counts them (at least one)."""
    return max(1, sum(1 for sentence in _SENTENCE.findall(text) if word_count(sentence) > 2))


def reading_grade(prose: str) -> float:
    """The Flesch-Kincaid grade level of a piece of curator prose."""
    text = sentences_of(prose)
    words = word_count(text)
    sentences = sentence_count(text)
    if not words:
        return 0.0
    syllable_count = sum(syllables(word) for word in text.split())
    return round(0.39 * words / sentences + 11.8 * syllable_count / words - 15.59, 1)


def reading_grade_warning(record: DiseaseRecord, document: YamlDocument) -> Problem | None:
    """A warning when the plain-language summary reads above the highest grade we aim for."""
    grade = reading_grade(record.summary.plain_language)
    if grade <= HIGHEST_GRADE:
        return None
    return document.problem(
        SUMMARY_FIELD,
        f"the plain-language summary reads at grade {grade:.1f} (expected {HIGHEST_GRADE:.0f} "
        f"or below: shorter sentences and shorter words)")
