"""The disease record: one YAML file per disease in content/diseases/.

This module is the reference of the record format. Every field carries a one-line description,
which also reaches the JSON Schema that editors use to check records as curators type.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

# --- Identifier types -------------------------------------------------------------------------
# Each pattern comes with an example, so that a curator who gets one wrong sees what is meant.


def _pattern_type(name: str, pattern: str, example: str, digits_only: bool = False, longest: int | None = None):
    compiled = re.compile(pattern)
    # JSON Schema patterns match anywhere unless anchored; a number written without quotes is an
    # integer to an editor, which the build accepts where the identifier is digits only.
    schema: dict = {"type": "string", "pattern": f"^{pattern}$", "examples": [example]}
    if longest is not None:
        schema["maxLength"] = longest
    if digits_only:
        schema = {"anyOf": [schema, {"type": "integer", "minimum": 1}]}

    def check(value: str) -> str:
        if longest is not None and len(value) > longest:
            raise PydanticCustomError(
                "too_long", "expected {name} of at most {longest} characters, got {length}",
                {"name": name, "longest": longest, "length": len(value)},
            )
        if not compiled.fullmatch(value):
            raise PydanticCustomError(
                "identifier_format",
                "expected {name} like {example}, got {got}",
                {"name": name, "example": example, "got": repr(value)},
            )
        return value

    return Annotated[str, AfterValidator(check), WithJsonSchema(schema)]


HpoId = _pattern_type("an HPO ID", r"HP:\d{7}", "HP:0001234")
OmimNumber = _pattern_type("an OMIM number", r"OMIM:\d{6}", "OMIM:259710")
HgncId = _pattern_type("an HGNC ID", r"HGNC:\d{1,6}", "HGNC:11926")
NcbiGeneId = _pattern_type("an NCBI Gene ID", r"NCBIGene:\d{1,9}", "NCBIGene:8600")
Pmid = _pattern_type("a PubMed ID (digits only)", r"[1-9]\d{0,8}", "17632511", digits_only=True)
Doi = _pattern_type("a DOI", r"10\.\d{4,9}/\S+", "10.1038/ng2076")
# A slug names files and addresses: short enough for every file system and address bar.
Slug = _pattern_type(
    "a slug of lower-case letters, digits and hyphens", r"[a-z0-9]+(-[a-z0-9]+)*", "optb2", longest=60
)
# HGNC's symbols: capitals and digits, hyphens, 'orf' in open reading frames (C1orf112), '@' in
# old group symbols. The gene's page is named after it, so nothing else is accepted.
GeneSymbol = _pattern_type("an HGNC gene symbol", r"[A-Z0-9](?:[A-Z0-9-]|orf)*@?", "TNFSF11", longest=30)
ReferenceKey = _pattern_type(
    "a reference key of lower-case letters, digits and hyphens", r"[a-z0-9]+(-[a-z0-9]+)*",
    "sobacchi-2007",
)
Locus = _pattern_type(
    "a cytogenetic locus", r"(\d{1,2}|X|Y)[pq]\d{1,2}(\.\d{1,3})?", "13q14.11"
)
SemanticVersion = _pattern_type("a version like 1.0.0", r"\d+\.\d+\.\d+", "1.0.0")

# Disease identifiers share one field; the prefix names the coding system.
IDENTIFIER_SYSTEMS: dict[str, tuple[str, str, str]] = {
    # prefix: (pattern of the whole identifier, example, what the code is)
    "OMIM": (r"OMIM:\d{6}", "OMIM:259710", "an OMIM number (six digits)"),
    "ORPHA": (r"ORPHA:\d{1,7}", "ORPHA:667", "an ORPHAcode (digits)"),
    "MONDO": (r"MONDO:\d{7}", "MONDO:0009816", "a MONDO ID (seven digits)"),
    "UMLS": (r"UMLS:C\d{7}", "UMLS:C1850126", "a UMLS CUI (C and seven digits)"),
    "MedGen": (r"MedGen:(\d{1,9}|CN\d{1,9})", "MedGen:342420", "a MedGen UID (digits, or CN and digits)"),
    "ICD-10": (r"ICD-10:[A-Z]\d{2}(\.\d{1,2})?", "ICD-10:Q78.2", "an ICD-10 code (a letter, two digits, "
               "optionally a dot and one or two digits)"),
    "MeSH": (r"MeSH:[CD]\d{6,9}", "MeSH:D010022", "a MeSH descriptor (C or D and six to nine digits)"),
}


def _check_disease_identifier(value: str) -> str:
    prefix = value.split(":", 1)[0]
    if prefix not in IDENTIFIER_SYSTEMS:
        raise PydanticCustomError(
            "identifier_system",
            "expected an identifier starting with one of {systems}, got {got}",
            {"systems": ", ".join(f"{p}:" for p in IDENTIFIER_SYSTEMS), "got": repr(value)},
        )
    pattern, example, what = IDENTIFIER_SYSTEMS[prefix]
    if not re.fullmatch(pattern, value):
        raise PydanticCustomError(
            "identifier_format",
            "expected {what} like {example}, got {got}",
            {"what": what, "example": example, "got": repr(value)},
        )
    return value


DiseaseIdentifier = Annotated[
    str,
    AfterValidator(_check_disease_identifier),
    Field(json_schema_extra={
        "pattern": "^(" + "|".join(p for p, _, _ in IDENTIFIER_SYSTEMS.values()) + ")$",
        "examples": ["OMIM:259710", "ORPHA:667", "MONDO:0009816"],
    }),
]


# What a web address may hold besides letters and digits (RFC 3986's unreserved, reserved and
# percent signs), less what no real address needs and what only an attack would: quotes, angle
# brackets, backslashes, braces, backticks, spaces and control characters.
_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]*)?")


def _check_web_address(value: str) -> str:
    if not _ADDRESS.fullmatch(value) or "." not in urlsplit(value).hostname.strip("."):
        raise PydanticCustomError(
            "web_address",
            "expected a web address starting with https:// or http://, with a host name and no "
            "spaces, quotes or angle brackets, got {got}",
            {"got": repr(value)},
        )
    return value


WebAddress = Annotated[
    str,
    AfterValidator(_check_web_address),
    Field(json_schema_extra={"pattern": "^" + _ADDRESS.pattern + "$", "examples": ["https://www.omim.org"]}),
]


def _unprintable_pattern() -> re.Pattern[str]:
    controls = [(0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F)]  # Cc but tab, LF, CR
    surrogates = [(0xD800, 0xDFFF)]  # Cs
    non_characters = [(0xFDD0, 0xFDEF)] + [(plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)]
    ranges = "".join(f"\\U{low:08X}-\\U{high:08X}" for low, high in controls + surrogates + non_characters)
    return re.compile(f"[{ranges}]")


# Control characters, surrogates and non-characters: one search per string, checked in C.
_UNPRINTABLE = _unprintable_pattern()


def _refuse_unprintable(value: str) -> None:
    """Control characters and non-characters have no place in a page, its JSON or its XML."""
    if value.isprintable():  # most text, in C: then none of them is there (they are not printable)
        return
    found = _UNPRINTABLE.search(value)
    if found is not None:
        raise PydanticCustomError(
            "unprintable",
            "expected printable text, got the invisible character U+{code} at position {position}",
            {"code": f"{ord(found.group()):04X}", "position": found.start() + 1},
        )


def _check_plain_text(value: str) -> str:
    _refuse_unprintable(value)
    stripped = value.strip()
    if not stripped:
        raise PydanticCustomError("empty_text", "expected some text, got an empty string", {})
    if "\n" in stripped:
        raise PydanticCustomError(
            "one_line", "expected one line of text, got {count} lines", {"count": stripped.count("\n") + 1},
        )
    return " ".join(stripped.split())


# One line of plain text: shown escaped, never interpreted as Markdown or HTML.
Text = Annotated[str, AfterValidator(_check_plain_text), Field(min_length=1)]


def _check_prose(value: str) -> str:
    _refuse_unprintable(value)
    if not value.strip():
        raise PydanticCustomError("empty_text", "expected some text, got an empty string", {})
    return value.strip()


# A volume, issue or page number: curators write 27 as often as "27"; both are accepted, and the
# JSON Schema says so, so that editors do not flag what the build accepts.
NumberOrText = Annotated[Text, WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}]})]


class _ProseMarker:
    """Marks a field as prose, so validation checks its Markdown against the allowed subset."""

    def __repr__(self) -> str:
        return "PROSE"


PROSE = _ProseMarker()

# Paragraphs in a small subset of Markdown (emphasis, links, lists); see raresite/prose.py.
Prose = Annotated[str, AfterValidator(_check_prose), PROSE]

# "not verified": the relation could not be checked; such an identifier is shown as such and never
# used for a permanent address, sameAs or the one-record-per-identifier check.
Relation = Literal["exact", "broader", "narrower", "group level", "not verified"]
Match = Literal["exact", "exact synonym", "close", "broad"]


class Strict(BaseModel):
    """Base of every part of a record: unknown fields are errors, text is trimmed."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,
        use_attribute_docstrings=True,
        frozen=True,
    )


