"""Render the prepared views through the Jinja templates into Markdown pages."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from raresite.files.downloads import LICENCE_URL, REDIRECT_PATTERNS, REDIRECT_PREFIXES
from raresite.model.glossary import Glossary, GlossaryEntry
from raresite.model.names import IDENTIFIER_SYSTEMS
from raresite.model.prose import plain_text
from raresite.pages.catalogue import Catalogue
from raresite.pages.comparison import comparison_path
from raresite.pages.templates import template_environment
from raresite.pages.views import front_matter_text

GeneratedPages = dict[str, str]  # docs-relative path -> Markdown text


def render_page(environment: jinja2.Environment, site: dict[str, str], template: str,
                title: str, description: str, **values: object) -> str:
    """One page's Markdown. MkDocs would take the title from the page's H1 and un-escape it on
    the way into <title>, so every page states its title, escaped, in its front matter."""
    text = environment.get_template(template).render(
        **site, title=front_matter_text(title), description=front_matter_text(description), **values
    )
    return _tidy(text)


def render_site(catalogue: Catalogue, templates: dict[str, str], glossary: Glossary | None = None) -> GeneratedPages:
    """Every generated page of the site but the disease pages (see disease_files.py), by its
    path in the docs folder."""
    environment = template_environment(templates)
    site = catalogue.site
    pages: GeneratedPages = {}

    def render(path: str, template: str, title: str, description: str, **values: object) -> None:
        if path in pages:
            raise ValueError(f"two pages would be written to {path}")
        pages[path] = render_page(environment, site, template, title, description, **values)

    render("index.md", "home.md.jinja", catalogue.settings.name, catalogue.settings.description,
           groups=catalogue.groups, comparisons=catalogue.comparisons)
    for comparison in catalogue.comparisons:
        render(comparison_path(comparison.slug), "comparison.md.jinja", comparison.title_text,
               comparison.description_text, page=comparison)
    render("diseases/index.md", "a-z.md.jinja", "Diseases A–Z",
           "All diseases on this site from A to Z, with their other names.",
           a_to_z=catalogue.a_to_z)
    render("features/index.md", "features.md.jinja", "Browse by clinical feature",
           "Clinical features of the diseases on this site, by organ system.",
           features_by_system=catalogue.features_by_system)
    for feature in catalogue.features:
        render(f"features/{feature.slug}.md", "feature.md.jinja", feature.label_text,
               f"Diseases on this site with the clinical feature {feature.label_text} "
               f"({feature.hpo}).", feature=feature)
    render("genes/index.md", "genes.md.jinja", "Genes",
           "Genes whose changes cause the diseases on this site.", genes=catalogue.genes)
    for gene in catalogue.genes:
        render(f"genes/{gene.slug}.md", "gene.md.jinja", gene.symbol_text,
               f"The gene {gene.symbol_text} and the diseases on this site that it causes.",
               gene=gene)
    example = catalogue.example.share if catalogue.example else None
    render("linking.md", "linking.md.jinja", "Linking to this site",
           "How patient societies and other sites can link to the disease pages, with permanent "
           "addresses by identifier and a ready card to paste.",
           site_url=catalogue.settings.url or "/", licence_url=LICENCE_URL,
           identifier_patterns=[(IDENTIFIER_SYSTEMS[p][0], Markup(REDIRECT_PATTERNS[p])) for p in REDIRECT_PREFIXES],
           example=example and {"address": example.page_url, "snippet": example.snippet,
                                "page": f"diseases/{catalogue.example.slug}.md"})
    render("glossary.md", "glossary.md.jinja", "Glossary",
           "Abbreviations used on this site, and what they stand for in plain words.",
           entries=[GlossaryEntry(plain_text(e.term), plain_text(e.explanation))
                    for e in (glossary.entries if glossary else [])])
    render("about.md", "about.md.jinja", "About this site",
           "Where the information on this site comes from, how it is checked, how it may be "
           "reused, and what it is not.", source_credits=catalogue.source_credits)
    return pages


def _tidy(text: str) -> str:
    """Collapse the runs of blank lines that template blocks leave, and end with one newline."""
    lines: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip("\n") + "\n"
