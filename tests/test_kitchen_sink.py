"""A record that uses every field, rendered to golden Markdown and built by MkDocs in strict mode.

Regenerate the golden files with `pytest tests/test_kitchen_sink.py --update-goldens`, then read
the diff of tests/golden/ as a reviewer would.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
import yaml
from pydantic import BaseModel

from raresite.checks.validate import model_in
from raresite.model.record import DiseaseRecord
from tests.conftest import DATA, copy_project, run_build

KITCHEN_SINK = DATA / "kitchen-sink"
GOLDEN = Path(__file__).parent / "golden" / "kitchen-sink"
# The address the golden files were written for: every canonical and share link carries it.
SITE_URL = "https://example.org/kb/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kitchen sink, built by build.py in strict mode; returns the project."""
    project = copy_project(tmp_path_factory.mktemp("kitchen-sink") / "project", KITCHEN_SINK)
    result = run_build(project, environment={"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture(scope="module")
def rendered(built: Path) -> dict[str, str]:
    """The Markdown pages the build wrote for MkDocs."""
    docs = built / "build" / "docs"
    return {path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8") for path in sorted(docs.rglob("*.md"))}


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
        nested = model_in(info.annotation)
        if nested is not None and nested is not model:
            found |= _fields_declared(nested)
    return found


def test_the_kitchen_sink_uses_every_field():
    text = (KITCHEN_SINK / "diseases/kitchen-sink.yaml").read_text(encoding="utf-8")
    record = DiseaseRecord.model_validate(yaml.safe_load(text))
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


def test_the_kitchen_sink_builds_in_strict_mode(built):
    page = lxml.html.fromstring((built / "site/diseases/kitchen-sink/index.html").read_bytes())
    assert "Ökologische Spülbeckendysplasie (β-form)" in page.text_content()
    assert "../second/" in {a.get("href") for a in page.iter("a")}