# --- Names and identifiers --------------------------------------------------------------------


class Synonym(Strict):
    name: Text
    """Another name under which the disease is known."""
    source: Text
    """Where this name was found, for example 'NCBI MedGen 342420'."""


class Names(Strict):
    preferred: Text
    """The name the page is titled with, as the main source spells it."""
    abbreviation: Text | None = None
    """The usual abbreviation, for example 'OPTB2'; leave out if there is none."""
    synonyms: list[Synonym] = []
    """Other names, each with its source."""


class Identifier(Strict):
    id: DiseaseIdentifier
    """The identifier with its system prefix, for example 'OMIM:259710' or 'ORPHA:667'."""
    label: Text | None = None
    """The name the coding system gives this entry, where it differs from ours."""
    relation: Relation
    """How the entry relates to this disease: exact, broader, narrower or group level."""
    note: Text | None = None
    """Why the relation is what it is, shown beside the identifier."""
    source: Text
    """Where this identifier and its relation were checked."""


# --- Classification ---------------------------------------------------------------------------


class HpoTerm(Strict):
    hpo: HpoId
    """The HPO ID of the term."""
    label: Text
    """The HPO label of the term, exactly as the HPO release spells it."""


class Form(Strict):
    key: Slug
    """A short key by which phenotypes and findings name this form, for example 'infantile'."""
    name: Text
    """The name of the form as the source gives it, for example 'Infantile/severe form'."""
    onset: HpoTerm | None = None
    """The age of onset of this form as an HPO onset term; leave out where the sources say none."""
    description: Text | None = None
    """What sets this form apart, in the words of the source."""


