"""Files beside the pages: each record as YAML, JSON and HPO annotation TSV, its citation as
BibTeX and RIS, the whole collection as JSON with its JSON Schema, identifier redirects,
robots.txt. Everything is generated from the validated records, never from the YAML text.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import yaml
from pydantic import BaseModel, ConfigDict

from raresite.model.hpo import HpoRelease
from raresite.model.names import (
    DATA_DIR,  # noqa: E402
    disease_heading,
    summary_sentence,
)
from raresite.model.record import DiseaseRecord

# BibTeX's month macros, unbraced; strftime('%b') would follow the machine's locale.
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Identifier prefixes that may stand for a page in a permanent address: /omim/259710/.
REDIRECT_PREFIXES = ("OMIM", "ORPHA", "MONDO", "UMLS", "MedGen")
# How each of those addresses is written, for the page that explains linking.
REDIRECT_PATTERNS = {"OMIM": "omim/<number>/", "ORPHA": "orpha/<ORPHAcode>/",
                     "MONDO": "mondo/<7 digits>/", "UMLS": "umls/<CUI>/", "MedGen": "medgen/<UID>/"}
# The columns of HPO's phenotype.hpoa, in its order.
HPOA_COLUMNS = ("database_id", "disease_name", "qualifier", "hpo_id", "reference", "evidence",
                "onset", "frequency", "sex", "modifier", "aspect", "biocuration")
# Which identifier a row of the TSV is filed under, best first (HPO files OMIM, then ORPHA).
HPOA_DATABASES = ("OMIM", "ORPHA", "MONDO")


@dataclass(frozen=True)
class Download:
    """One file a disease page offers for download."""

    label: str
    path: str  # docs-relative path
    media_type: str
    description: str


def downloads(slug: str) -> list[Download]:
    """The files each disease page links to, in the order the page lists them."""
    base = f"{DATA_DIR}/{slug}"
    return [
        Download("YAML", f"{base}.yaml", "application/yaml", "the record, as curators keep it"),
        Download("JSON", f"{base}.json", "application/json", "the record"),
        Download("Phenotypes (TSV)", f"{base}-phenotypes.tsv", "text/tab-separated-values",
                 "in the columns of HPO's phenotype.hpoa"),
        Download("BibTeX", f"{base}.bib", "application/x-bibtex", "how to cite this page"),
        Download("RIS", f"{base}.ris", "application/x-research-info-systems",
                 "how to cite this page"),
    ]


def record_data(record: DiseaseRecord) -> dict:
    """The record as plain data: what the model holds, without the fields left empty."""
    return record.model_dump(mode="json", exclude_none=True)


# libyaml's emitter where PyYAML was built with it (its wheels are): the pure-Python one costs
# 26 ms a record, which at a thousand records was a tenth of the build.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def record_yaml(record: DiseaseRecord) -> str:
    return yaml.dump(record_data(record), Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)


def record_json(record: DiseaseRecord) -> str:
    return json.dumps(record_data(record), indent=2, ensure_ascii=False) + "\n"


def hpoa_database_id(record: DiseaseRecord) -> str:
    """The identifier the TSV rows are filed under: an exact OMIM, ORPHA or MONDO identifier."""
    exact = [i.id for i in record.identifiers if i.relation == "exact"]
    for prefix in HPOA_DATABASES:
        for identifier in exact:
            if identifier.startswith(prefix + ":"):
                return identifier
    return exact[0] if exact else f"slug:{record.slug}"


def phenotypes_tsv(record: DiseaseRecord, release: HpoRelease, page_url: str) -> str:
    """The record's inheritance and features as rows in the format of HPO's phenotype.hpoa.

    Evidence is TAS (traceable author statement): the record does not say what kind of study a
    cited article is, so PCS (published clinical study) would be a guess. The reference is the
    cited PubMed articles, or, where a feature cites none, the page itself, which names its source.
    """
    pmids = {r.key: r.pmid for r in record.references if r.pmid}
    database_id = hpoa_database_id(record)
    curation = f"{record.slug}[{record.provenance.last_reviewed.isoformat()}]"

    def row(hpo: str, aspect: str, keys: list[str], *, excluded: bool = False, onset: str = "",
            frequency: str = "") -> str:
        cited = [f"PMID:{pmids[key]}" for key in keys if key in pmids]
        cells = (database_id, record.names.preferred, "NOT" if excluded else "", hpo,
                 ";".join(cited) or page_url, "TAS", onset, frequency, "", "",
                 aspect, curation)
        return "\t".join(" ".join(cell.split()) for cell in cells)

    rows = [row(record.classification.inheritance.hpo, "I", [])]
    rows += [
        row(p.hpo, "P", p.references, excluded=p.status == "excluded",
            onset=p.onset.hpo if p.onset else "", frequency=p.frequency or "")
        for p in record.phenotypes
    ]
    header = [
        "#description: " + json.dumps(f"{disease_heading(record)}: inheritance and clinical features "
                                      f"from {page_url}", ensure_ascii=False),
        f"#version: {record.provenance.last_reviewed.isoformat()}",
        f"#hpo-version: {release.version}",
        f"#license: {LICENCE_URL}",
        "\t".join(HPOA_COLUMNS),
    ]
    return "\n".join(header + rows) + "\n"


# --- Citations --------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
                   "#": r"\#", "$": r"\$", "_": r"\_", "~": r"\textasciitilde{}",
                   "^": r"\textasciicircum{}"}


def _bibtex_text(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in " ".join(text.split()))


def citation_key(record: DiseaseRecord) -> str:
    return f"{record.slug}-{record.provenance.version}"


def bibtex(record: DiseaseRecord, site_name: str, page_url: str) -> str:
    reviewed = record.provenance.last_reviewed
    fields = [
        ("title", "{" + _bibtex_text(disease_heading(record)) + "}"),
        ("organization", _bibtex_text(site_name)),
        ("year", str(reviewed.year)),
        ("month", BIBTEX_MONTHS[reviewed.month - 1]),
        ("version", record.provenance.version),
        ("url", page_url),
        ("note", _bibtex_text(f"Version {record.provenance.version}, last reviewed "
                              f"{reviewed.isoformat()}")),
    ]
    # Every value braced but the month, which is one of BibTeX's month macros.
    body = ",\n".join(f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
                      for name, value in fields)
    return f"@misc{{{citation_key(record)},\n{body}\n}}\n"


def ris(record: DiseaseRecord, site_name: str, page_url: str) -> str:
    reviewed = record.provenance.last_reviewed
    lines = [
        ("TY", "ELEC"),
        ("TI", disease_heading(record)),
        ("T2", site_name),
        ("PY", str(reviewed.year)),
        ("DA", reviewed.strftime("%Y/%m/%d")),
        ("ET", f"Version {record.provenance.version}"),
        ("UR", page_url),
        ("N1", f"Last reviewed {reviewed.isoformat()}"),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)


# --- The whole collection ---------------------------------------------------------------------


class SiteData(BaseModel):
    """Every record of the site in one file, with where it comes from and its licence."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    site: str
    """The name of the site."""
    url: str
    """The site's address."""
    license: str
    """The licence of the records, as a URL."""
    hpo_version: str
    """The HPO release the records' terms were checked against."""
    diseases: list[DiseaseRecord]
    """Every record, by slug."""


