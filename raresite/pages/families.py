"""What an inheritance pattern means for a family, in our words, with the sources of each fact.

Written from checked facts (the project's reference on inheritance: Mayo Clinic's slide show on
how genetic disorders are inherited, NTSAD's glossary, the University of Arizona's eye disorders
site). A page shows the explanation of its record's inheritance (an HPO term) with its sources; a
pattern not explained here is said to be not yet explained, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ForFamilies:
    """One inheritance pattern, for a family."""

    paragraphs: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]  # (how the source is named, its address)


MAYO = ("Mayo Clinic. Slide show: How genetic disorders are inherited (autosomal recessive "
        "inheritance pattern). 15 Feb 2020",
        "https://www.mayoclinic.org/tests-procedures/genetic-testing/multimedia/genetic-disorders/sls-20076216")
NTSAD_RECESSIVE = ("National Tay-Sachs & Allied Diseases Association (NTSAD). Glossary: Recessive inheritance",
                   "https://ntsad.org/glossary/recessive-inheritance/")
NTSAD_DOMINANT = ("National Tay-Sachs & Allied Diseases Association (NTSAD). Glossary: Dominant inheritance",
                  "https://ntsad.org/glossary/dominant-inheritance/")
ARIZONA = ("University of Arizona, eye disorders site. Autosomal dominant (penetrance)",
           "http://disorders.eyes.arizona.edu/node/592")

# By HPO inheritance term.
FOR_FAMILIES = {
    "HP:0000007": ForFamilies(
        paragraphs=(
            "A child has the disease when it inherits a changed copy of the gene from each parent. "
            "A parent with one changed copy is a carrier, and carriers are usually healthy.",
            "When both parents are carriers, each pregnancy has a 1 in 4 (25%) chance of a child with "
            "the disease, a 1 in 2 (50%) chance of a child without it who is a carrier, and a 1 in 4 "
            "(25%) chance of a child with two unchanged copies.",
        ),
        sources=(MAYO, NTSAD_RECESSIVE),
    ),
    "HP:0000006": ForFamilies(
        paragraphs=(
            "One changed copy of the gene is enough to cause the disease. Each child of a parent who "
            "has the changed copy has a 1 in 2 (50%) chance of inheriting it.",
            "There are no carriers as in recessive inheritance. But where not everyone with the "
            "change shows signs of the disease (reduced penetrance), a person can have the change "
            "without signs and still pass it on.",
        ),
        sources=(NTSAD_DOMINANT, ARIZONA),
    ),
}