class Classification(Strict):
    group: Text
    """The disease group the home page lists this disease under."""
    group_note: Text | None = None
    """Other names of the group, or how the source places the disease in it."""
    inheritance: HpoTerm
    """The mode of inheritance as an HPO term, for example HP:0000007."""
    disease_term: HpoTerm | None = None
    """The HPO term for the disease as a whole, where one exists, for example HP:0011002."""
    forms: list[Form] = []
    """The clinical forms the sources distinguish, each with its onset."""
    references: list[ReferenceKey] = []
    """Keys of the references that give the inheritance and place the disease in its group."""


# --- Genes ------------------------------------------------------------------------------------


class Gene(Strict):
    """A gene whose changes cause the disease. Only its symbol and where it was checked are
    required: what the sources do not give is left out, and the page says it is not known."""

    symbol: GeneSymbol
    """The HGNC gene symbol, for example 'TNFSF11'."""
    name: Text | None = None
    """The HGNC gene name; leave out where not checked."""
    hgnc: HgncId | None = None
    """The HGNC ID, for example 'HGNC:11926'; leave out where not checked."""
    omim: OmimNumber | None = None
    """The OMIM gene/locus number, for example 'OMIM:602642'."""
    ncbi_gene: NcbiGeneId | None = None
    """The NCBI Gene ID, for example 'NCBIGene:8600'."""
    locus: Locus | None = None
    """The cytogenetic location, for example '13q14.11'; leave out where not checked."""
    protein: Text | None = None
    """The protein the gene encodes; leave out where not known."""
    role: Prose | None = None
    """What the protein does in health; leave out where the sources do not say."""
    mechanism: Prose | None = None
    """How changes in this gene cause the disease; leave out where the sources do not say."""
    references: list[ReferenceKey] = []
    """Keys of the references that support this gene's role in the disease."""
    source: Text
    """Where the gene and its identifiers were checked."""


