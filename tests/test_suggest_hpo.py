"""`build.py suggest-hpo` reads a curator's words: "low IgG", "raised PTH", "anaemia", "big spleen".

The phrases and the terms a curator would accept for them are in tests/data/curator-phrases.yaml.
The command's own function, raresite.commands.suggest.suggest, is called in this process with the
release loaded once (a subprocess a phrase would cost two seconds each); one test goes through
build.py on the command line as well.
"""

from __future__ import annotations

import re

import pytest
import yaml

from raresite.commands.suggest import suggest
from tests.conftest import DATA

PHRASES = yaml.safe_load((DATA / "curator-phrases.yaml").read_text(encoding="utf-8"))["phrases"]
# The share of phrases with an accepted term among the first three suggestions must stay this high.
FLOOR = 0.90
TOP = 3


def offered(words: str, release) -> list[str]:
    """The term IDs suggest-hpo prints for words, best first."""
    return re.findall(r"^  (HP:\d{7})  ", suggest(words, release), flags=re.MULTILINE)


def test_the_phrase_list_is_big_enough_and_names_current_terms(hpo_release):
    assert len(PHRASES) >= 40
    assert sum(not phrase["tuned"] for phrase in PHRASES) >= 15
    problems = []
    for phrase in PHRASES:
        assert set(phrase) == {"words", "accept", "tuned"}, phrase
        assert isinstance(phrase["tuned"], bool) and phrase["accept"], phrase
        for hpo_id in phrase["accept"]:
            term = hpo_release.term(hpo_id)
            if term is None or term.obsolete:
                problems.append(f"{phrase['words']!r}: {hpo_id} is {'obsolete' if term else 'not'} in "
                                f"HPO {hpo_release.version}")
    assert not problems, "\n".join(problems)
    assert len({phrase["words"].lower() for phrase in PHRASES}) == len(PHRASES), "a phrase is listed twice"


def test_curator_phrases_find_an_accepted_term_in_the_top_three(hpo_release, capsys):
    found: dict[bool, list[bool]] = {True: [], False: []}
    misses = []
    for phrase in PHRASES:
        first = offered(phrase["words"], hpo_release)[:TOP]
        hit = any(hpo_id in phrase["accept"] for hpo_id in first)
        found[phrase["tuned"]].append(hit)
        if not hit:
            misses.append(f"  {phrase['words']!r}: offered {first}, accepted {phrase['accept']}")
    every = found[True] + found[False]
    share, untuned = sum(every) / len(every), sum(found[False]) / len(found[False])
    report = (f"suggest-hpo: an accepted term in the top {TOP} for {sum(every)}/{len(every)} curator phrases "
              f"({share:.2f}); for those the code was not tuned to, {sum(found[False])}/{len(found[False])} "
              f"({untuned:.2f}); floor {FLOOR:.2f}")
    with capsys.disabled():
        print("\n" + report + ("\n" + "\n".join(misses) if misses else ""))
    assert share >= FLOOR, report + "\n" + "\n".join(misses)


def test_the_direction_words_follow_hpo(hpo_release):
    assert offered("low IgG", hpo_release)[0] == "HP:0004315"  # Decreased circulating IgG concentration
    low_iga = offered("low IgA", hpo_release)
    assert low_iga[0] == "HP:0002720"  # Decreased circulating IgA concentration
    increased_iga = "HP:0003261"
    assert increased_iga not in low_iga or low_iga.index(increased_iga) > low_iga.index("HP:0002720")
    assert offered("raised PTH", hpo_release)[:2] == ["HP:0000843", "HP:0003165"]
    assert "HP:0004313" in offered("low immunoglobulins", hpo_release)[:TOP]  # hypogammaglobulinemia


def test_an_exact_synonym_is_ranked_above_a_related_one(hpo_release):
    # "Peg-shaped tooth" is an EXACT synonym of Conical incisor and "Peg shaped tooth" a RELATED one of
    # Conical tooth; the output says which kind matched.
    text = suggest("peg-shaped tooth", hpo_release)
    assert offered("peg-shaped tooth", hpo_release)[:2] == ["HP:0011065", "HP:0000698"]
    assert "Conical incisor  (synonym: Peg-shaped tooth)" in text
    assert "Conical tooth  (related synonym: Peg shaped tooth)" in text


# Spellings HPO has no uk_spelling synonym for: found through the American label.
@pytest.mark.parametrize("british, hpo_id", [
    ("haematuria", "HP:0000790"), ("oesophageal atresia", "HP:0002032"), ("behaviour problems", "HP:0000708"),
    ("hypogammaglobulinaemia", "HP:0004313"), ("body odour", "HP:0500001"), ("foetal hydrops", "HP:0001789"),
])
def test_british_spelling_finds_the_american_label(hpo_release, british, hpo_id):
    assert offered(british, hpo_release)[0] == hpo_id
