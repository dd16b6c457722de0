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
from tests.conftest import REPO, copy_project, run_build

NAME = "Invented test disorder, type 9"  # a made-up disease, so that no real record ever holds it
SLUG = "invented-test-disorder-type-9"
REPO_CONTENT = REPO / "content"
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
    assert re.match(r"\d+ records checked", filled.stdout), filled.stdout


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



# --- Drafts from HPO: `new --omim` / `new --orpha` on a disease HPO annotates --------------------

# What only a curator can write: HPO holds none of it.
CURATOR_FIELDS = [
    "summary.plain_language",
    "summary.professional",
    "classification.group",
    "provenance.source.title",
    "provenance.source.publisher",
    "provenance.last_reviewed",
    "provenance.changes[0].date",
    "provenance.changes[0].summary",
]


def _write_draft(project, name: str, *options: str) -> tuple[str, list[str]]:
    """Run `new` as a curator would; what it said, and the required fields it says to fill."""
    created = run_build(project, "new", name, *options)
    assert created.returncode == 0, created.stderr
    return created.stdout, re.findall(r"^  (\S+)$", created.stdout, flags=re.MULTILINE)


def _check_names_only(project, slug: str, to_fill: list[str]) -> None:
    """`check` refuses the draft for the blank fields `new` named, and for nothing else."""
    checked = run_build(project, "check")
    assert checked.returncode == 1
    problems = [line for line in checked.stderr.splitlines() if line.startswith("content/")]
    assert problems, checked.stderr
    assert all(line.startswith(f"content/diseases/{slug}.yaml:") for line in problems), problems
    assert {line.split(": ")[1] for line in problems} == set(to_fill), problems
    assert "HP:" not in checked.stderr  # no term of HPO's refused where the draft put it


