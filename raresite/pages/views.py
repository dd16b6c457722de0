"""Prepared views: every value a template shows, computed and escaped here, so templates stay thin.

Curator text leaves this module as Markup: plain_text() for one-line fields, prose_html() for
prose. Identifiers and numbers were validated by the record model and need no escaping, but they
go through plain_text() too where they are shown, so that no template ever prints a raw value.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from dataclasses import dataclass, field

from markupsafe import Markup

from raresite.model.hpo import HpoRelease
from raresite.model.names import (
    HPO_BROWSER,
    RELATION_WORDS,
    disease_heading,
    feature_slug,
    gene_slug,
    identifier_link,
    summary_sentence,
)
from raresite.model.prose import plain_text, prose_html
from raresite.model.record import DiseaseRecord, Gene, Reference
from raresite.pages.families import FOR_FAMILIES

HGNC_SYMBOL = "https://www.genenames.org/data/gene-symbol-report/#!/symbol/"
HPO_CITATION = (
    "Gargano MA et al. The Human Phenotype Ontology in 2024: phenotypes around the world. "
    "Nucleic Acids Res. 2024;52(D1):D1333-D1346. doi:10.1093/nar/gkad1005"
)

DIRECTION_WORDS = {"high": "↑ high", "low": "↓ low", "present": "present"}
NOT_REPORTED = "not reported"
WHOLE_DISEASE = ""  # the lab column of findings reported for the disease, not a form


NOT_KNOWN = Markup("not known")


def known(text: str | None) -> Markup:
    """One line of curator text, or 'not known' where the record leaves it out."""
    return plain_text(text) if text else NOT_KNOWN


def link(text: str, url: str) -> Markup:
    """A link whose address reaches the page only as a quoted, escaped attribute: never through
    Markdown's link syntax, where an address holding ')[x](javascript:...' would make a second link."""
    return Markup('<a href="{}">{}</a>').format(url, text)


def gene_link(symbol: str, own_genes: set[str]) -> Markup:
    """A gene symbol, italic, linked to its page here where the record names the gene itself
    (the page then exists), else to HGNC's report of the symbol."""
    if symbol in own_genes:
        return Markup("[*{}*](../genes/{}.md)").format(plain_text(symbol), gene_slug(symbol))
    return link(Markup("<em>{}</em>").format(symbol), f"{HGNC_SYMBOL}{symbol}")


def front_matter_text(text: str) -> Markup:
    """A YAML front-matter value that themes may place in an HTML attribute unescaped.

    MkDocs themes render with autoescape off, so the value is HTML-escaped here, then written as
    a JSON string, which is valid YAML and cannot span lines.
    """
    return yaml_string(html.escape(" ".join(text.split()), quote=True))


# Characters a YAML reader refuses in a document, or reads as a line break (U+0085, U+2028/9).
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def yaml_string(text: str) -> Markup:
    """text as one double-quoted YAML scalar, for front matter.

    JSON's string syntax is YAML's, except that JSON writes a character beyond U+FFFF as two
    \\u escapes, which PyYAML reads as two broken halves (the page then cannot be written). So
    such characters stay as they are, and only those YAML refuses are escaped.
    """
    quoted = json.dumps(text, ensure_ascii=False)
    return Markup(_NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", quoted))


def gene_identifiers(gene: Gene) -> list[tuple[str, str]]:
    """The gene's identifiers as (text, url), HGNC first."""
    found = []
    if gene.hgnc:
        found.append((gene.hgnc, f"https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/{gene.hgnc}"))
    if gene.omim:
        code = gene.omim.split(":", 1)[1]
        found.append((f"OMIM *{code}", f"https://omim.org/entry/{code}"))
    if gene.ncbi_gene:
        code = gene.ncbi_gene.split(":", 1)[1]
        found.append((f"NCBI Gene {code}", f"https://www.ncbi.nlm.nih.gov/gene/{code}"))
    return found


@dataclass(frozen=True)
class SharePage:
    """The machine-readable and shareable parts of one disease page."""

    jsonld: Markup  # front-matter value: the JSON-LD, safe inside <script>
    share_description: Markup  # front-matter value: the plain-language summary's first paragraph
    downloads: list[tuple[str, str, str]]  # (label, link from the page, what it is)
    bibtex_link: str
    ris_link: str
    snippet: Markup  # the link card's HTML, shown as it renders
    snippet_code: Markup  # the same HTML, escaped to be shown as code
    permanent_addresses: list[tuple[str, str]]  # (address shown, link from the page)
    licence_url: str
    page_url: str  # the page's own address, absolute where the site's address is set
    image_url: str | None  # the share card, where one could be drawn


# --- References -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceView:
    number: int
    anchor: str
    vancouver: Markup
    links: list[tuple[str, str]]  # (text, url)
    erratum: Markup | None  # 'Erratum in: PMID n, doi:x.'
    short: str  # 'Sobacchi 2007', for frequency credits
    pmid: str | None


def vancouver(reference: Reference) -> Markup:
    """The reference in Vancouver style, as escaped Markdown text."""
    parts = []
    if reference.authors:
        parts.append(", ".join(reference.authors) + (", et al." if reference.et_al else "."))
    title = (reference.title or "Title not recorded").rstrip(".")
    web = reference.journal is None and reference.url is not None
    parts.append(title + (" [Internet]." if web else "."))
    if web:
        parts.append(f"[cited {reference.accessed.isoformat()}]." if reference.accessed
                     else "[date read not recorded].")
    if reference.journal:
        when = " ".join(str(p) for p in (reference.year, reference.month) if p)
        where = when
        if reference.volume:
            where += f";{reference.volume}"
            if reference.issue:
                where += f"({reference.issue})"
        if reference.pages:
            where += f":{reference.pages}"
        parts.append(f"{reference.journal}. {where}.")
        if reference.epub:
            parts.append(f"Epub {reference.epub}.")
    elif reference.year:
        parts.append(f"{reference.year}.")
    return plain_text(" ".join(parts))


def reference_views(record: DiseaseRecord) -> dict[str, ReferenceView]:
    views = {}
    for number, reference in enumerate(record.references, start=1):
        links = []
        if reference.pmid:
            links.append((f"PMID {reference.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/"))
        if reference.doi:
            links.append((f"doi:{reference.doi}", f"https://doi.org/{reference.doi}"))
        if reference.url:
            links.append((reference.url, reference.url))
        erratum = []
        if reference.erratum and reference.erratum.pmid:
            erratum.append(link(f"PMID {reference.erratum.pmid}",
                                f"https://pubmed.ncbi.nlm.nih.gov/{reference.erratum.pmid}/"))
        if reference.erratum and reference.erratum.doi:
            erratum.append(link(plain_text(f"doi:{reference.erratum.doi}"), f"https://doi.org/{reference.erratum.doi}"))
        named_by = f"PMID {reference.pmid}" if reference.pmid else f"doi:{reference.doi}"
        surname = reference.authors[0].rsplit(" ", 1)[0] if reference.authors else (reference.title or named_by)
        short = f"{surname} {reference.year}" if reference.year else surname
        views[reference.key] = ReferenceView(
            number, f"ref-{reference.key}", vancouver(reference),
            [(plain_text(text), url) for text, url in links],
            Markup("Erratum in: {}.").format(Markup(", ").join(erratum)) if erratum else None,
            str(plain_text(short)), reference.pmid,
        )
    return views


def citations(keys: list[str], references: dict[str, ReferenceView]) -> Markup:
    """'[2]' links to the numbered references, in number order."""
    numbered = sorted((references[key] for key in keys), key=lambda r: r.number)
    return Markup(", ".join(citation_link(r) for r in numbered))


def citation_link(reference: ReferenceView) -> str:
    """'[2]' linking to reference 2; the brackets are entities so Markdown keeps them as text."""
    return f"[&#91;{reference.number}&#93;](#{reference.anchor})"


# --- The disease page -------------------------------------------------------------------------


@dataclass(frozen=True)
class FeatureView:
    words: Markup
    hpo: str
    label: Markup
    hpo_url: str
    feature_page: str  # relative Markdown link to the feature page
    match: str
    note: Markup | None
    frequency: Markup  # with its source
    onset: Markup | None
    forms: Markup | None
    cited: Markup
    also: Markup | None = None  # the other organ systems HPO files the feature under


@dataclass(frozen=True)
class CourseView:
    onset: Markup | None
    outlook: Markup | None
    cited: Markup


@dataclass(frozen=True)
class FamiliesView:
    paragraphs: list[Markup]
    sources: list[tuple[Markup, str]]


def for_families(inheritance: str) -> FamiliesView | None:
    """What the record's inheritance means for a family, with its sources; None where this site
    does not explain that pattern yet."""
    explained = FOR_FAMILIES.get(inheritance)
    if explained is None:
        return None
    return FamiliesView([plain_text(p) for p in explained.paragraphs],
                        [(plain_text(name), url) for name, url in explained.sources])


DIAGNOSIS_WORDS = {"clinical examination": "Examination", "imaging": "Imaging", "laboratory": "Laboratory tests",
                   "genetic testing": "Genetic testing", "other": "Other"}


@dataclass(frozen=True)
class ClinicalSection:
    """A section of a page's clinical features, and the HPO organ systems it gathers."""

    name: str
    anchor: str
    systems: tuple[str, ...]
    not_under: tuple[str, ...] = ()  # terms under these belong to a later section


# The sections in the order a clinician reads them, each gathering the HPO terms under its
# systems; the disease's own system comes first (see clinical_sections). Hepatosplenomegaly,
# which HPO also files under the cardiovascular system (through the spleen's lymphatics), so falls
# under the liver and spleen, which come earlier; facial paralysis, a sign of the face, under the
# head and face before the muscles.
CLINICAL_SECTIONS = (
    ClinicalSection("Bones and joints", "bones-and-joints", ("HP:0033127", "HP:0040064"), not_under=("HP:0003011",)),
    ClinicalSection("Head, face, mouth and teeth", "head-face-mouth-and-teeth", ("HP:0000152",)),
    ClinicalSection("Eyes and sight", "eyes-and-sight", ("HP:0000478",)),
    ClinicalSection("Ears and hearing", "ears-and-hearing", ("HP:0000598",)),
    ClinicalSection("Brain and nerves", "brain-and-nerves", ("HP:0000707",)),
    ClinicalSection("Muscles", "muscles", ("HP:0003011",)),
    ClinicalSection("Blood", "blood", ("HP:0001871",)),
    ClinicalSection("Liver, spleen and digestion", "liver-spleen-and-digestion", ("HP:0025031",)),
    ClinicalSection("Immune system", "immune-system", ("HP:0002715",)),
    ClinicalSection("Heart, blood vessels and lymph", "heart-blood-vessels-and-lymph", ("HP:0001626",)),
    ClinicalSection("Growth", "growth", ("HP:0001507",)),
    ClinicalSection("Hormones and metabolism", "hormones-and-metabolism", ("HP:0000818", "HP:0001939")),
    ClinicalSection("Kidneys and urinary tract", "kidneys-and-urinary-tract", ("HP:0000119",)),
    ClinicalSection("Lungs and breathing", "lungs-and-breathing", ("HP:0002086", "HP:0045027")),
    ClinicalSection("Skin, hair and nails", "skin-hair-and-nails", ("HP:0001574",)),
    ClinicalSection("Before and at birth", "before-and-at-birth", ("HP:0001197",)),
)
OTHER_FEATURES = ClinicalSection("Other features", "other-features", ())


def clinical_sections(record: DiseaseRecord, release: HpoRelease) -> list[ClinicalSection]:
    """The page's sections in order: the one holding the disease's own HPO term first (a skeletal
    disorder's page starts with the skeleton), then the others as CLINICAL_SECTIONS lists them."""
    term = record.classification.disease_term
    above = release.ancestors(term.hpo) if term else frozenset()
    first = [s for s in CLINICAL_SECTIONS if _holds(s, above)][:1]
    return first + [s for s in CLINICAL_SECTIONS if s not in first] + [OTHER_FEATURES]


def _holds(section: ClinicalSection, above: frozenset[str]) -> bool:
    return bool(above & set(section.systems)) and not above & set(section.not_under)


def place_feature(hpo_id: str, sections: list[ClinicalSection],
                  release: HpoRelease) -> tuple[ClinicalSection, Markup | None]:
    """The one section a feature is shown under (the first of the page's sections whose systems
    HPO places it in), and the other organ systems HPO gives it, to be shown small beside it."""
    above = release.ancestors(hpo_id)
    home = next((s for s in sections if _holds(s, above)), OTHER_FEATURES)
    covered = {a for system in home.systems for a in release.ancestors(system)}
    others = [release.terms[s].label for s in release.organ_systems(hpo_id) if s not in covered]
    return home, plain_text("; ".join(others)) if others else None


@dataclass(frozen=True)
class FeatureGroup:
    system: str
    label: Markup
    anchor: str
    features: list[FeatureView]


@dataclass(frozen=True)
class LabRow:
    analyte: Markup
    cells: list[Markup]
    hpo: str | None
    label: Markup | None
    hpo_url: str | None
    cited: Markup


@dataclass(frozen=True)
class IdentifierView:
    system: str
    code: str
    url: str
    label: Markup | None
    relation: str
    relation_words: str
    note: Markup | None
    source: Markup


@dataclass(frozen=True)
class RelatedView:
    name: Markup
    link: str
    is_internal: bool
    link_text: str  # 'OMIM entry', where it has no page here
    identifiers: list[tuple[str, str, str]]
    genes: Markup | None
    relation: Markup
    distinction: Markup
    cited: Markup
    source: Markup


@dataclass(frozen=True)
class GeneView:
    symbol: Markup
    name: Markup
    page: str
    locus: Markup
    protein: Markup
    role: Markup
    mechanism: Markup
    identifiers: list[tuple[str, str]]  # (text, url)
    cited: Markup
    source: Markup


@dataclass(frozen=True)
class AnnotationOnly:
    """A feature HPO annotates for the disease that the record does not list."""

    hpo: str
    label: Markup
    hpo_url: str
    frequency: Markup
    excluded: bool


@dataclass
class DiseasePage:
    slug: str
    heading: Markup
    title_text: str
    description_text: str
    glance: list[tuple[str, Markup]]
    plain_summary: Markup
    professional_summary: Markup
    summary_cited: Markup
    group: Markup
    group_note: Markup | None
    inheritance: Markup
    traits: list[tuple[Markup, Markup, Markup | None, Markup]]  # what, value, note, sources
    forms: list[tuple[Markup, Markup, Markup | None]]
    genes: list[GeneView]
    feature_groups: list[FeatureGroup]
    excluded_features: list[FeatureView]
    annotations_only: list[AnnotationOnly]
    lab_forms: list[Markup]
    lab_rows: list[LabRow]
    management: list[tuple[Markup, str, Markup, Markup]]
    related: list[RelatedView]
    organisations: list[tuple[Markup, Markup | None, str | None, Markup]]  # name, scope, url, source
    how_common: list[tuple[Markup, Markup | None, Markup, Markup]]  # figure, population, for what, sources
    course: CourseView | None
    diagnosis: list[tuple[str, Markup, Markup]]  # how, statement, sources
    for_families: FamiliesView | None
    identifiers: list[IdentifierView]
    references: list[ReferenceView]
    source_credit: Markup
    source_note: Markup | None
    source_cited: Markup
    curators: Markup
    last_reviewed: str
    version: str
    changes: list[tuple[str, str, Markup]]
    how_to_cite: Markup
    hpo_version: str
    synonyms: list[tuple[Markup, Markup]] = field(default_factory=list)
    share: SharePage | None = None  # JSON-LD, downloads, link card: set with the page's files


def _hpo_frequency(record: DiseaseRecord, hpo_id: str, release: HpoRelease) -> tuple[str, str, str] | None:
    """HPO's frequency of hpo_id in this disease, its reference and its kind of evidence, from the
    exact identifiers."""
    for identifier in record.identifiers:
        if identifier.relation != "exact":
            continue
        for annotation in release.annotations_for(identifier.id):
            if annotation.hpo == hpo_id and annotation.frequency:
                return release.frequency_label(annotation.frequency), annotation.reference, annotation.evidence
    return None


# HPO's evidence codes, in words (phenotype.hpoa's documentation).
EVIDENCE_WORDS = {"PCS": "a published clinical study", "TAS": "a traceable author statement",
                  "IEA": "an annotation inferred from another source"}


def frequency_words(frequency: str) -> str:
    """'4/6' -> '4 of 6 people'; HPO's frequency terms ('Very frequent (99-80%)') and others stay."""
    counted = re.fullmatch(r"(\d+)/(\d+)", frequency.strip())
    return f"{counted[1]} of {counted[2]} {'person' if counted[2] == '1' else 'people'}" if counted else frequency


def _credit(reference: str, references: dict[str, ReferenceView]) -> str:
    """'PMID:17632511' -> a link to the record's own numbered reference where it has it."""
    if reference.startswith("PMID:"):
        pmid = reference.split(":", 1)[1]
        for view in references.values():
            if view.pmid == pmid:
                return f"{view.short} {citation_link(view)}"
        return f"[PMID {pmid}](https://pubmed.ncbi.nlm.nih.gov/{pmid}/)"
    if reference.startswith("OMIM:"):
        return f"[{reference}](https://omim.org/entry/{reference.split(':', 1)[1]})"
    return str(plain_text(reference))


def source_credit(record: DiseaseRecord) -> Markup:
    """The source document a record was written from: title, publisher and collection."""
    source = record.provenance.source
    return plain_text(f"{source.title}. {source.publisher}" + (f", {source.collection}" if source.collection else ""))


def disease_page(record: DiseaseRecord, release: HpoRelease, site_name: str, page_url: str,
                 related_pages: tuple[str | None, ...] = (),
                 comparisons: tuple[tuple[str, str], ...] = ()) -> DiseasePage:
    """Everything the disease template shows; related_pages gives, for each related disorder, the
    slug of its page here or None (checks.validate.related_pages), comparisons the comparison
    pages the disease is a row of (slug, title)."""
    references = reference_views(record)
    forms = {form.key: form for form in record.classification.forms}
    names = record.names
    heading = disease_heading(record)

    def form_names(keys: list[str]) -> Markup | None:
        return Markup("; ".join(plain_text(forms[k].name) for k in keys)) if keys else None

    def feature_view(phenotype) -> FeatureView:
        if phenotype.frequency:
            cited = citations(phenotype.references, references)
            frequency = Markup(f"{plain_text(frequency_words(phenotype.frequency))}" + (f" ({cited})" if cited else ""))
        else:
            from_hpo = _hpo_frequency(record, phenotype.hpo, release)
            if from_hpo:
                shown, source, evidence = from_hpo
                kind = EVIDENCE_WORDS.get(evidence, f"evidence {evidence}")
                frequency = Markup(
                    f"{plain_text(frequency_words(shown))} (HPO annotation from {kind}: {_credit(source, references)})"
                )
            else:
                frequency = Markup("not known")
        return FeatureView(
            words=plain_text(phenotype.words),
            hpo=phenotype.hpo,
            label=plain_text(release.terms[phenotype.hpo].label),
            hpo_url=HPO_BROWSER + phenotype.hpo,
            feature_page=f"../features/{feature_slug(phenotype.hpo)}.md",
            match=phenotype.match,
            note=plain_text(phenotype.note) if phenotype.note else None,
            frequency=frequency,
            onset=plain_text(phenotype.onset.label) if phenotype.onset else None,
            forms=form_names(phenotype.forms),
            cited=citations(phenotype.references, references),
        )

    sections = clinical_sections(record, release)
    groups: dict[str, list[FeatureView]] = {}
    excluded = []
    for phenotype in record.phenotypes:
        view = feature_view(phenotype)
        if phenotype.status == "excluded":
            excluded.append(view)
            continue
        section, elsewhere = place_feature(phenotype.hpo, sections, release)
        groups.setdefault(section.anchor, []).append(dataclasses.replace(view, also=elsewhere))
    feature_groups = [FeatureGroup(section.anchor, plain_text(section.name), section.anchor, groups[section.anchor])
                      for section in sections if section.anchor in groups]

    recorded = {p.hpo for p in record.phenotypes} | {
        f.hpo for f in record.laboratory_findings if f.hpo
    } | {record.classification.inheritance.hpo}
    if record.classification.disease_term:
        recorded.add(record.classification.disease_term.hpo)
    for form in record.classification.forms:
        if form.onset:
            recorded.add(form.onset.hpo)
    annotations_only: dict[str, AnnotationOnly] = {}
    for identifier in record.identifiers:
        if identifier.relation != "exact":
            continue
        for annotation in release.annotations_for(identifier.id):
            if annotation.hpo in recorded or annotation.hpo in annotations_only:
                continue
            if annotation.hpo not in release.terms:
                continue
            frequency = release.frequency_label(annotation.frequency) or "frequency not given"
            annotations_only[annotation.hpo] = AnnotationOnly(
                annotation.hpo,
                plain_text(release.terms[annotation.hpo].label),
                HPO_BROWSER + annotation.hpo,
                Markup(f"{plain_text(frequency)} ({_credit(annotation.reference, references)})"),
                annotation.excluded,
            )

    # A column for the disease as a whole where a finding is reported for it, then one a form.
    whole = [WHOLE_DISEASE] if any(not finding.forms for finding in record.laboratory_findings) else []
    lab_form_keys = whole + [f.key for f in record.classification.forms
                             if any(f.key in finding.forms for finding in record.laboratory_findings)]

    def lab_cell(finding, key: str) -> Markup:
        if (key == WHOLE_DISEASE) == (not finding.forms) and (key == WHOLE_DISEASE or key in finding.forms):
            return Markup(DIRECTION_WORDS[finding.direction])
        return Markup("—" if not finding.forms or key == WHOLE_DISEASE else NOT_REPORTED)

    lab_rows = [
        LabRow(
            analyte=plain_text(finding.analyte),
            cells=[lab_cell(finding, key) for key in lab_form_keys],
            hpo=finding.hpo,
            label=plain_text(release.terms[finding.hpo].label) if finding.hpo else None,
            hpo_url=HPO_BROWSER + finding.hpo if finding.hpo else None,
            cited=citations(finding.references, references),
        )
        for finding in record.laboratory_findings
    ]

    course = None
    if record.course is not None:
        onset = record.course.onset
        course = CourseView(
            onset=Markup(f"[{plain_text(onset.label)}]({HPO_BROWSER}{onset.hpo}) ({onset.hpo})") if onset else None,
            outlook=prose_html(record.course.outlook) if record.course.outlook else None,
            cited=citations(record.course.references, references),
        )

    genes = []
    for gene in record.genes:
        genes.append(GeneView(
            symbol=plain_text(gene.symbol), name=known(gene.name),
            page=f"../genes/{gene_slug(gene.symbol)}.md", locus=known(gene.locus),
            protein=known(gene.protein), role=prose_html(gene.role) if gene.role else NOT_KNOWN,
            mechanism=prose_html(gene.mechanism) if gene.mechanism else NOT_KNOWN,
            identifiers=gene_identifiers(gene),
            cited=citations(gene.references, references), source=plain_text(gene.source),
        ))

    related = []
    own_genes = {gene.symbol for gene in record.genes}
    for disorder, page_here in zip(record.related_disorders, related_pages or [None] * len(record.related_disorders),
                                   strict=True):
        name = disorder.name + (f" ({disorder.abbreviation})" if disorder.abbreviation else "")
        page_here = page_here or disorder.record
        if page_here:
            target, internal, link_text = f"{page_here}.md", True, "Page on this site"
        else:
            linked = next((i for i in disorder.identifiers if i.startswith("OMIM:")), disorder.identifiers[0])
            system, _, target = identifier_link(linked)
            internal, link_text = False, f"{system} entry"
        related.append(RelatedView(
            name=plain_text(name), link=target, is_internal=internal, link_text=link_text,
            identifiers=[identifier_link(i) for i in disorder.identifiers],
            genes=Markup(", ").join(gene_link(symbol, own_genes) for symbol in disorder.genes) or None,
            relation=plain_text(disorder.relation), distinction=prose_html(disorder.distinction),
            cited=citations(disorder.references, references), source=plain_text(disorder.source),
        ))

    identifiers = []
    for identifier in record.identifiers:
        system, code, url = identifier_link(identifier.id)
        identifiers.append(IdentifierView(
            system, code, url, plain_text(identifier.label) if identifier.label else None,
            identifier.relation, RELATION_WORDS[identifier.relation],
            plain_text(identifier.note) if identifier.note else None, plain_text(identifier.source),
        ))

    exact_omim = [i for i in identifiers if i.system == "OMIM" and i.relation == "exact"]
    glance: list[tuple[str, Markup]] = []
    if names.abbreviation:
        glance.append(("Abbreviation", plain_text(names.abbreviation)))
    glance.append(("Inheritance", plain_text(record.classification.inheritance.label)))
    for gene in genes:
        glance.append(("Gene and locus", Markup(f"[*{gene.symbol}*]({gene.page}), {gene.locus}")))
    for omim in exact_omim:
        glance.append(("OMIM", link(f"#{omim.code}", omim.url)))
    if record.classification.forms:
        glance.append(("Forms", form_names([f.key for f in record.classification.forms]) or Markup()))
    glance.append(("Disease group", plain_text(record.classification.group)))
    for trait in record.traits:
        glance.append((trait.trait.replace("-", " ").capitalize(),
                       plain_text(trait.value) + Markup(" ") + citations(trait.references, references)))
    hallmarks = [p for p in record.phenotypes if p.hallmark and p.status == "present"]
    if hallmarks:
        glance.append(("Main features", Markup("; ").join(plain_text(p.words) for p in hallmarks)))
    for slug, title in comparisons:
        glance.append(("Compare the types", Markup("[{}](../comparisons/{}.md)").format(plain_text(title), slug)))

    source = record.provenance.source
    curators = ", ".join(record.provenance.curators) or "not recorded: no clinical review of this page is recorded"
    reviewed = record.provenance.last_reviewed.isoformat()
    citation_text = (
        f"{heading}. In: {site_name}. Version {record.provenance.version}, last reviewed "
        f"{reviewed}. Available from: {page_url}"
    )
    return DiseasePage(
        slug=record.slug,
        heading=plain_text(heading),
        title_text=heading,
        description_text=summary_sentence(record),
        glance=glance,
        plain_summary=prose_html(record.summary.plain_language),
        professional_summary=prose_html(record.summary.professional),
        summary_cited=citations(record.summary.references, references),
        group=plain_text(record.classification.group),
        group_note=plain_text(record.classification.group_note) if record.classification.group_note else None,
        inheritance=Markup(
            f"[{plain_text(record.classification.inheritance.label)}]"
            f"({HPO_BROWSER}{record.classification.inheritance.hpo}) "
            f"({record.classification.inheritance.hpo})"
        ) + (Markup(" ") + citations(record.classification.references, references)
             if record.classification.references else Markup("")),
        traits=[(plain_text(t.trait.replace("-", " ").capitalize()), plain_text(t.value),
                 plain_text(t.note) if t.note else None, citations(t.references, references))
                for t in record.traits],
        forms=[
            (plain_text(form.name),
             plain_text(form.onset.label) + Markup(f" ({form.onset.hpo})") if form.onset else Markup("not known"),
             plain_text(form.description) if form.description else None)
            for form in record.classification.forms
        ],
        genes=genes,
        feature_groups=feature_groups,
        excluded_features=excluded,
        annotations_only=sorted(annotations_only.values(), key=lambda a: str(a.label)),
        lab_forms=[Markup("The disease as a whole") if k == WHOLE_DISEASE else plain_text(forms[k].name)
                   for k in lab_form_keys],
        lab_rows=lab_rows,
        management=[
            (plain_text(s.topic), s.stance, prose_html(s.statement), citations(s.references, references))
            for s in record.management
        ],
        related=related,
        organisations=[
            (plain_text(o.name), plain_text(o.scope) if o.scope else None, o.url, plain_text(o.source))
            for o in record.patient_organisations
        ],
        how_common=[
            (plain_text(f.figure), plain_text(f.population) if f.population else None,
             Markup("this disease") if f.applies_to == "this disease"
             else Markup("its group") + (Markup(", ") + plain_text(f.group) if f.group else Markup("")),
             citations(f.references, references))
            for f in record.how_common
        ],
        course=course,
        diagnosis=[(DIAGNOSIS_WORDS[d.method], prose_html(d.statement), citations(d.references, references))
                   for d in record.diagnosis],
        for_families=for_families(record.classification.inheritance.hpo),
        identifiers=identifiers,
        references=list(references.values()),
        source_credit=source_credit(record),
        source_note=plain_text(source.note) if source.note else None,
        source_cited=citations(source.references, references),
        curators=plain_text(curators),
        last_reviewed=reviewed,
        version=record.provenance.version,
        changes=[(c.version, c.date.isoformat(), plain_text(c.summary)) for c in record.provenance.changes],
        how_to_cite=plain_text(citation_text),
        hpo_version=release.version,
        synonyms=[(plain_text(s.name), plain_text(s.source)) for s in names.synonyms],
    )
