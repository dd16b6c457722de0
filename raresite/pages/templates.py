"""The Jinja environment every page and file template is rendered in."""

from __future__ import annotations

import jinja2

from raresite.pages.views import HPO_CITATION, NOT_REPORTED, link


def template_environment(templates: dict[str, str]) -> jinja2.Environment:
    """Jinja for Markdown pages: a misspelt name fails loudly, a raw value is HTML-escaped."""
    environment = jinja2.Environment(
        loader=jinja2.DictLoader(templates),  # as the build read them: see project.Sources
        undefined=jinja2.StrictUndefined,
        # Views hand templates Markup that is already escaped for Markdown and HTML; anything
        # that is not Markup is escaped for HTML as a second line of defence.
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals.update(hpo_citation=HPO_CITATION, not_reported=NOT_REPORTED, link=link)
    return environment