# --- Phenotypes and findings ------------------------------------------------------------------


def _check_frequency(value: str) -> str:
    match = re.fullmatch(r"(\d+)/(\d+)", value)
    if match and int(match[2]) > 0 and int(match[1]) <= int(match[2]):
        return value
    if re.fullmatch(r"(100|[1-9]?\d)(\.\d+)?%", value):
        return value
    raise PydanticCustomError(
        "frequency",
        "expected a frequency like 4/6 (patients with it / patients examined) or 25%, got {got}",
        {"got": repr(value)},
    )


Frequency = Annotated[str, AfterValidator(_check_frequency)]


class Phenotype(Strict):
    words: Text
    """The curator's words for the feature, as the source says it, for example 'early blindness'."""
    hpo: HpoId
    """The HPO term that best matches these words."""
    label: Text
    """The HPO label of that term, exactly as the HPO release spells it."""
    match: Match = "exact"
    """How closely the HPO term matches the words: exact, exact synonym, close, or broad."""
    status: Literal["present", "excluded"] = "present"
    """'present', or 'excluded' where the sources say the disease does not have this feature."""
    frequency: Frequency | None = None
    """How often the feature occurs, as 4/6 or 25%; leave out where the sources do not say."""
    onset: HpoTerm | None = None
    """The age of onset of this feature as an HPO onset term, where the sources say."""
    forms: list[Slug] = []
    """Keys of the forms this feature belongs to; empty means the disease as a whole."""
    note: Text | None = None
    """Anything the reader should know about this feature, for example what it is caused by."""
    hallmark: bool = False
    """True for a feature the sources name as typical of this disease: shown first on its page
    and as a main feature where related diseases are compared."""
    references: list[ReferenceKey] = []
    """Keys of the references that report this feature."""


class LaboratoryFinding(Strict):
    analyte: Text
    """What is measured, as the source names it, for example 'CK-BB'."""
    direction: Literal["high", "low", "present"]
    """'high' or 'low' for a level; 'present' for a finding that is not a level, such as anemia."""
    forms: list[Slug] = []
    """Keys of the forms in which the source reports this finding; leave out for a finding the
    source reports for the disease as a whole."""
    hpo: HpoId | None = None
    """The HPO term for the finding, where one exists."""
    label: Text | None = None
    """The HPO label of that term, exactly as the HPO release spells it."""
    references: list[ReferenceKey] = []
    """Keys of the references that report this finding."""

    @model_validator(mode="after")
    def _label_goes_with_hpo(self) -> LaboratoryFinding:
        if (self.hpo is None) != (self.label is None):
            raise PydanticCustomError(
                "hpo_label_pair",
                "expected hpo and label together or neither, got only {given}",
                {"given": "hpo" if self.label is None else "label"},
            )
        return self


# What the sources say of a treatment or of care. Only the first three are published as
# treatments (schema.org possibleTreatment); the others are said on the page, never as treatments.
TREATMENT_STANCES = ("standard care", "recommended", "curative")
Stance = Literal["standard care", "recommended", "curative", "supportive", "not curative", "not effective",
                 "not recommended", "experimental", "information"]


class ManagementStatement(Strict):
    topic: Text
    """What the statement is about, for example 'Haematopoietic stem-cell transplantation'."""
    stance: Stance
    """What the sources say of it: standard care, recommended, curative, supportive (eases signs,
    does not treat the cause), not curative, not effective, not recommended, experimental, or
    information."""
    statement: Prose
    """The statement itself, as the sources support it."""
    references: list[ReferenceKey] = Field(min_length=1)
    """Keys of the references the statement rests on: at least one."""


class HowCommon(Strict):
    """How common the disease is, as one source gives it."""

    figure: Text
    """The figure as the source gives it, for example 'about 1 in 250,000 births'."""
    population: Text | None = None
    """Where or in whom it was measured, for example 'worldwide' or 'Costa Rica'."""
    applies_to: Literal["this disease", "its group"]
    """Whether the figure is for this disease, or for a group it belongs to."""
    group: Text | None = None
    """Which group, where the figure is for one, for example 'autosomal recessive osteopetrosis'."""
    references: list[ReferenceKey] = Field(min_length=1)
    """Keys of the references that give the figure."""


