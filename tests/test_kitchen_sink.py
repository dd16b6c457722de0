"""A record that uses every field, rendered to golden Markdown and built by MkDocs in strict mode.

Regenerate the golden files with `pytest tests/test_kitchen_sink.py --update-goldens`, then read
the diff of tests/golden/ as a reviewer would.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from pydantic import BaseModel

from raresite.catalogue import SiteSettings, build_catalogue
from raresite.disease_files import DiseaseFiles
from raresite.record import DiseaseRecord
from raresite.render import render_site
from raresite.validate import _model_in, load_and_validate
from tests.conftest import DATA, REPO, copy_project, run_build

KITCHEN_SINK = DATA / "kitchen-sink"
GOLDEN = Path(__file__).parent / "golden" / "kitchen-sink"
SETTINGS = SiteSettings(name="Test site", description="A test site.", url="https://example.org/kb/")


@pytest.fixture(scope="module")
def rendered(hpo_release) -> dict[str, str]:
    outcome = load_and_validate(KITCHEN_SINK, hpo_release, KITCHEN_SINK)
    assert outcome.problems == []
    records = [r.record for r in outcome.records]
    pages = render_site(build_catalogue(records, hpo_release, SETTINGS), REPO / "templates")
    disease_files = DiseaseFiles(hpo_release, SETTINGS, REPO / "templates")
    for record in records:
        pages.update(disease_files.page_of(record))
    return pages


def _fields_set(model: BaseModel) -> set[tuple[str, str]]:
    """(model class, field) for every field given a value anywhere in the record."""
    found = set()
    for name in model.model_fields_set:
        found.add((type(model).__name__, name))
        value = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                found |= _fields_set(item)
    return found


def _fields_declared(model: type[BaseModel]) -> set[tuple[str, str]]:
    """(model class, field) for every field the record format declares."""
    found = set()
    for name, info in model.model_fields.items():
        found.add((model.__name__, name))
        nested = _model_in(info.annotation)
        if nested is not None and nested is not model:
            found |= _fields_declared(nested)
    return found


def test_the_kitchen_sink_uses_every_field(hpo_release):
    outcome = load_and_validate(KITCHEN_SINK, hpo_release, KITCHEN_SINK)
    record = next(r.record for r in outcome.records if r.record.slug == "kitchen-sink")
    missing = _fields_declared(DiseaseRecord) - _fields_set(record)
    assert not missing, f"the kitchen sink leaves out {sorted(missing)}"


def test_generated_markdown_matches_the_golden_files(rendered, update_goldens):
    if update_goldens:
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for relative, text in rendered.items():
            target = GOLDEN / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    golden = {str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert golden, "no golden files: run pytest with --update-goldens"
    assert sorted(rendered) == sorted(golden)
    for relative, text in rendered.items():
        assert text == golden[relative], f"{relative} differs from its golden file"


def test_the_kitchen_sink_builds_in_strict_mode(tmp_path):
    project = copy_project(tmp_path / "project", KITCHEN_SINK)
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = lxml.html.fromstring((project / "site/diseases/kitchen-sink/index.html").read_bytes())
    assert "Ökologische Spülbeckendysplasie (β-form)" in page.text_content()
    assert "../second/" in {a.get("href") for a in page.iter("a")}
