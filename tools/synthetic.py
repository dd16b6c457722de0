"""Synthetic disease records for benchmarks and scale tests: valid, varied, and plainly not real.

Every record passes the real record model and the real HPO release: its HPO IDs are real terms
from the shipped hp.obo, with their exact labels, drawn so that common features are shared by
many records (as 'Recurrent fractures' is in a bone catalogue) and rare ones by few, which gives
feature and gene index pages a realistic fan-out. Names, genes and identifiers are made up and
say so ('Synthetic disorder 0042', OMIM numbers from 900000 up, which no HPO annotation uses).
These records are test and bench data only; they are never written into the project's content/.
"""

from __future__ import annotations

import datetime
import random
import re
from pathlib import Path

import yaml

from raresite.model.hpo import ONSET_ROOT, PHENOTYPIC_ABNORMALITY, HpoRelease

SEED = 20261124
# How many distinct features the catalogue draws from, and how many each disease has.
FEATURE_POOL = 1500
FEATURES_PER_DISEASE = (12, 30)
GROUPS = 30  # the IOF taxonomy has about this many groups
INHERITANCE = ("HP:0000007", "HP:0000006", "HP:0001419", "HP:0001423")
FIRST_OMIM = 900000
SOURCE = "synthetic benchmark data, not a real disease"


def _feature_pool(release: HpoRelease) -> list[str]:
    """Current phenotypic-abnormality terms, in a fixed order (most shared first)."""
    candidates = sorted(
        term.id for term in release.terms.values()
        if not term.obsolete and term.id != PHENOTYPIC_ABNORMALITY
        and PHENOTYPIC_ABNORMALITY in release.ancestors(term.id)
    )
    return random.Random(SEED).sample(candidates, FEATURE_POOL)


def _onset_terms(release: HpoRelease) -> list[str]:
    return sorted(
        term.id for term in release.terms.values()
        if not term.obsolete and term.id != ONSET_ROOT and ONSET_ROOT in release.ancestors(term.id)
    )


def _zipf(size: int) -> list[float]:
    """Cumulative weights 1/(k+1) for the pool's k-th feature."""
    total, cumulative = 0.0, []
    for rank in range(size):
        total += 1 / (rank + 1)
        cumulative.append(total)
    return cumulative


def _term(release: HpoRelease, hpo_id: str) -> dict[str, str]:
    return {"hpo": hpo_id, "label": release.terms[hpo_id].label}


def slug_of(index: int) -> str:
    return f"synthetic-{index + 1:05d}"


def edit_record(project: Path, index: int, pattern: str, replacement: str) -> None:
    """Edit synthetic record number index in a project, as a curator would (first match only)."""
    record = project / "content" / "diseases" / f"{slug_of(index)}.yaml"
    text = record.read_text(encoding="utf-8")
    edited = re.sub(pattern, replacement, text, count=1)
    assert edited != text, f"{pattern!r} is not in {record.name}"
    record.write_text(edited, encoding="utf-8")