class Course(Strict):
    """When the disease starts and how it goes, for the disease as a whole."""

    onset: HpoTerm | None = None
    """The usual onset, as an HPO onset term (under 'Onset', HP:0003674)."""
    outlook: Prose | None = None
    """The clinical course and outlook, as the sources describe them."""
    references: list[ReferenceKey] = Field(min_length=1)
    """Keys of the references the onset and the outlook rest on."""


class Trait(Strict):
    """A property by which related diseases are told apart, as one source gives it."""

    trait: Slug
    """What the property is, as a key that a comparison names, for example 'osteoclasts'."""
    value: Text
    """Its value for this disease as the source gives it, for example 'rich' or 'poor'."""
    note: Text | None = None
    """What the reader should know about the value, for example that it holds for most patients."""
    references: list[ReferenceKey] = Field(min_length=1)
    """Keys of the references that give the value: at least one."""


class DiagnosisStatement(Strict):
    method: Literal["clinical examination", "imaging", "laboratory", "genetic testing", "other"]
    """How: by examination, imaging, laboratory tests or genetic testing."""
    statement: Prose
    """What the sources say of it for this disease."""
    references: list[ReferenceKey] = Field(min_length=1)
    """Keys of the references the statement rests on: at least one."""


# --- Related disorders and resources ----------------------------------------------------------


class RelatedDisorder(Strict):
    name: Text
    """The name of the related disorder."""
    abbreviation: Text | None = None
    """Its usual abbreviation."""
    record: Slug | None = None
    """The slug of its record on this site, where one exists; its page is then linked."""
    identifiers: list[DiseaseIdentifier] = []
    """Its identifiers; where it has no record here, its first OMIM number is linked, else its
    first identifier (an ORPHAcode for a group that has no OMIM entry)."""
    genes: list[GeneSymbol] = []
    """The HGNC symbols of the genes that cause it."""
    relation: Text
    """Why it is related to this disease."""
    distinction: Prose
    """What tells it apart from this disease."""
    references: list[ReferenceKey] = []
    """Keys of the references that support the relation or the distinction."""
    source: Text
    """Where its identifiers and the relation were checked."""

    @model_validator(mode="after")
    def _linkable(self) -> RelatedDisorder:
        if self.record is None and not self.identifiers:
            raise PydanticCustomError(
                "related_unlinkable",
                "expected a record slug or an identifier to link to, got neither", {},
            )
        return self


class PatientOrganisation(Strict):
    name: Text
    """The organisation's name."""
    scope: Text | None = None
    """Whom it serves, as its source says, for example 'every type of osteopetrosis'."""
    url: WebAddress | None = None
    """Its web address, only where one was verified; never guess one."""
    source: Text
    """Where the organisation is named."""


# --- References and provenance ----------------------------------------------------------------


class Erratum(Strict):
    pmid: Pmid | None = None
    """PubMed ID of the erratum."""
    doi: Doi | None = None
    """DOI of the erratum."""


class Reference(Strict):
    key: ReferenceKey
    """The key by which phenotypes, findings and statements cite this reference."""
    authors: list[Text] = Field(default=[], min_length=0)
    """Authors in Vancouver form ('Sobacchi C'), at most the first three as the source lists them."""
    et_al: bool = False
    """True where the source lists more authors than those given."""
    title: Text | None = None
    """The title of the article or web resource; may be left out where a PMID or DOI names it."""
    journal: Text | None = None
    """The abbreviated journal name, for example 'Nat Genet'; leave out for a web resource."""
    year: int | None = Field(default=None, ge=1800, le=2100)
    """The year of publication."""
    month: Text | None = None
    """The month or season of the issue, as the source gives it, for example 'Nov-Dec'."""
    volume: NumberOrText | None = None
    """The journal volume."""
    issue: NumberOrText | None = None
    """The journal issue."""
    pages: NumberOrText | None = None
    """The page range, abbreviated in Vancouver style, for example '342-51'."""
    epub: Text | None = None
    """The date of electronic publication, as the source gives it, for example '2015 Jun 13'."""
    pmid: Pmid | None = None
    """PubMed ID, only where it was checked; leave out otherwise."""
    doi: Doi | None = None
    """DOI, only where it was checked; leave out otherwise."""
    url: WebAddress | None = None
    """The address of a web resource."""
    accessed: datetime.date | None = None
    """The date a web resource was read, where it was recorded (the page says when it was not)."""
    erratum: Erratum | None = None
    """A published erratum to this reference."""

    @model_validator(mode="after")
    def _journal_or_web(self) -> Reference:
        if self.journal is None and self.url is None and self.pmid is None and self.doi is None:
            raise PydanticCustomError(
                "reference_kind", "expected a journal, a url, a pmid or a doi, got none of them", {},
            )
        if self.title is None and self.pmid is None and self.doi is None:
            raise PydanticCustomError(
                "reference_title", "expected a title (it may be left out only where a pmid or doi names the work)", {},
            )
        if self.journal is not None and self.year is None:
            raise PydanticCustomError(
                "reference_year", "expected a year for a journal article, got none", {},
            )
        return self


