"""The JSON Schema that editors use is the record model's, and the real record passes it."""

from __future__ import annotations

import json

import jsonschema
import yaml

from raresite.model.record import DiseaseRecord
from tests.conftest import REPO, copy_project, run_build

SCHEMA = REPO / "content/disease.schema.json"


def test_the_committed_schema_is_the_models(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content/disease.schema.json").unlink()
    assert run_build(project).returncode == 0
    assert (project / "content/disease.schema.json").read_text(encoding="utf-8") == SCHEMA.read_text(
        encoding="utf-8"), "content/disease.schema.json is stale: run python build.py and commit it"


def test_records_pass_the_schema_and_every_field_is_described():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in (REPO / "content/diseases").glob("*.yaml"):
        jsonschema.validate(_as_an_editor_sees_it(path), schema,
                            format_checker=jsonschema.FormatChecker())
    for model in [DiseaseRecord, *{m for m in _models(DiseaseRecord)}]:
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no description"


def test_the_schema_catches_a_misspelt_field():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    record = _as_an_editor_sees_it(REPO / "content/diseases/optb2.yaml")
    record["refrences"] = record.pop("references")
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(record))
    assert any("refrences" in error.message for error in errors)


def _models(model):
    from raresite.checks.validate import model_in

    for info in model.model_fields.values():
        nested = model_in(info.annotation)
        if nested is not None:
            yield nested
            yield from _models(nested)


def _as_an_editor_sees_it(path):
    """The record as JSON values: an editor's YAML language server sees dates as strings."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
