"""schema.org JSON-LD and share metadata of a disease page, from the same record as its text.

Only what the record states goes in. Two properties need a rule, written here once:
- associatedAnatomy: HPO groups each feature under an organ-system term 'Abnormality of X'.
  Where X is a part of the body, X (as HPO spells it) is the anatomy; systems that are not
  anatomy (growth, metabolism, neoplasm, voice, ...) are left out. No code is given: the HPO
  release names no anatomy ontology term for them.
- relevantSpecialty: 'Genetic' (schema.org's medical genetics) where the record names a gene
  that causes the disease; nothing else is inferred.
"""

from __future__ import annotations

import json
import re

from raresite.model.hpo import HpoRelease
from raresite.model.names import IDENTIFIER_SYSTEMS, RELATION_WORDS, disease_heading, identifier_link, summary_paragraph
from raresite.model.prose import plain_words
from raresite.model.record import TREATMENT_STANCES, DiseaseRecord, Reference

SCHEMA = "https://schema.org/"
# The coding system names written in MedicalCode.codingSystem, by identifier prefix.
CODING_SYSTEMS = {
    "OMIM": "OMIM", "ORPHA": "ORPHAcode", "MONDO": "MONDO", "UMLS": "UMLS",
    "MedGen": "MedGen", "ICD-10": "ICD-10", "MeSH": "MeSH",
}
# HPO organ-system terms whose 'Abnormality of X' names a part of the body, with the schema.org
# type of that part. The name itself is taken from the HPO label (see anatomy_name()).
ANATOMICAL_SYSTEMS = {
    "HP:0000119": "AnatomicalSystem",    # genitourinary system
    "HP:0000152": "AnatomicalStructure",  # head or neck
    "HP:0000478": "AnatomicalStructure",  # eye
    "HP:0000598": "AnatomicalStructure",  # ear
    "HP:0000707": "AnatomicalSystem",    # nervous system
    "HP:0000769": "AnatomicalStructure",  # breast
    "HP:0000818": "AnatomicalSystem",    # endocrine system
    "HP:0001574": "AnatomicalSystem",    # integument
    "HP:0001626": "AnatomicalSystem",    # cardiovascular system
    "HP:0001871": "AnatomicalSystem",    # blood and blood-forming tissues
    "HP:0002086": "AnatomicalSystem",    # respiratory system
    "HP:0002715": "AnatomicalSystem",    # immune system
    "HP:0025031": "AnatomicalSystem",    # digestive system
    "HP:0033127": "AnatomicalSystem",    # musculoskeletal system
    "HP:0040064": "AnatomicalStructure",  # limbs
    "HP:0045027": "AnatomicalStructure",  # thoracic cavity
}
AUDIENCES = ["Patient", "Clinician"]
# Characters that could end a <script> element or start markup; JSON reads the escapes the same.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                  "\u2029": "\\u2029"}


