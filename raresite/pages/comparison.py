"""A comparison page's view: one row per disease, every cell from its record, with its citation.

A cell cites the numbered references of the disease's own page ("[2]" links there), so that a
reader checks a cell where the fact is told in full.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from raresite.model.comparison import Comparison
from raresite.model.names import gene_slug
from raresite.model.prose import plain_text, prose_html
from raresite.model.record import DiseaseRecord
from raresite.pages.views import NOT_KNOWN, ReferenceView, reference_views

# How a treatment's stance reads in a cell; the stances of the record format, in a reader's words.
STANCE_WORDS = {
    "curative": "Curative",
    "not curative": "Not curative",
    "not recommended": "Not recommended",
    "not effective": "Not effective",
    "standard care": "Standard care",
    "recommended": "Recommended",
    "supportive": "Supportive only",
    "experimental": "Experimental",
    "information": "See the statement",
}
# Where the summary under the table says a stance otherwise than a cell does.
SUMMARY_WORDS = {"information": "A statement without a yes or no"}
# The order in which the summary under the table lists the stances.
STANCE_ORDER = ("curative", "standard care", "recommended", "supportive", "experimental", "not curative",
                "not effective", "not recommended", "information")


@dataclass(frozen=True)
class Cell:
    text: Markup  # the value, escaped, with its citations
    known: bool


@dataclass(frozen=True)
class TreatmentStatement:
    stance: str  # the record format's word
    stance_words: Markup
    statement: Markup
    cited: Markup


@dataclass(frozen=True)
class ComparisonRow:
    slug: str  # the disease's, also its anchor in the treatment section
    name: Markup  # the disease's preferred name
    short: Markup  # its abbreviation, or its name where it has none
    page: str  # Markdown path from the comparison page
    genes: Cell
    inheritance: Cell
    onset: Cell
    traits: list[Cell]
    features: Cell
    treatment: Cell | None
    treatment_statements: list[TreatmentStatement]


@dataclass(frozen=True)
class ComparisonPage:
    slug: str
    title: Markup
    title_text: str
    description_text: str
    description: Markup
    introduction: Markup
    trait_headings: list[Markup]
    treatment_heading: Markup | None
    groups: list[tuple[Markup, list[ComparisonRow]]]
    # For each stance, the diseases whose records give it, in STANCE_ORDER; then those with none.
    by_stance: list[tuple[Markup, list[ComparisonRow]]]
    stance_not_known: list[ComparisonRow]


def comparison_path(slug: str) -> str:
    return f"comparisons/{slug}.md"


def _cite(keys: list[str], references: dict[str, ReferenceView], slug: str) -> Markup:
    """'[2]' links to reference 2 of the disease's page; its hover text names the work. Written as
    HTML with the page's address: a Markdown link to another page's section would make every
    build after an edit a full one (publish.write_pages), and the comparison is made again whenever
    the record it cites changes."""
    numbered = sorted((references[key] for key in keys), key=lambda r: r.number)
    # r.short is already escaped (plain_text: character references for < > & " and Markdown's
    # marks): escaped again, the hover text showed "&#40;" where the work's name has "(".
    return Markup(" ").join(
        Markup('<a class="cite" href="../../diseases/{}/#{}" title="{}">&#91;{}&#93;</a>').format(
            slug, r.anchor, Markup(r.short), r.number)
        for r in numbered)


def _with(text: Markup, cited: Markup) -> Markup:
    return text + (Markup(" ") + cited if cited else Markup(""))


def _row(record: DiseaseRecord, comparison: Comparison) -> ComparisonRow:
    references = reference_views(record)
    page = f"../diseases/{record.slug}.md"

    genes = [_with(Markup("[*{}*](../genes/{}.md)").format(gene.symbol, gene_slug(gene.symbol)),
                   _cite(gene.references, references, record.slug)) for gene in record.genes]
    inheritance = _with(plain_text(record.classification.inheritance.label),
                        _cite(record.classification.references, references, record.slug))
    onset = (_with(plain_text(record.course.onset.label), _cite(record.course.references, references, record.slug))
             if record.course and record.course.onset else None)
    traits = []
    for column in comparison.traits:
        given = [t for t in record.traits if t.trait == column.trait]
        # The value only: its note is on the disease's page, where the citation leads.
        traits.append(Cell(Markup("; ").join(
            _with(plain_text(t.value), _cite(t.references, references, record.slug)) for t in given) or NOT_KNOWN,
            bool(given)))
    hallmarks = [p for p in record.phenotypes if p.hallmark and p.status == "present"]
    features = Markup("; ").join(_with(plain_text(p.words), _cite(p.references, references, record.slug))
                                 for p in hallmarks)
    statements = []
    treatment = None
    if comparison.treatment is not None:
        for statement in record.management:
            if statement.topic == comparison.treatment.topic:
                statements.append(TreatmentStatement(
                    statement.stance, Markup(STANCE_WORDS[statement.stance]), prose_html(statement.statement),
                    _cite(statement.references, references, record.slug)))
        # The stance links to the statements in full, below the table.
        treatment = Cell(Markup("; ").join(_with(Markup("[**{}**](#{})").format(s.stance_words, record.slug), s.cited)
                                           for s in statements) or NOT_KNOWN, bool(statements))
    return ComparisonRow(
        slug=record.slug,
        name=plain_text(record.names.preferred),
        short=plain_text(record.names.abbreviation or record.names.preferred),
        page=page,
        genes=Cell(Markup(", ").join(genes) or NOT_KNOWN, bool(genes)),
        inheritance=Cell(inheritance, True),
        onset=Cell(onset or NOT_KNOWN, onset is not None),
        traits=traits,
        features=Cell(features or NOT_KNOWN, bool(hallmarks)),
        treatment=treatment,
        treatment_statements=statements,
    )


def comparison_page(comparison: Comparison, records: list[DiseaseRecord], sort_key) -> ComparisonPage:
    """The page of one comparison: records are rows by group, in the order its groups are listed,
    sorted by name within a group (sort_key: the catalogue's)."""
    groups = []
    for group in comparison.groups:
        members = sorted((r for r in records if r.classification.group == group),
                         key=lambda r: (sort_key(r.names.preferred), r.slug))
        groups.append((plain_text(group), [_row(record, comparison) for record in members]))
    rows = [row for _, members in groups for row in members]
    by_stance = []
    for stance in STANCE_ORDER:
        having = [row for row in rows if any(s.stance == stance for s in row.treatment_statements)]
        if having:
            by_stance.append((Markup(SUMMARY_WORDS.get(stance, STANCE_WORDS[stance])), having))
    return ComparisonPage(
        slug=comparison.slug,
        title=plain_text(comparison.title),
        title_text=comparison.title,
        description_text=comparison.description,
        description=plain_text(comparison.description),
        introduction=prose_html(comparison.introduction),
        trait_headings=[plain_text(column.heading) for column in comparison.traits],
        treatment_heading=plain_text(comparison.treatment.heading) if comparison.treatment else None,
        groups=groups,
        by_stance=by_stance,
        stance_not_known=[row for row in rows if not row.treatment_statements] if comparison.treatment else [],
    )
