"""`build.py new` writes a record skeleton a curator can fill in; `check` says what is missing.

The test fills the fields in where the skeleton put them, as a curator would in an editor, with
made-up test values (this record lives only in a temporary copy of the project).
"""

from __future__ import annotations

import re

import yaml
from pydantic import BaseModel

from raresite.checks.validate import SCHEMA_LINE
from raresite.commands.scaffold import field_model
from raresite.model.record import DiseaseRecord
from raresite.model.yamlfile import read_yaml
from tests.conftest import copy_project, run_build

NAME = "Invented test disorder, type 9"  # a made-up disease, so that no real record ever holds it
SLUG = "invented-test-disorder-type-9"
# Test values for the required fields, by the path `new` prints. Not medical facts.
TEST_VALUES = {
    "identifiers[0].relation": "exact",
    "identifiers[0].source": "test source",
    "summary.plain_language": "A test summary for families.",
    "summary.professional": "A test summary for clinicians.",
    "classification.group": "Test group",
    "classification.inheritance.hpo": "HP:0000007",
    "classification.inheritance.label": "Autosomal recessive inheritance",
    "provenance.source.title": "Test source document",
    "provenance.source.publisher": "Test publisher",
    "provenance.last_reviewed": "2026-11-24",
    "provenance.changes[0].date": "2026-11-24",
    "provenance.changes[0].summary": "First version.",
}


def _paths_of(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field path of the model, list items as [0]."""
    paths = set()
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        paths.add(path)
        inner = field_model(info.annotation)
        if inner is not None:
            item = path + "[0]" if "list" in str(info.annotation) else path
            paths |= _paths_of(inner, item)
    return paths


def _uncommented_paths(text: str) -> set[str]:
    """Every field path written in the skeleton, commented-out examples uncommented."""
    lines = []
    for line in text.splitlines():
        # Uncomment as an editor would: a commented-out field is "# " followed by its own indent.
        while match := re.match(r"^(\s*)# (  .*)$", line):
            line = match[1] + match[2]
        lines.append(line)
    uncommented = "\n".join(line.replace(": []", ":") for line in lines)
    data = yaml.safe_load(uncommented)
    paths: set[str] = set()

    def walk(value: object, prefix: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                path = f"{prefix}.{key}" if prefix else key
                paths.add(path)
                walk(inner, path)
        elif isinstance(value, list):
            for item in value:
                walk(item, prefix + "[0]")

    walk(data, "")
    return paths


def test_new_writes_a_skeleton_that_check_rejects_until_the_required_facts_are_filled_in(tmp_path):
    project = copy_project(tmp_path / "project")
    record_file = project / "content" / "diseases" / f"{SLUG}.yaml"

    created = run_build(project, "new", NAME, "--omim", "999901")
    assert created.returncode == 0, created.stderr
    assert record_file.is_file()
    printed = created.stdout
    to_fill = re.findall(r"^  (\S+)$", printed, flags=re.MULTILINE)
    assert to_fill == list(TEST_VALUES), printed

    text = record_file.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    document = read_yaml(record_file, "new.yaml")
    assert document.problems == []
    assert document.data["slug"] == SLUG
    assert document.data["names"]["preferred"] == NAME
    assert document.data["identifiers"][0]["id"] == "OMIM:999901"
    # Every required field left blank is marked REQUIRED in the comment just above it.
    lines = text.splitlines()
    for path in to_fill:
        line_number, _ = document.where(_field_path(path))
        first = line_number - 1
        while lines[first - 1].lstrip().startswith("#"):
            first -= 1
        assert lines[first].lstrip().startswith("# REQUIRED: "), (path, lines[first])

    # Blank required facts: check fails and names each one with its line.
    unfilled = run_build(project, "check")
    assert unfilled.returncode == 1
    for path in to_fill:
        line_number, column = document.where(_field_path(path))
        assert f"content/diseases/{SLUG}.yaml:{line_number}:{column}: {path}: expected" in unfilled.stderr

    # Fill them in where they stand, as a curator would.
    for path in to_fill:
        line_number, _ = document.where(_field_path(path))
        lines[line_number - 1] = lines[line_number - 1] + " " + TEST_VALUES[path]
    record_file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    filled = run_build(project, "check")
    assert filled.returncode == 0, filled.stderr
    assert "2 records checked" in filled.stdout


def test_the_skeleton_has_every_field_of_the_record_model(tmp_path):
    project = copy_project(tmp_path / "project")
    assert run_build(project, "new", "Some disease").returncode == 0
    text = (project / "content/diseases/some-disease.yaml").read_text(encoding="utf-8")
    assert _paths_of(DiseaseRecord) - _uncommented_paths(text) == set()
    # Every field's description from the model reaches the skeleton.
    flat = " ".join(re.sub(r"^[\s#]*", "", line) for line in text.splitlines())
    for model in _models(DiseaseRecord):
        for name, info in model.model_fields.items():
            assert " ".join(info.description.split()) in flat, (model.__name__, name)


def test_new_refuses_to_overwrite_and_to_take_a_bad_omim_number(tmp_path):
    project = copy_project(tmp_path / "project")
    existing = project / "content/diseases/optb2.yaml"
    before = existing.read_bytes()
    refused = run_build(project, "new", "Anything", "--slug", "optb2")
    assert refused.returncode == 2
    assert "content/diseases/optb2.yaml already exists" in refused.stderr
    assert existing.read_bytes() == before
    bad = run_build(project, "new", "Anything", "--omim", "12345")
    assert bad.returncode == 2 and "six digits" in bad.stderr
    assert not (project / "content/diseases/anything.yaml").exists()


def test_a_record_without_the_schema_line_is_a_problem(tmp_path):
    project = copy_project(tmp_path / "project")
    record = project / "content/diseases/optb2.yaml"
    record.write_text(record.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 1
    assert ("content/diseases/optb2.yaml:1:1: the first line must point editors at the record "
            f"schema (expected '{SCHEMA_LINE}', got '# Osteopetrosis, autosomal recessive 2 "
            "(OPTB2).')") in result.stderr


def _field_path(dotted: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for name, index in re.findall(r"([a-z_]+)(?:\[(\d+)\])?", dotted):
        parts.append(name)
        if index:
            parts.append(int(index))
    return tuple(parts)


def _models(model: type[BaseModel]) -> list[type[BaseModel]]:
    found = [model]
    for info in model.model_fields.values():
        inner = field_model(info.annotation)
        if inner is not None and inner not in found:
            found += [m for m in _models(inner) if m not in found]
    return found