def script_json(data: object) -> str:
    """JSON that is safe inside <script type="application/ld+json">: no '<', '>' or '&'."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"), sort_keys=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m[0]], text)


def anatomy_name(label: str) -> str:
    """'Abnormality of the eye' -> 'eye': the part of the body an HPO organ-system term names."""
    return re.sub(r"^Abnormality of (the )?", "", label)


def medical_code(identifier: str, name: str | None = None, description: str | None = None) -> dict:
    prefix, code = identifier.split(":", 1)
    node = {"@type": "MedicalCode", "codeValue": identifier, "codingSystem": CODING_SYSTEMS[prefix]}
    if name:
        node["name"] = name
    if description:
        node["description"] = description
    return node


def hpo_code(hpo_id: str) -> dict:
    return {"@type": "MedicalCode", "codeValue": hpo_id, "codingSystem": "HPO"}


def scholarly_article(reference: Reference) -> dict:
    """A cited reference: ScholarlyArticle for a journal article, WebPage for a web resource."""
    node: dict = {"@type": "WebPage" if reference.journal is None and reference.url else "ScholarlyArticle"}
    if reference.title:
        node["name"] = reference.title
    if reference.authors:
        node["author"] = [{"@type": "Person", "name": author} for author in reference.authors]
    if reference.year:
        node["datePublished"] = str(reference.year)
    if reference.journal:
        node["isPartOf"] = {"@type": "Periodical", "name": reference.journal}
    if reference.pages:
        node["pagination"] = reference.pages
    identifiers, same_as = [], []
    if reference.pmid:
        identifiers.append({"@type": "PropertyValue", "propertyID": "PMID", "value": reference.pmid})
        same_as.append(f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/")
    if reference.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": reference.doi})
        same_as.append(f"https://doi.org/{reference.doi}")
    if identifiers:
        node["identifier"] = identifiers
        node["sameAs"] = same_as
    if reference.url:
        node["url"] = reference.url
    return node


def medical_condition(record: DiseaseRecord, release: HpoRelease, page_url: str) -> dict:
    """The disease as a schema.org MedicalCondition."""
    condition: dict = {"@type": "MedicalCondition", "@id": page_url + "#disease",
                       "name": record.names.preferred}
    alternates = ([record.names.abbreviation] if record.names.abbreviation else []) + [
        synonym.name for synonym in record.names.synonyms]
    if alternates:
        condition["alternateName"] = alternates
    # Every identifier is a code; one that is not the same disease says how it relates.
    condition["code"] = [
        medical_code(i.id, i.label, None if i.relation == "exact" else
                     _sentence(RELATION_WORDS[i.relation]) + (f". {i.note}" if i.note else ""))
        for i in record.identifiers
    ]
    same_as = [identifier_link(i.id)[2] for i in record.identifiers
               if i.relation == "exact" and i.id.split(":", 1)[0] in IDENTIFIER_SYSTEMS]
    if same_as:
        condition["sameAs"] = same_as
    if record.genes:
        condition["cause"] = [
            {"@type": "MedicalCause",
             "name": f"Changes in the {gene.symbol} gene" + (f" ({gene.name})" if gene.name else ""),
             **({"description": plain_words(gene.mechanism)} if gene.mechanism else {}),
             **({"code": {"@type": "MedicalCode", "codeValue": gene.hgnc, "codingSystem": "HGNC"}}
                if gene.hgnc else {})}
            for gene in record.genes
        ]
    signs = []
    anatomy: dict[str, None] = {}
    for phenotype in record.phenotypes:
        if phenotype.status != "present":
            continue
        sign = {"@type": "MedicalSignOrSymptom", "name": release.terms[phenotype.hpo].label,
                "code": hpo_code(phenotype.hpo)}
        if phenotype.words.casefold() != sign["name"].casefold():
            sign["alternateName"] = phenotype.words
        signs.append(sign)
        for system in release.organ_systems(phenotype.hpo):
            if system in ANATOMICAL_SYSTEMS:
                anatomy.setdefault(system)
    if signs:
        condition["signOrSymptom"] = signs
    if anatomy:
        condition["associatedAnatomy"] = [
            {"@type": ANATOMICAL_SYSTEMS[s], "name": anatomy_name(release.terms[s].label)}
            for s in sorted(anatomy, key=lambda s: release.terms[s].label)
        ]
    if record.genes:
        condition["relevantSpecialty"] = {"@id": SCHEMA + "Genetic"}
    treatments = [
        {"@type": "MedicalTherapy", "name": statement.topic,
         "description": plain_words(statement.statement)}
        for statement in record.management if statement.stance in TREATMENT_STANCES
    ]
    if treatments:
        condition["possibleTreatment"] = treatments
    return condition


def disease_jsonld(record: DiseaseRecord, release: HpoRelease, *, site_name: str, site_url: str,
                   page_url: str, language: str, licence_url: str) -> dict:
    """The JSON-LD document of a disease page: a MedicalWebPage about a MedicalCondition."""
    provenance = record.provenance
    page: dict = {
        "@type": "MedicalWebPage",
        "@id": page_url,
        "url": page_url,
        "name": disease_heading(record),
        "description": summary_paragraph(record),
        "inLanguage": language,
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": site_url},
        "lastReviewed": provenance.last_reviewed.isoformat(),
        "dateModified": provenance.changes[0].date.isoformat(),
        "version": provenance.version,
        "license": licence_url,
        "medicalAudience": [{"@id": SCHEMA + audience} for audience in AUDIENCES],
        "about": medical_condition(record, release, page_url),
        "breadcrumb": {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": site_name, "item": site_url},
                {"@type": "ListItem", "position": 2, "name": "Diseases A–Z",
                 "item": site_url + "diseases/"},
                {"@type": "ListItem", "position": 3, "name": disease_heading(record), "item": page_url},
            ],
        },
    }
    if provenance.curators:
        page["reviewedBy"] = [{"@type": "Person", "name": name} for name in provenance.curators]
    if record.references:
        page["citation"] = [scholarly_article(reference) for reference in record.references]
    return {"@context": SCHEMA, **page}


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]
