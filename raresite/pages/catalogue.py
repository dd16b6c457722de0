"""The collection as a graph: diseases, the features and genes they share, and the index pages."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from markupsafe import Markup

from raresite.model.comparison import Comparison
from raresite.model.hpo import HpoRelease
from raresite.model.names import HPO_BROWSER, disease_heading, feature_slug, gene_slug
from raresite.model.prose import plain_text
from raresite.model.record import DiseaseRecord
from raresite.pages.comparison import ComparisonPage, comparison_page
from raresite.pages.sharing import share_page
from raresite.pages.views import SharePage, gene_identifiers, known, source_credit
from raresite.project import SiteSettings


def site_values(settings: SiteSettings, release: HpoRelease) -> dict[str, str]:
    """What every template may show of the site itself."""
    return {
        "site_name": settings.name,
        "hpo_version": release.version,
        "hpo_annotations_version": release.annotations_version,
    }


@dataclass(frozen=True)
class DiseaseLink:
    name: Markup
    page: str  # Markdown path relative to the page that links
    detail: Markup | None = None


@dataclass
class FeaturePage:
    hpo: str
    slug: str
    label: Markup
    label_text: str
    hpo_url: str
    systems: list[Markup]
    diseases: list[DiseaseLink] = field(default_factory=list)
    absent_in: list[DiseaseLink] = field(default_factory=list)


@dataclass
class GenePage:
    symbol: Markup
    symbol_text: str
    slug: str
    name: Markup
    locus: Markup
    protein: Markup
    identifiers: list[tuple[str, str]]
    diseases: list[DiseaseLink] = field(default_factory=list)


@dataclass(frozen=True)
class DiseaseExample:
    slug: str
    share: SharePage


@dataclass
class Catalogue:
    """Everything the site shows, prepared for the templates."""

    settings: SiteSettings
    site: dict[str, str]  # what every template shows of the site (site_values)
    example: DiseaseExample | None  # the disease the linking page shows as its example
    groups: list[tuple[Markup, list[DiseaseLink]]]
    a_to_z: list[tuple[str, list[DiseaseLink]]]
    features: list[FeaturePage]
    features_by_system: list[tuple[Markup, str, list[FeaturePage]]]
    genes: list[GenePage]
    source_credits: list[Markup]
    comparisons: list[ComparisonPage] = field(default_factory=list)


def _sort_key(text: str) -> str:
    """Sort names as a reader would: by their words, ignoring case, accents ('Ö' sorts with 'O')
    and punctuation ('Osteopetrosis, autosomal' before 'Osteopetrosis osteoclast-poor'), numbers
    by their value ('type 2' before 'type 10')."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = re.findall(r"[^\W\d_]+|\d+", letters)
    return " ".join(word.zfill(9) if word.isdigit() else word for word in words)


def _initial(text: str) -> str:
    letter = _sort_key(text)[:1].upper()
    return letter if letter.isalpha() and letter.isascii() else "#"


def build_catalogue(records: list[DiseaseRecord], release: HpoRelease,
                    settings: SiteSettings, comparisons: list[Comparison] = ()) -> Catalogue:
    """Turn validated records into the prepared views of every page but the disease pages."""
    records = sorted(records, key=lambda r: (_sort_key(r.names.preferred), r.slug))
    example = None
    if records:
        example = DiseaseExample(records[0].slug, share_page(
            records[0], release, site_name=settings.name, site_url=settings.url, language=settings.language))

    groups: dict[str, list[DiseaseLink]] = {}
    for record in records:
        groups.setdefault(record.classification.group, []).append(
            DiseaseLink(plain_text(disease_heading(record)), f"diseases/{record.slug}.md")
        )
    entries: list[tuple[str, DiseaseLink]] = []
    for record in records:
        entries.append((record.names.preferred, DiseaseLink(
            plain_text(disease_heading(record)), f"{record.slug}.md")))
        for synonym in record.names.synonyms:
            entries.append((synonym.name, DiseaseLink(
                plain_text(synonym.name), f"{record.slug}.md",
                Markup(f"see {plain_text(disease_heading(record))}"))))
    a_to_z: dict[str, list[DiseaseLink]] = {}
    for name, link in sorted(entries, key=lambda e: (_sort_key(e[0]), e[1].page)):
        a_to_z.setdefault(_initial(name), []).append(link)

    features: dict[str, FeaturePage] = {}
    for record in records:
        for phenotype in record.phenotypes:
            page = features.get(phenotype.hpo)
            if page is None:
                page = features[phenotype.hpo] = FeaturePage(
                    hpo=phenotype.hpo,
                    slug=feature_slug(phenotype.hpo),
                    label=plain_text(release.terms[phenotype.hpo].label),
                    label_text=release.terms[phenotype.hpo].label,
                    hpo_url=HPO_BROWSER + phenotype.hpo,
                    systems=[plain_text(release.terms[s].label)
                             for s in release.organ_systems(phenotype.hpo)],
                )
            link = DiseaseLink(
                plain_text(disease_heading(record)), f"../diseases/{record.slug}.md",
                Markup(f"as “{plain_text(phenotype.words)}”"),
            )
            target = page.absent_in if phenotype.status == "excluded" else page.diseases
            # A record may list one term twice (once per form): one link per disease.
            if not target or target[-1].page != link.page:
                target.append(link)
    feature_list = sorted(features.values(), key=lambda f: (_sort_key(str(f.label)), f.hpo))
    by_system: dict[str, list[FeaturePage]] = {}
    for feature in feature_list:
        for system in release.organ_systems(feature.hpo):
            by_system.setdefault(system, []).append(feature)
    features_by_system = [
        (plain_text(release.terms[s].label), feature_slug(s), by_system[s])
        for s in sorted(by_system, key=lambda s: release.terms[s].label)
    ]

    genes: dict[str, GenePage] = {}
    for record in records:
        for gene in record.genes:
            slug = gene_slug(gene.symbol)
            page = genes.get(slug)
            if page is None:
                page = genes[slug] = GenePage(
                    plain_text(gene.symbol), gene.symbol, slug, known(gene.name), known(gene.locus),
                    known(gene.protein), gene_identifiers(gene),
                )
            page.diseases.append(DiseaseLink(plain_text(disease_heading(record)), f"../diseases/{record.slug}.md"))

    # Groups a comparison sets side by side come first, in its order (the recessive forms before
    # the dominant ones, then the differential diagnoses); then the others, A to Z.
    compared: dict[str, int] = {}
    for comparison in comparisons:
        for group in comparison.groups:
            compared.setdefault(group, len(compared))
    return Catalogue(
        settings=settings,
        site=site_values(settings, release),
        example=example,
        groups=[(plain_text(g), groups[g]) for g in sorted(groups, key=lambda g: (compared.get(g, len(compared)),
                                                                               _sort_key(g)))],
        a_to_z=sorted(a_to_z.items()),
        features=feature_list,
        features_by_system=features_by_system,
        genes=sorted(genes.values(), key=lambda g: g.slug),
        source_credits=sorted({source_credit(record) for record in records}),
        comparisons=[comparison_page(c, records, _sort_key) for c in comparisons],
    )