class RecordSource(Strict):
    title: Text
    """The title of the document the record was first written from."""
    publisher: Text
    """Who publishes that document."""
    collection: Text | None = None
    """The catalogue or collection it belongs to."""
    url: WebAddress | None = None
    """Its address, only where one was verified."""
    note: Text | None = None
    """How the source relates to the record, for example which taxonomy it follows."""
    references: list[ReferenceKey] = []
    """Keys of the references the source document itself lists."""


class Change(Strict):
    version: SemanticVersion
    """The record version this change produced."""
    date: datetime.date
    """When the change was made."""
    summary: Text
    """What changed, in one line."""


class Provenance(Strict):
    source: RecordSource
    """The document the record was first written from; credited on the page."""
    curators: list[Text] = []
    """Who curated the record; leave empty where not recorded (the page then says so)."""
    last_reviewed: datetime.date
    """When the record was last checked against its sources (YYYY-MM-DD)."""
    version: SemanticVersion
    """The record's version: major for a changed clinical fact, minor for added facts, patch for wording."""
    changes: list[Change] = Field(min_length=1)
    """The change log, newest first; its first entry has the record's version."""


# --- The record -------------------------------------------------------------------------------


class Summary(Strict):
    plain_language: Prose
    """For patients and families, written from the record's own facts only: no new claims."""
    professional: Prose
    """For clinicians, in the words of the sources."""
    references: list[ReferenceKey] = []
    """Keys of the references the summaries rest on."""


class DiseaseRecord(Strict):
    """One disease: everything its page shows, with the source of every fact."""

    slug: Slug
    """The page address: /diseases/<slug>/. Never change it once published."""
    names: Names
    """The preferred name, abbreviation and synonyms."""
    identifiers: list[Identifier] = Field(min_length=1)
    """Codes for this disease in other systems, each with its relation and source."""
    summary: Summary
    """The plain-language and professional summaries."""
    classification: Classification
    """The disease group, inheritance and forms."""
    genes: list[Gene] = []
    """The genes whose changes cause the disease."""
    phenotypes: list[Phenotype] = []
    """The clinical features, each as an HPO term."""
    laboratory_findings: list[LaboratoryFinding] = []
    """Biochemical and other laboratory findings, by form or for the whole disease."""
    how_common: list[HowCommon] = []
    """How common the disease is: every figure the sources give, each with its source (where
    they disagree, all of them). Leave out where the sources give none."""
    course: Course | None = None
    """Onset and outlook of the disease as a whole. Leave out where the sources do not say."""
    traits: list[Trait] = []
    """Properties by which related diseases are told apart, each with its source; where sources
    disagree, one entry per value. Leave out where the sources give none."""
    diagnosis: list[DiagnosisStatement] = []
    """How the disease is diagnosed, each statement with its references."""
    management: list[ManagementStatement] = []
    """Statements about treatment and care, each with its references."""
    related_disorders: list[RelatedDisorder] = []
    """Disorders a reader should know about, with what tells them apart."""
    patient_organisations: list[PatientOrganisation] = []
    """Patient organisations for this disease."""
    references: list[Reference] = []
    """The literature and web resources the record cites, numbered in this order on the page."""
    provenance: Provenance
    """Where the record comes from, who reviewed it and when."""