def _fill_in(record_file, to_fill: list[str]) -> None:
    """Fill the blank required fields where they stand, as a curator would in an editor."""
    document = read_yaml(record_file, "draft.yaml")
    lines = record_file.read_text(encoding="utf-8").splitlines()
    for path in to_fill:
        line_number, _ = document.where(_field_path(path))
        lines[line_number - 1] += " " + TEST_VALUES[path]
    record_file.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _report_block(project, slug: str) -> list[str]:
    """The lines `hpo-report` gives the record."""
    report = run_build(project, "hpo-report")
    assert report.returncode == 0, report.stderr
    lines = report.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{slug} ("))
    end = next(i for i in range(start, len(lines)) if not lines[i].strip())
    return lines[start:end]


def _lacks(block: list[str]) -> list[str]:
    """The report's lines of the terms HPO annotates and the record lacks."""
    start = next(i for i, line in enumerate(block) if "the record lacks" in line)
    end = next(i for i, line in enumerate(block) if "HPO does not annotate" in line)
    return [line.strip() for line in block[start + 1:end]]


def _comments(lines: list[str]) -> str:
    """The words of the comment lines among lines, as one text (comments are wrapped)."""
    return " ".join(line.strip()[1:].strip() for line in lines if line.strip().startswith("#"))


def test_new_with_omim_writes_a_draft_from_hpo_that_check_accepts_once_the_curator_has_written(
        tmp_path, hpo_release):
    project = copy_project(tmp_path / "project")
    slug = "osteopetrosis-autosomal-recessive-7"
    record_file = project / "content" / "diseases" / f"{slug}.yaml"
    assert not any("612301" in path.read_text(encoding="utf-8").split("related_disorders:")[0]
                   for path in (REPO_CONTENT / "diseases").glob("*.yaml"))  # no record of it yet
    version = hpo_release.version

    said, to_fill = _write_draft(project, "Osteopetrosis, autosomal recessive 7", "--omim", "612301")
    assert f"a draft from HPO {version}'s annotations of OMIM:612301" in said
    assert to_fill == CURATOR_FIELDS, said

    document = read_yaml(record_file, "draft.yaml")
    assert document.problems == []
    record = document.data
    lines = record_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == SCHEMA_LINE
    assert record["identifiers"] == [{"id": "OMIM:612301", "label": None, "relation": "exact", "note": None,
                                      "source": f"HPO {version} (phenotype.hpoa)"}]
    # Each HPO term in the field the format takes it in.
    assert record["classification"]["inheritance"] == {"hpo": "HP:0000007", "label": "Autosomal recessive inheritance"}
    assert record["classification"]["references"] == ["pmid-18606301"]
    assert record["course"]["onset"] == {"hpo": "HP:0003593", "label": "Infantile onset"}  # 5/8; neonatal 3/8
    assert record["course"]["references"] == ["pmid-18606301"]
    assert record["course"]["outlook"] is None  # HPO's course terms are named above it, to say in words
    outlook_line, _ = document.where(("course", "outlook"))
    assert "Death in infancy (HP:0001522) 2/8, PMID:18606301" in _comments(lines[outlook_line - 4: outlook_line])
    # Every feature HPO annotates, with its frequency and references, each marked with its origin.
    features = {p["hpo"]: p for p in record["phenotypes"]}
    annotated = [a for a in hpo_release.annotations_for("OMIM:612301") if a.aspect == "P"]
    assert sorted(features) == sorted(a.hpo for a in annotated)
    for annotation in annotated:
        feature = features[annotation.hpo]
        assert feature["label"] == hpo_release.terms[annotation.hpo].label
        assert feature.get("frequency") == (annotation.frequency or None)
        assert feature["references"] == ["pmid-18606301"]
        assert feature.get("status", "present") == "present"
    assert features["HP:0000639"] == {"words": "Nystagmus", "hpo": "HP:0000639", "label": "Nystagmus",
                                      "frequency": "4/8", "references": ["pmid-18606301"]}
    for index in range(len(record["phenotypes"])):
        line_number, _ = document.where(("phenotypes", index, "words"))
        assert lines[line_number - 2] == f"  # from HPO {version} (phenotype.hpoa, PMID:18606301)"
    assert record["references"] == [{"key": "pmid-18606301", "pmid": 18606301}]
    assert record["genes"] == [{"symbol": "TNFRSF11A", "ncbi_gene": "NCBIGene:8792",
                                "source": f"HPO {version} (genes_to_phenotype.txt)"}]
    # What HPO does not hold stays blank and explained, as in the plain skeleton.
    assert "# REQUIRED: For patients and families" in record_file.read_text(encoding="utf-8")

    _check_names_only(project, slug, to_fill)
    draft_report = run_build(project, "hpo-report")  # runs on the draft, and says it has problems
    assert draft_report.returncode == 0 and "problems as well" in draft_report.stderr
    # It reads the unfilled draft: what HPO annotates is there, but the course, to say in words.
    assert [line.split(" ", 1)[0] for line in _lacks(_report_block(project, slug))] == [
        "HP:0001522", "HP:0003623", "HP:0003819"]

    _fill_in(record_file, to_fill)
    filled = run_build(project, "check")
    assert filled.returncode == 0, filled.stderr
    # hpo-report reads it: all HPO annotates is in the record but the course, to say in words.
    block = _report_block(project, slug)
    lacks = _lacks(block)
    assert [line.split(" ", 1)[0] for line in lacks] == ["HP:0001522", "HP:0003623", "HP:0003819"], block
    assert all(" -> course." in line for line in lacks), block
    assert "  The record has, HPO does not annotate for OMIM:612301 (0):" in block
    assert "  Genes: record ['TNFRSF11A'], HPO ['TNFRSF11A']: agree" in block


def test_new_with_orpha_writes_excluded_features_and_hpo_frequency_terms_as_notes(tmp_path, hpo_release):
    project = copy_project(tmp_path / "project")
    slug = "pai-1-deficiency"
    record_file = project / "content" / "diseases" / f"{slug}.yaml"
    version = hpo_release.version

    said, to_fill = _write_draft(project, "Congenital plasminogen activator inhibitor type 1 deficiency",
                                 "--orpha", "ORPHA:465", "--slug", slug)
    assert f"a draft from HPO {version}'s annotations of ORPHA:465" in said
    # HPO gives no inheritance for Orphanet's entries: the curator fills it in.
    assert to_fill == CURATOR_FIELDS[:3] + ["classification.inheritance.hpo",
                                            "classification.inheritance.label"] + CURATOR_FIELDS[3:]
    record = read_yaml(record_file, "draft.yaml").data
    assert record["identifiers"][0]["id"] == "ORPHA:465"
    features = {p["hpo"]: p for p in record["phenotypes"]}
    assert features["HP:0007420"]["status"] == "excluded"  # a NOT row
    assert [p.get("status") for p in record["phenotypes"]][-1] == "excluded"  # after the present ones
    frequent = features["HP:0001934"]  # HPO's 'Very frequent': not a count, so in the note
    assert "frequency" not in frequent
    assert frequent["note"] == "HPO gives the frequency as 'Very frequent' (HP:0040281, 80-99% of patients)."
    assert all(p["references"] == ["orpha-465"] for p in record["phenotypes"])
    assert record["references"] == [{"key": "orpha-465", "title": "Orphanet, entry ORPHA:465",
                                     "url": "https://www.orpha.net/en/disease/detail/465"}]
    assert record["genes"] == [{"symbol": "SERPINE1", "ncbi_gene": "NCBIGene:5054",
                                "source": f"HPO {version} (genes_to_phenotype.txt)"}]
    assert record["course"] is None  # no onset in HPO: its course term is named in the comment
    assert "Miscarriage (HP:0005268) Frequent, ORPHA:465" in _comments(
        record_file.read_text(encoding="utf-8").splitlines())

    _check_names_only(project, slug, to_fill)
    _fill_in(record_file, to_fill)
    filled = run_build(project, "check")
    assert filled.returncode == 0, filled.stderr
    block = _report_block(project, slug)
    # HPO's only term the record lacks is the course's, to say in words.
    assert [line.split(" ", 1)[0] for line in _lacks(block)] == ["HP:0005268"], block
    assert "  Genes: record ['SERPINE1'], HPO ['SERPINE1']: agree" in block


def test_new_with_a_number_hpo_does_not_annotate_says_so_and_writes_the_plain_skeleton(tmp_path):
    project = copy_project(tmp_path / "project")
    said, to_fill = _write_draft(project, NAME, "--omim", "999901", "--orpha", "99999")
    assert said.splitlines()[0].endswith("has no annotations of OMIM:999901 or ORPHA:99999: the record "
                                         "is the plain skeleton.")
    assert to_fill[:4] == ["identifiers[0].relation", "identifiers[0].source",
                           "identifiers[1].relation", "identifiers[1].source"]
    text = (project / f"content/diseases/{SLUG}.yaml").read_text(encoding="utf-8")
    assert "from HPO" not in text
    assert [i["id"] for i in yaml.safe_load(text)["identifiers"]] == ["OMIM:999901", "ORPHA:99999"]
    bad = run_build(project, "new", "Anything", "--orpha", "66x")
    assert bad.returncode == 2 and "--orpha expects" in bad.stderr
