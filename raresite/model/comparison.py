"""Comparison pages: related diseases side by side, generated from their records.

content/comparisons.yaml says which comparisons the site has, which disease groups each sets side
by side and which of the records' structured fields make its columns. It holds no medical fact:
every cell of a comparison comes from a record, with that record's citation.
"""

from __future__ import annotations

from pydantic import Field

from raresite.model.record import Prose, Slug, Strict, Text

COMPARISONS_FILE = "comparisons.yaml"


class TraitColumn(Strict):
    """A column made of one trait of the records (DiseaseRecord.traits)."""

    trait: Slug
    """The trait's key as the records give it, for example 'osteoclasts'."""
    heading: Text
    """The column's heading, for example 'Osteoclasts'."""
    values: list[Text] = Field(min_length=1)
    """The values a record may give the trait, for example 'rich' and 'poor'; any other is refused."""


class TreatmentColumn(Strict):
    """A column made of the records' statements on one treatment."""

    topic: Text
    """The topic of the management statements that answer it, exactly as the records write it,
    for example 'Haematopoietic stem-cell transplantation (HSCT)'."""
    heading: Text
    """The column's heading, as a reader's question, for example 'Does a stem-cell transplant help?'."""


class Comparison(Strict):
    """One comparison page."""

    slug: Slug
    """The page address: /comparisons/<slug>/. Never change it once published."""
    title: Text
    """The page title, as a reader's question, for example 'Osteopetrosis: which type?'."""
    description: Text
    """One sentence on what the page shows, for search engines and shared links."""
    introduction: Prose
    """What the page is for, in plain words: no medical claim of its own (the cells carry those,
    each with its source)."""
    groups: list[Text] = Field(min_length=1)
    """The disease groups (classification.group) whose records are rows, in the order shown."""
    traits: list[TraitColumn] = []
    """Columns made of the records' traits."""
    treatment: TreatmentColumn | None = None
    """A column made of the records' statements on one treatment."""


class ComparisonsFile(Strict):
    """content/comparisons.yaml."""

    comparisons: list[Comparison] = []
    """The site's comparison pages."""