def site_schema() -> str:
    schema = SiteData.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "All disease records of the site"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def record_schema() -> str:
    schema = DiseaseRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Disease record"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def site_json(records: list[DiseaseRecord], site_name: str, site_url: str, hpo_version: str) -> str:
    data = {"site": site_name, "url": site_url, "license": LICENCE_URL, "hpo_version": hpo_version,
            "diseases": [record_data(r) for r in sorted(records, key=lambda r: r.slug)]}
    # Not indented, unlike one record's file: a file of every record is read by programs, and
    # json writes it in C only without indent (at a thousand records, 0.1 s rather than 0.6 s).
    return json.dumps(data, ensure_ascii=False) + "\n"


# --- Permanent addresses by identifier --------------------------------------------------------


def identifier_path(identifier: str) -> str:
    """'OMIM:259710' -> 'omim/259710': where the identifier's redirect lives."""
    prefix, code = identifier.split(":", 1)
    return f"{prefix.lower()}/{code}"


def redirect_targets(records: list[DiseaseRecord]) -> dict[str, tuple[str, DiseaseRecord]]:
    """Redirect paths with the identifier and record they stand for: exact identifiers only.

    Validation refuses an identifier that two records both call exact; should one slip through,
    it gets no redirect rather than an arbitrary one.
    """
    claimed: dict[str, list[tuple[str, DiseaseRecord]]] = {}
    for record in records:
        for identifier in record.identifiers:
            if identifier.relation == "exact" and identifier.id.split(":", 1)[0] in REDIRECT_PREFIXES:
                claimed.setdefault(identifier_path(identifier.id), []).append((identifier.id, record))
    return {path: found[0] for path, found in sorted(claimed.items()) if len(found) == 1}


def robots_txt(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"


def link_snippet(record: DiseaseRecord, site_name: str, page_url: str) -> str:
    """The HTML card a patient society pastes into its own site: name, one line, link."""
    name = html.escape(disease_heading(record))
    line = html.escape(summary_sentence(record))
    return (
        f'<a href="{html.escape(page_url)}" style="display:block;max-width:30em;padding:0.8em 1em;'
        'border:1px solid #c5cae9;border-left:4px solid #3f51b5;border-radius:4px;color:#222;'
        'background:#fff;text-decoration:none;font-family:sans-serif;line-height:1.4">'
        f'<strong style="color:#303f9f">{name}</strong><br>'
        f"<span>{line}</span><br>"
        f'<small style="color:#555">{html.escape(site_name)}</small></a>'
    )
