"""What things are called and where they live: a disease's heading and one-line description,
the file names of feature and gene pages, identifiers' systems and links, the site's addresses.

Pages, downloads, share cards and linked data all name the same things the same way, from here.
"""

from __future__ import annotations

import re

from raresite.model.prose import plain_words
from raresite.model.record import DiseaseRecord

# Where the files beside the pages live in the site: /data/<slug>.json and so on.
DATA_DIR = "data"
HPO_BROWSER = "https://hpo.jax.org/browse/term/"
# How each coding system is named and linked. UMLS has no public page for a concept, so its
# identifier links to the MedGen record of the same concept, which NCBI serves by CUI.
IDENTIFIER_SYSTEMS = {
    "OMIM": ("OMIM", "https://omim.org/entry/{code}"),
    "ORPHA": ("Orphanet", "https://www.orpha.net/en/disease/detail/{code}"),
    "MONDO": ("MONDO", "https://monarchinitiative.org/MONDO:{code}"),
    "UMLS": ("UMLS CUI", "https://www.ncbi.nlm.nih.gov/medgen/{code}"),
    "MedGen": ("MedGen", "https://www.ncbi.nlm.nih.gov/medgen/{code}"),
    "ICD-10": ("ICD-10", "https://icd.who.int/browse10/2019/en#/{code}"),
    "MeSH": ("MeSH", "https://meshb.nlm.nih.gov/record/ui?ui={code}"),
}
RELATION_WORDS = {
    "exact": "the same disease",
    "broader": "a broader entry that includes this disease",
    "narrower": "a narrower entry within this disease",
    "group level": "group level: a code for the whole group, not this disease alone",
    "not verified": "relation not verified: not known whether this entry is the same disease",
}


def disease_heading(record: DiseaseRecord) -> str:
    """The page title: the preferred name with its abbreviation, 'Name (ABBR)'."""
    names = record.names
    return names.preferred + (f" ({names.abbreviation})" if names.abbreviation else "")


def summary_paragraph(record: DiseaseRecord) -> str:
    """The first paragraph of the plain-language summary, as plain words (share description)."""
    return plain_words(record.summary.plain_language.split("\n\n")[0])


def summary_sentence(record: DiseaseRecord) -> str:
    """The first sentence of the plain-language summary: the page's one line (meta, cards)."""
    return summary_paragraph(record).split(". ")[0].rstrip(".") + "."


def feature_slug(hpo_id: str) -> str:
    """HP:0000648 -> 'hp-0000648', the feature page's file and URL name."""
    return hpo_id.lower().replace(":", "-")


def gene_slug(symbol: str) -> str:
    """TNFSF11 -> 'tnfsf11', the gene page's file and URL name (never the index's, genes/index.md)."""
    slug = re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")
    return f"{slug}-gene" if slug == "index" else slug


def identifier_link(identifier: str) -> tuple[str, str, str]:
    """'OMIM:259710' -> ('OMIM', '259710', 'https://omim.org/entry/259710')."""
    prefix, code = identifier.split(":", 1)
    system, url = IDENTIFIER_SYSTEMS[prefix]
    return system, code, url.format(code=code)


def card_path(slug: str) -> str:
    return f"{DATA_DIR}/{slug}-card.png"


def site_address(url: str) -> str:
    """The site's base address for links that leave the site: absolute where one is set."""
    return url or "/"


def disease_address(site_url: str, slug: str) -> str:
    return f"{site_address(site_url)}diseases/{slug}/"