def synthetic_record(index: int, count: int, release: HpoRelease,
                     pool: list[str] | None = None, onsets: list[str] | None = None,
                     cumulative: list[float] | None = None) -> dict:
    """Record number index (0-based) of a synthetic catalogue of count diseases, as YAML data."""
    pool = pool or _feature_pool(release)
    onsets = onsets or _onset_terms(release)
    chance = random.Random(SEED * 7919 + index)
    number = f"{index + 1:05d}"
    name = f"Synthetic disorder {number}"
    # Zipf-like: feature k of the pool is drawn with weight 1/(k+1), so a few features are
    # shared by many diseases and most by few.
    weights = cumulative or _zipf(len(pool))
    wanted = chance.randint(*FEATURES_PER_DISEASE)
    chosen: list[str] = []
    while len(chosen) < wanted:
        (hpo_id,) = chance.choices(pool, cum_weights=weights)
        if hpo_id not in chosen:
            chosen.append(hpo_id)
    references = [
        {
            "key": f"synthetic-{number}-{n}",
            "authors": [f"Author{n} A", f"Writer{index % 97} B"],
            "et_al": n % 2 == 0,
            "title": f"Synthetic report {n} on synthetic disorder {number}",
            "journal": "Synth J",
            "year": 1990 + (index + n) % 35,
            "volume": str(1 + index % 60),
            "pages": f"{100 + n}-{110 + n}",
        }
        for n in range(1, chance.randint(3, 7))
    ]
    keys = [reference["key"] for reference in references]
    forms = [
        {"key": "infantile", "name": "Infantile/severe form", "onset": _term(release, chance.choice(onsets))},
        {"key": "late", "name": "Late/mild form",
         "description": "The synthetic source describes a milder form with later onset."},
    ]
    phenotypes = []
    for position, hpo_id in enumerate(chosen):
        phenotype: dict = {
            "words": release.terms[hpo_id].label.lower(),
            **_term(release, hpo_id),
            "references": [keys[position % len(keys)]],
        }
        if position % 5 == 1:
            phenotype["match"] = "close"
        if position % 4 == 2:
            phenotype["frequency"] = f"{1 + position % 6}/6"
        if position % 7 == 3:
            phenotype["forms"] = ["infantile"]
        if position == wanted - 1 and index % 3 == 0:
            phenotype["status"] = "excluded"
        phenotypes.append(phenotype)
    laboratory = [
        {"analyte": f"Analyte {n}", "direction": ("high", "low", "present")[n % 3],
         "forms": ["infantile"] if n % 2 else ["infantile", "late"],
         **_term(release, pool[(index * 3 + n * 11) % len(pool)]), "references": [keys[0]]}
        for n in range(chance.randint(2, 7))
    ]
    # Every record has a gene it shares with one other record, and some a second gene shared by
    # five: gene pages list a few diseases each. Nothing here depends on count, so a record's
    # page can be compared across catalogue sizes.
    gene_numbers = [index // 2] + ([50000 + index // 5] if index % 3 == 0 else [])
    genes = [
        {
            "symbol": f"SYNG{g + 1}",
            "name": f"Synthetic gene {g + 1}",
            "hgnc": f"HGNC:{900000 + g}",
            "ncbi_gene": f"NCBIGene:{900000000 + g}",
            "locus": f"{1 + g % 22}q{11 + g % 20}.{1 + g % 3}",
            "protein": f"Synthetic protein {g + 1}",
            "role": f"The synthetic protein {g + 1} has no known role: this is benchmark data.",
            "mechanism": f"Changes in *SYNG{g + 1}* are invented for the benchmark.",
            "references": [keys[-1]],
            "source": SOURCE,
        }
        for g in gene_numbers
    ]
    # Related disorders name other synthetic records by OMIM number, and link their pages where
    # the catalogue has them. Partners by a flipped bit name each other, as curated records do
    # (the build warns where a relation runs one way, and reads the record again to say where).
    related = []
    for other in (index ^ 1, index ^ 4):
        disorder = {"name": f"Synthetic disorder {other + 1:05d}", "identifiers": [f"OMIM:{FIRST_OMIM + other}"]}
        if other < count:
            disorder["record"] = slug_of(other)
        related.append({
            **disorder,
            "relation": "Listed beside it in the synthetic catalogue.",
            "distinction": f"It differs from synthetic disorder {number} only in its made-up data.",
            "references": [keys[1]], "source": SOURCE,
        })
    labels = [release.terms[h].label for h in chosen[:4]]
    reviewed = datetime.date(2020, 1, 1) + datetime.timedelta(days=(index * 37) % 2000)
    return {
        "slug": slug_of(index),
        "names": {
            "preferred": name,
            "abbreviation": f"SYN{index + 1}",
            "synonyms": [{"name": f"Made-up condition {number}", "source": SOURCE}]
            + ([{"name": f"Benchmark syndrome {number}", "source": SOURCE}] if index % 2 else []),
        },
        "identifiers": [
            {"id": f"OMIM:{FIRST_OMIM + index}", "relation": "exact", "source": SOURCE},
            {"id": f"ORPHA:{900000 + index // 10}", "relation": "broader", "source": SOURCE,
             "note": "A made-up group entry."},
        ],
        "summary": {
            "plain_language": (
                f"Synthetic disorder {number} is not a real disease: it exists to measure how the "
                f"site builds at scale.\n\nIts made-up record lists, among others:\n\n"
                + "".join(f"- {label.lower()};\n" for label in labels)
                + "\nNothing on this page is medical information."
            ),
            "professional": (
                f"Synthetic disorder {number} is *benchmark data*. Its features are real HPO terms "
                f"chosen at random; its genes and identifiers are invented."
            ),
            "references": keys[:2],
        },
        "classification": {
            "group": f"Synthetic group {1 + index % GROUPS:02d}",
            "inheritance": _term(release, INHERITANCE[index % len(INHERITANCE)]),
            "forms": forms,
        },
        "genes": genes,
        "phenotypes": phenotypes,
        "laboratory_findings": laboratory,
        "management": [{
            "topic": "Synthetic treatment", "stance": "information",
            "statement": "No treatment is described: the disease is synthetic.",
            "references": [keys[0]],
        }],
        "related_disorders": related,
        "patient_organisations": [{"name": f"Synthetic society {number}", "source": SOURCE}],
        "references": references,
        "provenance": {
            "source": {"title": f"Synthetic catalogue entry {number}", "publisher": "raresite bench",
                       "references": keys},
            "curators": [],
            "last_reviewed": reviewed,
            "version": "1.0.0",
            "changes": [{"version": "1.0.0", "date": reviewed, "summary": "Generated for the benchmark."}],
        },
    }


def synthetic_records(count: int, release: HpoRelease) -> list[dict]:
    """A synthetic catalogue of count records, the same every time."""
    pool, onsets = _feature_pool(release), _onset_terms(release)
    cumulative = _zipf(len(pool))
    return [synthetic_record(i, count, release, pool, onsets, cumulative) for i in range(count)]


class _PlainDumper(yaml.SafeDumper):
    """Writes a value used twice twice: records refuse YAML anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def write_catalogue(count: int, release: HpoRelease, diseases_dir: Path) -> list[Path]:
    """Write a synthetic catalogue as YAML files into diseases_dir; returns the files."""
    diseases_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for record in synthetic_records(count, release):
        path = diseases_dir / f"{record['slug']}.yaml"
        path.write_text(
            "# yaml-language-server: $schema=../disease.schema.json\n"
            "# Synthetic benchmark record: not a real disease.\n"
            + yaml.dump(record, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100),
            encoding="utf-8",
        )
        written.append(path)
    return written
