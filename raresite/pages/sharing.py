"""What makes a disease page linkable, citable and readable by machines, prepared for templates:
its JSON-LD and share metadata, download links, permanent addresses and link card; and the site
files beside the pages (downloads, identifier redirects, robots.txt).
"""

from __future__ import annotations

from markupsafe import Markup

from raresite.files.downloads import (
    LICENCE_URL,
    bibtex,
    downloads,
    link_snippet,
    phenotypes_tsv,
    record_json,
    record_schema,
    record_yaml,
    redirect_targets,
    ris,
    robots_txt,
    site_json,
    site_schema,
)
from raresite.files.social_card import fonts_available, social_card
from raresite.model.hpo import HpoRelease
from raresite.model.names import (
    DATA_DIR,
    card_path,
    disease_address,
    disease_heading,
    site_address,
    summary_paragraph,
    summary_sentence,
)
from raresite.model.prose import plain_text
from raresite.model.record import DiseaseRecord
from raresite.pages.linked_data import disease_jsonld, script_json
from raresite.pages.templates import template_environment
from raresite.pages.views import SharePage, front_matter_text, yaml_string


def share_page(record: DiseaseRecord, release: HpoRelease, *, site_name: str, site_url: str,
               language: str) -> SharePage:
    page_url = disease_address(site_url, record.slug)
    jsonld = disease_jsonld(record, release, site_name=site_name, site_url=site_address(site_url),
                            page_url=page_url, language=language, licence_url=LICENCE_URL)
    # Relative to the page's address, diseases/<slug>/, in HTML: the files beside the pages are
    # made while MkDocs builds, so MkDocs cannot check links to them (tests/test_sharing.py does).
    offered = downloads(record.slug)
    files = {d.label: f"../../{d.path}" for d in offered}
    snippet = link_snippet(record, site_name, page_url)
    # Validation refuses an exact identifier in two records, so a record's addresses are its own.
    own = list(redirect_targets([record]))
    return SharePage(
        jsonld=yaml_string(script_json(jsonld)),
        share_description=front_matter_text(summary_paragraph(record)),
        downloads=[(d.label, files[d.label], d.description) for d in offered
                   if d.label not in ("BibTeX", "RIS")],
        bibtex_link=files["BibTeX"],
        ris_link=files["RIS"],
        snippet=Markup(snippet),
        snippet_code=Markup.escape(snippet),
        # Shown in an HTML <code>, which Markdown still reads: escaped for both.
        permanent_addresses=[(plain_text(f"{site_address(site_url)}{path}/"), f"../../{path}/") for path in own],
        licence_url=LICENCE_URL,
        page_url=page_url,
        image_url=f"{site_address(site_url)}{card_path(record.slug)}" if fonts_available() else None,
    )


def record_downloads(record: DiseaseRecord, release: HpoRelease, *, site_name: str,
                     site_url: str) -> dict[str, str | bytes]:
    """One record's downloads, by their paths in the site: exactly those its page links to."""
    page_url = disease_address(site_url, record.slug)
    make = {
        "YAML": lambda: record_yaml(record),
        "JSON": lambda: record_json(record),
        "Phenotypes (TSV)": lambda: phenotypes_tsv(record, release, page_url),
        "BibTeX": lambda: bibtex(record, site_name, page_url),
        "RIS": lambda: ris(record, site_name, page_url),
    }
    return {download.path: make[download.label]() for download in downloads(record.slug)}


def card_text(record: DiseaseRecord) -> tuple[str, str]:
    """What the record's share card shows: the disease's heading and one line about it."""
    return disease_heading(record), summary_sentence(record)


def record_card(slug: str, text: tuple[str, str], *, site_name: str) -> dict[str, bytes]:
    """The record's share card, where the font to draw it is installed."""
    if not fonts_available():
        return {}
    return {card_path(slug): social_card(*text, site_name)}


def site_files(records: list[DiseaseRecord], release: HpoRelease, *, site_name: str,
               site_url: str, templates: dict[str, str]) -> dict[str, str | bytes]:
    """The files of the whole site beside the pages: the catalogue's downloads, robots.txt and
    the permanent addresses by identifier. (Each record's own: record_downloads.)"""


    base = site_address(site_url)
    files: dict[str, str | bytes] = {
        f"{DATA_DIR}/diseases.json": site_json(records, site_name, base, release.version),
        f"{DATA_DIR}/diseases.schema.json": site_schema(),
        f"{DATA_DIR}/disease.schema.json": record_schema(),
        "robots.txt": robots_txt(base),
    }
    template = template_environment(templates).get_template("redirect.html.jinja")
    for path, (identifier, record) in redirect_targets(records).items():
        depth = "../" * (path.count("/") + 1)
        files[f"{path}/index.html"] = template.render(
            identifier=identifier,
            name=disease_heading(record),
            site_name=site_name,
            target=f"{depth}diseases/{record.slug}/",
            canonical=disease_address(site_url, record.slug),
        )
    return files
